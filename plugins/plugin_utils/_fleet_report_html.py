# -*- coding: utf-8 -*-
# Copyright (c) ppe.essentials contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The fleet report as one self-contained HTML page (filter ppe.essentials.fleet_report_html).

One Jinja2 template with autoescape does all the markup, so every value that comes from the API (organization
names, domains, e-mail addresses, flag texts) is escaped by Jinja2, not by hand; only the fixed sorting script is
marked safe. The page's Content-Security-Policy lets only that script run (by its hash). The template, with its CSS,
is fleet_report.html.j2 beside this file; the two charts' geometry is computed in Python (plain numbers), the
template draws them.
"""

from __future__ import annotations

import base64
import hashlib
import os

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
with open(os.path.join(os.path.dirname(__file__), "fleet_report.html.j2"), encoding="utf-8") as _template:
    _PAGE = _ENV.from_string(_template.read().replace("\\\n", ""))  # a backslash at a line's end joins the lines


def render_html(report, title="Fleet report"):
    """The report as one self-contained HTML page (inline CSS and SVG; a small sorting script is optional)."""
    report = as_mapping(report)
    rows = report.get("orgs") or []
    return _PAGE.render(report=report, title=title, summary=report.get("summary") or {}, rows=rows,
                        daily=report.get("daily") or {}, csp=CSP, script=Markup(SORT_SCRIPT),
                        period=next((r["mail"]["period"] for r in rows if r.get("mail")), "30d"))
