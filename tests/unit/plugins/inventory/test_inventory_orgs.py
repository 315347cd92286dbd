# -*- coding: utf-8 -*-
# Copyright (c) ppe.essentials contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Unit tests of the ppe.essentials.orgs inventory plugin: its pure helpers, and its partner check against the
simulator app in process (the plugin in ansible-playbook: tests/integration)."""
# pylint: disable=redefined-outer-name

from __future__ import annotations

import pytest
import yaml
from ansible.errors import AnsibleFilterError, AnsibleParserError

from ansible_collections.ppe.essentials.plugins.inventory import orgs
from ansible_collections.ppe.essentials.plugins.inventory.orgs import InventoryModule, group_name, org_summary, select_children
from ansible_collections.ppe.essentials.plugins.module_utils._resources.org import OrgResource
from ansible_collections.ppe.essentials.plugins.module_utils._options import CONNECTION_OPTIONS
from ansible_collections.ppe.essentials.plugins.filter.fleet_report import fleet_partner
from tests.unit.plugins.modules.conftest import BASE, run_module
from tests.unit.plugins.modules.conftest import simulator  # noqa: F401  pylint: disable=unused-import

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


# -- the partner check, shared with playbooks/fleet_report.yml (filter ppe.essentials.fleet_partner) -------------
def inventory(monkeypatch, client, **options):
    """The plugin with `options` (and the connection), reading through the in-process simulator's client."""
    values = dict({"url": BASE, "username": "admin@msp.example", "password": "demo-password"}, **options)
    plugin = InventoryModule()
    monkeypatch.setattr(plugin, "_option", values.get)
    monkeypatch.setattr(orgs, "client_from_options", lambda get, warn=None: client)
    return plugin


def fetch_error(monkeypatch, client, partner):
    with pytest.raises(AnsibleParserError) as caught:
        inventory(monkeypatch, client, partner=partner)._fetch(partner)
    return str(caught.value)


def test_a_misspelt_partner_says_it_does_not_exist_and_to_check_it_for_a_typo(monkeypatch, simulator):
    store, client = simulator
    message = fetch_error(monkeypatch, client, "msp.exmaple")
    assert "partner organization msp.exmaple does not exist; check it for a typo" in message, message
    assert [e["method"] for e in store.log] == ["GET"]  # nothing read after the partner


def test_a_customer_organization_as_partner_fails_naming_its_type_and_parent(monkeypatch, simulator):
    store, client = simulator
    message = fetch_error(monkeypatch, client, "ACME.example.")
    assert ("acme.example is a customer organization (type organization, Acme Corporation, under the partner "
            "Example MSP, eid 100), not a partner") in message, message
    assert [e["method"] for e in store.log] == ["GET"]


@pytest.mark.parametrize("partner", ["msp example", "https://msp.example", "admin@msp.example", "-msp.example"])
def test_a_malformed_partner_fails_before_any_request(monkeypatch, simulator, partner):
    store, client = simulator
    message = fetch_error(monkeypatch, client, partner)
    assert "is not a valid domain name" in message and "partner" in message, message
    assert store.log == []


def test_a_partner_without_customers_is_said_so_and_the_customer_check_is_the_playbooks(monkeypatch, simulator):
    """A partner with no customer organization yet is legitimate: no hosts, and a warning that says why."""
    store, client = simulator
    client.request("DELETE", "/orgs/acme.example")
    warnings = []
    monkeypatch.setattr(orgs.display, "warning", warnings.append)
    assert inventory(monkeypatch, client, partner="msp.example")._fetch("msp.example")["orgs"] == []
    assert warnings == ["ppe.essentials.orgs: the partner msp.example has no customer organizations yet "
                        "(GET /orgs/msp.example/orgs lists none)."]
    # the playbook's filter gives the inventory's messages, from the module's answers
    for partner in ("acme.example", "msp.exmaple"):
        org = run_module("ppe_org_info", {"domain": partner}, False, client)["org"]
        with pytest.raises(AnsibleFilterError) as caught:
            fleet_partner(partner, org=org)
        assert str(caught.value).replace("ppe_fleet_partner", "partner") in fetch_error(monkeypatch, client, partner)
