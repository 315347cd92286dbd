# -*- coding: utf-8 -*-
# Copyright (c) ppe.essentials contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Endpoints, /me, reporting, Odin tokens, and the generic 400/404/405 and deprecated-terms rules."""

from __future__ import annotations

import pytest

BOSS = ("boss@strat.example", "pw-boss")


def test_endpoints(api, err):
    assert api.get("/endpoints/acme.example").get_json() == {"endpoints": ["http://127.0.0.1:9"]}
    assert api.get("/endpoints/GLOBEX.example").status_code == 200
    err(api.get("/endpoints/nowhere.example"), 404)
    assert api.get("/endpoints/acme.example", as_=None).status_code == 401


def test_me(api):
    me = api.get("/me", as_="acme").get_json()
    assert me["primary_email"] == "admin@acme.example" and me["type"] == "organization_admin"
    assert me["entity_primary_domain"] == "acme.example" and me["is_partner_admin"] is False
    assert api.get("/me", as_="readonly").get_json()["read_only_user"] is True


@pytest.mark.parametrize("period, label, freq, slots", [("daily", "24h", "1h", 24), ("weekly", "7d", "24h", 7),
                                                        ("Monthly", "30d", "24h", 30)])
def test_reporting_periods(api, period, label, freq, slots):
    rep = api.get("/reporting/acme.example/" + period).get_json()
    assert rep["period"] == label and rep["frequency"] == freq
    assert set(rep) == {"period", "frequency", "inbound", "outbound"}
    inbound = rep["inbound"]
    assert len(inbound["clean"]) == slots and inbound["clean_total"] == sum(inbound["clean"].values())
    assert inbound["image_blocked_total"] == 0
    assert inbound["whitelist"] == inbound["safelist"] and inbound["blacklist_total"] == inbound["blocklist_total"]


def test_reporting_is_deterministic_and_directional(api, err):
    first = api.get("/reporting/acme.example/weekly").get_json()
    assert api.get("/reporting/acme.example/weekly", as_="acme").get_json() == first
    only_in = api.get("/reporting/acme.example/weekly/inbound").get_json()
    assert set(only_in) == {"period", "frequency", "inbound"} and only_in["inbound"] == first["inbound"]
    new = api.get("/reporting/acme.example/weekly/outbound", headers={"X-Terms-Update": "true"}).get_json()
    assert "whitelist" not in new["outbound"] and "safelist_total" in new["outbound"]
    assert list(first["inbound"]["spam"])[-1] == "2025-12-31T00:00:00Z"
    err(api.get("/reporting/acme.example/yearly"), 404)
    err(api.get("/reporting/acme.example/daily/sideways"), 404)
    err(api.get("/reporting/globex.example/daily"), 403)


def test_reporting_anchor_configurable(api):
    api.client.put("/_sim/config", json={"report_anchor": "2030-06-01T00:00:00Z"})
    rep = api.get("/reporting/acme.example/daily/inbound").get_json()
    assert list(rep["inbound"]["clean"])[-1] == "2030-05-31T23:00:00Z"


def test_token_success_with_and_without_domain(hier):
    resp = hier.post("/token/cust.example", {"user_to_impersonate": "admin@cust.example"}, as_=BOSS)
    assert resp.status_code == 201
    token = resp.get_json()["auth_token"]
    assert isinstance(token, str) and len(token) > 10
    assert hier.post("/token", {"user_to_impersonate": "ADMIN@cust.example"}, as_=BOSS).status_code == 201


@pytest.mark.parametrize("caller, target, body, status", [
    (BOSS, "cust.example", {"user_to_impersonate": "second@cust.example"}, 403),  # not imitable
    (BOSS, "cust.example", {"user_to_impersonate": "eve@cust.example"}, 403),  # not an org admin
    (("plain@strat.example", "pw-plain"), "cust.example", {"user_to_impersonate": "admin@cust.example"}, 403),
    (("root@oem.example", "pw-root"), "cust.example", {"user_to_impersonate": "admin@cust.example"}, 403),
    (("chan@chan.example", "pw-chan"), "cust.example", {"user_to_impersonate": "admin@cust.example"}, 403),
    (BOSS, "cust.example", {"user_to_impersonate": "nobody@cust.example"}, 404),
    (BOSS, "chan.example", {"user_to_impersonate": "admin@cust.example"}, 404),
    (BOSS, "cust.example", {}, 422),
    (BOSS, "cust.example", {"user_to_impersonate": "not-an-email"}, 422),
])
def test_token_preconditions(hier, err, caller, target, body, status):
    err(hier.post("/token/" + target, body, as_=caller), status)


def test_token_wrong_method_405(hier, err):
    err(hier.get("/token/cust.example", as_=BOSS), 405)


def test_malformed_json_400(api, err):
    resp = api.call("POST", "/orgs/acme.example/domains", data="{not json",
                    headers={"Content-Type": "application/json"})
    err(resp, 400, "malformed JSON")
    err(api.call("PUT", "/orgs/acme.example/features", data="[1,", headers={"Content-Type": "text/plain"}), 400)
    err(api.put("/orgs/acme.example/domains/acme.example"), 400)


@pytest.mark.parametrize("path", ["/nothing", "/orgs", "/orgs/acme.example/widgets", "/orgs/acme.example/users/a/b/c"])
def test_unknown_paths_404(api, err, path):
    err(api.get(path), 404)


def test_unknown_api_root_and_version_404(api, err):
    err(api.get("/v2/me", prefix="/api"), 404)
    assert api.get("//orgs//acme.example//domains").status_code == 200


def test_deprecated_terms_switch(api, err):
    assert api.client.put("/_sim/config", json={"reject_deprecated_terms": True}).status_code == 204
    err(api.post("/orgs/acme.example/users", {"primary_email": "n@acme.example", "white_list_senders": []}), 400,
        "white_list_senders")
    err(api.put("/orgs/acme.example/users/bob@acme.example", {"black_list_senders": []}), 400)
    admin = {"primary_email": "a@z.example", "white_list_senders": []}
    err(api.post("/orgs/msp.example/orgs", [{"primary_domain": "z.example", "name": "Z", "admin_user": admin}]), 400)
    user = api.get("/orgs/acme.example/users/bob@acme.example").get_json()
    assert "white_list_senders" not in user and "safe_list_senders" in user
    assert "whitelist" not in api.get("/reporting/acme.example/daily/inbound").get_json()["inbound"]
    assert api.client.get("/_sim/config").get_json()["reject_deprecated_terms"] is True
    api.client.post("/_sim/reset")
    assert "white_list_senders" in api.get("/orgs/acme.example/users/bob@acme.example").get_json()


def test_body_status_equals_http_status_everywhere(api):
    for resp in (api.get("/orgs/globex.example"), api.get("/nope"), api.put("/orgs/acme.example", {}),
                 api.post("/orgs/acme.example/domains", {"name": "acme.example"}),
                 api.post("/orgs/acme.example/domains", {"name": "bad name"})):
        assert resp.get_json()["status"] == resp.status_code
        assert resp.headers["Content-Type"] == "application/json"
