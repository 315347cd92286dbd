# -*- coding: utf-8 -*-
# Copyright (c) ppe.essentials contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Endpoint discovery, /me, mail-flow reporting (deterministic series) and Odin tokens."""

from __future__ import annotations

import datetime
import hashlib
import secrets

from .auth import check_scope, check_stack, check_write, resolve_org
from .constants import DEPRECATED_REPORT_NAMES, PARTNER_ADMIN_TYPES, REPORT_DIRECTIONS, REPORT_METRICS, REPORT_PERIODS
from .errors import forbidden, invalid, not_found
from .validation import field_error, is_email

# Upper bound of generated values per slot; image_blocked is deprecated and always 0 (guide).
SCALE = {"clean": 500, "spam": 120, "virus": 6, "fraud": 4, "attachment_defended": 12, "image_blocked": 0,
         "safelist": 25, "blocklist": 15}


def get_endpoints(ctx):
    """GET /endpoints/{d}: base URLs of the served stacks that host the org (any stack answers)."""
    org = resolve_org(ctx.store, ctx.params["d"])
    urls = [ctx.store.stack_urls[s] for s in org["stacks"] if s in ctx.store.stack_urls]
    return 200, {"endpoints": urls}


def get_me(ctx):
    """GET /me: the calling user and its entity."""
    user, org = ctx.caller, ctx.caller_org
    return 200, {"uid": user["uid"], "primary_email": user["primary_email"], "firstname": user["firstname"],
                 "surname": user["surname"], "type": user["type"], "is_admin": True,
                 "is_partner_admin": user["type"] in PARTNER_ADMIN_TYPES, "read_only_user": user["read_only_user"],
                 "entity_type": org["type"], "entity_primary_domain": org["primary_domain"],
                 "entity_name": org["name"], "eid": org["eid"]}


def _value(domain, direction, metric, index):
    if not SCALE[metric]:
        return 0
    digest = hashlib.sha256(("%s|%s|%s|%d" % (domain, direction, metric, index)).encode("utf-8")).digest()
    return int.from_bytes(digest[:4], "big") % (SCALE[metric] + 1)


def _branch(domain, direction, slots, new_terms):
    out = {}
    for metric in REPORT_METRICS:
        series = {stamp: _value(domain, direction, metric, i) for i, stamp in enumerate(slots)}
        out[metric + "_total"] = sum(series.values())
        out[metric] = series
        if metric in DEPRECATED_REPORT_NAMES and not new_terms:
            old = DEPRECATED_REPORT_NAMES[metric]
            out[old + "_total"] = out[metric + "_total"]
            out[old] = dict(series)
    return out


def get_report(ctx):
    """GET /reporting/{d}/{period}[/{direction}]: same org + period -> same numbers, every time."""
    org = ctx.org()
    period = ctx.params["period"].lower()
    direction = ctx.params.get("direction", "").lower()
    if period not in REPORT_PERIODS:
        raise not_found("Not Found: unknown period %s (use daily, weekly or monthly)" % ctx.params["period"])
    if direction and direction not in REPORT_DIRECTIONS:
        raise not_found("Not Found: unknown direction %s (use inbound or outbound)" % ctx.params["direction"])
    label, frequency, count, step = REPORT_PERIODS[period]
    anchor = datetime.datetime.strptime(ctx.store.config["report_anchor"], "%Y-%m-%dT%H:%M:%SZ")
    slots = [(anchor - datetime.timedelta(seconds=step * (count - i))).strftime("%Y-%m-%dT%H:%M:%SZ")
             for i in range(count)]
    report = {"period": label, "frequency": frequency}
    for branch in ([direction] if direction else REPORT_DIRECTIONS):
        report[branch] = _branch(org["primary_domain"].lower(), branch, slots, ctx.new_terms)
    return 200, report


def create_token(ctx):
    """POST /token[/{d}]: Odin impersonation token when every precondition of the guide holds."""
    caller, caller_org = ctx.caller, ctx.caller_org
    check_write(caller)
    if caller["type"] not in ("strategic_partner_admin", "oem_partner_admin"):
        raise forbidden("only strategic or OEM partner admins can create Odin tokens")
    if caller_org.get("odin_capabilities", "none") in ("", "none"):
        raise forbidden("%s is not an Odin Platform Partner" % caller_org["primary_domain"])
    if not caller["odin_settings"].get("can_impersonate"):
        raise forbidden("your user is not allowed to impersonate (odin_settings.can_impersonate)")
    body = ctx.obj()
    email = body.get("user_to_impersonate")
    if not isinstance(email, str) or not is_email(email):
        raise invalid([field_error("user_to_impersonate", "an e-mail address is required")])
    org, user = ctx.store.user_by_email(email)
    if "d" in ctx.params:
        target_org = resolve_org(ctx.store, ctx.params["d"])
        if org is None or org["eid"] != target_org["eid"]:
            raise not_found("Not Found: no user %s in %s" % (email, target_org["primary_domain"]))
    if user is None:
        raise not_found("Not Found: no user %s" % email)
    check_scope(ctx.store, caller_org, caller, org)
    check_stack(org, ctx.stack)
    if user["type"] != "organization_admin" or not user["odin_settings"].get("is_imitable"):
        raise forbidden("%s cannot be imitated (needs an organization_admin with odin_settings.is_imitable)" % email)
    token = "-".join(secrets.token_urlsafe(6)[:7] for _part in range(3))
    return 201, {"auth_token": token}
