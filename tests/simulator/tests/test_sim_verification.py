# -*- coding: utf-8 -*-
# Copyright (c) ppe.essentials contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Domain verification: GET .../verification-code, PUT .../verify/{TXT|META}, and /_sim/dns."""

from __future__ import annotations

import pytest

DOMAIN = "/orgs/acme.example/domains/acme.example"


def publish(api, name, **records):
    resp = api.client.put("/_sim/dns/" + name, json=records)
    assert resp.status_code == 204, resp.get_data(as_text=True)


def test_code_is_per_domain_and_stable(api):
    api.post("/orgs/acme.example/domains", {"name": "second.example"})
    first = api.get(DOMAIN + "/verification-code").get_json()
    assert first == api.get(DOMAIN + "/verification-code", as_="acme").get_json()
    assert first["verification_code"].startswith("ppe-verification=") and len(first["verification_code"]) == 49
    second = api.get("/orgs/acme.example/domains/second.example/verification-code").get_json()
    assert second != first


@pytest.mark.parametrize("method", ["TXT", "META", "txt"])
def test_verify_409_until_published_then_204(api, err, method):
    code = api.get(DOMAIN + "/verification-code").get_json()["verification_code"]
    err(api.put(DOMAIN + "/verify/" + method), 409, "not able to verify", code)
    assert api.get(DOMAIN).get_json()["is_verified"] is False
    other = "META" if method.upper() == "TXT" else "TXT"
    publish(api, "ACME.example", verification=[other])
    err(api.put(DOMAIN + "/verify/" + method), 409)
    publish(api, "acme.example", verification=[method])
    resp = api.put(DOMAIN + "/verify/" + method)
    assert resp.status_code == 204 and resp.data == b""
    assert api.get(DOMAIN).get_json()["is_verified"] is True
    assert api.get("/orgs/acme.example").get_json()["domains"][0]["is_verified"] is True
    api.client.delete("/_sim/dns/acme.example")
    assert api.put(DOMAIN + "/verify/TXT").status_code == 204  # a verified domain stays verified


def test_verification_errors_and_permissions(api, err):
    err(api.put(DOMAIN + "/verify/CNAME"), 404, "TXT and META")
    err(api.get("/orgs/acme.example/domains/globex.example/verification-code"), 404)
    err(api.get("/orgs/nowhere.example/domains/nowhere.example/verification-code"), 404)
    err(api.get("/orgs/globex.example/domains/globex.example/verification-code"), 403)
    err(api.put(DOMAIN + "/verify/TXT", as_="readonly"), 403)
    err(api.put(DOMAIN + "/verify/TXT", as_="alice"), 403)
    assert api.get(DOMAIN + "/verification-code", as_=None).status_code == 401
    err(api.get(DOMAIN + "/verify/TXT"), 405)
    err(api.post(DOMAIN + "/verification-code"), 405)


def test_verified_flag_is_read_only_and_kept(api):
    assert api.put(DOMAIN, {"is_verified": True, "destination": "mx.acme.example"}).status_code == 204
    assert api.get(DOMAIN).get_json()["is_verified"] is False
    assert api.post("/orgs/acme.example/domains", {"name": "flag.example", "is_verified": True}).get_json()[
        "is_verified"] is False


def test_dns_control_and_state(api):
    assert api.client.get("/_sim/dns/acme.example").get_json() == {"verification": [], "dkim": []}
    for bad in ([], {"verification": ["CNAME"]}, {"dkim": "sel"}, {"mx": []}):
        assert api.client.put("/_sim/dns/acme.example", json=bad).status_code == 400
    publish(api, "acme.example", verification=["meta", "TXT"], dkim=["Sel1"])
    assert api.client.get("/_sim/dns/acme.example").get_json() == {"verification": ["META", "TXT"], "dkim": ["sel1"]}
    state = api.client.get("/_sim/state").get_json()
    assert state["dns"] == {"acme.example": {"verification": ["META", "TXT"], "dkim": ["sel1"]}}
    api.put(DOMAIN + "/verify/META")
    assert api.client.put("/_sim/state", json=state).status_code == 204
    assert api.get(DOMAIN).get_json()["is_verified"] is False
    assert api.client.get("/_sim/dns/acme.example").get_json()["dkim"] == ["sel1"]
    assert api.client.post("/_sim/reset").status_code == 204
    assert api.client.get("/_sim/dns/acme.example").get_json() == {"verification": [], "dkim": []}
