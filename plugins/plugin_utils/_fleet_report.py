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
    as_items, as_mapping, domain, is_domain, shown, text)
from ansible_collections.ppe.essentials.plugins.module_utils._vocabulary import ADMIN_TYPES
from ansible_collections.ppe.essentials.plugins.plugin_utils._since import with_changes as since_with_changes

# The metrics of a /reporting direction, in the API's order (the report's current names; the deprecated
# whitelist/blacklist copies are dropped by ppe_report_info).
METRICS = ("clean", "spam", "virus", "fraud", "attachment_defended", "image_blocked", "safelist", "blocklist")
# Inferred: the dispositions a message gets, one each; their sum is the number of messages of a direction.
# (attachment_defended, image_blocked, safelist and blocklist describe messages already counted in these.)
MESSAGE_METRICS = ("clean", "spam", "virus", "fraud")
DIRECTIONS = ("inbound", "outbound")

FLAGS = {
    "over_licence": "over licence",
    "standards_short": "short of standards",
    "unused_licences": "unused licences",
    "on_trial": "on trial",
    "drift": "drift",
    "invalid_declaration": "invalid declaration",
    "inactive": "inactive org",
    "no_mail": "no mail in the period",
    "count_mismatch": "active users differ",
    "read_error": "read error",
}
# Unused licences are flagged from max(ratio of the licences, a minimum number): licences are bought for a year
# with room for the year's new staff, commonly 10-20% and in small organizations a handful of licences, so 20% or
# 5 licences unused is more than ordinary headroom; below 5 a ratio alone flagged 2 of 10 (an ordinary small org).
DEFAULT_UNUSED_RATIO = 0.2
DEFAULT_UNUSED_MIN = 5
# The flags an inactive (deactivated) organization does not get: they are what being deactivated means (no mail,
# licences unused, users counted differently), so the one flag "inactive org" says it.
INACTIVE_HIDES = ("unused_licences", "over_licence", "on_trial", "no_mail", "count_mismatch")
# A spreadsheet runs a text cell as a formula when its first character is one of these, also behind white space or
# invisible characters it may skip, and in a full-width or small form (＝＋－＠, ﹦﹢﹣﹫: NFKC makes them these).
CSV_FORMULA_LEADS = ("=", "+", "-", "@")
CSV_LINE_LEADS = ("\t", "\r", "\n")  # a cell led by a tab or a line break is neutralised too (OWASP CSV injection)


# -- helpers -----------------------------------------------------------------------------------------------------
def _int(value):
    """An API count as an int (the API may send "25" or "25.0"); None when it is not a finite number."""
    try:
        return None if isinstance(value, bool) else value if isinstance(value, int) else int(float(value))
    except (TypeError, ValueError, OverflowError):
        return None


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
    admins = sorted(text(u.get("primary_email")) for u in users if text(u.get("type")) in ADMIN_TYPES)
    return {"total": len(users), "active": len(active), "billable": len(billable), "active_billable": len(both),
            "admins": admins}


def mail_flow(report):
    """Totals (as the API gives them) and daily series (in time order) of a ppe_report_info report."""
    report = as_mapping(report)
    stamps = set()
    for direction in DIRECTIONS:
        for series in as_mapping(as_mapping(report.get(direction)).get("series")).values():
            stamps.update(text(s) for s in as_mapping(series))
    dates = sorted(stamps)
    out = {"period": report.get("period"), "frequency": report.get("frequency"), "dates": dates}
    for direction in DIRECTIONS:
        flow = as_mapping(report.get(direction))
        totals = dict((k, v) for k, v in as_mapping(flow.get("totals")).items())
        series = {}
        for metric, values in as_mapping(flow.get("series")).items():
            values = dict((text(k), v) for k, v in as_mapping(values).items())
            series[metric] = [_int(values.get(d)) or 0 for d in dates]
        messages = [sum(series.get(m, [0] * len(dates))[i] for m in MESSAGE_METRICS) for i in range(len(dates))]
        out[direction] = {"totals": totals, "series": series, "messages": messages,
                          "messages_total": sum(_int(totals.get(m)) or 0 for m in MESSAGE_METRICS)}
    inbound = out["inbound"]["messages_total"]
    spam = _int(out["inbound"]["totals"].get("spam")) or 0
    out["spam_ratio"] = round(float(spam) / inbound, 4) if inbound else None
    return out


def words(value):
    """A live or declared value as a reader says it: lists joined, mappings as "key value", never a Python repr."""
    if value is None:
        return "not set"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Mapping):
        return ", ".join("%s %s" % (k, words(v)) for k, v in sorted(value.items(), key=lambda kv: str(kv[0]))) \
            or "none"
    if isinstance(value, (list, tuple, set)):
        return ", ".join(words(v) for v in value) or "none"
    value = text(value)
    return value if value.strip() else "empty"


def change_words(change):
    """One drifted field in words: "domain acme.example: destination is mail.acme.example, declared mx.example"."""
    return "%s %s: %s is %s, declared %s" % (text(change.get("resource")), text(change.get("name")),
                                             text(change.get("field")), words(change.get("live")),
                                             words(change.get("declared")))


def unmanaged_words(item):
    """One unmanaged item in words: "unmanaged administrator user boss@acme.example (forces the login)"."""
    return "unmanaged %s%s %s%s" % ("administrator " if item.get("admin") else "", text(item.get("resource")),
                                    text(item.get("name")), " (forces the login)" if item.get("forces_login") else "")


def drift_lines(drift):
    """A row's drift summary in words: each drifted field, each unmanaged item, each problem of the declaration."""
    drift = as_mapping(drift)
    return ([change_words(c) for c in as_items(drift.get("changes")) if isinstance(c, Mapping)]
            + [unmanaged_words(u) for u in as_items(drift.get("unmanaged_items")) if isinstance(u, Mapping)]
            + [text(p) for p in as_items(drift.get("problems"))])


def standards_summary(drift):
    """Counts of the standards an organization holds, falls short of and is excepted from, the short ones and the
    excepted ones in words; None when its drift has no `standards` (no standards, or not declared)."""
    if not isinstance(drift, Mapping) or drift.get("standards") is None:
        return None
    items = [s for s in as_items(drift.get("standards")) if isinstance(s, Mapping)]
    out = {"held": 0, "short": 0, "excepted": 0, "not_applicable": 0, "short_items": [], "excepted_items": []}
    for item in items:
        state = text(item.get("state"))
        if state not in ("held", "short", "excepted", "not_applicable"):
            continue
        out[state] += 1
        if state == "short":
            out["short_items"].append({"path": text(item.get("path")), "text": "%s: standard %s, live %s" % (
                text(item.get("path")), words(item.get("standard")), words(item.get("live")))})
        elif state in ("excepted", "not_applicable"):
            out["excepted_items"].append({"path": text(item.get("path")), "text": "%s: %s%s" % (
                text(item.get("path")), "excepted" if state == "excepted" else "not applicable",
                " (%s)" % text(item.get("reason")) if text(item.get("reason")) else "")})
    return out


def onboarding_state(org, auth=None, dkim=None):
    """The onboarding state of one organization: its MFA policy, the DKIM keys of each domain and whether each
    domain is verified (from its record's Domain objects). None for what was not read (or not shown by the API)."""
    state = {"mfa": None, "dkim": None, "verified": []}
    if isinstance(auth, Mapping) and "is_mfa_enabled" in auth:
        state["mfa"] = ("off" if not _true(auth.get("is_mfa_enabled")) else
                        "admins only" if _true(auth.get("mfa_admins_only")) else "on")
    for item in as_items(as_mapping(org).get("domains")):
        if isinstance(item, Mapping) and item.get("name"):
            verified = item.get("is_verified")
            state["verified"].append({"domain": text(item["name"]).lower(),
                                      "verified": None if verified is None else _true(verified)})
    if isinstance(dkim, Mapping):
        state["dkim"] = []
        for name in sorted(dkim):
            keys = [k for k in as_items(dkim[name]) if isinstance(k, Mapping)]
            state["dkim"].append({"domain": text(name).lower(),
                                  "selectors": sorted(text(k.get("selector")) for k in keys),
                                  "valid": sorted(text(k.get("selector")) for k in keys if _true(k.get("is_valid")))})
    return state


def onboarding_words(state):
    """{mfa, dkim, verified}: each a short text ("3 of 4 domains"), "-" when not read."""
    state = as_mapping(state)
    dkim, verified = state.get("dkim"), list(as_items(state.get("verified")))
    known = [v for v in verified if v.get("verified") is not None]
    return {
        "mfa": state.get("mfa") or "-",
        "dkim": "-" if dkim is None else "no domain" if not dkim else "%d of %d domain(s) signed" % (
            sum(1 for d in dkim if d["valid"]), len(dkim)),
        "verified": "-" if not known else "%d of %d domain(s) verified" % (
            sum(1 for v in known if v["verified"]), len(verified)),
    }


def dkim_details(state):
    """Each domain's DKIM keys in words: "acme.example: s1 valid, s2 not valid yet" or "acme.example: no key"."""
    lines = []
    for item in as_items(as_mapping(state).get("dkim")):
        keys = ["%s %s" % (s, "valid" if s in item["valid"] else "not valid yet") for s in item["selectors"]]
        lines.append("%s: %s" % (item["domain"], ", ".join(keys) or "no key"))
    return lines


def drift_summary(drift):
    """The part of an onboard_customer_drift item the fleet report shows; None when no declaration was compared."""
    if not isinstance(drift, Mapping):
        return None
    changes = [dict(c) for c in as_items(drift.get("changes")) if isinstance(c, Mapping)]
    unmanaged = [u for u in as_items(drift.get("unmanaged")) if isinstance(u, Mapping)]
    return {
        "fields": len(changes),
        "unmanaged": len(unmanaged),
        "problems": [text(p) for p in as_items(drift.get("problems"))],
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
            % (label, partner, kind, text(record.get("name")), _parent(record.get("organization_hierarchy"))))


def no_customers(partner):
    """The note of a partner that has no customer organization yet (legitimate: a new MSP)."""
    if partner:
        return "The partner %s has no customer organizations yet: the report is empty." % partner
    return "No customer organization: the report is empty."


def org_row(org, users=None, features=None, report=None, drift=None, errors=None, domain=None,
            unused_ratio=DEFAULT_UNUSED_RATIO, auth=None, dkim=None, unused_min=DEFAULT_UNUSED_MIN):
    """One organization of the fleet report, from what the API returned for it (see the filter fleet_org)."""
    org = as_mapping(org)
    errors = [text(e) for e in as_items(errors) if text(e)]
    licences = _int(org.get("user_licenses"))
    counts = user_counts(users) if users is not None else None
    feature_values = dict(as_mapping(features))
    row = {
        "org": text(org.get("primary_domain") or domain).lower(),
        "name": text(org.get("name")),
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
        "domains": [text(d.get("name") if isinstance(d, Mapping) else d) for d in as_items(org.get("domains"))],
        "features": feature_values,
        "features_enabled": sorted(k for k, v in feature_values.items()
                                   if (_int(v) or 0) > 0 or (isinstance(v, bool) and v) or text(v).lower() == "true"),
        "drift": drift_summary(drift),
        "standards": standards_summary(drift),
        "onboarding": onboarding_state(org, auth, dkim),
        "mail": mail_flow(report) if report is not None else None,
        "errors": errors,
    }
    row["flags"] = org_flags(row, unused_ratio, unused_min)
    return row


def org_flags(row, unused_ratio=DEFAULT_UNUSED_RATIO, unused_min=DEFAULT_UNUSED_MIN):
    """[{code, text}] of what needs a look in one organization."""
    flags = []

    def flag(code, detail=""):
        flags.append({"code": code, "text": FLAGS[code] + (" (%s)" % detail if detail else "")})

    gap, licences = row["licence_gap"], row["licences"]
    if gap is not None and gap > 0:
        flag("over_licence", "%d active billable user(s) over %d licence(s)" % (gap, licences))
    elif gap is not None and licences and -gap >= max(1, unused_min, math.ceil(licences * unused_ratio)):
        flag("unused_licences", "%d of %d unused" % (-gap, licences))
    if _true(row["is_on_trial"]):
        flag("on_trial", "renewal %s" % row["when_renewal"] if row["when_renewal"] else "")
    drift = row["drift"]
    if drift and drift["problems"]:
        flag("invalid_declaration", "%d problem(s)" % len(drift["problems"]))
    if drift and (drift["fields"] or drift["unmanaged"]):
        flag("drift", "%d field(s), %d unmanaged" % (drift["fields"], drift["unmanaged"]))
    standards = row.get("standards")
    if standards and standards["short"]:
        flag("standards_short", "%d of %d" % (standards["short"], standards["held"] + standards["short"]))
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
    if any(f["code"] == "inactive" for f in flags):
        flags = [f for f in flags if f["code"] not in INACTIVE_HIDES]
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
            sums = daily["%s_%s" % (direction, metric)] = [0] * len(dates)
            for mail in (row["mail"] for row in rows if row.get("mail")):
                values = mail[direction]["messages"] if metric == "messages" else mail[direction]["series"].get(metric)
                for stamp, value in zip(mail["dates"], values or []):
                    sums[index[stamp]] += value or 0
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
        "orgs_short_of_standards": sum(1 for r in rows if (r.get("standards") or {}).get("short")),
        "inbound_messages": sum(r["mail"]["inbound"]["messages_total"] for r in rows if r["mail"]),
        "inbound_spam": sum(_int(r["mail"]["inbound"]["totals"].get("spam")) or 0 for r in rows if r["mail"]),
        "outbound_messages": sum(r["mail"]["outbound"]["messages_total"] for r in rows if r["mail"]),
    }
    declared_missing = sorted(set(text(d).lower() for d in as_items(declared) if text(d)) - orgs)
    return {"generated": generated, "partner": partner, "summary": summary, "daily": daily,
            "declared_missing": declared_missing, "notes": [] if rows else [no_customers(partner)], "orgs": rows}


# -- what changed since the previous report ----------------------------------------------------------------------
def row_summary(row):
    """A row of the report (this run's or the previous JSON's) as _since's neutral summary of an organization."""
    row = as_mapping(row)
    drift, standards = row.get("drift"), row.get("standards")
    drifted = None
    if isinstance(drift, Mapping):
        drifted = ["%s %s: %s" % (text(c.get("resource")), text(c.get("name")), text(c.get("field")))
                   for c in as_items(drift.get("changes")) if isinstance(c, Mapping)]
        drifted += ["unmanaged %s %s" % (text(u.get("resource")), text(u.get("name")))
                    for u in as_items(drift.get("unmanaged_items")) if isinstance(u, Mapping)]
    users = as_mapping(row.get("users"))
    return {"drift": drifted, "licences": _int(row.get("licences")),
            "active_billable_users": _int(users.get("active_billable")) if users else None,
            "standards_short": [i.get("path") for i in as_items(standards.get("short_items"))]
            if isinstance(standards, Mapping) else None}


def _other_partner(previous, report):
    """Why a previous fleet report cannot be compared with this one (another partner's), or None."""
    if text(previous.get("partner")) != text(report.get("partner")):
        return "is the report of the partner %s, not %s" % (text(previous.get("partner")) or "-",
                                                            text(report.get("partner")) or "-")
    return None


def with_changes(report, previous=None, source=None):
    """The fleet report with what changed since `previous` (_since.with_changes); another partner's report is a
    note."""
    return since_with_changes(report, previous, source, row_summary, "a fleet report", _other_partner)


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
    value = "".join(c for c in text(value) if c in CSV_LINE_LEADS or unicodedata.category(c) != "Cc")
    first = next((c for c in value if not (c.isspace() or unicodedata.category(c) == "Cf")), "")
    if value.startswith(CSV_LINE_LEADS) or unicodedata.normalize("NFKC", first).startswith(CSV_FORMULA_LEADS):
        return "'" + value
    return value


CSV_COLUMNS = ("org", "name", "eid", "type", "is_active", "package", "is_on_trial", "when_renewal", "licences",
               "active_users_reported", "users_total", "users_active", "users_billable", "users_active_billable",
               "licence_gap", "admins", "domains", "features_enabled", "drifted_fields", "unmanaged",
               "drift_details", "mfa", "dkim", "domains_verified", "standards_held", "standards_short",
               "standards_excepted", "standards_short_list", "spam_ratio") \
    + tuple("%s_%s" % (d, m) for d in DIRECTIONS for m in METRICS) + ("flags", "errors", "changes_since")


def _known(value):
    return None if value == "-" else value


def render_csv(report):
    """One line per organization; the numbers are those of the API (totals of the period for mail flow)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for row in as_mapping(report).get("orgs") or []:
        users = row.get("users") or {}
        mail = row.get("mail") or {}
        drift = row.get("drift") or {}
        standards = row.get("standards") or {}
        onboarding = onboarding_words(row.get("onboarding"))
        values = {
            "users_total": users.get("total"), "users_active": users.get("active"),
            "users_billable": users.get("billable"), "users_active_billable": users.get("active_billable"),
            "admins": " ".join(users.get("admins") or []), "domains": " ".join(row.get("domains") or []),
            "features_enabled": " ".join(row.get("features_enabled") or []),
            "drifted_fields": drift.get("fields"), "unmanaged": drift.get("unmanaged"),
            "drift_details": "; ".join(drift_lines(drift)) if drift else None,
            # unknown is an empty cell ("-" would be a neutralised formula lead)
            "mfa": _known(onboarding["mfa"]), "dkim": _known(onboarding["dkim"]),
            "domains_verified": _known(onboarding["verified"]),
            "standards_held": standards.get("held"), "standards_short": standards.get("short"),
            "standards_excepted": standards.get("excepted"),
            "standards_short_list": "; ".join(i["text"] for i in standards.get("short_items") or []),
            "changes_since": (row.get("changes_since") or {}).get("text"),
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
