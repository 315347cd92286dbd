# -*- coding: utf-8 -*-
# Copyright (c) ppe.essentials contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The fleet report of playbooks/fleet_report.yml: one row per customer organization, the fleet's totals and
flags, and its renderings (one self-contained HTML page, CSV). Used by the filters of plugins/filter/fleet_report.py.

Every value that comes from the API (organization names, domains, e-mail addresses) is escaped in the HTML, and a
CSV cell that a spreadsheet would take for a formula gets a leading ' (see csv_cell); control characters are dropped.
The page has a Content-Security-Policy that only lets its own sorting script run (by its hash), so even a value
that escaped the escaping could not run a script.
"""

from __future__ import annotations

import base64
import csv
import hashlib
import io
import math
import re
import unicodedata
from collections.abc import Mapping
from html import escape

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


# -- HTML --------------------------------------------------------------------------------------------------------
def _e(value):
    return escape(_text(value), quote=True)


def _num(value):
    return "&ndash;" if value is None else _e("{:,}".format(value) if isinstance(value, int) else value)


def _pct(value):
    return "&ndash;" if value is None else "%.1f%%" % (value * 100)


def _points(values, width, height, top, peak):
    if not values:
        return ""
    step = float(width) / max(1, len(values) - 1)
    return " ".join("%.1f,%.1f" % (i * step, top + height - (float(v or 0) / peak * height if peak else 0))
                    for i, v in enumerate(values))


def sparkline(mail, width=120, height=28):
    """Inbound messages (blue) and inbound spam (orange) per day, one small SVG; its numbers in its title."""
    if not mail or not mail.get("dates"):
        return '<span class="muted">no data</span>'
    inbound = mail["inbound"]["messages"]
    spam = mail["inbound"]["series"].get("spam") or [0] * len(inbound)
    peak = max(inbound + spam + [0])
    title = "Inbound messages per day %s to %s: %s; spam: %s" % (
        mail["dates"][0][:10], mail["dates"][-1][:10], ", ".join(str(v) for v in inbound),
        ", ".join(str(v) for v in spam))
    return ('<svg class="spark" width="%d" height="%d" viewBox="0 0 %d %d" role="img" aria-label="%s">'
            '<title>%s</title>'
            '<polyline fill="none" stroke="#2563eb" stroke-width="1.5" points="%s"/>'
            '<polyline fill="none" stroke="#ea580c" stroke-width="1.2" points="%s"/></svg>') % (
        width, height, width, height, _e(title), _e(title), _points(inbound, width, height - 4, 2, peak),
        _points(spam, width, height - 4, 2, peak))


def fleet_chart(daily, width=880, height=260):
    """Stacked bars per day of the fleet's inbound messages (clean, spam, virus + fraud), outbound as a line."""
    dates = daily.get("dates") or []
    if not dates:
        return '<p class="muted">No mail-flow data.</p>'
    left, right, top, bottom = 56, 12, 12, 36
    plot_w, plot_h = width - left - right, height - top - bottom
    clean, spam = daily["inbound_clean"], daily["inbound_spam"]
    threats = [v + f for v, f in zip(daily["inbound_virus"], daily["inbound_fraud"])]
    outbound = daily["outbound_messages"]
    peak = max([c + s + t for c, s, t in zip(clean, spam, threats)] + outbound + [1])
    slot = float(plot_w) / len(dates)
    width_bar = max(1.0, slot * 0.7)
    parts = ['<svg class="chart" width="%d" height="%d" viewBox="0 0 %d %d" role="img" '
             'aria-label="Mail flow of the fleet per day">' % (width, height, width, height),
             '<title>Mail flow of all organizations per day: inbound clean, spam, virus and fraud (bars), '
             'outbound messages (line)</title>']
    for fraction in (0, 0.5, 1):
        y = top + plot_h - fraction * plot_h
        parts.append('<line x1="%d" x2="%d" y1="%.1f" y2="%.1f" stroke="#e5e7eb"/>' % (left, width - right, y, y))
        parts.append('<text x="%d" y="%.1f" text-anchor="end" class="axis">%s</text>' % (
            left - 6, y + 4, _e("{:,}".format(int(round(peak * fraction))))))
    for i, stamp in enumerate(dates):
        x = left + i * slot + (slot - width_bar) / 2
        y = top + plot_h
        for value, colour, label in ((clean[i], "#16a34a", "clean"), (spam[i], "#ea580c", "spam"),
                                     (threats[i], "#dc2626", "virus + fraud")):
            h = float(value) / peak * plot_h
            y -= h
            parts.append('<rect x="%.1f" y="%.1f" width="%.1f" height="%.1f" fill="%s"><title>%s %s: %s</title>'
                         '</rect>' % (x, y, width_bar, h, colour, _e(stamp[:10]), label, _e("{:,}".format(value))))
    step = float(plot_w) / len(dates)
    line = " ".join("%.1f,%.1f" % (left + i * step + step / 2, top + plot_h - float(v) / peak * plot_h)
                    for i, v in enumerate(outbound))
    parts.append('<polyline fill="none" stroke="#2563eb" stroke-width="2" points="%s"/>' % line)
    last = len(dates) - 1
    for i in sorted(set((0, len(dates) // 2, last))):
        anchor = "start" if i == 0 and last else "end" if i == last and last else "middle"
        x = left + i * slot + (0 if anchor == "start" else slot if anchor == "end" else slot / 2)
        parts.append('<text x="%.1f" y="%d" text-anchor="%s" class="axis">%s</text>' % (
            x, height - bottom + 16, anchor, _e(dates[i][:10])))
    legend = (("#16a34a", "inbound clean"), ("#ea580c", "inbound spam"), ("#dc2626", "inbound virus + fraud"),
              ("#2563eb", "outbound messages"))
    x = left
    for colour, label in legend:
        parts.append('<rect x="%d" y="%d" width="10" height="10" fill="%s"/><text x="%d" y="%d" class="axis">%s</text>'
                     % (x, height - 12, colour, x + 14, height - 3, label))
        x += 24 + 7 * len(label)
    parts.append("</svg>")
    return "".join(parts)


SORT_SCRIPT = (
    "document.querySelectorAll('th[data-key]').forEach(function(th){"
    "var b=document.createElement('button');b.type='button';b.textContent='\\u21c5';b.title='sort';"
    "th.appendChild(b);b.addEventListener('click',function(){"
    "var body=th.closest('table').tBodies[0],k=th.getAttribute('data-key'),"
    "d=th.getAttribute('data-dir')==='desc'?'asc':'desc';th.setAttribute('data-dir',d);"
    "var rows=Array.prototype.slice.call(body.rows);rows.sort(function(x,y){"
    "var a=parseFloat(x.getAttribute('data-'+k)),c=parseFloat(y.getAttribute('data-'+k));"
    "a=isNaN(a)?-1e12:a;c=isNaN(c)?-1e12:c;return d==='desc'?c-a:a-c;});"
    "rows.forEach(function(r){body.appendChild(r);});});});"
)

STYLE = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,Helvetica,Arial,sans-serif;margin:24px;color:#111827;
background:#fff}
h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 8px}
.muted{color:#6b7280}.summary{font-size:16px;margin:12px 0;padding:10px 14px;background:#f3f4f6;border-radius:6px}
.summary b{font-size:18px}
table{border-collapse:collapse;font-size:13px;width:100%}
th,td{border-bottom:1px solid #e5e7eb;padding:5px 8px;text-align:left;vertical-align:top}
th{background:#f9fafb;white-space:nowrap}th button{border:0;background:none;cursor:pointer;font-size:12px;color:#2563eb}
td.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
.over{color:#b91c1c;font-weight:600}.under{color:#92400e}
.flag{display:inline-block;margin:1px 2px;padding:1px 6px;border-radius:9px;font-size:11px;background:#fef3c7;
color:#92400e}
.flag.over_licence,.flag.read_error,.flag.invalid_declaration{background:#fee2e2;color:#991b1b}
.flag.drift{background:#ede9fe;color:#5b21b6}.flag.inactive,.flag.no_mail{background:#e5e7eb;color:#374151}
.axis{font-size:11px;fill:#4b5563}
.note{font-size:15px;padding:10px 14px;background:#fef3c7;border-radius:6px}
details{margin:8px 0}code{font-size:12px}.small{font-size:11px}td.flags{min-width:150px;max-width:240px}td.small{max-width:220px;overflow-wrap:anywhere}
"""


def _flags_html(flags):
    if not flags:
        return '<span class="muted">none</span>'
    return "".join('<span class="flag %s" title="%s">%s</span>' % (_e(f["code"]), _e(f["text"]), _e(f["text"]))
                   for f in flags)


def _org_cells(row):
    users = row.get("users") or {}
    mail = row.get("mail")
    drift = row.get("drift")
    gap = row.get("licence_gap")
    gap_class = "over" if (gap or 0) > 0 else "under" if (gap or 0) < 0 else ""
    trial = "trial" if _true(row.get("is_on_trial")) else ""
    if drift is None:
        drift_text = '<span class="muted">not declared</span>'
    else:
        details = ["%s %s: %s: live %s, declared %s" % (c["resource"], c["name"], c["field"], c["live"], c["declared"])
                   for c in drift["changes"]]
        details += ["unmanaged %s%s %s%s" % ("administrator " if u["admin"] else "", u["resource"], u["name"],
                                             " (forces the login)" if u.get("forces_login") else "")
                    for u in drift["unmanaged_items"]]
        details += drift["problems"]
        drift_text = '<span title="%s">%d / %d</span>' % (_e("\n".join(details) or "no drift"), drift["fields"],
                                                          drift["unmanaged"])
    admins = ", ".join(users.get("admins") or []) or "none"
    return "".join((
        '<td><b>%s</b><br><span class="muted">%s</span><br><span class="small muted">admins: %s</span></td>' % (
            _e(row.get("name")), _e(row.get("org")), _e(admins)),
        "<td>%s%s<br><span class=\"small muted\">renewal %s</span></td>" % (
            _e(row.get("package")), (' <span class="flag on_trial">%s</span>' % trial) if trial else "",
            _e(row.get("when_renewal") or "-")),
        '<td class="n">%s</td>' % _num(row.get("licences")),
        '<td class="n">%s</td>' % _num(row.get("active_users_reported")),
        '<td class="n">%s<br><span class="small muted">%s active, %s billable, %s users</span></td>' % (
            _num(users.get("active_billable")), _num(users.get("active")), _num(users.get("billable")),
            _num(users.get("total"))),
        '<td class="n %s">%s</td>' % (gap_class, ("+" if (gap or 0) > 0 else "") + _num(gap)),
        '<td class="n">%s</td>' % drift_text,
        '<td class="n">%s<br><span class="small muted">%s out</span></td>' % (
            _num(mail["inbound"]["messages_total"]) if mail else "&ndash;",
            _num(mail["outbound"]["messages_total"]) if mail else "&ndash;"),
        '<td class="n">%s</td>' % _pct(mail["spam_ratio"] if mail else None),
        "<td>%s</td>" % sparkline(mail),
        '<td class="flags">%s</td>' % _flags_html(row.get("flags")),
        '<td class="small">%s<br><span class="muted">%s</span></td>' % (
            _e(", ".join(row.get("domains") or [])), _e(", ".join(row.get("features_enabled") or []))),
    ))


def render_html(report, title="Fleet report"):
    """The report as one self-contained HTML page (inline CSS and SVG; a small sorting script is optional)."""
    report = as_mapping(report)
    summary = report.get("summary") or {}
    rows = report.get("orgs") or []
    script_hash = base64.b64encode(hashlib.sha256(SORT_SCRIPT.encode("utf-8")).digest()).decode("ascii")
    csp = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; script-src 'sha256-%s'" % script_hash
    out = ['<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">',
           '<meta http-equiv="Content-Security-Policy" content="%s">' % _e(csp),
           '<meta name="viewport" content="width=device-width, initial-scale=1">',
           "<title>%s</title><style>%s</style></head><body>" % (_e(title), STYLE),
           "<h1>%s</h1>" % _e(title),
           '<p class="muted">Partner %s &middot; generated %s &middot; mail flow of the last %s</p>' % (
               _e(report.get("partner") or "-"), _e(report.get("generated") or "-"),
               _e(next((r["mail"]["period"] for r in rows if r.get("mail")), "30d"))),
           '<p class="summary" id="summary"><b>%s</b> organizations &middot; <b>%s</b> licences &middot; '
           '<b>%s</b> active billable users (the orgs report %s) &middot; <b>%s</b> flags on %s organizations</p>' % (
               _num(summary.get("orgs")), _num(summary.get("licences")), _num(summary.get("active_billable_users")),
               _num(summary.get("active_users_reported")), _num(summary.get("flags")),
               _num(summary.get("orgs_flagged")))]
    counts = summary.get("flag_counts") or {}
    if counts:
        out.append('<p>%s</p>' % " ".join('<span class="flag %s">%s: %s</span>' % (_e(code), _e(FLAGS.get(code, code)),
                                                                                   _num(n)) for code, n in counts.items()))
    notes = report.get("notes") or []
    if notes:
        out.append('<p class="note" id="notes">%s</p>' % "<br>".join(_e(n) for n in notes))
    missing = report.get("declared_missing") or []
    if missing:
        out.append('<p class="over">Declared in the customers file, not among the organizations: %s</p>'
                   % _e(", ".join(missing)))
    out.append("<h2>Mail flow of the fleet</h2>")
    out.append(fleet_chart(report.get("daily") or {}))
    out.append("<h2>Organizations</h2>")
    out.append('<p class="muted">Licence gap = active billable users (counted from /users) minus licences; positive '
               'is over licence. Drift = drifted fields / unmanaged users and domains. Spam ratio = inbound spam / '
               'inbound messages (clean + spam + virus + fraud). Ordered by licence gap; the sort buttons re-order '
               'by licence gap, drift or spam ratio.</p>')
    out.append('<table id="orgs"><thead><tr><th>Organization</th><th>Package</th><th>Licences</th>'
               '<th>Active<br>(org)</th><th>Active billable<br>(/users)</th>'
               '<th data-key="gap">Licence gap</th><th data-key="drift">Drift</th><th>Messages in</th>'
               '<th data-key="spam">Spam</th><th>Inbound per day</th><th>Flags</th><th>Domains &middot; features</th>'
               '</tr></thead><tbody>')
    for row in rows:
        drift = row.get("drift")
        mail = row.get("mail")
        out.append('<tr data-org="%s" data-gap="%s" data-drift="%s" data-spam="%s">%s</tr>' % (
            _e(row.get("org")), _e(row.get("licence_gap") if row.get("licence_gap") is not None else ""),
            _e(drift["fields"] + drift["unmanaged"] if drift else ""),
            _e(mail["spam_ratio"] if mail and mail["spam_ratio"] is not None else ""), _org_cells(row)))
    out.append("</tbody></table>")
    daily = report.get("daily") or {}
    if daily.get("dates"):
        out.append("<details><summary>Daily numbers of the fleet</summary><table><thead><tr><th>Day</th>"
                   "<th>Inbound clean</th><th>Spam</th><th>Virus</th><th>Fraud</th><th>Inbound messages</th>"
                   "<th>Outbound messages</th></tr></thead><tbody>")
        for i, stamp in enumerate(daily["dates"]):
            out.append('<tr><td>%s</td>%s</tr>' % (_e(stamp[:10]), "".join(
                '<td class="n">%s</td>' % _num(daily[k][i]) for k in (
                    "inbound_clean", "inbound_spam", "inbound_virus", "inbound_fraud", "inbound_messages",
                    "outbound_messages"))))
        out.append("</tbody></table></details>")
    out.append('<p class="muted">Written by the playbook ppe.essentials.fleet_report; the same numbers are in '
               'fleet-report.json and fleet-report.csv.</p>')
    out.append("<script>%s</script></body></html>\n" % SORT_SCRIPT)
    return "\n".join(out)
