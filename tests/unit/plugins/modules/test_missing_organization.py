# -*- coding: utf-8 -*-
# Copyright (c) ppe.essentials contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""A missing organization is an error in every module that addresses something inside one (issue 10), for
state=absent too, in check mode and in a real run, with zero writes; only ppe_org treats "absent and missing" as no
change. Each module's definition runs through the modules' glue against the simulator (in process), which answers
404 for the misspelt organization exactly as for a missing item."""

from __future__ import annotations

import pytest

from tests.unit.plugins.modules.conftest import run_module, writes
TYPO = "hooli.exmaple"
USER = "richard@" + TYPO

# module (#variant) -> options: each addresses something inside the misspelt organization.
CASES = {
    "ppe_domain#absent": {"name": "mail." + TYPO, "state": "absent"},
    "ppe_domain": {"name": "mail." + TYPO, "destination": "mx.hooli.example"},
    "ppe_user#absent": {"email": USER, "state": "absent"},
    "ppe_user#must_exist": {"email": USER, "firstname": "Richard", "must_exist": True},
    "ppe_users": {"users": [{"email": USER}]},
    "ppe_users#purge": {"users": [], "purge": True},
    "ppe_features": {"features": {"url_defense": True}},
    "ppe_licensing": {"license_count": 5},
    "ppe_sender_lists": {"allow_list": ["partner.example"]},
    "ppe_sender_lists#user": {"user": USER, "allow_list": ["partner.example"]},
    "ppe_domain_verification": {"domain": TYPO},
    "ppe_dkim#absent": {"domain": TYPO, "selector": "s1", "state": "absent"},
    "ppe_dkim": {"domain": TYPO, "selector": "s1",
                 "private_key": "-----BEGIN PRIVATE KEY-----\nbm90IGEga2V5\n-----END PRIVATE KEY-----\n"},
    "ppe_email_tagging": {"email_subject_tags": {"is_enabled": True}},
    "ppe_email_tagging_exemptions": {"exemptions": ["partner.example"]},
    "ppe_azure_sync": {"sync_frequency": 6},
    "ppe_azure_sync_exemptions": {"exemptions": ["svc@hooli.example"]},
    "ppe_auth_settings": {"is_mfa_enabled": True},
    "ppe_saml_idp#absent": {"name": "Okta", "state": "absent"},
    "ppe_user_info": {"email": USER},
    "ppe_domain_info": {"name": "mail." + TYPO},
    "ppe_features_info": {},
    "ppe_licensing_info": {},
    "ppe_sender_lists_info": {},
    "ppe_dkim_info": {"domain": TYPO, "selector": "s1"},
    "ppe_email_tagging_info": {},
    "ppe_azure_sync_info": {},
    "ppe_azure_sync_exemptions_info": {},
    "ppe_auth_settings_info": {},
    "ppe_saml_idp_info": {"name": "Okta"},
}


@pytest.mark.parametrize("check_mode", [True, False], ids=["check", "run"])
@pytest.mark.parametrize("case", sorted(CASES))
def test_a_misspelt_organization_fails_everywhere_without_a_write(simulator, case, check_mode):
    store, client = simulator
    result = run_module(case.split("#")[0], dict(CASES[case], org=TYPO), check_mode, client)
    assert result.get("failed") is True, result
    assert "organization %s does not exist; check it for a typo" % TYPO in result["msg"], result["msg"]
    assert writes(store) == []


@pytest.mark.parametrize("check_mode", [True, False], ids=["check", "run"])
def test_only_ppe_org_treats_absent_and_missing_as_no_change(simulator, check_mode):
    store, client = simulator
    result = run_module("ppe_org", {"domain": TYPO, "state": "absent"}, check_mode, client)
    assert result.get("failed") is not True and result["changed"] is False, result
    assert [(e["method"], e["path"]) for e in store.log] == [("GET", "/api/v1/orgs/" + TYPO)]


@pytest.mark.parametrize("check_mode", [True, False], ids=["check", "run"])
def test_creating_an_organization_under_a_misspelt_partner_fails_without_a_write(simulator, check_mode):
    store, client = simulator
    result = run_module("ppe_org", {"domain": "hooli.example", "parent": "msp.exmaple", "name": "Hooli"}, check_mode,
                        client)
    assert result.get("failed") is True, result
    assert "msp.exmaple does not exist" in result["msg"], result["msg"]
    assert writes(store) == []
