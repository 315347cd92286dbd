# -*- coding: utf-8 -*-
# Copyright (c) ppe.essentials contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""What a section module refuses, it refuses before its first write, in check mode too (issue 21): warning tags on a
package without them, a subject tag over the shared bound, a forced-login IdP id the organization does not have,
deleting the IdP that forces the login. Each refusal is a pair (check mode, then the real run on the same state) with
the simulator's log of writes; each rule also has its happy path, which still writes."""

from __future__ import annotations

import pytest

from ansible_collections.ppe.essentials.plugins.module_utils._resources import email_tagging
from ansible_collections.ppe.essentials.plugins.module_utils._resources.auth_settings import (
    AuthSettingsResource, SamlIdpResource)
from tests.simulator import res_tagging
from tests.simulator import constants as sim_constants
from tests.unit.plugins.modules.conftest import run_module, writes

ORG = "acme.example"  # package "business" in the demo fixture: no e-mail warning tags
API = "/api/v1/orgs/" + ORG
LOGIN = API + "/authentication/settings/login"
IDPS = API + "/authentication/settings/idps"
PEM = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----"


def idp_id(number):
    return "00000000-0000-4000-8000-%012d" % number


def add_idps(store, count, forced=None):
    """`count` SAML providers in the organization (idp-01...), the login forced onto number `forced` if given."""
    org = store.org_by_domain(ORG)
    org["idps"] = [{"id": idp_id(n), "name": "idp-%02d" % n, "is_active": True, "description": "", "icon_ref": "",
                    "idp_entity_id": "https://idp%d.example/" % n, "idp_login_url": "https://idp%d.example/sso" % n,
                    "idp_logout_url": "", "idp_public_cert": PEM, "sp_public_cert": PEM} for n in range(1, count + 1)]
    if forced:
        org["login_settings"] = {"allow_local_login": False, "idp_for_forced_login": idp_id(forced),
                                 "allow_azure_login": False, "force_azure_login": False}


def set_package(store, package):
    store.org_by_domain(ORG)["licensing_package"] = package


def gets(store):
    return [e["path"] for e in store.log if e["method"] == "GET"]


def refused_in_both_modes(store, client, module, options):
    """The check-mode answer and the real run's: the same failure, and nothing written by either."""
    check = run_module(module, options, True, client)
    real = run_module(module, options, False, client)
    for result in (check, real):
        assert result.get("failed") is True, result
        assert "Nothing was written" in result["msg"], result["msg"]
    assert check["msg"] == real["msg"]
    assert writes(store) == []
    return real["msg"]


TAGGING = {
    "ppe_email_tagging": {"org": ORG, "email_warning_tags": {"is_enabled": True}},
    "ppe_email_tagging_exemptions": {"org": ORG, "exemptions": ["partner.example"]},
}


@pytest.mark.parametrize("module", sorted(TAGGING))
def test_tagging_on_a_package_without_warning_tags_is_refused_before_any_write(simulator, module):
    store, client = simulator
    msg = refused_in_both_modes(store, client, module, TAGGING[module])
    option = "email_warning_tags" if module == "ppe_email_tagging" else "exemptions"
    assert msg.startswith("email tagging") and ": %s: " % option in msg, msg
    for named in ("the business package of organization " + ORG, "advanced_plus, professional_plus",
                  "ppe.essentials.ppe_licensing"):
        assert named in msg, msg


@pytest.mark.parametrize("module", sorted(TAGGING))
def test_tagging_on_a_package_with_warning_tags_still_writes(simulator, module):
    store, client = simulator
    set_package(store, "advanced_plus")
    check = run_module(module, TAGGING[module], True, client)
    assert check["changed"] is True and writes(store) == []
    real = run_module(module, TAGGING[module], False, client)
    assert real["changed"] is True and real["diff"] == check["diff"]
    assert len(writes(store)) == 1
    del store.log[:]
    again = run_module(module, TAGGING[module], False, client)
    assert again["changed"] is False
    assert API not in gets(store), "no write, so no GET of the organization"


def test_the_subject_tag_bound_is_the_simulators():
    assert email_tagging.MAX_SUBJECT == sim_constants.MAX_SUBJECT_TAG == res_tagging.MAX_CONTENT[
        "email_subject_tags.content"]
    assert email_tagging.MAX_BANNER == sim_constants.MAX_BANNER == res_tagging.MAX_CONTENT[
        "email_warning_tags.additional_banner_content.content"]


@pytest.mark.parametrize("check_mode", [True, False], ids=["check", "run"])
def test_a_subject_tag_of_150_characters_fails_before_any_request(simulator, check_mode):
    store, client = simulator
    set_package(store, "advanced_plus")
    result = run_module("ppe_email_tagging", {"org": ORG, "email_subject_tags": {"content": "x" * 150}}, check_mode,
                        client)
    assert result.get("failed") is True, result
    assert "email_subject_tags: content: 150 characters, at most %d" % email_tagging.MAX_SUBJECT in result["msg"]
    assert store.log == []


def test_a_subject_tag_at_the_bound_is_written(simulator):
    store, client = simulator
    set_package(store, "professional_plus")
    tag = "y" * email_tagging.MAX_SUBJECT
    result = run_module("ppe_email_tagging", {"org": ORG, "email_subject_tags": {"content": tag}}, False, client)
    assert result["changed"] is True, result
    assert store.org_by_domain(ORG)["email_tagging"]["email_subject_tags"]["content"] == tag


@pytest.mark.parametrize("count", [0, 2, 12])
def test_a_forced_login_idp_the_organization_lacks_is_refused_before_any_write(simulator, count):
    store, client = simulator
    add_idps(store, count)
    unknown = idp_id(99)
    msg = refused_in_both_modes(store, client, "ppe_auth_settings", {"org": ORG, "idp_for_forced_login": unknown})
    assert ": idp_for_forced_login: %s is not the id of a SAML identity provider of organization %s" % (
        unknown, ORG) in msg, msg
    if count == 0:
        assert "it has none" in msg and "ppe.essentials.ppe_saml_idp" in msg, msg
    else:
        assert "%s (idp-01)" % idp_id(1) in msg, msg
        assert ("%s (idp-10)" % idp_id(10) in msg) is (count >= 10) and "(idp-11)" not in msg, msg
        assert ("and 2 more" in msg) is (count == 12), msg


def test_a_forced_login_idp_the_organization_has_is_written(simulator):
    store, client = simulator
    add_idps(store, 2)
    options = {"org": ORG, "idp_for_forced_login": idp_id(2).upper()}
    check = run_module("ppe_auth_settings", options, True, client)
    assert check["changed"] is True and writes(store) == []
    real = run_module("ppe_auth_settings", options, False, client)
    assert real["changed"] is True and writes(store) == [("PUT", LOGIN)]
    del store.log[:]
    assert run_module("ppe_auth_settings", options, False, client)["changed"] is False
    assert IDPS not in gets(store), "no write, so no listing of the providers"


def test_forcing_the_azure_login_without_allowing_it_is_still_refused(simulator):
    store, client = simulator
    msg = refused_in_both_modes(store, client, "ppe_auth_settings", {"org": ORG, "force_azure_login": True})
    assert "force_azure_login: forcing the Azure AD login needs allow_azure_login" in msg, msg


def test_deleting_the_idp_that_forces_the_login_is_refused_before_the_delete(simulator):
    store, client = simulator
    add_idps(store, 2, forced=2)
    msg = refused_in_both_modes(store, client, "ppe_saml_idp", {"org": ORG, "name": "IdP-02", "state": "absent"})
    assert "name: the login of organization %s is forced onto this provider" % ORG in msg, msg
    assert "ppe.essentials.ppe_auth_settings" in msg and "idp_for_forced_login" in msg, msg
    assert "force_azure_login: false" in msg, msg
    assert len(store.org_by_domain(ORG)["idps"]) == 2


def test_deleting_an_idp_that_does_not_force_the_login_still_deletes(simulator):
    store, client = simulator
    add_idps(store, 2, forced=2)
    options = {"org": ORG, "name": "idp-01", "state": "absent"}
    check = run_module("ppe_saml_idp", options, True, client)
    assert check["changed"] is True and writes(store) == []
    real = run_module("ppe_saml_idp", options, False, client)
    assert real["changed"] is True and writes(store) == [("DELETE", IDPS + "/" + idp_id(1))]
    assert [i["name"] for i in store.org_by_domain(ORG)["idps"]] == ["idp-02"]


def test_the_rules_are_pure_functions_of_options_and_facts():
    """The customer layer judges a declaration with facts it knows (the package its run sets): no request."""
    tagging, exemptions = email_tagging.EmailTaggingResource(), email_tagging.EmailTaggingExemptionsResource()
    options = {"org": ORG, "email_subject_tags": {"is_enabled": True}, "email_warning_tags": None}
    assert tagging.preflight_facts(options) == ("package",)
    assert tagging.preflight_errors(options, {"package": "advanced_plus"}) == []
    assert tagging.preflight_errors(options, {"package": "a-package-the-collection-does-not-know"}) == []
    assert tagging.preflight_errors(options, {"package": "business_plus"})[0].startswith(
        "email_subject_tags: e-mail warning tags are not available in the business_plus package")
    refused = exemptions.preflight_errors({"org": ORG, "exemptions": ["a.example"]}, {"package": "beginner"})
    assert refused[0].startswith("exemptions: ")
    auth, idp = AuthSettingsResource(), SamlIdpResource()
    assert auth.preflight_facts({"org": ORG, "idp_for_forced_login": ""}) == ()
    assert auth.preflight_facts({"org": ORG, "idp_for_forced_login": idp_id(1)}) == ("idps",)
    assert auth.preflight_errors({"org": ORG, "idp_for_forced_login": idp_id(1)},
                                 {"idps": [{"id": idp_id(1), "name": "Okta"}]}) == []
    assert idp.preflight_facts({"org": ORG, "name": "Okta", "state": "present"}) == ()
    assert idp.preflight_facts({"org": ORG, "name": "Okta", "state": "absent"}) == ("forced_idp", "idps")
    forced = {"forced_idp": idp_id(1), "idps": [{"id": idp_id(1), "name": "Okta"}]}
    assert idp.preflight_errors({"org": ORG, "name": "OKTA", "state": "absent"}, forced)[0].startswith("name: ")
    assert idp.preflight_errors({"org": ORG, "name": "Other", "state": "absent"}, forced) == []
