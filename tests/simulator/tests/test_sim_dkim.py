# -*- coding: utf-8 -*-
# Copyright (c) ppe.essentials contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""DKIM keypairs: /orgs/{d}/domains/{name}/dkim[/{selector}[/verify]]."""

from __future__ import annotations

import json

DKIM = "/orgs/acme.example/domains/acme.example/dkim"
KEY = "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7\n-----END PRIVATE KEY-----\n"
OTHER_KEY = KEY.replace("C7", "D8")


def test_create_read_list_delete(api, err):
    assert api.get(DKIM).get_json() == []
    resp = api.post(DKIM + "/Sel1", {"private_key": KEY})
    assert resp.status_code == 201
    pair = resp.get_json()
    assert set(pair) == {"did", "domain", "selector", "is_valid", "public_key"}
    assert pair["selector"] == "sel1" and pair["domain"] == "acme.example" and pair["is_valid"] is False
    assert pair["public_key"].startswith("MIIB") and KEY not in json.dumps(pair)
    assert api.get(DKIM + "/SEL1").get_json() == pair
    api.post(DKIM + "/sel2", {"private_key": OTHER_KEY})
    listed = api.get(DKIM, as_="acme").get_json()
    assert [p["selector"] for p in listed] == ["sel1", "sel2"] and listed[1]["public_key"] != pair["public_key"]
    assert listed[1]["did"] > pair["did"]
    err(api.post(DKIM + "/sel1", {"private_key": OTHER_KEY}), 409, "sel1")
    assert api.delete(DKIM + "/sel1").status_code == 204
    err(api.get(DKIM + "/sel1"), 404, "sel1")
    err(api.delete(DKIM + "/sel1"), 404)
    assert api.delete(DKIM).status_code == 204
    assert api.get(DKIM).get_json() == []


def test_create_validation(api, err):
    err(api.post(DKIM + "/sel1", {}), 422, "private_key")
    err(api.post(DKIM + "/sel1", {"private_key": "not a key", "key_size": 2048}), 422, "private_key", "key_size")
    err(api.post(DKIM + "/bad_selector!", {"private_key": KEY}), 422, "selector")
    err(api.post(DKIM + "/sel1", [KEY]), 400)
    assert api.get(DKIM).get_json() == []


def test_verify_needs_the_public_key_in_dns(api, err):
    api.post(DKIM + "/sel1", {"private_key": KEY})
    err(api.put(DKIM + "/sel1/verify"), 409, "sel1._domainkey.acme.example")
    assert api.get(DKIM + "/sel1").get_json()["is_valid"] is False
    assert api.client.put("/_sim/dns/acme.example", json={"dkim": ["SEL1"]}).status_code == 204
    resp = api.put(DKIM + "/sel1/verify")
    assert resp.status_code == 204 and resp.data == b""
    assert api.get(DKIM + "/sel1").get_json()["is_valid"] is True
    err(api.put(DKIM + "/sel9/verify"), 404)


def test_permissions_scope_and_methods(api, err):
    err(api.post(DKIM + "/sel1", {"private_key": KEY}, as_="readonly"), 403)
    err(api.post(DKIM + "/sel1", {"private_key": KEY}, as_="alice"), 403)
    assert api.get(DKIM, as_="readonly").status_code == 200
    err(api.get("/orgs/globex.example/domains/globex.example/dkim"), 403)
    err(api.get("/orgs/acme.example/domains/globex.example/dkim"), 404)
    assert api.get(DKIM, as_=None).status_code == 401
    err(api.put(DKIM + "/sel1", {"private_key": KEY}), 405)
    err(api.post(DKIM, {"private_key": KEY}), 405)
    api.post(DKIM + "/sel1", {"private_key": KEY})
    err(api.delete(DKIM + "/sel1", as_="readonly"), 403)
    err(api.delete(DKIM, as_="readonly"), 403)
    err(api.put(DKIM + "/sel1/verify", as_="readonly"), 403)


def test_private_key_never_leaves_and_keypairs_go_with_the_domain(api):
    api.post("/orgs/acme.example/domains", {"name": "signed.example"})
    api.post("/orgs/acme.example/domains/signed.example/dkim/s1", {"private_key": KEY})
    state = api.client.get("/_sim/state").get_data(as_text=True)
    assert "MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7" not in state + json.dumps(api.log())
    assert api.client.put("/_sim/state", json=json.loads(state)).status_code == 204
    assert api.get("/orgs/acme.example/domains/signed.example/dkim/s1").status_code == 200
    api.delete("/orgs/acme.example/domains/signed.example")
    api.post("/orgs/acme.example/domains", {"name": "signed.example"})
    assert api.get("/orgs/acme.example/domains/signed.example/dkim").get_json() == []
