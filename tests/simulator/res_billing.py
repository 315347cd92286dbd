# -*- coding: utf-8 -*-
# Copyright (c) ppe.essentials contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Read-only account data: billing data and partner statistics (paged); products are in res_products.

Paths and query parameters from the spec's summaries (reference rows 37-39); the response shapes are
not known from any source and are the simulator's choice (README): billing from the org's licensing fields,
statistics as deterministic daily rows per org, paged with ``page`` and ``page_size`` (at most 50000, the default)
and announced with ``total``.
"""

from __future__ import annotations

import datetime
import hashlib

from .auth import check_partner
from .errors import invalid, not_found
from .validation import field_error

STATS_PERIODS = {"1d": 1, "7d": 7, "30d": 30, "90d": 90}
DEFAULT_STATS_PERIOD = "30d"
MAX_PAGE_SIZE = 50000
STATS_METRICS = ("inbound", "outbound", "spam", "virus")


def _subtree(store, org):
    """The org followed by all its descendants, depth first in eid order."""
    out = [org]
    for child in store.children(org):
        out.extend(_subtree(store, child))
    return out


def _billing(org):
    return {"eid": org["eid"], "primary_domain": org["primary_domain"], "name": org["name"], "type": org["type"],
            "licensing_package": org["licensing_package"], "billing_method": org["billing_method"],
            "user_licenses": org["user_licenses"], "is_on_trial": org["is_on_trial"],
            "when_renewal": org["when_renewal"],
            "active_users": sum(1 for u in org["users"].values() if u["is_active"] and u["is_billable"])}


def get_billing(ctx):
    """GET /billing/{d}: the billing data of one org (partner admins only)."""
    org = ctx.org()
    check_partner(ctx.caller, "read billing data")
    return 200, _billing(org)


def list_billing(ctx):
    """GET /billing/{d}/orgs: {"orgs": [the org, then every descendant]} (partner admins only)."""
    org = ctx.org()
    check_partner(ctx.caller, "read billing data")
    return 200, {"orgs": [_billing(o) for o in _subtree(ctx.store, org)]}


def _query_int(ctx, name, default, low, high, errors):
    raw = ctx.query.get(name)
    if raw is None or raw == "":
        return default
    if not raw.strip().isdigit() or not low <= int(raw) <= high:
        errors.append(field_error(name, "must be an integer from %d to %d" % (low, high)))
        return default
    return int(raw)


def _stat(domain, day, metric):
    digest = hashlib.sha256(("%s|%s|%s" % (domain, day, metric)).encode("utf-8")).digest()
    return int.from_bytes(digest[:4], "big") % 1000


def stats(ctx):
    """GET /stats/{d}/partner[/orgs]?period=&page=&page_size=: daily rows per org, one page of them."""
    if ctx.params.get("scope", "orgs").lower() != "orgs":
        raise not_found("Not Found: unknown endpoint /stats/%s/partner/%s" % (ctx.params["d"], ctx.params["scope"]))
    org = ctx.org()
    check_partner(ctx.caller, "read partner statistics")
    errors = []
    period = ctx.query.get("period") or DEFAULT_STATS_PERIOD
    if period.lower() not in STATS_PERIODS:
        errors.append(field_error("period", "must be one of %s" % ", ".join(STATS_PERIODS)))
        period = DEFAULT_STATS_PERIOD
    period = period.lower()
    page = _query_int(ctx, "page", 1, 1, 10 ** 9, errors)
    size = _query_int(ctx, "page_size", MAX_PAGE_SIZE, 1, MAX_PAGE_SIZE, errors)
    if errors:
        raise invalid(errors)
    orgs = _subtree(ctx.store, org) if "scope" in ctx.params else [org]
    anchor = datetime.datetime.strptime(ctx.store.config["report_anchor"], "%Y-%m-%dT%H:%M:%SZ")
    days = [(anchor - datetime.timedelta(days=STATS_PERIODS[period] - i)).strftime("%Y-%m-%d")
            for i in range(STATS_PERIODS[period])]
    rows = []
    for member in orgs:
        for day in days:
            row = {"date": day, "eid": member["eid"], "primary_domain": member["primary_domain"]}
            row.update((m, _stat(member["primary_domain"].lower(), day, m)) for m in STATS_METRICS)
            rows.append(row)
    start = (page - 1) * size
    return 200, {"period": period, "page": page, "page_size": size, "total": len(rows),
                 "stats": rows[start:start + size]}
