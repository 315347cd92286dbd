# -*- coding: utf-8 -*-
# Copyright (c) ppe.essentials contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Safe behaviour where the sources are silent (issue 20): the modules that rely on a shape the simulator infers run
against that shape and against the other plausible one (the simulator's `shapes` setting), in process. Each works the
same, or fails with a message that names the shape, before any write; never a silent wrong answer."""

from __future__ import annotations

import pytest

from tests.simulator.api import ROUTES
from tests.simulator.store import published_records
from tests.unit.plugins.modules.conftest import run_module, writes

ORG = "acme.example"
AZURE = {"org": ORG, "application_id": "app-1", "client_secret": "a-client-secret-in-a-test"}
KEY = "-----BEGIN PRIVATE KEY-----\nbm90IGEga2V5\n-----END PRIVATE KEY-----\n"
CERT = "-----BEGIN CERTIFICATE-----\nMIIBfake\n-----END CERTIFICATE-----"
IDP = {"org": ORG, "name": "Okta", "idp_entity_id": "http://www.okta.com/x",
       "idp_login_url": "https://okta.example/sso", "idp_public_cert": CERT}


def shaped(store, *shapes):
    store.config["shapes"] = list(shapes)


def the_writes(store, done):
    return writes(store)[done:]


# -- a domain that does not show whether it is verified ------------------------------------------------------------
def test_verify_reports_a_change_only_when_it_is_known(simulator):
    """With is_verified the first verification is a change and the next run sends nothing; without it every run must
    ask the API (the only way to know), and none can claim a change that the answer (204) does not show."""
    store, client = simulator
    options = {"org": ORG, "domain": ORG, "verify": True}
    put = ("PUT", "/api/v1/orgs/acme.example/domains/acme.example/verify/TXT")
    for shape in ([], ["no_is_verified"]):
        store.reset()
        shaped(store, *shape)
        store.dns[ORG] = published_records({"verification": ["TXT"]})
        check = run_module("ppe_domain_verification", options, True, client)
        assert not check.get("failed") and writes(store) == []
        first = run_module("ppe_domain_verification", options, False, client)
        second = run_module("ppe_domain_verification", options, False, client)
        assert first["verified"] is second["verified"] is True
        if shape:
            assert (check["changed"], first["changed"], second["changed"]) == (False, False, False)
            assert check["verified"] is None  # check mode sends nothing, so it cannot know
            assert writes(store) == [put, put]
        else:
            assert (check["changed"], first["changed"], second["changed"]) == (True, True, False)
            assert check["verified"] is True and writes(store) == [put]


def test_the_verification_code_in_another_shape(simulator, monkeypatch):
    """The code's answer is not documented: a bare string or `code` works like the simulator's `verification_code`;
    another key fails naming the keys it looked for and the ones that arrived, before the check is sent."""
    store, client = simulator
    answer = {}
    handlers = next(h for pattern, h in ROUTES if pattern[-1] == "verification-code")
    monkeypatch.setitem(handlers, "GET", lambda ctx: (200, answer["now"]))
    options = {"org": ORG, "domain": ORG, "verify": True}
    for answer["now"] in ("ppe-verification=abc", {"code": "ppe-verification=abc"}):
        result = run_module("ppe_domain_verification", options, True, client)
        assert not result.get("failed") and result["record"]["value"] == "ppe-verification=abc", result
    answer["now"] = {"token": "ppe-verification=abc"}
    store.dns[ORG] = published_records({"verification": ["TXT"]})
    result = run_module("ppe_domain_verification", options, False, client)
    assert result.get("failed") and "'token'" in result["msg"] and "'verification_code' or 'code'" in result["msg"]
    assert writes(store) == []


# -- Azure AD sync that is not set up: 404, or 200 with empty fields ---------------------------------------------
def test_azure_sync_not_set_up_is_created_with_the_secret(simulator):
    store, client = simulator
    for shape in ([], ["azure_unset_200"]):
        store.reset()
        shaped(store, *shape)
        info = run_module("ppe_azure_sync_info", {"org": ORG}, False, client)
        assert not info.get("failed") and info["azure_sync"] is None, (shape, info)
        absent = run_module("ppe_azure_sync", {"org": ORG, "state": "absent"}, False, client)
        assert not absent.get("failed") and absent["changed"] is False and writes(store) == []
        check = run_module("ppe_azure_sync", AZURE, True, client)
        assert check["changed"] is True and writes(store) == []
        real = run_module("ppe_azure_sync", AZURE, False, client)
        assert not real.get("failed"), real["msg"]
        assert real["changed"] is True and real["diff"] == check["diff"]
        assert real["diff"]["after"]["ad_key"] == "[hidden]"
        assert writes(store) == [("PUT", "/api/v1/orgs/acme.example/settings/azure")]
        again = run_module("ppe_azure_sync", AZURE, False, client)
        assert again["changed"] is False and len(writes(store)) == 1


# -- lists whose key is inferred --------------------------------------------------------------------------------------
def tagging_package(client):
    run_module("ppe_licensing", {"org": ORG, "package": "professional_plus"}, False, client)
    run_module("ppe_email_tagging_exemptions", {"org": ORG, "exemptions": ["partner.example"]}, False, client)


def an_idp(client):
    run_module("ppe_saml_idp", IDP, False, client)


def a_keypair(client):
    run_module("ppe_dkim", {"org": ORG, "domain": ORG, "selector": "s1", "private_key": KEY}, False, client)


def sync_exemption(client):
    run_module("ppe_azure_sync_exemptions", {"org": ORG, "exemptions": ["bob@acme.example"]}, False, client)


# case -> (setup, module, options, the list in the result, the key the collection expects)
LISTS = {
    "products": (None, "ppe_products_info", {"org": ORG}, lambda r: r["products"], "products"),
    "stats": (None, "ppe_stats_info", {"org": "msp.example", "children": True, "period": "1d"},
              lambda r: r["stats"]["stats"], "stats"),
    "billing": (None, "ppe_billing_info", {"org": "msp.example", "children": True}, lambda r: r["orgs"], "orgs"),
    "idps": (an_idp, "ppe_saml_idp_info", {"org": ORG}, lambda r: r["idps"], "idps"),
    "idp-write": (an_idp, "ppe_saml_idp", dict(IDP, is_active=False), lambda r: [r["idp"]["name"]], "idps"),
    "dkim": (a_keypair, "ppe_dkim_info", {"org": ORG, "domain": ORG}, lambda r: r["keypairs"], "keypairs"),
    "tagging-exemptions-info": (tagging_package, "ppe_email_tagging_info", {"org": ORG},
                                lambda r: r["exemptions"], "exemptions"),
    "tagging-exemptions": (tagging_package, "ppe_email_tagging_exemptions",
                           {"org": ORG, "exemptions": ["partner.example"]},
                           lambda r: r["email_tagging_exemptions"]["exemptions"], "exemptions"),
    "sync-exemptions-info": (sync_exemption, "ppe_azure_sync_exemptions_info", {"org": ORG},
                             lambda r: r["azure_sync_exemptions"]["exemptions"], "exemptions"),
    "sync-exemptions": (sync_exemption, "ppe_azure_sync_exemptions", {"org": ORG, "exemptions": ["bob@acme.example"]},
                        lambda r: r["azure_sync_exemptions"]["exemptions"], "exemptions"),
}


@pytest.mark.parametrize("case", sorted(LISTS))
def test_a_bare_list_reads_like_the_keyed_one_and_another_key_fails_naming_it(simulator, case):
    """Bare arrays are what several clients read, so they work; a list under a key the collection does not know is
    an error naming the key it expected and the keys that arrived, in check mode and a real run, before any write
    (never an empty list, which would read as "none" and, in a write module, create or add again)."""
    store, client = simulator
    setup, module, options, listed, key = LISTS[case]
    if setup:
        setup(client)
    keyed = run_module(module, options, False, client)
    shaped(store, "bare_lists")
    done = len(writes(store))
    bare = run_module(module, options, False, client)
    assert not keyed.get("failed") and not bare.get("failed"), bare.get("msg")
    assert listed(bare) == listed(keyed) and listed(keyed) != [] and bare["changed"] is False
    shaped(store, "items_lists")
    for check_mode in (True, False):
        result = run_module(module, options, check_mode, client)
        assert result.get("failed") is True, result
        assert repr(key) in result["msg"] and "'items'" in result["msg"], result["msg"]
    assert the_writes(store, done) == []
