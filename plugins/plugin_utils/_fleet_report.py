# -*- coding: utf-8 -*-
# Copyright (c) ppe.essentials contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The fleet report of playbooks/fleet_report.yml: one row per customer organization, the fleet's totals and
flags, and its CSV. Used by the filters of plugins/filter/fleet_report.py; the HTML page is rendered by
_fleet_report_html.py (a Jinja2 template with autoescape).

A CSV cell that a spreadsheet would take for a formula gets a leading ' (see csv_cell); control characters are
dropped.
"""

from __future__ import annotations

import csv
import io
import math
import re
import unicodedata
from collections.abc import Mapping

from ansible_collections.ppe.essentials.plugins.module_utils._normalize import (
    as_items, as_mapping, domain, is_domain, shown)
from ansible_collections.ppe.essentials.plugins.module_utils._vocabulary import ADMIN_TYPES

# The metrics of a /reporting direction, in the API's order (the report's current names; the deprecated
# whitelist/blacklist copies are dropped by ppe_report_info).
METRICS = ("clean", "spam", "virus", "fraud", "attachment_defended", "image_blocked", "safelist", "blocklist")
# Inferred: the dispositions a message gets, one each; their sum is the number of messages of a direction.
# (attachment_defended, image_blocked, safelist and blocklist describe messages already counted in these.)
MESSAGE_METRICS = ("clean", "spam", "virus", "fraud")
DIRECTIONS = ("inbound", "outbound")

FLAGS = {
    "over_licence": "over licence",
    "unused_licences": "unused licences",
    "on_trial": "on trial",
    "drift": "drift",
    "invalid_declaration": "invalid declaration",
    "inactive": "inactive org",
    "no_mail": "no mail in the period",
    "count_mismatch": "active users differ",
    "read_error": "read error",
}
DEFAULT_UNUSED_RATIO = 0.2
# A spreadsheet runs a text cell as a formula when its first character is one of these, also behind white space or
# invisible characters it may skip, and in a full-width or small form (＝＋－＠, ﹦﹢﹣﹫: NFKC makes them these).
CSV_FORMULA_LEADS = ("=", "+", "-", "@")
CSV_LINE_LEADS = ("\t", "\r", "\n")  # a cell led by a tab or a line break is neutralised too (OWASP CSV injection)


# -- helpers -----------------------------------------------------------------------------------------------------
def _int(value):
    """An API count as an int (the API may send "25"); None when it is not a number."""
    if isinstance(value, bool) or value is None:
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        try:
            return int(float(value))
        except (TypeError, ValueError):
            return None


def _text(value):
    return "" if value is None else str(value)


def _true(value):
    if isinstance(value, str):
        return value.strip().lower() in ("true", "yes", "1")
    return bool(value)


# -- one organization --------------------------------------------------------------------------------------------
def user_counts(users):
    """Counts of the users as /users lists them: active (is_active), billable (is_billable, default true) and
    both (what a licence is used by), and the administrators (types ending in _admin)."""
    users = [u for u in as_items(users) if isinstance(u, Mapping)]
    active = [u for u in users if _true(u.get("is_active", True))]
    billable = [u for u in users if _true(u.get("is_billable", True))]
    both = [u for u in active if _true(u.get("is_billable", True))]
    admins = sorted(_text(u.get("primary_email")) for u in users if _text(u.get("type")) in ADMIN_TYPES)
    return {"total": len(users), "active": len(active), "billable": len(billable), "active_billable": len(both),
            "admins": admins}


def mail_flow(report):
    """Totals (as the API gives them) and daily series (in time order) of a ppe_report_info report."""
    report = as_mapping(report)
    stamps = set()
    for direction in DIRECTIONS:
        for series in as_mapping(as_mapping(report.get(direction)).get("series")).values():
            stamps.update(_text(s) for s in as_mapping(series))
    dates = sorted(stamps)
    out = {"period": report.get("period"), "frequency": report.get("frequency"), "dates": dates}
    for direction in DIRECTIONS:
        flow = as_mapping(report.get(direction))
        totals = dict((k, v) for k, v in as_mapping(flow.get("totals")).items())
        series = {}
        for metric, values in as_mapping(flow.get("series")).items():
            values = dict((_text(k), v) for k, v in as_mapping(values).items())
            series[metric] = [_int(values.get(d)) or 0 for d in dates]
        messages = [sum(series.get(m, [0] * len(dates))[i] for m in MESSAGE_METRICS) for i in range(len(dates))]
        out[direction] = {"totals": totals, "series": series, "messages": messages,
                          "messages_total": sum(_int(totals.get(m)) or 0 for m in MESSAGE_METRICS)}
    inbound = out["inbound"]["messages_total"]
    spam = _int(out["inbound"]["totals"].get("spam")) or 0
    out["spam_ratio"] = round(float(spam) / inbound, 4) if inbound else None
    return out


def drift_summary(drift):
    """The part of an onboard_customer_drift item the fleet report shows; None when no declaration was compared."""
    if not isinstance(drift, Mapping):
        return None
    changes = [dict(c) for c in as_items(drift.get("changes")) if isinstance(c, Mapping)]
    unmanaged = [u for u in as_items(drift.get("unmanaged")) if isinstance(u, Mapping)]
    return {
        "fields": len(changes),
        "unmanaged": len(unmanaged),
        "problems": [_text(p) for p in as_items(drift.get("problems"))],
        "changes": [{"resource": c.get("resource"), "name": c.get("name"), "field": c.get("field"),
                     "live": c.get("old"), "declared": c.get("new")} for c in changes],
        "unmanaged_items": [{"resource": u.get("resource"), "name": u.get("name"), "admin": bool(u.get("admin")),
                             "forces_login": bool(u.get("forces_login"))} for u in unmanaged],
    }


# -- the partner: one check for the playbook (filter fleet_partner) and the inventory plugin ppe.essentials.orgs ---
class PartnerError(ValueError):
    """The fleet's partner is not one: malformed, missing, or a customer organization. Its text names the input."""


# An organization_hierarchy item: "<eid> : '<name>'" (reference, Org object; the organization first, then parents).
_HIERARCHY_ITEM = re.compile(r"^\s*(\d+)\s*:\s*'(.*)'\s*$")


def partner_domain(value, label):
    """The partner's domain as the API compares it; PartnerError before any request when it cannot be one."""
    if not isinstance(value, str) or not is_domain(value):
        raise PartnerError("%s: %s is not a valid domain name; give the partner's primary domain, for example "
                           "msp.example. Nothing was read." % (label, shown(value)))
    return domain(value)


def _parent(hierarchy):
    """", under the partner <name>, eid <eid>" from the record's organization_hierarchy, "" when unknown."""
    items = [str(item) for item in as_items(hierarchy)]
    if len(items) < 2:
        return ""
    match = _HIERARCHY_ITEM.match(items[1])
    return ", under the partner %s, eid %s" % (match.group(2), match.group(1)) if match else ", under %s" % items[1]


def check_partner(partner, record, label):
    """PartnerError when `record` (GET /orgs/<partner>, None for a 404) shows that `partner` cannot have customers.

    An organization of type `organization` is a customer: it cannot have child organizations (guide, "Entity
    Types"), so a report on it would be empty without saying why.
    """
    if not record:
        raise PartnerError("%s: the partner organization %s does not exist; check it for a typo (the API answered "
                           "HTTP 404 to GET /orgs/%s). Nothing else was read." % (label, partner, partner))
    kind = str(record.get("type") or "")
    if kind == "organization":
        raise PartnerError(
            "%s: %s is a customer organization (type %s, %s%s), not a partner: it has no customer organizations to "
            "report on. Give the domain of its partner (channel, strategic or OEM account). Nothing else was read."
            % (label, partner, kind, _text(record.get("name")), _parent(record.get("organization_hierarchy"))))


def no_customers(partner):
    """The note of a partner that has no customer organization yet (legitimate: a new MSP)."""
    if partner:
        return "The partner %s has no customer organizations yet: the report is empty." % partner
    return "No customer organization: the report is empty."


def org_row(org, users=None, features=None, report=None, drift=None, errors=None, domain=None,
            unused_ratio=DEFAULT_UNUSED_RATIO):
    """One organization of the fleet report, from what the API returned for it (see the filter fleet_org)."""
    org = as_mapping(org)
    errors = [_text(e) for e in as_items(errors) if _text(e)]
    licences = _int(org.get("user_licenses"))
    counts = user_counts(users) if users is not None else None
    feature_values = dict(as_mapping(features))
    row = {
        "org": _text(org.get("primary_domain") or domain).lower(),
        "name": _text(org.get("name")),
        "eid": org.get("eid"),
        "type": org.get("type"),
        "is_active": org.get("is_active"),
        "package": org.get("licensing_package"),
        "is_on_trial": org.get("is_on_trial"),
        "when_renewal": org.get("when_renewal"),
        "licences": licences,
        "active_users_reported": _int(org.get("active_users")),
        "users": counts,
        "licence_gap": (counts["active_billable"] - licences) if counts is not None and licences is not None else None,
        "domains": [_text(d.get("name") if isinstance(d, Mapping) else d) for d in as_items(org.get("domains"))],
        "features": feature_values,
        "features_enabled": sorted(k for k, v in feature_values.items()
                                   if (_int(v) or 0) > 0 or (isinstance(v, bool) and v) or _text(v).lower() == "true"),
        "drift": drift_summary(drift),
        "mail": mail_flow(report) if report is not None else None,
        "errors": errors,
    }
    row["flags"] = org_flags(row, unused_ratio)
    return row


def org_flags(row, unused_ratio=DEFAULT_UNUSED_RATIO):
    """[{code, text}] of what needs a look in one organization."""
    flags = []

    def flag(code, detail=""):
        flags.append({"code": code, "text": FLAGS[code] + (" (%s)" % detail if detail else "")})

    gap, licences = row["licence_gap"], row["licences"]
    if gap is not None and gap > 0:
        flag("over_licence", "%d active billable user(s) over %d licence(s)" % (gap, licences))
    elif gap is not None and licences and -gap >= max(1, math.ceil(licences * unused_ratio)):
        flag("unused_licences", "%d of %d unused" % (-gap, licences))
    if _true(row["is_on_trial"]):
        flag("on_trial", "renewal %s" % row["when_renewal"] if row["when_renewal"] else "")
    drift = row["drift"]
    if drift and drift["problems"]:
        flag("invalid_declaration", "%d problem(s)" % len(drift["problems"]))
    if drift and (drift["fields"] or drift["unmanaged"]):
        flag("drift", "%d field(s), %d unmanaged" % (drift["fields"], drift["unmanaged"]))
    if row["is_active"] is not None and not _true(row["is_active"]):
        flag("inactive")
    mail = row["mail"]
    if mail is not None and not (mail["inbound"]["messages_total"] or mail["outbound"]["messages_total"]):
        flag("no_mail")
    users = row["users"]
    reported = row["active_users_reported"]
    if users is not None and reported is not None and reported != users["active_billable"]:
        flag("count_mismatch", "the org reports %d, /users counts %d" % (reported, users["active_billable"]))
    if row["errors"]:
        flag("read_error", "; ".join(row["errors"]))
    return flags


# -- the fleet ---------------------------------------------------------------------------------------------------
def _sort_key(row):
    gap = row["licence_gap"]
    return (-(gap if gap is not None else -10 ** 9), row["org"])


def fleet(rows, partner=None, generated=None, declared=None):
    """The whole report: summary, fleet-wide daily series, the organizations (licence gap first), the declared
    customers that are not among them."""
    rows = sorted((dict(r) for r in as_items(rows) if isinstance(r, Mapping)), key=_sort_key)
    orgs = set(r["org"] for r in rows)
    dates = sorted(set(d for r in rows if r.get("mail") for d in r["mail"]["dates"]))
    index = dict((stamp, i) for i, stamp in enumerate(dates))
    daily = {"dates": dates}
    for direction in DIRECTIONS:
        for metric in MESSAGE_METRICS + ("messages",):
            key = "%s_%s" % (direction, metric)
            daily[key] = [0] * len(dates)
            for row in rows:
                mail = row.get("mail")
                if not mail:
                    continue
                values = mail[direction]["messages"] if metric == "messages" else mail[direction]["series"].get(metric)
                for stamp, value in zip(mail["dates"], values or []):
                    daily[key][index[stamp]] += value or 0
    flag_counts = {}
    for row in rows:
        for item in row["flags"]:
            flag_counts[item["code"]] = flag_counts.get(item["code"], 0) + 1
    summary = {
        "orgs": len(rows),
        "licences": sum(r["licences"] or 0 for r in rows),
        "active_users_reported": sum(r["active_users_reported"] or 0 for r in rows),
        "active_billable_users": sum(r["users"]["active_billable"] for r in rows if r["users"]),
        "over_licence_users": sum(r["licence_gap"] for r in rows if (r["licence_gap"] or 0) > 0),
        "flags": sum(flag_counts.values()),
        "orgs_flagged": sum(1 for r in rows if r["flags"]),
        "flag_counts": dict(sorted(flag_counts.items())),
        "drifted_fields": sum(r["drift"]["fields"] for r in rows if r["drift"]),
        "inbound_messages": sum(r["mail"]["inbound"]["messages_total"] for r in rows if r["mail"]),
        "inbound_spam": sum(_int(r["mail"]["inbound"]["totals"].get("spam")) or 0 for r in rows if r["mail"]),
        "outbound_messages": sum(r["mail"]["outbound"]["messages_total"] for r in rows if r["mail"]),
    }
    declared_missing = sorted(set(_text(d).lower() for d in as_items(declared) if _text(d)) - orgs)
    return {"generated": generated, "partner": partner, "summary": summary, "daily": daily,
            "declared_missing": declared_missing, "notes": [] if rows else [no_customers(partner)], "orgs": rows}


# -- CSV ---------------------------------------------------------------------------------------------------------
def csv_cell(value):
    """A cell a spreadsheet shows as text; numbers stay numbers.

    Control characters (NUL, ESC, DEL, C1 ...) are dropped, tab and line breaks kept. A string gets a leading ' when it
    starts with a tab or a line break, or when its first character after white space and invisible (format)
    characters is =, +, - or @ in any width (a spreadsheet may skip the white space, and reads ＝ as =).
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return value
    value = "".join(c for c in _text(value) if c in CSV_LINE_LEADS or unicodedata.category(c) != "Cc")
    first = next((c for c in value if not (c.isspace() or unicodedata.category(c) == "Cf")), "")
    if value.startswith(CSV_LINE_LEADS) or unicodedata.normalize("NFKC", first).startswith(CSV_FORMULA_LEADS):
        return "'" + value
    return value


CSV_COLUMNS = ("org", "name", "eid", "type", "is_active", "package", "is_on_trial", "when_renewal", "licences",
               "active_users_reported", "users_total", "users_active", "users_billable", "users_active_billable",
               "licence_gap", "admins", "domains", "features_enabled", "drifted_fields", "unmanaged",
               "spam_ratio") + tuple("%s_%s" % (d, m) for d in DIRECTIONS for m in METRICS) + ("flags", "errors")


def render_csv(report):
    """One line per organization; the numbers are those of the API (totals of the period for mail flow)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for row in as_mapping(report).get("orgs") or []:
        users = row.get("users") or {}
        mail = row.get("mail") or {}
        drift = row.get("drift") or {}
        values = {
            "users_total": users.get("total"), "users_active": users.get("active"),
            "users_billable": users.get("billable"), "users_active_billable": users.get("active_billable"),
            "admins": " ".join(users.get("admins") or []), "domains": " ".join(row.get("domains") or []),
            "features_enabled": " ".join(row.get("features_enabled") or []),
            "drifted_fields": drift.get("fields"), "unmanaged": drift.get("unmanaged"),
            "spam_ratio": mail.get("spam_ratio"),
            "flags": "; ".join(f["text"] for f in row.get("flags") or []),
            "errors": "; ".join(row.get("errors") or []),
        }
        for direction in DIRECTIONS:
            totals = (mail.get(direction) or {}).get("totals") or {}
            for metric in METRICS:
                values["%s_%s" % (direction, metric)] = totals.get(metric)
        writer.writerow([csv_cell(values[c] if c in values else row.get(c)) for c in CSV_COLUMNS])
    return out.getvalue()

