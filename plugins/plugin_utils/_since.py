# -*- coding: utf-8 -*-
# Copyright (c) ppe.essentials contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""What changed in one organization since the previous run: one comparison for the fleet report and the audit.

Both reports keep their previous run's JSON in their report directory; each turns an organization of it, and of the
new run, into the neutral summary below, and `changes` compares two summaries. So the two reports say "what
changed" with the same words and the same rules.

The summary of one organization (every key optional; None or missing means "not known in that run", and then that
part is not compared, rather than reported as appeared or resolved):

    {"drift": ["domain acme.example: destination", "unmanaged user bob@acme.example", ...],
     "licences": 25,
     "active_billable_users": 3,
     "standards_short": ["authentication.is_mfa_enabled", ...]}

  drift                  the drifted fields and unmanaged items, each one stable text that names it (not its
                         values: a field still drifted, to another value, is the same drift); None when the
                         organization was not compared with a declaration in that run
  licences               its licences (user_licenses)
  active_billable_users  its active billable users
  standards_short        the paths of the standards it falls short of; None when it has no standards
"""

from __future__ import annotations

import json
from collections.abc import Mapping

KEYS = ("drift", "licences", "active_billable_users", "standards_short")
NO_CHANGE = "no change"


def _names(value):
    """A list of the summary (drift, standards_short) as sorted unique texts; None when not known."""
    if value is None or not isinstance(value, (list, tuple)):
        return None
    return sorted(set(str(v) for v in value))


def _count(value):
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _listed(items, limit=5):
    shown = ", ".join(items[:limit])
    return shown + (" and %d more" % (len(items) - limit) if len(items) > limit else "")


def changes(previous, current):
    """What changed in one organization between two summaries (see the module's docstring); `previous` None: it is
    new since then, `current` None: it is gone.

    {"state": "added" | "gone" | "changed" | "unchanged", "drift_appeared": [...], "drift_resolved": [...],
     "licences": [before, after] or None, "active_billable_users": [before, after] or None,
     "standards_newly_short": [...], "standards_no_longer_short": [...], "text": "in words"}
    """
    out = {"state": "unchanged", "drift_appeared": [], "drift_resolved": [], "licences": None,
           "active_billable_users": None, "standards_newly_short": [], "standards_no_longer_short": []}
    if previous is None or current is None:
        out["state"] = "added" if previous is None else "gone"
        out["text"] = "new since then" if previous is None else "gone since then"
        return out
    previous = previous if isinstance(previous, Mapping) else {}
    current = current if isinstance(current, Mapping) else {}
    words = []
    before, after = _names(previous.get("drift")), _names(current.get("drift"))
    if before is not None and after is not None:
        out["drift_appeared"] = [d for d in after if d not in before]
        out["drift_resolved"] = [d for d in before if d not in after]
        if out["drift_appeared"]:
            words.append("%d drift(s) appeared: %s" % (len(out["drift_appeared"]), _listed(out["drift_appeared"])))
        if out["drift_resolved"]:
            words.append("%d drift(s) resolved: %s" % (len(out["drift_resolved"]), _listed(out["drift_resolved"])))
    for key, label in (("licences", "licences"), ("active_billable_users", "active billable users")):
        old, new = _count(previous.get(key)), _count(current.get(key))
        if old is not None and new is not None and old != new:
            out[key] = [old, new]
            words.append("%s %d -> %d (%+d)" % (label, old, new, new - old))
    before, after = _names(previous.get("standards_short")), _names(current.get("standards_short"))
    if after is not None:
        out["standards_newly_short"] = [p for p in after if p not in (before or [])]
        out["standards_no_longer_short"] = [p for p in (before or []) if p not in after]
        if out["standards_newly_short"]:
            words.append("newly short of %d standard(s): %s" % (
                len(out["standards_newly_short"]), _listed(out["standards_newly_short"])))
        if out["standards_no_longer_short"]:
            words.append("no longer short of %s" % _listed(out["standards_no_longer_short"]))
    if words:
        out["state"] = "changed"
    out["text"] = "; ".join(words) or NO_CHANGE
    return out


def compare(previous, current):
    """{org: changes} for two {org: summary} mappings: every current organization (added ones too), then the gone
    ones, each in primary-domain order."""
    previous, current = dict(previous or {}), dict(current or {})
    out = dict((org, changes(previous.get(org), current[org])) for org in sorted(current))
    out.update((org, changes(previous[org], None)) for org in sorted(set(previous) - set(current)))
    return out


def _previous(previous, kind, where):
    """(why the previous report cannot be compared, or None; the report as a mapping)."""
    if isinstance(previous, (str, bytes, list)) and not previous:  # what a lookup gives of an unreadable file
        return "%s is empty or could not be read" % where, None
    if isinstance(previous, (bytes, str)):
        try:
            previous = json.loads(previous)
        except ValueError as exc:
            return "%s is not valid JSON (%s)" % (where, exc), None
    if not isinstance(previous, Mapping) or not isinstance(previous.get("orgs"), list) \
            or not isinstance(previous.get("summary"), Mapping) or not all(
                isinstance(r, Mapping) and isinstance(r.get("org"), str) for r in previous["orgs"]):
        return "%s is not %s (no summary and organizations)" % (where, kind), None
    return None, previous


def with_changes(report, previous, source, summary, kind, other=None):
    """The report (its `orgs`, each with `org`) with what changed since `previous` (the previous run's report, its
    JSON text, or None): per organization `changes_since`, at the top `previous` (when the previous run was
    generated), `orgs_gone` and `summary.orgs_changed`. `summary(org)` makes an organization of either report the
    neutral summary; `other(previous, report)` says why a report of `kind` cannot be compared, or None. A previous
    report that cannot be compared is a note, never a failure."""
    report = dict(report)
    orgs = [dict(o) for o in report.get("orgs") or [] if isinstance(o, Mapping)]
    report.update(previous=None, orgs_gone=[], orgs=orgs)
    for org in orgs:
        org["changes_since"] = None
    if previous is None:
        return report
    where = "The previous report%s" % (" " + source if source else "")
    problem, previous = _previous(previous, kind, where)
    if problem is None and other is not None:
        problem = other(previous, report)
        problem = problem and "%s %s" % (where, problem)
    if problem:
        report["notes"] = list(report.get("notes") or []) + [problem + ": nothing compared with it."]
        return report
    found = compare(dict((str(o["org"]).lower(), summary(o)) for o in previous["orgs"]),
                    dict((o["org"], summary(o)) for o in orgs))
    for org in orgs:
        org["changes_since"] = found[org["org"]]
    report["previous"] = str(previous.get("generated") or "") or "an unknown time"
    report["orgs_gone"] = sorted(org for org, change in found.items() if change["state"] == "gone")
    report["summary"] = dict(report.get("summary") or {},
                             orgs_changed=sum(1 for o in orgs if o["changes_since"]["state"] != "unchanged"))
    return report


def audit_summary(org):
    """An organization of the audit's report (this run's or the previous JSON's) as the neutral summary: its drifted
    fields and unmanaged items (None when its declaration was invalid: not compared), its standards fallen short."""
    if not isinstance(org, Mapping) or org.get("problems"):
        return {"drift": None, "standards_short": None}
    drift = ["%s %s: %s" % (c.get("resource"), c.get("name"), c.get("field")) for c in org.get("drift") or []
             if isinstance(c, Mapping)]
    drift += ["unmanaged %s %s" % (u.get("resource"), u.get("name")) for u in org.get("unmanaged") or []
              if isinstance(u, Mapping)]
    standards = org.get("standards")
    return {"drift": drift, "standards_short": [s.get("path") for s in standards if isinstance(s, Mapping)
                                                and s.get("state") == "short"] if standards else None}


def _not_an_audit(previous, _report):
    if "drifted_fields" not in previous["summary"]:
        return "is not an audit report (a fleet report?)"
    return None


def audit_with_changes(report, previous=None, source=None):
    """The audit's report with what changed since the previous audit's (with_changes)."""
    return with_changes(report, previous, source, audit_summary, "an audit report", _not_an_audit)
