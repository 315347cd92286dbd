# -*- coding: utf-8 -*-
# Copyright (c) ppe.essentials contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The filter audit_changes (issue 24): what changed since the previous audit, with the fleet report's comparison;
a previous file that is broken or not an audit is a note, never a failure."""

from __future__ import annotations

import json
import os

import pytest
from ansible.errors import AnsibleFilterError

from ansible_collections.ppe.essentials.plugins.filter.audit_changes import FilterModule, audit_changes
from tests.unit.plugins.filter.test_customer import REPO, _template


def org(name, drift=(), unmanaged=(), standards=None, problems=()):
    return {"org": name, "name": name, "exists": True, "drift_count": len(drift),
            "drift": [{"org": name, "resource": r, "name": n, "field": f, "live": 1, "declared": 2} for r, n, f in drift],
            "unmanaged": [{"org": name, "resource": r, "name": n, "admin": False, "details": {}} for r, n in unmanaged],
            "problems": list(problems), "dns_records": [], "notes": [], "standards": standards or []}


def report(generated, *orgs):
    return {"generated": generated, "check_mode": True, "orgs": list(orgs),
            "summary": {"orgs": len(orgs), "drifted_fields": 0, "unmanaged": 0, "invalid_declarations": 0}}


PREVIOUS = report("2026-12-01T00:00:00Z",
                  org("acme.example", drift=[("domain", "acme.example", "destination")],
                      standards=[{"path": "features.dlp", "standard": True, "live": True, "state": "held"}]),
                  org("gone.example"), org("bad.example", problems=["x"]))
CURRENT = report("2026-12-02T00:00:00Z",
                 org("acme.example", unmanaged=[("user", "eve@acme.example")],
                     standards=[{"path": "features.dlp", "standard": True, "live": False, "state": "short"}]),
                 org("bad.example", drift=[("org", "bad.example", "phone")]), org("new.example"))


def test_what_appeared_was_resolved_and_fell_short_per_organization_and_in_the_markdown():
    out = audit_changes(CURRENT, previous=json.dumps(PREVIOUS), source="reports/audit-1.json")
    assert out["previous"] == "2026-12-01T00:00:00Z" and out["orgs_gone"] == ["gone.example"]
    acme, bad, new = (o["changes_since"] for o in out["orgs"])
    assert acme["drift_appeared"] == ["unmanaged user eve@acme.example"]
    assert acme["drift_resolved"] == ["domain acme.example: destination"]
    assert acme["standards_newly_short"] == ["features.dlp"]
    assert bad["state"] == "unchanged"  # its declaration was invalid then: its drift was not compared
    assert new["state"] == "added"
    assert out["summary"]["orgs_changed"] == 2

    variables = {"ppe_audit_report": out}
    with open(os.path.join(REPO, "playbooks", "templates", "audit_report.md.j2"), encoding="utf-8") as handle:
        markdown = _template(handle.read(), variables)
    assert ("## Since 2026-12-01T00:00:00Z\n\n- acme.example: 1 drift(s) appeared: unmanaged user eve@acme.example; "
            "1 drift(s) resolved: domain acme.example: destination; newly short of 1 standard(s): features.dlp\n"
            "- new.example: new since then\n- gone.example: in the previous audit, not in this one") in markdown


@pytest.mark.parametrize("previous, note", [
    ("{not json", "The previous report reports/x.json is not valid JSON"),
    ("", "The previous report reports/x.json is empty or could not be read"),
    (json.dumps({"partner": "msp.example", "generated": "x", "orgs": [], "summary": {"orgs": 0}}),
     "The previous report reports/x.json is not an audit report (a fleet report?)"),
    (json.dumps([1, 2]), "The previous report reports/x.json is not an audit report (no summary and organizations)"),
])
def test_a_previous_file_that_is_broken_or_no_audit_is_a_note(previous, note):
    out = audit_changes(CURRENT, previous=previous, source="reports/x.json")
    assert out["previous"] is None and all(o["changes_since"] is None for o in out["orgs"])
    assert out["notes"][-1].startswith(note) and out["notes"][-1].endswith(": nothing compared with it.")


def test_the_filter_is_registered_and_refuses_what_is_no_report():
    assert set(FilterModule().filters()) == {"audit_changes"}
    with pytest.raises(AnsibleFilterError, match="the audit's report"):
        audit_changes(["x"])
