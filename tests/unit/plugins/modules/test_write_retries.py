# -*- coding: utf-8 -*-
# Copyright (c) ppe.essentials contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Every write the collection sends is safe to retry (issue 20): one table of the write endpoints of every
declaration (POST, PUT, PATCH, DELETE), each run through its module against the in-process simulator with one fault
on that write: a 500 (nothing done), a dropped connection (nothing done) or a lost answer (done, the answer never
arrives). Each case must converge: no failure, the object as desired (a second run changes nothing and writes
nothing), no duplicate."""

from __future__ import annotations

import pytest

from tests.simulator.store import published_records
from tests.unit.plugins.modules.conftest import BASE, run_module, writes

ORG = "acme.example"
V = "/api/v1/orgs/acme.example"
KEY = "-----BEGIN PRIVATE KEY-----\nbm90IGEga2V5\n-----END PRIVATE KEY-----\n"
CERT = "-----BEGIN CERTIFICATE-----\nMIIBfake\n-----END CERTIFICATE-----"
IDP = {"org": ORG, "name": "Okta", "idp_entity_id": "http://www.okta.com/x",
       "idp_login_url": "https://okta.example/sso", "idp_public_cert": CERT}
AZURE = {"org": ORG, "application_id": "app-1", "client_secret": "a-client-secret-in-a-test"}
FAULTS = {"500": {"status": 500}, "drop": {"drop": True}, "lost": {"lost": True}}


def package(name):
    """Setup: the organization's licensing package (e-mail tagging needs a "+" package)."""
    return [("ppe_licensing", {"org": ORG, "package": name})]


# case -> (setup module runs, the module run under test, the write that gets the fault: method, path prefix)
WRITES = {
    "org-create": ([], ("ppe_org", {"domain": "new.example", "parent": "msp.example", "name": "New"}),
                   ("POST", "/api/v1/orgs/msp.example/orgs")),
    "org-update": ([], ("ppe_org", {"domain": ORG, "is_active": False}), ("PATCH", V)),
    "org-delete": ([("ppe_org", {"domain": "gone.example", "parent": "msp.example", "name": "Gone"})],
                   ("ppe_org", {"domain": "gone.example", "state": "absent"}), ("DELETE", "/api/v1/orgs/gone.example")),
    "domain-create": ([], ("ppe_domain", {"org": ORG, "name": "new-domain.example"}), ("POST", V + "/domains")),
    "domain-update": ([], ("ppe_domain", {"org": ORG, "name": ORG, "destination": "mx2.acme.example"}),
                      ("PUT", V + "/domains/acme.example")),
    "domain-delete": ([("ppe_domain", {"org": ORG, "name": "gone-domain.example"})],
                      ("ppe_domain", {"org": ORG, "name": "gone-domain.example", "state": "absent"}),
                      ("DELETE", V + "/domains/gone-domain.example")),
    "domain-verify": ([], ("ppe_domain_verification", {"org": ORG, "domain": ORG, "verify": True}),
                      ("PUT", V + "/domains/acme.example/verify/TXT")),
    "dkim-create": ([], ("ppe_dkim", {"org": ORG, "domain": ORG, "selector": "s1", "private_key": KEY}),
                    ("POST", V + "/domains/acme.example/dkim/s1")),
    "dkim-delete": ([("ppe_dkim", {"org": ORG, "domain": ORG, "selector": "s1", "private_key": KEY})],
                    ("ppe_dkim", {"org": ORG, "domain": ORG, "selector": "s1", "state": "absent"}),
                    ("DELETE", V + "/domains/acme.example/dkim/s1")),
    "dkim-verify": ([("ppe_dkim", {"org": ORG, "domain": ORG, "selector": "s1", "private_key": KEY})],
                    ("ppe_dkim", {"org": ORG, "domain": ORG, "selector": "s1", "verify": True}),
                    ("PUT", V + "/domains/acme.example/dkim/s1/verify")),
    "user-create": ([], ("ppe_user", {"org": ORG, "email": "new@acme.example", "firstname": "New", "surname": "User"}),
                    ("POST", V + "/users")),
    "user-update": ([], ("ppe_user", {"org": ORG, "email": "bob@acme.example", "firstname": "Robert"}),
                    ("PUT", V + "/users/bob@acme.example")),
    "user-delete": ([], ("ppe_user", {"org": ORG, "email": "bob@acme.example", "state": "absent"}),
                    ("DELETE", V + "/users/bob@acme.example")),
    "users-batch-create": ([], ("ppe_users", {"org": ORG, "users": [
        {"email": "n1@acme.example", "firstname": "N", "surname": "One"},
        {"email": "n2@acme.example", "firstname": "N", "surname": "Two"}]}), ("POST", V + "/users")),
    "users-update": ([], ("ppe_users", {"org": ORG, "users": [{"email": "bob@acme.example", "surname": "Braun"}]}),
                     ("PUT", V + "/users/bob@acme.example")),
    "users-delete": ([], ("ppe_users", {"org": ORG, "users": [{"email": "bob@acme.example", "state": "absent"}]}),
                     ("DELETE", V + "/users/bob@acme.example")),
    "org-sender-lists": ([], ("ppe_sender_lists", {"org": ORG, "allow_list": ["partner.example"]}),
                         ("PATCH", V + "/sender-lists")),
    "user-sender-lists": ([], ("ppe_sender_lists", {"org": ORG, "user": "bob@acme.example",
                                                    "block_list": ["spam.example"]}),
                          ("PATCH", V + "/users/bob@acme.example/sender-lists")),
    "group-sender-lists": ([], ("ppe_sender_lists", {"org": ORG, "group": "Sales", "allow_list": ["a.example"]}),
                           ("PATCH", V + "/groups/Sales/sender-lists")),
    "features": ([], ("ppe_features", {"org": ORG, "features": {"url_defense": False}}), ("PUT", V + "/features")),
    "licensing": ([], ("ppe_licensing", {"org": ORG, "license_count": 30}), ("PUT", V + "/licensing")),
    "package": ([], ("ppe_licensing", {"org": ORG, "package": "advanced"}), ("PUT", V + "/package")),
    "email-tagging": (package("professional_plus"),
                      ("ppe_email_tagging", {"org": ORG, "email_subject_tags": {"is_enabled": True}}),
                      ("PATCH", V + "/email-tagging")),
    "email-tagging-exemptions-add": (
        package("professional_plus"),
        ("ppe_email_tagging_exemptions", {"org": ORG, "exemptions": ["partner.example", "ceo@partner.example"]}),
        ("POST", V + "/email-tagging/exemptions")),
    "email-tagging-exemptions-remove": (
        package("professional_plus") + [("ppe_email_tagging_exemptions", {"org": ORG, "exemptions": ["a.example"]})],
        ("ppe_email_tagging_exemptions", {"org": ORG, "exemptions": []}),
        ("DELETE", V + "/email-tagging/exemptions")),
    "azure-create": ([], ("ppe_azure_sync", AZURE), ("PUT", V + "/settings/azure")),
    "azure-update": ([("ppe_azure_sync", AZURE)], ("ppe_azure_sync", {"org": ORG, "sync_frequency": 4}),
                     ("PUT", V + "/settings/azure")),
    "azure-delete": ([("ppe_azure_sync", AZURE)], ("ppe_azure_sync", {"org": ORG, "state": "absent"}),
                     ("DELETE", V + "/settings/azure")),
    "azure-exemptions-add": ([], ("ppe_azure_sync_exemptions", {"org": ORG, "exemptions": ["bob@acme.example"]}),
                             ("PUT", V + "/settings/azure/exemptions")),
    "azure-exemption-remove": (
        [("ppe_azure_sync_exemptions", {"org": ORG, "exemptions": ["bob@acme.example", "alice@acme.example"]})],
        ("ppe_azure_sync_exemptions", {"org": ORG, "exemptions": ["alice@acme.example"]}),
        ("DELETE", V + "/settings/azure/exemptions/bob@acme.example")),
    "azure-exemptions-clear": (
        [("ppe_azure_sync_exemptions", {"org": ORG, "exemptions": ["bob@acme.example"]})],
        ("ppe_azure_sync_exemptions", {"org": ORG, "exemptions": []}),
        ("DELETE", V + "/settings/azure/exemptions")),
    "mfa": ([], ("ppe_auth_settings", {"org": ORG, "is_mfa_enabled": True}),
            ("PUT", V + "/authentication/settings/mfa")),
    "login": ([], ("ppe_auth_settings", {"org": ORG, "allow_azure_login": True}),
              ("PUT", V + "/authentication/settings/login")),
    "idp-create": ([], ("ppe_saml_idp", IDP), ("POST", V + "/authentication/settings/idps")),
    "idp-update": ([("ppe_saml_idp", IDP)], ("ppe_saml_idp", {"org": ORG, "name": "Okta", "is_active": True}),
                   ("PUT", V + "/authentication/settings/idps/")),
    "idp-delete": ([("ppe_saml_idp", IDP)], ("ppe_saml_idp", {"org": ORG, "name": "Okta", "state": "absent"}),
                   ("DELETE", V + "/authentication/settings/idps/")),
}


def dump_org(store, domain):
    return next(org for org in store.dump()["orgs"] if org["primary_domain"] == domain)


@pytest.mark.parametrize("fault", sorted(FAULTS))
@pytest.mark.parametrize("case", sorted(WRITES))
def test_one_fault_on_a_write_converges(simulator, case, fault):
    store, client = simulator
    setup, (module, options), (method, prefix) = WRITES[case]
    store.dns["acme.example"] = published_records({"verification": ["TXT"], "dkim": ["s1"]})
    for setup_module, setup_options in setup:
        assert not run_module(setup_module, setup_options, False, client).get("failed")
    before = dump_org(store, ORG)
    done = len(store.log)
    store.faults.configure({"next": [dict(FAULTS[fault], method=method, path_prefix=prefix)]})

    result = run_module(module, options, False, client)

    hit = [e for e in store.log[done:] if e["method"] == method and e["path"].startswith(prefix)]
    assert store.faults.show()["next"] == [] and hit and hit[0]["status"] in (0, 500, 201, 204, 207), hit
    assert not result.get("failed"), result.get("msg")
    assert result["changed"] is True
    count = len(writes(store))
    again = run_module(module, options, False, client)
    assert not again.get("failed") and again["changed"] is False, again
    assert len(writes(store)) == count, writes(store)[count:]
    after = dump_org(store, ORG)
    for key in ("email_tagging_exemptions", "azure_exemptions"):  # sets that a repeated add must not grow
        entries = [e.lower() for e in after.get(key) or []]
        assert len(entries) == len(set(entries)), entries
    assert len(after["users"]) - len(before["users"]) in (-1, 0, 1, 2)


@pytest.mark.parametrize("first, converges", [({"lost": True}, True), ({"status": 500}, False)],
                         ids=["first-attempt-done", "nothing-done"])
def test_an_addition_refused_after_a_retry_is_read_back(simulator, first, converges):
    """An API that refuses a repeated addition (409) where the simulator adds nothing: the retried POST's 409 is read
    back; it stands only when the first attempt had added the senders."""
    store, client = simulator
    run_module("ppe_licensing", {"org": ORG, "package": "professional_plus"}, False, client)
    path = V + "/email-tagging/exemptions"
    store.faults.configure({"next": [dict(first, method="POST", path_prefix=path),
                                     {"status": 409, "method": "POST", "path_prefix": path}]})
    result = run_module("ppe_email_tagging_exemptions", {"org": ORG, "exemptions": ["partner.example"]}, False, client)
    assert [(e["method"], e["status"]) for e in store.log if e["path"] == path] == [
        ("GET", 200), ("POST", 201 if converges else 500), ("POST", 409), ("GET", 200)]
    if converges:
        assert not result.get("failed") and result["changed"] is True
        assert result["email_tagging_exemptions"]["exemptions"] == ["partner.example"]
    else:
        assert result["failed"] and result["status"] == 409 and "POST %s" % path[len("/api/v1"):] in result["msg"]


def test_a_customer_declaration_converges_with_every_write_answer_lost(simulator, monkeypatch):
    """ppe_customer (the issue's faulty fleet): each write of the run is carried out and its answer lost once."""
    store, client = simulator
    for name, value in (("URL", BASE), ("USERNAME", "admin@msp.example"), ("PASSWORD", "demo-password")):
        monkeypatch.setenv("PPE_" + name, value)  # each step checks its options with the connection's (as the role)
    customer = {"domain": ORG, "name": "Acme Corporation", "parent": "msp.example",
                "licensing": {"package": "professional_plus"},
                "email_tagging": {"email_subject_tags": {"is_enabled": True}, "exemptions": ["partner.example"]},
                "azure_sync": {"application_id": "app-1", "client_secret": "a-client-secret-in-a-test",
                               "exemptions": ["bob@acme.example"]}}
    lost = [(m, V + p) for m, p in (("PUT", "/package"), ("PATCH", "/email-tagging"),
                                    ("POST", "/email-tagging/exemptions"), ("PUT", "/settings/azure/exemptions"),
                                    ("PUT", "/settings/azure"))]
    store.faults.configure({"next": [{"lost": True, "method": m, "path_prefix": p} for m, p in lost]})
    result = run_module("ppe_customer", {"customer": customer}, False, client)
    assert not result.get("failed"), result.get("msg")
    assert result["changed"] is True and store.faults.show()["next"] == []
    assert sorted((e["method"], e["path"]) for e in store.log if e.get("lost")) == sorted(lost)
    count = len(writes(store))
    again = run_module("ppe_customer", {"customer": customer}, False, client)
    assert not again.get("failed") and again["changed"] is False and len(writes(store)) == count
