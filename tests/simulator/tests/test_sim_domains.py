# -*- coding: utf-8 -*-
# Copyright (c) ppe.essentials contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Domains: GET/POST /orgs/{d}/domains and GET/PUT/PATCH/POST/DELETE /orgs/{d}/domains/{name}."""

from __future__ import annotations

import pytest

BASE = "/orgs/acme.example/domains"


def test_list_domains(api):
    assert api.get(BASE).get_json() == {"domains": [
        {"name": "acme.example", "is_active": True, "is_relay": False, "destination": "mail.acme.example",
         "failovers": [], "is_verified": False}]}
    assert api.get(BASE + "/", as_="acme").status_code == 200


def test_create_single_201_and_read_back(api):
    body = {"name": "Relay.example", "is_relay": True, "destination": "10.20.30.40",
            "failovers": ["10.30.40.50", "mx2.acme.example"]}
    resp = api.post(BASE, body)
    assert resp.status_code == 201
    assert resp.get_json() == dict(body, is_active=True, is_verified=False)
    assert api.get(BASE + "/relay.EXAMPLE").get_json()["name"] == "Relay.example"
    assert api.log()[-2]["path"] == "/api/v1/orgs/acme.example/domains"


def test_create_kb_form_post_on_item_path(api, err):
    resp = api.post(BASE + "/kb.example", {"name": "kb.example", "is_active": False, "is_relay": False,
                                           "destination": "", "failovers": []})
    assert resp.status_code == 201 and resp.get_json()["is_active"] is False
    assert api.post(BASE + "/kb2.example").status_code == 201
    err(api.post(BASE + "/kb3.example", {"name": "other.example"}), 422, "name")


def test_legacy_failover_string(api):
    api.post(BASE, {"name": "legacy.example", "failover": "1.2.3.4, backup.example"})
    assert api.get(BASE + "/legacy.example").get_json()["failovers"] == ["1.2.3.4", "backup.example"]


def test_create_batch_207(api):
    resp = api.post(BASE, [{"name": "b1.example"}, {"name": "globex.example"}, {"name": "bad..example"},
                           {"name": "b2.example", "is_relay": True}])
    assert resp.status_code == 207
    data = resp.get_json()
    assert [d["name"] for d in data["domains"]] == ["b1.example"]
    assert [(e["identifier"], e["status"]) for e in data["errors"]] == [
        ("globex.example", 409), ("bad..example", 422), ("b2.example", 422)]


def test_conflict_is_platform_wide_and_case_insensitive(api, err):
    err(api.post(BASE, {"name": "GLOBEX.example"}), 409, "already exists")
    err(api.post(BASE, {"name": "acme.example"}), 409)


@pytest.mark.parametrize("body, field", [
    ({}, "name"), ({"name": "no_underscore.example"}, "name"), ({"name": "x.example", "is_relay": True}, "destination"),
    ({"name": "x.example", "destination": "300.1.1.1"}, "destination"),
    ({"name": "x.example", "failovers": ["ok.example", "bad host"]}, "failovers"),
    ({"name": "x.example", "failovers": "1.2.3.4"}, "failovers"), ({"name": "x.example", "is_active": 3}, "is_active"),
    ({"name": "x.example", "transports": []}, "transports"),
])
def test_create_422(api, err, body, field):
    err(api.post(BASE, body), 422, field)
    assert api.get(BASE + "/x.example").status_code == 404


def test_put_is_partial_merge_204(api, err):
    resp = api.put(BASE + "/acme.example", {"failovers": ["192.0.2.1"]})
    assert resp.status_code == 204 and resp.data == b""
    dom = api.get(BASE + "/acme.example").get_json()
    assert dom["failovers"] == ["192.0.2.1"] and dom["destination"] == "mail.acme.example"
    assert api.patch(BASE + "/ACME.example", {"is_relay": True}).status_code == 204
    assert api.get(BASE + "/acme.example").get_json()["is_relay"] is True
    err(api.put(BASE + "/acme.example", {"destination": ""}), 422, "destination")
    err(api.put(BASE + "/acme.example", {"name": "renamed.example"}), 422, "renamed")
    assert api.put(BASE + "/acme.example", {"name": "ACME.EXAMPLE", "is_active": False}).status_code == 204


def test_put_on_org_admin_and_unknown(api, err):
    assert api.put(BASE + "/acme.example", {"is_active": False}, as_="acme").status_code == 204
    err(api.put(BASE + "/globex.example", {"is_active": False}), 404)
    err(api.put("/orgs/globex.example/domains/globex.example", {"is_active": False}), 403)
    err(api.put(BASE + "/acme.example", [1, 2]), 400)


def test_delete(api, err):
    api.post(BASE, {"name": "gone.example"})
    resp = api.delete(BASE + "/gone.example", headers={"Content-Type": "application/json"}, data='{"x": 1}')
    assert resp.status_code == 204
    err(api.get(BASE + "/gone.example"), 404)
    err(api.delete(BASE + "/gone.example"), 404)
    err(api.delete(BASE + "/acme.example"), 422, "primary domain")
    assert api.post("/orgs/msp.example/domains", {"name": "gone.example"}).status_code == 201


def test_domain_405(api, err):
    err(api.put(BASE, {}), 405)
    err(api.delete(BASE), 405)
