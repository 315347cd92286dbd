# -*- coding: utf-8 -*-
# Copyright (c) ppe.essentials contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Unit tests of the pure helpers of the ppe.essentials.orgs inventory plugin (the plugin itself: tests/integration)."""

from __future__ import annotations

import pytest
import yaml

from ansible_collections.ppe.essentials.plugins.inventory import orgs
from ansible_collections.ppe.essentials.plugins.inventory.orgs import InventoryModule, group_name, org_summary, select_children
from ansible_collections.ppe.essentials.plugins.module_utils._resources.org import OrgResource
from ansible_collections.ppe.essentials.plugins.module_utils._options import CONNECTION_OPTIONS

PARTNER = {"primary_domain": "msp.example", "type": "channel", "is_active": True, "domains": ["msp.example", "msp-alias.example"]}
ACME = {"primary_domain": "acme.example", "type": "organization", "is_active": True, "domains": ["acme.example"]}
OFF = {"primary_domain": "off.example", "type": "organization", "is_active": False, "domains": ["off.example"]}
RESELLER = {"primary_domain": "sub.example", "type": "channel", "is_active": True, "domains": []}


@pytest.mark.parametrize("prefix, value, expected", [
    ("ppe_package", "business", "ppe_package_business"),
    ("ppe_package", "Business Plus", "ppe_package_business_plus"),
    ("ppe_type", "organization", "ppe_type_organization"),
    ("ppe_type", "a-b.c", "ppe_type_a_b_c"),
    ("ppe_type", "", None),
    ("ppe_type", None, None),
])
def test_group_name(prefix, value, expected):
    assert group_name(prefix, value) == expected


def test_the_org_declaration_drops_the_partner_by_any_of_its_domains():
    orgs = [PARTNER, ACME, OFF, RESELLER]
    for partner in ("msp.example", "MSP-Alias.example."):
        assert [o for o in orgs if OrgResource().in_collection(o, {"domain": partner})] == [ACME, OFF, RESELLER]


def test_select_children_filters_by_state_and_type():
    orgs = [ACME, OFF, RESELLER]
    assert select_children(orgs, include_inactive=False) == [ACME, RESELLER]
    assert select_children(orgs, types=["Organization"]) == [ACME, OFF]
    assert select_children(orgs, include_inactive=False, types=["channel"]) == [RESELLER]


def test_org_summary_keeps_only_plain_fields_and_domain_names():
    org = dict(ACME, name="Acme", eid=101, licensing_package="business", user_licenses=25, active_users=3,
               admin_user={"primary_email": "admin@acme.example"}, domains=[{"name": "acme.example", "is_relay": False}])
    summary = org_summary(org)
    assert summary == {"primary_domain": "acme.example", "name": "Acme", "type": "organization",
                       "licensing_package": "business", "user_licenses": 25, "active_users": 3, "is_active": True,
                       "eid": 101, "domains": ["acme.example"]}


@pytest.mark.parametrize("name, accepted", [
    ("demo.ppe.yml", True), ("ppe.yaml", True), ("msp_ppe.yml", True), ("hosts.yml", False), ("demo.ppe.json", False),
])
def test_verify_file(tmp_path, name, accepted):
    path = tmp_path / name
    path.write_text("plugin: ppe.essentials.orgs\n", encoding="utf-8")
    assert bool(InventoryModule().verify_file(str(path))) is accepted


def test_fail_on_read_error_is_documented_on_by_default_and_distinct_from_constructed_strict():
    options = yaml.safe_load(orgs.DOCUMENTATION)["options"]
    assert options["fail_on_read_error"]["type"] == "bool"
    assert options["fail_on_read_error"]["default"] is True
    assert "strict" not in options  # Constructable's strict (default false) keeps its meaning for compose/groups


def test_the_plugin_reads_every_connection_option():
    assert set(orgs.CONNECTION_OPTION_NAMES) == set(CONNECTION_OPTIONS)
