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
            words.append("newly short of %d standard(s): %s" % (len(out["standards_newly_short"]),
                                                               _listed(out["standards_newly_short"])))
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
