# -*- coding: utf-8 -*-
# Copyright (c) ppe.essentials contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The audit sees every section (issue 21): an undeclared SAML identity provider (one that forces the login above all),
an undeclared DKIM selector, undeclared exemptions, and a declared organization that is deactivated or gone. Each
case is the organization as the simulator holds it, read with read_live_sections and the modules' own reads (in
process), then judged by drift in check mode, as the audit runs."""

from __future__ import annotations

from ansible_collections.ppe.essentials.plugins.module_utils._customer import CustomerRun, drift
from ansible_collections.ppe.essentials.plugins.module_utils._live_sections import read_live_sections
from tests.unit.plugins.modules.conftest import run_module

ORG = "acme.example"
AUTH = "/orgs/%s/authentication/settings" % ORG
CERT = "-----BEGIN CERTIFICATE-----\nTUlJQ2Vy\n-----END CERTIFICATE-----"
KEY = "-----BEGIN PRIVATE KEY-----\nRXhhbXBsZSBvbmx5\n-----END PRIVATE KEY-----\n"


def declared(**extra):
    """The simulator's acme.example as declared: its administrator, its one domain, its two end users."""
    return dict({"domain": ORG, "parent": "msp.example", "name": "Acme Corporation",
                 "admin": {"email": "admin@acme.example"},
                 "users": [{"email": "alice@acme.example"}, {"email": "bob@acme.example"}]}, **extra)


def add_idp(client, name):
    return client.request("POST", AUTH + "/idps", {
        "name": name, "idp_entity_id": "https://%s.example/entity" % name.lower(),
        "idp_login_url": "https://%s.example/login" % name.lower(), "idp_public_cert": CERT}).data["id"]


def behind_the_back(client):
    """What an administrator adds in the portal: two IdPs (the second forces the login), two DKIM keys, exemptions
    from e-mail tagging (in a package that offers it) and from the Azure AD sync."""
    add_idp(client, "Okta")
    forced = add_idp(client, "Shadow IdP")
    client.request("PUT", AUTH + "/login", {"idp_for_forced_login": forced})
    for selector in ("ppe2026", "rogue"):
        client.request("POST", "/orgs/%s/domains/%s/dkim/%s" % (ORG, ORG, selector), {"private_key": KEY})
    client.request("PUT", "/orgs/%s/package" % ORG, {"package": "advanced_plus"})
    client.request("POST", "/orgs/%s/email-tagging/exemptions" % ORG,
                   {"exemptions": ["partner.example", "*@news.example"]})
    client.request("PUT", "/orgs/%s/settings/azure/exemptions" % ORG, {"emails": ["ceo@acme.example"]})
    return forced


def audit(store, client, customer):
    """drift of a check-mode run as ppe_customer gathers it: the organization read before any change, the users step
    (every user of the organization) and the sections read; the GETs of the sections read."""
    live = run_module("ppe_org_info", {"domain": customer["domain"]}, True, client)
    steps = []
    if live.get("org") is not None:
        steps.append(("users", customer["domain"], run_module(
            "ppe_users", {"org": customer["domain"], "users": customer["users"]}, True, client)))
    del store.log[:]
    sections = read_live_sections(client, customer, live.get("org"))
    reads = [(e["method"], e["path"], e["status"]) for e in store.log]
    return drift(customer, CustomerRun(live.get("org"), True, steps, sections), check_mode=True)["drift"], reads


def test_what_the_organization_has_and_the_declaration_does_not_list_is_unmanaged(simulator):
    """The issue's case: "no drift, 0 unmanaged" for a customer with an undeclared IdP that forces the login and an
    undeclared DKIM selector. The IdP that forces the login is listed first (with the administrators); one GET per
    collection (the GETs above are every request of the read), nothing written."""
    store, client = simulator
    forced = behind_the_back(client)
    customer = declared(saml_idps=[{"name": "OKTA"}],  # names compare case-insensitively
                        dkim=[{"domain": ORG, "selector": "PPE2026"}],
                        email_tagging={"exemptions": ["Partner.example"]})
    drift, reads = audit(store, client, customer)
    assert drift["changes"] == []
    assert [(u["resource"], u["name"]) for u in drift["unmanaged"]] == [
        ("saml_idp", "Shadow IdP"),
        ("dkim", "rogue._domainkey.acme.example"),
        ("email_tagging_exemption", "*@news.example"),
        ("azure_sync_exemption", "ceo@acme.example"),
    ]
    idp = drift["unmanaged"][0]
    assert idp["forces_login"] is True and idp["details"] == {"id": forced, "is_active": False, "forces_login": True}
    assert drift["unmanaged"][1]["details"] == {"domain": ORG, "selector": "rogue", "is_valid": False}
    assert all(u["org"] == ORG and u["admin"] is False for u in drift["unmanaged"])
    assert reads == [("GET", "/api/v1" + path, 200) for path in (
        AUTH + "/idps", AUTH + "/login", "/orgs/acme.example/domains/acme.example/dkim",
        "/orgs/acme.example/email-tagging/exemptions", "/orgs/acme.example/settings/azure/exemptions")]


def test_unmanaged_end_users_come_after_the_sections_and_admins_before_the_forcing_idp(simulator):
    store, client = simulator
    behind_the_back(client)
    customer = declared(users=[], admin={"email": "alice@acme.example"})
    drift, _reads = audit(store, client, customer)
    assert [(u["resource"], u["name"]) for u in drift["unmanaged"]] == [
        ("user", "admin@acme.example"),          # an administrator
        ("saml_idp", "Shadow IdP"),              # forces the login
        ("saml_idp", "Okta"),
        ("dkim", "ppe2026._domainkey.acme.example"),
        ("dkim", "rogue._domainkey.acme.example"),
        ("email_tagging_exemption", "*@news.example"),  # none declared: every one is unmanaged, sorted
        ("email_tagging_exemption", "partner.example"),
        ("azure_sync_exemption", "ceo@acme.example"),
        ("user", "bob@acme.example"),
    ]
    assert [u.get("forces_login") for u in drift["unmanaged"] if u["resource"] == "saml_idp"] == [True, False]


def test_exemptions_the_declaration_does_not_list_are_unmanaged_in_every_mode(simulator):
    """append and remove leave the other exemptions alone: unmanaged, like users that are not declared."""
    store, client = simulator
    behind_the_back(client)
    customer = declared(azure_sync={"exemptions": ["CEO@acme.example"], "exemptions_mode": "append"},
                        email_tagging={"exemptions": ["Partner.example"], "exemptions_mode": "remove"})
    drift, _reads = audit(store, client, customer)
    assert [(u["resource"], u["name"]) for u in drift["unmanaged"] if u["resource"].endswith("exemption")] == [
        ("email_tagging_exemption", "*@news.example")]


def test_a_section_the_api_refuses_to_read_is_not_available_and_noted(simulator):
    """A package or account without a section answers 403 or 404: the audit goes on, and says what it could not see."""
    store, client = simulator
    behind_the_back(client)
    store.faults.configure({"next": [
        {"status": 403, "method": "GET", "path_prefix": "/api/v1/orgs/acme.example/email-tagging/exemptions"},
        {"status": 404, "method": "GET", "path_prefix": "/api/v1/orgs/acme.example/domains/acme.example/dkim"}]})
    drift, reads = audit(store, client, declared())
    assert [s for _m, _p, s in reads] == [200, 200, 404, 403, 200]
    resources = [u["resource"] for u in drift["unmanaged"]]
    assert "dkim" not in resources and "email_tagging_exemption" not in resources
    assert "azure_sync_exemption" in resources and "saml_idp" in resources
    noted = [n for n in drift["notes"] if n.startswith("Not read")]
    assert len(noted) == 2, drift["notes"]
    assert "DKIM keys of acme.example" in noted[0] and "HTTP 404" in noted[0]
    assert "e-mail tagging exemptions" in noted[1] and "HTTP 403" in noted[1]


def test_a_deactivated_organization_is_drift_unless_declared_inactive(simulator):
    store, client = simulator
    client.request("PATCH", "/orgs/%s" % ORG, {"is_active": False})
    drift, _reads = audit(store, client, declared())
    assert [(c["resource"], c["name"], c["field"], c["old"], c["new"]) for c in drift["changes"]] == [
        ("org", ORG, "is_active", False, True)]
    assert "deactivated" in drift["changes"][0]["note"]
    drift, _reads = audit(store, client, declared(is_active=False))
    assert drift["changes"] == []


def test_a_declared_organization_that_is_gone_is_reported_and_nothing_else_is_read(simulator):
    store, client = simulator
    client.request("DELETE", "/orgs/%s" % ORG)
    drift, reads = audit(store, client, declared())
    assert reads == []
    assert drift["exists"] is False
    # Counted as drift even where no org step predicted it (ppe_customer's preview adds what the run would create).
    assert [(c["resource"], c["name"], c["field"], c["old"], c["new"]) for c in drift["changes"]] == [
        ("org", ORG, "exists", False, True)]
    assert drift["unmanaged"] == []
