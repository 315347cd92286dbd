# -*- coding: utf-8 -*-
# Copyright (c) ppe.essentials contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""ppe_customer as a newcomer meets it (issue 21): the connection from the task alone, the declaration check that
refuses before the first write what a step would refuse after earlier ones, a fleet's duplicates and a long list of
problems. Each case runs the module's definition against the simulator in process, with its request log; check-mode
cases are pairs (check mode, then the real run on the same state)."""

from __future__ import annotations

import pytest

from tests.unit.plugins.modules.conftest import run_module, writes

NEW = "initech.example"


def new_customer(**extra):
    """A declaration of a customer the simulator does not have, under the simulator's MSP."""
    return dict({"domain": NEW, "parent": "msp.example", "name": "Initech", "country": "GB"}, **extra)


@pytest.fixture(autouse=True)
def no_ppe_environment(monkeypatch):
    """The connection comes from the task's options alone (module_defaults, task options): no PPE_* variable."""
    for name in ("PPE_URL", "PPE_USERNAME", "PPE_PASSWORD", "PPE_DISCOVER_STACK"):
        monkeypatch.delenv(name, raising=False)


def test_the_connection_from_the_task_options_alone_reaches_every_step(simulator):
    store, client = simulator
    result = run_module("ppe_customer", {"customer": new_customer(users=[
        {"email": "peter@" + NEW, "firstname": "Peter", "surname": "Gibbons"}])}, False, client)
    assert not result.get("failed"), result.get("msg")
    assert ("POST", "/api/v1/orgs/msp.example/orgs") in writes(store)
    assert ("POST", "/api/v1/orgs/%s/users" % NEW) in writes(store)


@pytest.mark.parametrize("check_mode", [True, False])
@pytest.mark.parametrize("section, value, message", [
    ("licensing", {"license_count": 2000000}, "licensing.license_count"),
    ("authentication", {"force_azure_login": True}, "force_azure_login"),
])
def test_what_a_step_refuses_is_refused_before_the_first_write(simulator, check_mode, section, value, message):
    store, client = simulator
    result = run_module("ppe_customer", {"customer": new_customer(**{section: value})}, check_mode, client)
    assert result.get("failed"), result
    assert message in result["msg"]
    assert "nothing was changed" in result["msg"]
    assert writes(store) == []


def test_the_same_organization_twice_is_refused_naming_it(simulator):
    store, client = simulator
    result = run_module("ppe_customer", {"customers": [
        {"domain": "acme.example", "parent": "msp.example", "name": "Acme Corporation", "phone": "1"},
        {"domain": "ACME.example.", "parent": "msp.example", "name": "Acme Corporation", "phone": "2"}]},
        False, client)
    assert result.get("failed")
    assert "acme.example" in result["msg"] and "twice" in result["msg"]
    assert store.log == []


def test_a_long_list_of_problems_is_capped(simulator):
    store, client = simulator
    customers = [{"domain": "bad domain %d" % i, "parent": "msp.example", "name": "x"} for i in range(2000)]
    result = run_module("ppe_customer", {"customers": customers}, False, client)
    assert result.get("failed")
    lines = result["msg"].splitlines()
    assert len(lines) <= 22, len(lines)
    assert "and 1980 more problems" in result["msg"]
    assert store.log == []


ACME = {"domain": "acme.example", "parent": "msp.example", "name": "Acme Corporation",
        "admin": {"email": "admin@acme.example"}, "users": [{"email": "alice@acme.example"}, {"email": "bob@acme.example"}]}


def test_a_deactivated_customer_is_drift_and_the_run_reactivates_it(simulator):
    """A pair: the audit (check mode) reports is_active once, with 0 writes; the real run PATCHes it back, once."""
    store, client = simulator
    client.request("PATCH", "/orgs/acme.example", {"is_active": False})
    del store.log[:]
    audit = run_module("ppe_customer", {"customer": ACME}, True, client)
    assert [(c["resource"], c["field"], c["old"], c["new"]) for c in audit["drift"]["changes"]] == [
        ("org", "is_active", False, True)]
    assert writes(store) == []
    run = run_module("ppe_customer", {"customer": ACME}, False, client)
    assert [(c["resource"], c["field"]) for c in run["drift"]["changes"]] == [("org", "is_active")]
    assert writes(store) == [("PATCH", "/api/v1/orgs/acme.example")]
    assert run_module("ppe_customer", {"customer": ACME}, False, client)["changed"] is False


def test_the_audit_names_an_undeclared_identity_provider_that_forces_the_login(simulator):
    store, client = simulator
    idp = client.request("POST", "/orgs/acme.example/authentication/settings/idps", {
        "name": "Shadow", "idp_entity_id": "https://shadow.example/e", "idp_login_url": "https://shadow.example/l",
        "idp_public_cert": "-----BEGIN CERTIFICATE-----\nTUlJQ2Vy\n-----END CERTIFICATE-----"}).data["id"]
    client.request("PUT", "/orgs/acme.example/authentication/settings/login", {"idp_for_forced_login": idp})
    del store.log[:]
    audit = run_module("ppe_customer", {"customers": [ACME]}, True, client)
    unmanaged = audit["outcomes"][0]["drift"]["unmanaged"]
    assert [(u["resource"], u["name"], u.get("forces_login")) for u in unmanaged][:1] == [("saml_idp", "Shadow", True)]
    assert writes(store) == []


def test_discover_stack_on_the_customers_path_follows_each_organization(simulator):
    store, client = simulator
    result = run_module("ppe_customer", {"customers": [ACME], "discover_stack": True}, True, client)
    assert not result.get("failed"), result.get("msg")
    assert [e["path"] for e in store.log][:1] == ["/api/v1/endpoints/acme.example"]


TAGGING = {"email_subject_tags": {"is_enabled": True, "content": "[EXT]"}}


def test_e_mail_tagging_is_judged_against_the_package_the_run_sets(simulator):
    """acme.example has the business package, which offers no warning tags: refused before any write in both modes;
    declared together with a package that offers them, the preview and the real run agree (licensing, then tagging)."""
    store, client = simulator
    for check_mode in (True, False):
        result = run_module("ppe_customer", {"customer": dict(ACME, email_tagging=TAGGING)}, check_mode, client)
        assert "e-mail warning tags are not available in the business package" in result["msg"]
        assert writes(store) == []
    customer = dict(ACME, email_tagging=TAGGING, licensing={"package": "advanced_plus"})
    preview = run_module("ppe_customer", {"customer": customer}, True, client)
    assert not preview.get("failed"), preview.get("msg")
    assert writes(store) == []
    real = run_module("ppe_customer", {"customer": customer}, False, client)
    assert not real.get("failed"), real.get("msg")
    fields = [(c["resource"], c["field"]) for c in real["drift"]["changes"]]
    assert fields == [(c["resource"], c["field"]) for c in preview["drift"]["changes"]]
    assert ("email_tagging", "email_subject_tags") in fields
    assert writes(store)[:1] == [("PUT", "/api/v1/orgs/acme.example/package")]


CERT = "-----BEGIN CERTIFICATE-----\nTUlJQ2Vy\n-----END CERTIFICATE-----"
KEY = "-----BEGIN PRIVATE KEY-----\nRXhhbXBsZSBvbmx5\n-----END PRIVATE KEY-----\n"
EVERY_SECTION = new_customer(
    licensing={"package": "advanced_plus", "license_count": 30},
    domains=[{"name": NEW, "destination": "mail.initech.example"},
             {"name": "initrode.example", "is_relay": True, "destination": "mx.initrode.example"}],
    features={"outbound_relaying": True}, sender_lists={"block_list": ["spam.example"]},
    admin={"email": "bill@" + NEW, "firstname": "Bill", "surname": "Lumbergh"},
    users=[{"email": "peter@" + NEW, "firstname": "Peter"}], verification={"method": "TXT"},
    dkim=[{"domain": NEW, "selector": "s1", "private_key": KEY}],
    email_tagging={"email_subject_tags": {"is_enabled": True, "content": "[EXT]"}, "exemptions": ["partner.example"]},
    authentication={"is_mfa_enabled": True},
    saml_idps=[{"name": "Okta", "idp_entity_id": "https://okta.example/e", "idp_login_url": "https://okta.example/l",
                "idp_public_cert": CERT}])


def test_the_preview_of_a_new_customer_lists_the_fields_the_run_changes(simulator):
    """A pair: check mode (0 writes) predicts every section's changed fields, and says what it cannot know before the
    organization exists (the verification records); the real run changes exactly those fields."""
    store, client = simulator
    preview = run_module("ppe_customer", {"customer": EVERY_SECTION}, True, client)
    assert writes(store) == []
    predicted = [(c["resource"], c["name"], c["field"]) for c in preview["drift"]["changes"]]
    assert len(predicted) == 12 and ("email_tagging", NEW, "email_subject_tags") in predicted
    assert [n for n in preview["drift"]["notes"] if "verification" in n and "before the organization exists" in n]
    real = run_module("ppe_customer", {"customer": EVERY_SECTION}, False, client)
    assert not real.get("failed"), real.get("msg")
    assert [(c["resource"], c["name"], c["field"]) for c in real["drift"]["changes"]] == predicted


def test_a_dkim_key_created_before_its_verification_failed_is_said(simulator):
    """The run created the key (the simulator cannot see its DNS record, so the check answers 409): the failure says
    that the key was written, and the run reports changed."""
    store, client = simulator
    customer = dict(ACME, dkim=[{"domain": "acme.example", "selector": "s1", "private_key": KEY, "verify": True}])
    result = run_module("ppe_customer", {"customer": customer}, False, client)
    assert result.get("failed") and result["changed"] is True
    assert ("POST", "/api/v1/orgs/acme.example/domains/acme.example/dkim/s1") in writes(store)
    assert "the failed step's own change" in result["msg"]


IDP = {"name": "Okta", "idp_entity_id": "https://okta.example/e", "idp_login_url": "https://okta.example/l",
       "idp_public_cert": CERT}


@pytest.mark.parametrize("check_mode", [True, False])
@pytest.mark.parametrize("case", ["unknown-forced-idp", "delete-the-forcing-idp", "subject-tag-too-long"])
def test_what_a_section_module_refuses_the_declaration_refuses_first(simulator, check_mode, case):
    store, client = simulator
    client.request("PUT", "/orgs/acme.example/package", {"package": "advanced_plus"})
    forced = client.request("POST", "/orgs/acme.example/authentication/settings/idps", IDP).data["id"]
    client.request("PUT", "/orgs/acme.example/authentication/settings/login",
                   {"allow_azure_login": True, "force_azure_login": True, "idp_for_forced_login": forced})
    del store.log[:]
    customer, expected = {
        "unknown-forced-idp": (dict(ACME, authentication={"idp_for_forced_login": "0" * 8 + "-0000-0000-0000-" + "0" * 12},
                                    users=ACME["users"] + [{"email": "carol@acme.example", "firstname": "Carol"}]),
                               "authentication.idp_for_forced_login"),
        "delete-the-forcing-idp": (dict(ACME, saml_idps=[{"name": "okta", "state": "absent"}]), "saml_idps[0]"),
        "subject-tag-too-long": (dict(ACME, email_tagging={"email_subject_tags": {"content": "x" * 150}}),
                                 "email_tagging"),
    }[case]
    result = run_module("ppe_customer", {"customer": customer}, check_mode, client)
    assert result.get("failed"), result
    assert expected in result["msg"] and "nothing was changed" in result["msg"], result["msg"]
    assert writes(store) == []


def test_diff_mode_shows_before_and_after_per_section_without_secrets(simulator):
    """A pair: check mode and the real run give the same before/after per changed section item; no password."""
    store, client = simulator
    customer = dict(ACME, sender_lists={"block_list": ["spam.example"]}, users=ACME["users"] + [
        {"email": "carol@acme.example", "firstname": "Carol", "user_password": "S3cret-pass!"}])
    preview = run_module("ppe_customer", {"customer": customer}, True, client)
    real = run_module("ppe_customer", {"customer": customer}, False, client)
    assert preview["diff"] == real["diff"]
    headers = [d["before_header"] for d in real["diff"]]
    assert headers == ["acme.example: sender_lists acme.example", "acme.example: users acme.example"]
    assert real["diff"][0]["after"]["block_list"] == ["spam.example"]
    assert "S3cret-pass!" not in repr(real["diff"])


@pytest.mark.parametrize("check_mode", [True, False])
def test_an_odin_right_the_users_type_may_not_hold_is_refused_before_the_first_write(simulator, check_mode):
    """ppe_users refuses it before its own writes; the declaration check before the org's and the sender lists'.
    alice is an end user now (one GET of the users tells, as no type is declared)."""
    store, client = simulator
    customer = {"domain": "acme.example", "parent": "msp.example", "name": "Acme Corporation", "phone": "555-0199",
                "users": [{"email": "alice@acme.example", "odin_settings": {"is_imitable": True}}]}
    result = run_module("ppe_customer", {"customer": customer}, check_mode, client)
    assert result.get("failed"), result
    assert ("users[0].odin_settings.is_imitable: only an organization_admin can be imitated (this user is end_user)"
            in result["msg"])
    assert writes(store) == []


@pytest.mark.parametrize("section, value, named", [
    ("dkim", [{"domain": NEW, "selecter": "s1"}], "ppe_customer.dkim[0].selecter: unknown; did you mean selector?"),
    ("authentication", {"is_mfa_enabld": True},
     "ppe_customer.authentication.is_mfa_enabld: unknown; did you mean is_mfa_enabled? (known: allow_azure_login, "),
    ("email_tagging", {"exemptions": ["a@" + NEW], "exemption_mode": "add"},
     "ppe_customer.email_tagging.exemption_mode: unknown; did you mean exemptions_mode?"),
    ("verification", {"domain": NEW}, "ppe_customer.verification.domain: unknown"),
])
def test_a_misspelt_key_of_a_section_is_named_before_any_request(simulator, section, value, named):
    store, client = simulator
    result = run_module("ppe_customer", {"customer": new_customer(**{section: value})}, False, client)
    assert result.get("failed"), result
    assert named in result["msg"]
    assert store.log == []
