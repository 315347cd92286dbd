# -*- coding: utf-8 -*-
# Copyright (c) ppe.essentials contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The fleet report as one self-contained HTML page (filter ppe.essentials.fleet_report_html).

One Jinja2 template with autoescape does all the markup, so every value that comes from the API (organization
names, domains, e-mail addresses, flag texts) is escaped by Jinja2, not by hand; only the fixed CSS and the fixed
sorting script are marked safe. The page's Content-Security-Policy lets only that script run (by its hash). The
template is a string here because ansible-test refuses non-Python files under plugins/; the two charts' geometry is
computed in Python (plain numbers), the template draws them.
"""

from __future__ import annotations

import base64
import hashlib

from jinja2 import Environment, StrictUndefined
from markupsafe import Markup

from ansible_collections.ppe.essentials.plugins.module_utils._normalize import as_mapping
from ansible_collections.ppe.essentials.plugins.plugin_utils._fleet_report import (
    FLAGS, _true, dkim_details, drift_lines, onboarding_words)

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
CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; script-src 'sha256-%s'" % (
    base64.b64encode(hashlib.sha256(SORT_SCRIPT.encode("utf-8")).digest()).decode("ascii"))

STYLE = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,Helvetica,Arial,sans-serif;margin:24px;color:#111827;
background:#fff}
h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 8px}
.muted{color:#6b7280}.summary{font-size:16px;margin:12px 0;padding:10px 14px;background:#f3f4f6;border-radius:6px}
.summary b{font-size:18px}
table{border-collapse:collapse;font-size:13px;width:100%}
th,td{border-bottom:1px solid #e5e7eb;padding:5px 8px;text-align:left;vertical-align:top}
th{background:#f9fafb}th button{border:0;background:none;cursor:pointer;font-size:12px;color:#2563eb}
td.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}\
td.n .small{white-space:normal;display:inline-block;max-width:120px}
.over{color:#b91c1c;font-weight:600}.under{color:#92400e}
.flag{display:inline-block;margin:1px 2px;padding:1px 6px;border-radius:9px;font-size:11px;background:#fef3c7;
color:#92400e}
.flag.over_licence,.flag.read_error,.flag.invalid_declaration{background:#fee2e2;color:#991b1b}
.flag.drift{background:#ede9fe;color:#5b21b6}.flag.inactive,.flag.no_mail{background:#e5e7eb;color:#374151}
.axis{font-size:11px;fill:#4b5563}
.note{font-size:15px;padding:10px 14px;background:#fef3c7;border-radius:6px}
details{margin:8px 0}code{font-size:12px}.small{font-size:11px}td.flags{min-width:120px;max-width:190px}\
td.small{max-width:190px;overflow-wrap:anywhere}td.org{max-width:210px;overflow-wrap:anywhere}\
td.words{min-width:90px;max-width:220px;overflow-wrap:anywhere;font-size:12px}\
.scroll{display:block;max-height:7.5em;overflow-y:auto}td details{margin:2px 0}td summary{cursor:pointer;color:#2563eb}\
td ul{margin:2px 0;padding-left:16px}tr.inactive td{color:#6b7280}\
.short{color:#b91c1c}.since{font-size:14px}.since li{margin:2px 0}
"""

# Macros: num (a count with thousands separators, &ndash; when unknown), pct, the sparkline and the fleet chart.
# A backslash at a line's end joins the lines (no newline in the page).
PAGE = """\
{% macro num(v) %}{% if v is none %}&ndash;{% else %}{{ v | thousands }}{% endif %}{% endmacro %}\
{% macro pct(v) %}{% if v is none %}&ndash;{% else %}{{ "%.1f%%" | format(v * 100) }}{% endif %}{% endmacro %}\
{% macro spark(s) %}{% if s %}<svg class="spark" width="{{ s.width }}" height="{{ s.height }}" \
viewBox="0 0 {{ s.width }} {{ s.height }}" role="img" aria-label="{{ s.title }}"><title>{{ s.title }}</title>\
<polyline fill="none" stroke="#2563eb" stroke-width="1.5" points="{{ s.inbound }}"/>\
<polyline fill="none" stroke="#ea580c" stroke-width="1.2" points="{{ s.spam }}"/></svg>\
{% else %}<span class="muted">no data</span>{% endif %}{% endmacro %}\
{% macro chart(c) %}{% if c %}<svg class="chart" width="{{ c.width }}" height="{{ c.height }}" \
viewBox="0 0 {{ c.width }} {{ c.height }}" role="img" aria-label="Mail flow of the fleet per day"><title>Mail flow \
of all organizations per day: inbound clean, spam, virus and fraud (bars), outbound messages (line)</title>\
{% for y, label in c.grid %}<line x1="{{ c.left }}" x2="{{ c.right }}" y1="{{ y }}" y2="{{ y }}" stroke="#e5e7eb"/>\
<text x="{{ c.left - 6 }}" y="{{ label.y }}" text-anchor="end" class="axis">{{ label.text }}</text>{% endfor %}\
{% for x, y, w, h, colour, title in c.bars %}<rect x="{{ x }}" y="{{ y }}" width="{{ w }}" height="{{ h }}" \
fill="{{ colour }}"><title>{{ title }}</title></rect>{% endfor %}\
<polyline fill="none" stroke="#2563eb" stroke-width="2" points="{{ c.line }}"/>\
{% for x, anchor, text in c.ticks %}<text x="{{ x }}" y="{{ c.height - c.bottom + 16 }}" text-anchor="{{ anchor }}" \
class="axis">{{ text }}</text>{% endfor %}\
{% for x, colour, label in c.legend %}<rect x="{{ x }}" y="{{ c.height - 12 }}" width="10" height="10" \
fill="{{ colour }}"/><text x="{{ x + 14 }}" y="{{ c.height - 3 }}" class="axis">{{ label }}</text>{% endfor %}</svg>\
{% else %}<p class="muted">No mail-flow data.</p>{% endif %}{% endmacro %}\
<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{{ csp }}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ title }}</title><style>{{ style }}</style></head><body>
<h1>{{ title }}</h1>
<p class="muted">Partner {{ report.get("partner") or "-" }} &middot; generated {{ report.get("generated") or "-" }} \
&middot; mail flow of the last {{ period }}</p>
<p class="summary" id="summary"><b>{{ num(summary.get("orgs")) }}</b> organizations &middot; \
<b>{{ num(summary.get("licences")) }}</b> licences &middot; <b>{{ num(summary.get("active_billable_users")) }}</b> \
active billable users (the orgs report {{ num(summary.get("active_users_reported")) }}) &middot; \
<b>{{ num(summary.get("flags")) }}</b> flags on {{ num(summary.get("orgs_flagged")) }} organizations</p>
{% if summary.get("flag_counts") %}<p>{% for code, n in summary.get("flag_counts").items() %}\
{{ " " if not loop.first else "" }}<span class="flag {{ code }}">{{ flag_names.get(code, code) }}: {{ num(n) }}</span>\
{% endfor %}</p>
{% endif %}{% if report.get("notes") %}<p class="note" id="notes">{% for note in report.get("notes") %}\
{% if not loop.first %}<br>{% endif %}{{ note }}{% endfor %}</p>
{% endif %}{% if report.get("declared_missing") %}<p class="over">Declared in the customers file, not among the \
organizations: {{ report.get("declared_missing") | join(", ") }}</p>
{% endif %}{% if report.get("previous") %}<h2 id="since">Since {{ report.get("previous") }}</h2>\
{% set changed = rows | selectattr("changes_since") | rejectattr("changes_since.state", "eq", "unchanged") | list %}\
{% if changed or report.get("orgs_gone") %}<ul class="since">{% for row in changed %}<li data-since="{{ row.org }}">\
<b>{{ row.get("org") }}</b>: {{ row.changes_since.text }}</li>{% endfor %}\
{% for org in report.get("orgs_gone") or [] %}<li data-since="{{ org }}"><b>{{ org }}</b>: gone since then</li>\
{% endfor %}</ul>{% else %}<p class="since">No organization changed.</p>{% endif %}
{% endif %}<h2>Mail flow of the fleet</h2>
{{ chart(fleet_chart(daily)) }}
<h2>Organizations</h2>
<p class="muted">Licence gap = active billable users (counted from /users) minus licences; positive is over licence. \
Drift = drifted fields / unmanaged users and domains. Onboarding = the MFA policy, the domains with a valid DKIM key \
and the verified domains. Standards = the fleet standards held, short and excepted. Spam ratio = inbound spam / \
inbound messages (clean + spam + virus + fraud). Ordered by licence gap; the sort buttons re-order by licence gap, \
drift or spam ratio.</p>
<table id="orgs"><thead><tr><th>Organization</th><th>Package</th><th>Licences</th>\
<th>Active billable<br>(/users)</th><th data-key="gap">Licence gap</th><th data-key="drift">Drift</th>\
<th>Onboarding</th><th>Standards</th><th>Messages in</th><th data-key="spam">Spam</th><th>Inbound per day</th>\
<th>Flags</th><th>Domains &middot; features</th></tr></thead><tbody>
{% for row in rows %}\
{% set users, mail, drift, gap = row.get("users") or {}, row.get("mail"), row.get("drift"), row.get("licence_gap") %}\
{% set inactive = row.get("is_active") is not none and not is_true(row.get("is_active")) %}\
{% set onboarding, standards = onboarding_words(row.get("onboarding")), row.get("standards") %}\
<tr data-org="{{ row.get("org") }}" data-gap="{{ gap }}" \
data-drift="{{ drift.fields + drift.unmanaged if drift else "" }}" data-spam="{{ mail.spam_ratio if mail else "" }}"\
{% if inactive %} class="inactive"{% endif %}>\
<td class="org"><b>{{ row.get("name") }}</b><br><span class="muted">{{ row.get("org") }}</span><br>\
<span class="small muted scroll">admins: {{ (users.get("admins") or []) | join(", ") or "none" }}</span></td>\
<td>{{ row.get("package") }}{% if is_true(row.get("is_on_trial")) and not inactive %} \
<span class="flag on_trial">trial</span>{% endif %}<br><span class="small muted">renewal \
{{ row.get("when_renewal") or "-" }}</span></td>\
<td class="n">{{ num(row.get("licences")) }}</td>\
<td class="n">{{ num(users.get("active_billable")) }}<br><span class="small muted">{{ num(users.get("active")) }} \
active, {{ num(users.get("billable")) }} billable, {{ num(users.get("total")) }} users; the org reports \
{{ num(row.get("active_users_reported")) }}</span></td>\
<td class="n {{ "" if inactive else "over" if (gap or 0) > 0 else "under" if (gap or 0) < 0 else "" }}">\
{{ "+" if (gap or 0) > 0 else "" }}{{ num(gap) }}</td>\
<td class="words">{% if drift is none %}<span class="muted">not declared</span>{% else %}\
{% set lines = drift_lines(drift) %}<span class="drift" title="{{ lines | join("\n") or "no drift" }}">\
{{ drift.fields }} / {{ drift.unmanaged }}</span>{% if lines %}<details><summary>what</summary><ul class="scroll">\
{% for line in lines %}<li>{{ line }}</li>{% endfor %}</ul></details>{% endif %}{% endif %}</td>\
<td class="words onboarding">MFA {{ onboarding.mfa }}<br>\
<span title="{{ dkim_details(row.get("onboarding")) | join("\n") }}">DKIM {{ onboarding.dkim }}</span><br>\
{{ onboarding.verified }}</td>\
<td class="words standards">{% if standards is none %}<span class="muted">&ndash;</span>{% else %}\
{{ standards.held }} held &middot; <span class="{{ "short" if standards.short else "" }}">{{ standards.short }} \
short</span> &middot; {{ standards.excepted }} excepted{% if standards.short_items %}<ul class="scroll">\
{% for item in standards.short_items %}<li class="short">{{ item.text }}</li>{% endfor %}</ul>{% endif %}\
{% if standards.excepted_items %}<details><summary>excepted</summary><ul>{% for item in standards.excepted_items %}\
<li>{{ item.text }}</li>{% endfor %}</ul></details>{% endif %}{% endif %}</td>\
<td class="n">{{ num(mail.inbound.messages_total if mail else none) }}<br><span class="small muted">\
{{ num(mail.outbound.messages_total if mail else none) }} out</span></td>\
<td class="n">{{ pct(mail.spam_ratio if mail else none) }}</td><td>{{ spark(sparkline(mail)) }}</td>\
<td class="flags">{% for f in row.get("flags") or [] %}<span class="flag {{ f.code }}" title="{{ f.text }}">\
{{ f.text }}</span>{% else %}<span class="muted">none</span>{% endfor %}</td>\
<td class="small"><span class="scroll">{{ (row.get("domains") or []) | join(", ") }}<br><span class="muted">\
{{ (row.get("features_enabled") or []) | join(", ") }}</span></span></td></tr>
{% endfor %}</tbody></table>
{% if daily.get("dates") %}<details><summary>Daily numbers of the fleet</summary><table><thead><tr><th>Day</th>\
<th>Inbound clean</th><th>Spam</th><th>Virus</th><th>Fraud</th><th>Inbound messages</th><th>Outbound messages</th>\
</tr></thead><tbody>
{% for stamp in daily.dates %}{% set i = loop.index0 %}<tr><td>{{ stamp[:10] }}</td>{% for key in ("inbound_clean", \
"inbound_spam", "inbound_virus", "inbound_fraud", "inbound_messages", "outbound_messages") %}\
<td class="n">{{ num(daily[key][i]) }}</td>{% endfor %}</tr>
{% endfor %}</tbody></table></details>
{% endif %}<p class="muted">Written by the playbook ppe.essentials.fleet_report; the same numbers are in \
fleet-report.json and fleet-report.csv.</p>
<script>{{ script }}</script></body></html>
"""


def _points(values, width, height, top, peak):
    return " ".join("%.1f,%.1f" % (i * float(width) / max(1, len(values) - 1),
                                   top + height - (float(v or 0) / peak * height if peak else 0))
                    for i, v in enumerate(values))


def _f1(value):
    """A coordinate as the page writes it: a float with one decimal ("%.1f"), 224 as 224.0."""
    return round(float(value), 1)


def sparkline(mail, width=120, height=28):
    """Inbound messages (blue) and inbound spam (orange) per day of one organization; its numbers in its title."""
    if not mail or not mail.get("dates"):
        return None
    inbound = mail["inbound"]["messages"]
    spam = mail["inbound"]["series"].get("spam") or [0] * len(inbound)
    peak = max(inbound + spam + [0])
    title = "Inbound messages per day %s to %s: %s; spam: %s" % (
        mail["dates"][0][:10], mail["dates"][-1][:10], ", ".join(str(v) for v in inbound),
        ", ".join(str(v) for v in spam))
    return {"width": width, "height": height, "title": title, "inbound": _points(inbound, width, height - 4, 2, peak),
            "spam": _points(spam, width, height - 4, 2, peak)}


def fleet_chart(daily, width=880, height=260):
    """Stacked bars per day of the fleet's inbound messages (clean, spam, virus + fraud), outbound as a line."""
    dates = daily.get("dates") or []
    if not dates:
        return None
    left, right, top, bottom = 56, 12, 12, 36
    plot_w, plot_h = width - left - right, height - top - bottom
    threats = [v + f for v, f in zip(daily["inbound_virus"], daily["inbound_fraud"])]
    stacks = list(zip(daily["inbound_clean"], daily["inbound_spam"], threats))
    outbound = daily["outbound_messages"]
    peak = max([sum(s) for s in stacks] + outbound + [1])
    slot = float(plot_w) / len(dates)
    width_bar = max(1.0, slot * 0.7)
    grid = []
    for fraction in (0, 0.5, 1):
        y = top + plot_h - fraction * plot_h
        grid.append((_f1(y), {"y": _f1(y + 4), "text": "{:,}".format(int(round(peak * fraction)))}))
    bars = []
    for i, stamp in enumerate(dates):
        x, y = left + i * slot + (slot - width_bar) / 2, top + plot_h
        for value, colour, label in zip(stacks[i], ("#16a34a", "#ea580c", "#dc2626"),
                                        ("clean", "spam", "virus + fraud")):
            h = float(value) / peak * plot_h
            y -= h
            bars.append((_f1(x), _f1(y), _f1(width_bar), _f1(h), colour,
                         "%s %s: %s" % (stamp[:10], label, "{:,}".format(value))))
    line = " ".join("%.1f,%.1f" % (left + i * slot + slot / 2, top + plot_h - float(v) / peak * plot_h)
                    for i, v in enumerate(outbound))
    last, ticks = len(dates) - 1, []
    for i in sorted(set((0, len(dates) // 2, last))):
        anchor = "start" if i == 0 and last else "end" if i == last and last else "middle"
        ticks.append((_f1(left + i * slot + (0 if anchor == "start" else slot if anchor == "end" else slot / 2)),
                      anchor, dates[i][:10]))
    legend, x = [], left
    for colour, label in (("#16a34a", "inbound clean"), ("#ea580c", "inbound spam"),
                          ("#dc2626", "inbound virus + fraud"), ("#2563eb", "outbound messages")):
        legend.append((x, colour, label))
        x += 24 + 7 * len(label)
    return {"width": width, "height": height, "left": left, "right": width - right, "bottom": bottom, "grid": grid,
            "bars": bars, "line": line, "ticks": ticks, "legend": legend}


_ENV = Environment(autoescape=True, undefined=StrictUndefined, keep_trailing_newline=True,
                   finalize=lambda value: "" if value is None else value)
_ENV.filters["thousands"] = lambda value: "{:,}".format(value) if isinstance(value, int) else value
_ENV.globals.update(fleet_chart=fleet_chart, sparkline=sparkline, drift_lines=drift_lines, is_true=_true,
                    flag_names=FLAGS, onboarding_words=onboarding_words, dkim_details=dkim_details)
_PAGE = _ENV.from_string(PAGE)


def render_html(report, title="Fleet report"):
    """The report as one self-contained HTML page (inline CSS and SVG; a small sorting script is optional)."""
    report = as_mapping(report)
    rows = report.get("orgs") or []
    return _PAGE.render(report=report, title=title, summary=report.get("summary") or {}, rows=rows,
                        daily=report.get("daily") or {}, csp=CSP, style=Markup(STYLE), script=Markup(SORT_SCRIPT),
                        period=next((r["mail"]["period"] for r in rows if r.get("mail")), "30d"))
