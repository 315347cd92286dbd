# -*- coding: utf-8 -*-
# Copyright (c) ppe.essentials contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Export (issue 24): a fleet set up by hand through the API, exported with ppe_customer_info, is audited right
after by ppe_customer in check mode with no drift and nothing unmanaged; both runs only read. In process, against
the simulator app."""

from __future__ import annotations

import os

import yaml
from ansible.utils.unsafe_proxy import wrap_var

from ansible_collections.ppe.essentials.plugins.module_utils._export import EXPORTERS, ORDER, SUB_ORDER, ordered
from ansible_collections.ppe.essentials.plugins.module_utils._onboarding import SECTIONS
from ansible_collections.ppe.essentials.plugins.plugin_utils._customers_yaml import customers_yaml
from tests.unit.plugins.modules.conftest import run_module

CERT = "-----BEGIN CERTIFICATE-----\nTUlJQ2Vy\n-----END CERTIFICATE-----"
KEY = "-----BEGIN PRIVATE KEY-----\nRXhhbXBsZSBvbmx5\n-----END PRIVATE KEY-----\n"
SECRET_PASSWORD = "Sekr1t-Passw0rd-of-Zoe"
AZURE_SECRET = "azure-client-secret-value"
ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "..")


def org(client, name, package, **extra):
    body = dict({"primary_domain": name, "name": name.split(".")[0].title(), "licensing_package": package,
                 "user_licenses": 40, "country": "DE", "address": "Weg 1", "phone": "+49 30 1234",
                 "admin_user": {"primary_email": "boss@" + name, "firstname": "Bo", "surname": "Ss"}}, **extra)
    client.request("POST", "/orgs/msp.example/orgs", body)


def idp(client, name, label):
    return client.request("POST", "/orgs/%s/authentication/settings/idps" % name, {
        "name": label, "idp_entity_id": "https://%s.example/entity" % label.lower(), "is_active": True,
        "idp_login_url": "https://%s.example/login" % label.lower(), "idp_public_cert": CERT}).data["id"]


def build(client):
    """Two organizations set up by hand, the way years of portal work leave them."""
    org(client, "north.example", "advanced_plus")
    client.request("POST", "/orgs/north.example/domains", {
        "name": "relay.north.example", "is_relay": True, "destination": "mx1.north.example",
        "failovers": ["mx2.north.example", "192.0.2.7"]})
    client.request("POST", "/orgs/north.example/domains", {"name": "Old.North.example", "is_active": False})
    client.request("POST", "/orgs/north.example/users", {
        "primary_email": "Zoe@north.example", "firstname": "Zoe", "surname": "Zed", "type": "organization_admin",
        "alias_emails": ["z@relay.north.example", "zoe.zed@north.example"], "password": SECRET_PASSWORD})
    client.request("POST", "/orgs/north.example/users", {
        "primary_email": "scanner@north.example", "type": "functional_account", "is_billable": False})
    client.request("POST", "/orgs/north.example/users", {
        "primary_email": "leaver@north.example", "firstname": "Lee", "is_active": False})
    client.request("PUT", "/orgs/north.example/features", {"url_defense": False, "instant_replay": 14})
    client.request("PATCH", "/orgs/north.example/sender-lists", {"allow_list": ["Partner.example", "*@bank.example"],
                                                                 "block_list": ["spam.example"]})
    idp(client, "north.example", "Okta")
    forced = idp(client, "north.example", "Entra")
    client.request("PUT", "/orgs/north.example/authentication/settings/login", {
        "idp_for_forced_login": forced, "allow_local_login": False})
    client.request("PUT", "/orgs/north.example/authentication/settings/mfa", {"is_mfa_enabled": True})
    for name, selector in (("north.example", "ppe2026"), ("relay.north.example", "s1")):
        client.request("POST", "/orgs/north.example/domains/%s/dkim/%s" % (name, selector), {"private_key": KEY})
    client.request("PATCH", "/orgs/north.example/email-tagging", {
        "email_warning_tags": {"is_enabled": True, "info_tags": {"external_sender": True}},
        "email_subject_tags": {"is_enabled": True, "content": "[EXT]"}})
    client.request("POST", "/orgs/north.example/email-tagging/exemptions",
                   {"exemptions": ["partner.example", "*@news.example"]})
    client.request("PUT", "/orgs/north.example/settings/azure", {
        "application_id": "0b7c6a4e-1111-2222-3333-444455556666", "ad_key": AZURE_SECRET, "sync_frequency": 6,
        "add_users": True})
    client.request("PUT", "/orgs/north.example/settings/azure/exemptions", {"emails": ["ceo@north.example"]})
    org(client, "south.example", "business")  # a plain one: the package without e-mail tagging


def test_an_exported_fleet_audits_with_no_drift_and_nothing_unmanaged(simulator):
    store, client = simulator
    build(client)
    del store.log[:]
    exported = run_module("ppe_customer_info", {"partner": "msp.example", "workers": 3}, True, client)
    assert not exported.get("failed"), exported.get("msg")
    assert set(e["method"] for e in store.log) == {"GET"}
    customers = exported["customers"]
    assert [c["domain"] for c in customers] == ["acme.example", "north.example", "south.example"]
    north = customers[1]
    assert list(north)[:3] == ["domain", "parent", "name"]
    assert [d["name"] for d in north["domains"]] == ["north.example", "old.north.example", "relay.north.example"]
    assert north["domains"][2]["failovers"] == ["192.0.2.7", "mx2.north.example"]
    assert north["dkim"] == [{"domain": "north.example", "selector": "ppe2026"},
                             {"domain": "relay.north.example", "selector": "s1"}]
    assert [i["name"] for i in north["saml_idps"]] == ["Entra", "Okta"]
    assert north["azure_sync"]["exemptions"] == ["ceo@north.example"]
    assert north["email_tagging"]["exemptions"] == ["*@news.example", "partner.example"]
    zoe = next(u for u in north["users"] if u["email"] == "zoe@north.example")
    assert zoe["type"] == "organization_admin" and zoe["alias_emails"] == ["z@relay.north.example",
                                                                           "zoe.zed@north.example"]
    assert "email_tagging" not in customers[2]  # not in the business package: noted, not exported
    assert SECRET_PASSWORD not in repr(exported) and AZURE_SECRET not in repr(exported) and "PRIVATE" not in repr(
        exported)
    omitted = dict((o["domain"], o["omitted"]) for o in exported["orgs"])
    assert {"dkim[1]", "azure_sync", "users"} <= set(o["at"] for o in omitted["north.example"] if o["secret"])

    del store.log[:]
    audit = run_module("ppe_customer", {"customers": customers, "workers": 3}, True, client)
    assert not audit.get("failed"), audit.get("msg")
    assert set(e["method"] for e in store.log) == {"GET"}
    for outcome in audit["outcomes"]:
        assert outcome["drift"]["changes"] == [], (outcome["drift"]["org"], outcome["drift"]["changes"])
        assert outcome["drift"]["unmanaged"] == [], (outcome["drift"]["org"], outcome["drift"]["unmanaged"])
        assert outcome["drift"]["problems"] == []


def test_every_section_has_one_exporter():
    """A section added to the declaration's table without an exporter would be missing from every export."""
    assert list(EXPORTERS) == [section.key for section in SECTIONS]


def test_keys_are_in_the_roles_documented_order():
    with open(os.path.join(ROOT, "roles", "onboard_customer", "meta", "argument_specs.yml")) as handle:
        spec = yaml.safe_load(handle)["argument_specs"]["main"]["options"]["ppe_customer"]["options"]
    assert list(ORDER) == list(spec)
    for key, order in SUB_ORDER.items():
        assert list(order) == list(spec[key]["options"]), key
    assert list(ordered({"domains": [{"is_active": True, "name": "a.example"}], "name": "A", "domain": "a.example"})
                ) == ["domain", "name", "domains"]


def test_the_customers_file_reads_back_to_the_declarations_with_a_comment_at_each_omitted_item(simulator):
    store, client = simulator
    build(client)
    exported = run_module("ppe_customer_info", {"partner": "msp.example"}, True, client)
    text = customers_yaml(exported["customers"], exported["orgs"], ORDER)
    print(text)
    assert yaml.safe_load(text) == {"ppe_customers": exported["customers"]}
    assert text == customers_yaml(exported["customers"], exported["orgs"], ORDER)
    for secret in (SECRET_PASSWORD, AZURE_SECRET, "PRIVATE KEY"):
        assert secret not in text
    assert text.count("# private_key: omitted") == 2
    assert text.count("--stdin-name user_password") == 3
    assert "# client_secret: omitted" in text
    assert "# email_tagging: omitted - e-mail warning tags are not available in the business package" in text


def test_azure_sync_exemptions_without_the_sync_set_up_round_trip(simulator):
    """Exemptions from an Azure AD sync that is not set up: an azure_sync section of only exemptions is their step
    alone (like e-mail tagging's), so the export declares them and the audit of the export finds nothing; before,
    the section also brought the sync's settings to their state, and the declaration was refused (creating them
    needs application_id and client_secret)."""
    store, client = simulator
    client.request("PUT", "/orgs/acme.example/settings/azure/exemptions", {"emails": ["ceo@acme.example"]})
    exported = run_module("ppe_customer_info", {"partner": "msp.example", "orgs": ["acme.example"]}, True, client)
    assert exported["customers"][0]["azure_sync"] == {"exemptions": ["ceo@acme.example"]}
    del store.log[:]
    audit = run_module("ppe_customer", {"customers": exported["customers"]}, True, client)
    assert not audit.get("failed"), audit.get("msg")
    drift = audit["outcomes"][0]["drift"]
    assert drift["changes"] == [] and drift["unmanaged"] == [] and drift["problems"] == []
    assert set(e["method"] for e in store.log) == {"GET"}


def test_named_organizations_without_the_partner_take_the_api_users_organization_as_parent(simulator):
    store, client = simulator
    result = run_module("ppe_customer_info", {"orgs": ["ACME.example"]}, True, client)
    assert not result.get("failed"), result.get("msg")
    assert [(c["domain"], c["parent"]) for c in result["customers"]] == [("acme.example", "msp.example")]
    assert set(e["method"] for e in store.log) == {"GET"}

    missing = run_module("ppe_customer_info", {"orgs": ["acme.example", "nope.example"]}, True, client)
    assert missing["failed"] and "nope.example: the organization does not exist; check it for a typo" in missing["msg"]
    assert [c["domain"] for c in missing["customers"]] == ["acme.example"]  # the others are still returned

    neither = run_module("ppe_customer_info", {}, True, client)
    assert neither["failed"] and "partner, orgs: set one of them" in neither["msg"]


def test_odin_settings_are_exported_only_where_a_user_has_an_odin_right(simulator):
    """Most users have none: `odin_settings: {false, false}` on each would be noise; the imitable administrator's
    round-trips."""
    store, client = simulator
    client.request("PUT", "/orgs/acme.example/users/admin@acme.example",
                   {"odin_settings": {"can_impersonate": False, "is_imitable": True}})
    exported = run_module("ppe_customer_info", {"partner": "msp.example", "orgs": ["acme.example"]}, True, client)
    odin = dict((u["email"], u.get("odin_settings")) for u in exported["customers"][0]["users"])
    assert odin.pop("admin@acme.example") == {"can_impersonate": False, "is_imitable": True}
    assert set(odin.values()) == {None}
    del store.log[:]
    audit = run_module("ppe_customer", {"customers": exported["customers"]}, True, client)
    assert audit["outcomes"][0]["drift"]["changes"] == [] and set(e["method"] for e in store.log) == {"GET"}


def test_the_customers_file_is_written_from_the_strings_ansible_hands_a_filter():
    """ansible-core 2.16 hands filters AnsibleUnsafeText, whose str() stays unsafe and which yaml refuses ('cannot
    represent an object'); wrap_var gives what each ansible-core hands (plain str from 2.19 on)."""
    declaration = wrap_var({"domain": "acme.example", "parent": "msp.example", "name": "Acme"})
    text = customers_yaml([declaration], [wrap_var({"domain": "acme.example", "omitted": []})],
                          order=wrap_var(["domain", "parent", "name"]), path=wrap_var("customers.yml"))
    assert yaml.safe_load(text)["ppe_customers"] == [{"domain": "acme.example", "parent": "msp.example",
                                                      "name": "Acme"}]
