# -*- coding: utf-8 -*-
# Copyright (c) ppe.essentials contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Authentication (401 empty body), user types (403) and hierarchy scope (403 with a message)."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize("creds", [None, ("admin@msp.example", "wrong"), ("nobody@msp.example", "x"),
                                   ("admin@msp.example", ""), ("bob@acme.example", "anything")])
def test_bad_credentials_give_401_with_empty_body(api, creds):
    resp = api.get("/orgs/acme.example", as_=creds)
    assert resp.status_code == 401
    assert resp.data == b""


def test_401_also_on_unknown_paths_and_logged(api):
    assert api.get("/no/such/thing", as_=None).status_code == 401
    entry = api.log()[-1]
    assert {k: entry[k] for k in ("method", "path", "status", "stack")} == {
        "method": "GET", "path": "/api/v1/no/such/thing", "status": 401, "stack": "us1"}
    assert entry["started"] <= entry["ended"]


def test_header_names_are_case_insensitive(api):
    resp = api.get("/me", as_=None, headers={"x-user": "ADMIN@msp.example", "x-PASSWORD": "demo-password"})
    assert resp.status_code == 200
    assert resp.get_json()["primary_email"] == "admin@msp.example"


def test_inactive_user_cannot_authenticate(api):
    assert api.put("/orgs/msp.example/users/readonly@msp.example", {"is_active": False}).status_code == 204
    assert api.get("/me", as_="readonly").status_code == 401


@pytest.mark.parametrize("user_type", ["end_user", "silent_user"])
def test_end_and_silent_users_get_403(api, err, user_type):
    api.put("/orgs/acme.example/users/alice@acme.example", {"type": user_type})
    err(api.get("/orgs/acme.example", as_="alice"), 403, "no API access")
    err(api.get("/me", as_="alice"), 403)


def test_read_only_admin_reads_but_cannot_write(api, err):
    assert api.get("/orgs/acme.example/users", as_="readonly").status_code == 200
    err(api.post("/orgs/acme.example/domains", {"name": "ro.example"}, as_="readonly"), 403, "read-only")
    err(api.delete("/orgs/acme.example/users/bob@acme.example", as_="readonly"), 403)


def test_partner_reaches_subtree_not_other_tree(api, err):
    assert api.get("/orgs/acme.example").status_code == 200
    err(api.get("/orgs/globex.example"), 403, "outside your account")
    err(api.get("/orgs/msp.example", as_="other"), 403)
    assert api.get("/orgs/globex.example/users", as_="other").status_code == 200


def test_org_admin_only_own_org(api, err):
    assert api.get("/orgs/acme.example", as_="acme").status_code == 200
    err(api.get("/orgs/msp.example", as_="acme"), 403)
    err(api.get("/orgs/globex.example/domains", as_="acme"), 403)


def test_unknown_org_is_404_before_scope(api, err):
    err(api.get("/orgs/nowhere.example"), 404)
    err(api.get("/orgs/nowhere.example", as_="acme"), 404)


@pytest.mark.parametrize("caller, target, status", [
    ("root@oem.example", "cust.example", 200), ("root@oem.example", "strat.example", 200),
    ("boss@strat.example", "cust.example", 200), ("boss@strat.example", "oem.example", 403),
    ("chan@chan.example", "cust.example", 200), ("chan@chan.example", "strat.example", 403),
    ("admin@cust.example", "cust.example", 200), ("admin@cust.example", "chan.example", 403),
])
def test_oem_strategic_channel_org_hierarchy(hier, caller, target, status):
    resp = hier.get("/orgs/" + target, as_=(caller, "pw-" + caller.split("@")[0]))
    assert resp.status_code == status


@pytest.mark.parametrize("caller, child_type, status", [
    ("root@oem.example", "strategic_partner", 201), ("root@oem.example", "channel", 201),
    ("boss@strat.example", "channel", 201), ("boss@strat.example", "strategic_partner", 403),
    ("chan@chan.example", "organization", 201), ("chan@chan.example", "channel", 403),
])
def test_child_types_by_creator(hier, caller, child_type, status):
    parent = caller.split("@")[1]
    body = {"primary_domain": "new-%s.example" % child_type.replace("_", "-"), "name": "New", "type": child_type}
    resp = hier.post("/orgs/%s/orgs" % parent, body, as_=(caller, "pw-" + caller.split("@")[0]))
    assert resp.status_code == status, resp.get_json()
    if status == 201:
        org = resp.get_json()
        assert org["type"] == child_type
        assert len(org["organization_hierarchy"]) == len(hier.get("/orgs/" + parent, as_=(
            caller, "pw-" + caller.split("@")[0])).get_json()["organization_hierarchy"]) + 1
