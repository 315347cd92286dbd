# -*- coding: utf-8 -*-
# Copyright (c) ppe.essentials contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Orgs: GET/PATCH/DELETE /orgs/{d}, GET/POST /orgs/{d}/orgs."""

from __future__ import annotations

import pytest

ORG_KEYS = {"primary_domain", "name", "is_active", "type", "eid", "organization_hierarchy", "licensing_package",
            "is_on_trial", "user_licenses", "active_users", "when_renewal", "is_beginner_plus",
            "is_beginner_plus_enabled", "www", "address", "postcode", "stateprov", "country", "phone", "admin_user",
            "domains", "outgoing_servers", "safe_list_senders", "block_list_senders", "ldap_url", "ldap_username",
            "ldap_basedn", "is_smtp_discovery_enabled", "account_template_id", "send_welcome_email",
            "odin_capabilities", "billing_method"}


def new_org(**extra):
    body = {"primary_domain": "newco.example", "name": "NewCo", "country": "GB"}
    body.update(extra)
    return body


def test_get_org_shape(api):
    org = api.get("/orgs/acme.example").get_json()
    assert set(org) == ORG_KEYS | {"white_list_senders", "black_list_senders"}
    assert org["name"] == "Acme Corporation" and org["eid"] == 101
    assert org["organization_hierarchy"] == ["101 : 'Acme Corporation'", "100 : 'Example MSP'"]
    assert org["domains"] == [{"name": "acme.example", "is_active": True, "is_relay": False,
                               "destination": "mail.acme.example", "failovers": [], "is_verified": False}]
    assert org["admin_user"]["primary_email"] == "admin@acme.example"
    assert org["licensing_package"] == "business" and org["user_licenses"] == 25
    assert org["active_users"] == 3


def test_get_org_by_any_domain_case_insensitive(api):
    assert api.post("/orgs/acme.example/domains", {"name": "acme-alias.example"}).status_code == 201
    assert api.get("/orgs/ACME-Alias.example").get_json()["primary_domain"] == "acme.example"
    assert api.get("/orgs/acme.example/").status_code == 200


def test_terms_update_header_gives_new_names_only(api):
    org = api.get("/orgs/acme.example", headers={"X-Terms-Update": "true"}).get_json()
    assert set(org) == ORG_KEYS
    assert "white_list_senders" not in org["admin_user"]


def test_list_orgs_self_first_then_children(api):
    orgs = api.get("/orgs/msp.example/orgs").get_json()["orgs"]
    assert [o["primary_domain"] for o in orgs] == ["msp.example", "acme.example"]
    assert [o["primary_domain"] for o in api.get("/orgs/acme.example/orgs").get_json()["orgs"]] == ["acme.example"]


def test_create_org_201_full_shape(api):
    body = new_org(admin_user={"primary_email": "boss@newco.example", "firstname": "B"},
                   domains=[{"name": "newco.example"}, "newco2.example"], licensing_package="Advanced",
                   country="US", stateprov="California", white_list_senders=["friend@partner.example"],
                   block_list_senders=["*@spam.example"])
    resp = api.post("/orgs/msp.example/orgs", body)
    assert resp.status_code == 201, resp.get_json()
    org = resp.get_json()
    assert set(org) >= ORG_KEYS
    assert org["eid"] >= 1000 and org["type"] == "organization" and org["licensing_package"] == "advanced"
    assert org["organization_hierarchy"][1:] == ["100 : 'Example MSP'"]
    assert [d["name"] for d in org["domains"]] == ["newco.example", "newco2.example"]
    assert org["domains"][0] == {"name": "newco.example", "is_active": True, "is_relay": False, "destination": "",
                                 "failovers": [], "is_verified": False}
    assert org["admin_user"]["type"] == "organization_admin" and org["admin_user"]["uid"] > 0
    assert org["safe_list_senders"] == org["white_list_senders"] == ["friend@partner.example"]
    assert org["block_list_senders"] == ["*@spam.example"]
    assert api.get("/orgs/newco2.example").get_json()["eid"] == org["eid"]
    assert api.get("/orgs/newco.example/users/boss@newco.example").status_code == 200


def test_create_org_defaults(api):
    org = api.post("/orgs/msp.example/orgs", {"primary_domain": "min.example", "name": "Min"}).get_json()
    assert org["licensing_package"] == "business" and org["country"] == "" and org["admin_user"] is None
    assert org["account_template_id"] is None and org["outgoing_servers"] == []


@pytest.mark.parametrize("body, field", [
    ({"name": "x"}, "primary_domain"),
    (new_org(name=""), "name"),
    (new_org(primary_domain="not a domain"), "primary_domain"),
    (new_org(country="XX"), "country"),
    (new_org(country="US"), "stateprov"),
    (new_org(country="CA", stateprov="Texas"), "stateprov"),
    (new_org(licensing_package="platinum"), "licensing_package"),
    (new_org(type="galaxy"), "type"),
    (new_org(user_licenses="many"), "user_licenses"),
    (new_org(is_active="maybe"), "is_active"),
    (new_org(outgoing_servers=["mail.example"]), "outgoing_servers"),
    (new_org(safe_list_senders=["ok@a.example", "bad@@x", "10.0.0.0/8"]), "bad@@x"),
    (new_org(domains=["bad_domain"]), "domains.name"),
    (new_org(admin_user={"primary_email": "not-an-email"}), "admin_user.primary_email"),
    (new_org(colour="blue"), "colour"),
])
def test_create_org_422_names_the_field(api, err, body, field):
    err(api.post("/orgs/msp.example/orgs", body), 422, field)
    assert api.get("/orgs/newco.example").status_code == 404


def test_create_org_sender_lists_report_all_bad_entries(api, err):
    body = err(api.post("/orgs/msp.example/orgs", new_org(block_list_senders=["a@@b", "1.2.3.4/16", "fine.example"])),
               422)
    assert [e["value"] for e in body["errors"]] == ["a@@b", "1.2.3.4/16"]


def test_create_org_conflicts(api, err):
    err(api.post("/orgs/msp.example/orgs", new_org(primary_domain="globex.example")), 409)
    assert api.post("/orgs/msp.example/orgs", new_org()).status_code == 201
    err(api.post("/orgs/msp.example/orgs", new_org(primary_domain="NEWCO.example")), 409)


def test_create_org_admin_user_domain_must_belong(api, err):
    err(api.post("/orgs/msp.example/orgs", new_org(admin_user={"primary_email": "x@elsewhere.example"})), 403,
        "not registered")
    assert api.get("/orgs/newco.example").status_code == 404


def test_create_org_batch_207(api):
    body = [new_org(), new_org(primary_domain="acme.example"), {"name": "no domain"},
            new_org(primary_domain="newer.example", type="channel")]
    resp = api.post("/orgs/msp.example/orgs", body)
    assert resp.status_code == 207
    data = resp.get_json()
    assert [o["primary_domain"] for o in data["orgs"]] == ["newco.example"]
    assert [(e["identifier"], e["status"]) for e in data["errors"]] == [
        ("acme.example", 409), ("", 422), ("newer.example", 403)]
    assert all(e["error_message"] for e in data["errors"])


def test_org_admin_cannot_create_orgs(api, err):
    err(api.post("/orgs/acme.example/orgs", new_org(), as_="acme"), 403)


def test_patch_is_active(api, err):
    assert api.patch("/orgs/acme.example", {"is_active": False}).status_code == 204
    assert api.get("/orgs/acme.example").get_json()["is_active"] is False
    assert api.patch("/orgs/acme.example", {"is_active": "true"}).status_code == 204
    assert api.get("/orgs/acme.example").get_json()["is_active"] is True
    err(api.patch("/orgs/acme.example", {"is_active": True, "name": "X", "www": "y"}), 422, "name", "www")
    err(api.patch("/orgs/acme.example", {}), 422, "is_active")
    err(api.patch("/orgs/acme.example", {"is_active": True}, as_="acme"), 403)
    err(api.patch("/orgs/msp.example", {"is_active": False}), 403, "own entity")


def test_delete_org(api, err):
    err(api.delete("/orgs/msp.example", as_="other"), 403)
    err(api.delete("/orgs/acme.example", as_="acme"), 403)
    api.post("/orgs/msp.example/orgs", new_org())
    assert api.delete("/orgs/newco.example", json={"ignored": True}).status_code == 204
    err(api.get("/orgs/newco.example"), 404)
    assert api.post("/orgs/msp.example/orgs", new_org()).status_code == 201


def test_delete_org_with_children_is_409(hier, err):
    root = ("root@oem.example", "pw-root")
    err(hier.delete("/orgs/chan.example", as_=root), 409, "child")
    assert hier.delete("/orgs/cust.example", as_=root).status_code == 204
    assert hier.store.user_by_email("eve@cust.example") == (None, None)
    assert hier.delete("/orgs/chan.example", as_=root).status_code == 204


def test_org_methods_405(api, err):
    body = err(api.put("/orgs/acme.example", {"is_active": True}), 405)
    assert "PUT" in body["error_message"]
    err(api.post("/orgs/acme.example", {}), 405)
    err(api.delete("/orgs/acme.example/orgs"), 405)
