# -*- coding: utf-8 -*-
# Copyright (c) ppe.essentials contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The filter customer_problems (declaration checks), and the drift of a run's typed steps (records, drift, unmanaged)."""

from __future__ import annotations

import ast
import copy
import os

import pytest
import yaml

from ansible.errors import AnsibleFilterError
from ansible.parsing.dataloader import DataLoader
from ansible.template import Templar

try:
    from ansible._internal._datatag._tags import TrustedAsTemplate
except ImportError:  # ansible-core < 2.19 templates any text
    TrustedAsTemplate = None

from ansible_collections.ppe.essentials.plugins.filter.customer import FilterModule, customer_problems
from ansible_collections.ppe.essentials.plugins.module_utils._customer import CustomerRun, drift

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))))
with open(os.path.join(REPO, "playbooks", "vars", "customers.yml"), encoding="utf-8") as _file:
    CUSTOMERS = yaml.safe_load(_file)["ppe_customers"]


def initech():
    return copy.deepcopy(CUSTOMERS[0])


def live_org(package="advanced", domains=None):
    """An organization as ppe_org_info returns it."""
    if domains is None:
        domains = [
            {"name": "initech.example", "is_active": True, "is_relay": False, "destination": "mail.initech.example",
             "failovers": []},
            {"name": "initech-mail.example", "is_active": True, "is_relay": True, "destination": "mx1.initech.example",
             "failovers": ["mx2.initech.example", "192.0.2.25"]},
        ]
    return {"primary_domain": "initech.example", "name": "Initech", "licensing_package": package, "domains": domains}


def test_the_filter_is_registered():
    assert set(FilterModule().filters()) == {"customer_problems"}


# -- customer_problems -----------------------------------------------------------------------------
@pytest.mark.parametrize("index", range(len(CUSTOMERS)))
def test_the_example_customers_are_valid(index):
    assert customer_problems(CUSTOMERS[index]) == []
    assert customer_problems(CUSTOMERS[index], None) == []


def test_valid_against_the_live_organization():
    assert customer_problems(initech(), live_org()) == []


def test_messages_name_the_declarations_own_keys():
    customer = initech()
    customer["licensing"]["license_count"] = -5
    customer["domains"][1]["failovers"][1] = "mx 3.initech.example"
    customer["users"][2]["email"] = "samir@other.example"
    customer["users"][1]["alias_emails"].append("not-an-address")
    customer["users"][0]["safe_list_senders"] = ["ok.example", "bad sender"]
    customer["sender_lists"]["block_list"].append("10.0.0.0/8")
    # The rules that span sections first, then each section's module's own (its validators, its words).
    assert customer_problems(customer) == [
        "users[2].email: 'samir@other.example' is not in a domain of the organization (declared or existing: "
        "initech-mail.example, initech.example); add its domain to domains",
        "licensing.license_count: -5 is out of range: use 0 to 1000000",
        "domains[1].failovers[1]: 'mx 3.initech.example' is not a valid IPv4 address or hostname",
        "sender_lists.block_list[1]: '10.0.0.0/8' is not a valid sender-list entry (e-mail, domain, *@domain, "
        "IPv4 address or network)",
        "users[0].safe_list_senders[1]: 'bad sender' is not a valid sender-list entry (e-mail, domain, *@domain, "
        "IPv4 address or network)",
        "users[1].alias_emails[1]: 'not-an-address' is not a valid e-mail address",
    ]


def test_user_domains_may_be_declared_or_existing():
    customer = initech()
    customer["users"].append({"email": "ann@legacy.example"})
    assert customer_problems(customer, live_org())[0].startswith("users[4].email: 'ann@legacy.example' is not in")
    org = live_org()
    org["domains"].append({"name": "Legacy.Example"})
    assert customer_problems(customer, org) == []
    customer["users"][4]["email"] = "ann@INITECH-MAIL.example"  # declared domain, other case
    assert customer_problems(customer) == []


def test_a_user_to_delete_may_be_in_any_domain_but_must_be_an_address():
    customer = initech()
    customer["users"] = [{"email": "old@gone.example", "state": "absent"}, {"email": "gone", "state": "absent"}]
    assert customer_problems(customer) == ["users[1].email: 'gone' is not a valid e-mail address"]


def test_the_administrator_is_checked_like_a_user():
    customer = initech()
    customer["admin"]["email"] = "it@initech.invalid"
    assert customer_problems(customer) == [
        "admin.email: 'it@initech.invalid' is not in a domain of the organization (declared or existing: "
        "initech-mail.example, initech.example); add its domain to domains"]
    customer["admin"] = {"firstname": "No"}  # the input's form first, in ansible's words, as ppe_customer does
    assert customer_problems(customer) == ["missing required arguments: email found in ppe_customer -> admin"]


def test_features_are_known_typed_and_in_the_package_the_run_sets():
    customer = initech()
    customer["features"] = {"dpl": True, "instant_replay": "thirty", "dlp": "maybe"}
    assert customer_problems(customer) == [
        "features.dlp: 'maybe' is not a boolean",
        "features.instant_replay: 'thirty' is not a whole number",
        "features.dpl: not a Proofpoint Essentials feature (did you mean dlp? known: anti_spoofing, "
        "attachment_defense, attachment_defense_sandboxing, automatic_remediation, disclaimers, dlp, email_archive, "
        "email_encryption, email_warning_tags, instant_replay, one_click_remediation, outbound_relaying, "
        "smtp_discovery, social_media_account_protection, url_defense)",
    ]


def test_a_downgrade_with_a_feature_of_the_old_package_is_a_problem():
    customer = initech()
    customer["licensing"]["package"] = "business"
    assert customer_problems(customer, live_org("advanced")) == [
        "features.attachment_defense_sandboxing: not available in the business package (licensing.package); "
        "packages that offer it: advanced, advanced_plus, professional, professional_plus",
        "features.email_encryption: not available in the business package (licensing.package); "
        "packages that offer it: advanced, advanced_plus, professional, professional_plus",
    ]
    customer["features"] = {"email_encryption": False}  # even off: the API refuses a feature its package lacks
    assert len(customer_problems(customer, live_org("advanced"))) == 1


def test_without_a_declared_package_the_live_one_counts_then_the_api_default():
    customer = initech()
    del customer["licensing"]
    assert customer_problems(customer, live_org("advanced")) == []
    assert customer_problems(customer, live_org("beginner"))[0].startswith(
        "features.attachment_defense_sandboxing: not available in the beginner package "
        "(the organization's current package)")
    assert customer_problems(customer)[0].startswith(
        "features.attachment_defense_sandboxing: not available in the business package "
        "(the API's default for a new organization)")


def test_an_unknown_package_is_reported_once():
    customer = initech()
    customer["licensing"]["package"] = "enterprise"
    assert customer_problems(customer) == [
        "value of package must be one of: beginner, business, business_plus, advanced, advanced_plus, professional, "
        "professional_plus, got: enterprise found in ppe_customer -> licensing"]


PRIVATE_KEY = "-----BEGIN PRIVATE KEY-----\nRXhhbXBsZSBvbmx5\n-----END PRIVATE KEY-----\n"


def umbrella():
    return copy.deepcopy(next(c for c in CUSTOMERS if c["domain"] == "umbrella.example"))


def test_dkim_keys_are_in_a_declared_or_existing_domain():
    customer = umbrella()
    customer["dkim"].append({"domain": "umbrella-old.example", "selector": "s1", "private_key": PRIVATE_KEY})
    assert customer_problems(customer) == [
        "dkim[1].domain: 'umbrella-old.example' is not a domain of the organization (declared or existing: "
        "umbrella-labs.example, umbrella.example); add it to domains"]
    existing = live_org(domains=[{"name": "umbrella-old.example"}])
    assert customer_problems(customer, dict(existing, primary_domain="umbrella.example")) == []


def test_a_relay_domain_needs_a_destination_declared_or_live():
    """ppe_domain's own rule (DomainResource.object_errors), judged with the domain as the organization lists it."""
    relay = ["domains[1].destination: required for a relay domain (is_relay is true), and the domain would have "
             "none; set destination, or is_relay: false"]
    customer = initech()
    del customer["domains"][1]["destination"]
    assert customer_problems(customer) == relay
    assert customer_problems(customer, live_org()) == []  # the domain has one now
    customer["domains"][1]["destination"] = ""
    assert customer_problems(customer, live_org()) == relay
    customer = initech()
    customer["domains"][1] = {"name": "initech-mail.example", "destination": ""}
    assert customer_problems(customer, live_org()) == relay  # a relay now
    customer["domains"][1]["is_relay"] = False
    assert customer_problems(customer, live_org()) == []


def test_duplicates_country_and_state():
    customer = initech()
    customer["domains"].append({"name": "INITECH-mail.example."})
    customer["users"].append({"email": "Peter@initech.example"})
    customer["country"] = "USA"
    assert customer_problems(customer) == [
        "domains[2].name: 'INITECH-mail.example.' is listed twice (also domains[1])",
        "users[4].email: 'Peter@initech.example' is listed twice (also users[0])",
        "country: 'USA' is not an ISO 3166-1 alpha-2 country code (for example US, GB, DE)",
    ]
    customer = initech()
    customer["country"] = "ca"
    del customer["stateprov"]
    assert customer_problems(customer) == ["stateprov: required when country is CA"]


def test_every_problem_at_once_capped_at_twenty():
    customer = initech()
    customer["users"] = [{"email": "user%d@elsewhere.example" % i} for i in range(25)]
    problems = customer_problems(customer)
    assert len(problems) == 21
    assert problems[0].startswith("users[0].email: ")
    assert problems[19].startswith("users[19].email: ")
    assert problems[20] == "and 5 more problems"
    assert len(customer_problems(customer, limit=0)) == 25
    assert customer_problems(customer, limit=24)[-1] == "and 1 more problem"


def test_odd_input_is_reported_not_crashed_on():
    """A declaration of the wrong form gets the input check's messages (as ppe_customer gives them), not a crash."""
    customer = {"domain": "bad domain", "parent": 42, "users": ["bob@initech.example", {"email": None},
                {"email": "a\n|b`@initech.example"}], "domains": "initech.example", "features": ["dlp"],
                "sender_lists": {"allow_list": "partner.example"}, "licensing": {"license_count": "many"}}
    problems = customer_problems(customer, limit=0)
    assert "missing required arguments: name found in ppe_customer" in problems
    assert any("features" in p and "list" in p for p in problems)  # ansible's words differ between versions
    assert any("license_count" in p and "int" in p for p in problems)
    assert customer_problems({"domain": "bad domain", "parent": "msp.example", "name": "x"}) == [
        "domain: 'bad domain' is not a valid domain name"]


def test_wrong_argument_types_raise():
    with pytest.raises(AnsibleFilterError, match="customer must be a dict"):
        customer_problems(["initech.example"])
    with pytest.raises(AnsibleFilterError, match="org must be the organization as read"):
        customer_problems(initech(), "initech.example")


# -- drift: a run's typed steps compared ----------------------------------------------------------
ORG = "initech.example"


def unchanged(key):
    return {"changed": False, key: {}, "diff": {"before": {"x": 1}, "after": {"x": 1}}}


def domain_steps(customer, diffs=None):
    diffs = diffs or {}
    before = {"is_relay": False, "destination": "mail.initech.example"}
    return [("domain", item["name"], {"changed": item["name"] in diffs, "diff": {
        "before": before, "after": dict(before, **diffs.get(item["name"], {}))}}) for item in customer["domains"]]


def user(email, type_="end_user", **extra):
    return dict({"primary_email": email, "type": type_, "firstname": "", "surname": "", "is_active": True}, **extra)


def all_users(customer, *extra):
    return [user(u["email"]) for u in customer["users"]] + [user(customer["admin"]["email"], "organization_admin")] \
        + list(extra)


def existing_run(customer, live=None, live_sections=None, **results):
    """The run of an existing organization as ppe_customer records it: a step per section (a result given as None
    leaves that step out, as when it did not run)."""
    defaults = {
        "org": dict(unchanged("org"), unapplied=[]),
        "licensing": unchanged("licensing"),
        "features": unchanged("features"),
        "sender_lists": unchanged("sender_lists"),
        "users": {"changed": False, "users": all_users(customer), "diff": {"before": {"users": {}}, "after": {"users": {}}}},
    }
    defaults.update(results)
    steps = [("org", ORG, defaults["org"])] + results.get("domains", domain_steps(customer))
    steps += [(key, ORG, defaults[key]) for key in ("licensing", "features", "sender_lists", "users")
              if defaults[key] is not None]
    return CustomerRun(live_org() if live is None else live, True, steps, live_sections)


def test_no_drift_for_an_organization_in_its_declared_state():
    customer = initech()
    outcome = drift(customer, existing_run(customer), check_mode=True)
    assert [r["resource"] for r in outcome["results"]] == [
        "org", "domain", "domain", "licensing", "features", "sender_lists", "users"]
    assert [r["name"] for r in outcome["results"]][:3] == ["initech.example", "initech.example", "initech-mail.example"]
    assert outcome["drift"] == {"org": "initech.example", "name": "Initech", "exists": True, "check_mode": True,
                                "changes": [], "unmanaged": [], "dns_records": [], "problems": [], "notes": []}


def test_field_differences_and_users_created_changed_deleted():
    customer = initech()
    run = existing_run(
        customer,
        domains=domain_steps(customer, {"initech-mail.example": {"destination": "mx1.initech.example"}}),
        features={"changed": True, "diff": {"before": {"dlp": False}, "after": {"dlp": True}}},
        users={"changed": True, "users": all_users(customer), "diff": {
            "before": {"users": {"peter@initech.example": {"surname": "G"}, "old@initech.example": {"type": "end_user"}}},
            "after": {"users": {"peter@initech.example": {"surname": "Gibbons"}, "new@initech.example": {"type": "end_user"}}}}},
    )
    changes = drift(customer, run)["drift"]["changes"]
    assert [(c["resource"], c["name"], c["field"], c["old"], c["new"]) for c in changes] == [
        ("domain", "initech-mail.example", "destination", "mail.initech.example", "mx1.initech.example"),
        ("features", "initech.example", "dlp", False, True),
        ("user", "peter@initech.example", "surname", "G", "Gibbons"),
        ("user", "old@initech.example", "exists", True, False),
        ("user", "new@initech.example", "exists", False, True),
    ]
    assert changes[3]["details"] == {"type": "end_user"}


def test_fields_the_api_cannot_change_come_from_unapplied_except_the_converged_ones():
    customer = initech()
    org = dict(unchanged("org"), unapplied=[
        {"field": "name", "current": "Initech", "requested": "Initech Inc", "hint": ""},
        {"field": "user_licenses", "current": 15, "requested": 20, "hint": "change it with ppe.essentials.ppe_licensing"},
        {"field": "country", "current": "US", "requested": "GB", "hint": "ask the vendor"},
        {"field": "block_list_senders", "current": [], "requested": ["x.example"], "hint": "ppe_sender_lists"},
    ], warnings=["organization initech.example: the API cannot change name ..."])
    changes = drift(customer, existing_run(customer, org=org), check_mode=True)["drift"]["changes"]
    assert changes == [
        {"org": "initech.example", "resource": "org", "name": "initech.example", "field": "name", "old": "Initech",
         "new": "Initech Inc", "note": "the API cannot change it after creation"},
        {"org": "initech.example", "resource": "org", "name": "initech.example", "field": "country", "old": "US",
         "new": "GB", "note": "the API cannot change it after creation; ask the vendor"},
    ]


def test_warnings_are_not_scraped():
    customer = initech()
    org = dict(unchanged("org"), warnings=["organization initech.example: name is 'A' but 'B' was requested; "
                                           "the API cannot change it after creation."])
    assert drift(customer, existing_run(customer, org=org))["drift"]["changes"] == []


def test_check_mode_for_a_new_organization_reports_what_its_steps_reported():
    """A check-mode run of an organization that is not there, whose org step alone ran: the drift is the
    organization's create and nothing is invented for the steps that did not run (ppe_customer previews them,
    tests/unit/plugins/modules/test_customer_layer.py)."""
    customer = initech()
    org_after = {"name": "Initech", "licensing_package": "advanced"}
    run = CustomerRun(None, True, [("org", ORG, {"changed": True, "org": org_after,
                                                 "diff": {"before": {}, "after": org_after}, "unapplied": []})])
    summary = drift(customer, run, check_mode=True)["drift"]
    assert summary["exists"] is False and summary["unmanaged"] == []
    assert [(c["resource"], c["name"], c["field"], c["old"], c["new"]) for c in summary["changes"]] == [
        ("org", "initech.example", "exists", False, True)]
    assert summary["changes"][0]["details"] == org_after


def test_unmanaged_users_and_domains_admins_first():
    customer = initech()
    org = live_org()
    org["domains"].append({"name": "Shadow.example", "is_active": True, "is_relay": True, "destination": "mx.evil.example",
                           "failovers": []})
    users = all_users(customer, user("zed@initech.example"), user("Eve@initech.example", "organization_admin"),
                      user("bot@initech.example", "functional_account"))
    users[0]["primary_email"] = "PETER@initech.example"  # declared, other case
    run = existing_run(customer, live=org,
                       users={"changed": False, "users": users, "diff": {"before": {"users": {}}, "after": {"users": {}}}})
    unmanaged = drift(customer, run, check_mode=True)["drift"]["unmanaged"]
    assert [(u["resource"], u["name"], u["admin"]) for u in unmanaged] == [
        ("user", "eve@initech.example", True),
        ("domain", "shadow.example", False),
        ("user", "bot@initech.example", False),
        ("user", "zed@initech.example", False),
    ]
    assert unmanaged[0]["details"] == {"type": "organization_admin", "is_active": True, "firstname": "", "surname": ""}
    assert unmanaged[1]["details"]["destination"] == "mx.evil.example"


def test_no_unmanaged_users_when_the_users_step_did_not_run():
    customer = initech()
    assert drift(customer, existing_run(customer, users=None))["drift"]["unmanaged"] == []


def test_an_invalid_declaration_compares_nothing():
    customer = initech()
    outcome = drift(customer, CustomerRun(live_org(), True), check_mode=True,
                    problems=["users[0].email: 'x' is not a valid e-mail address"])
    summary = outcome["drift"]
    assert summary["problems"] == ["users[0].email: 'x' is not a valid e-mail address"]
    assert summary["changes"] == [] and summary["unmanaged"] == [] and summary["exists"] is True
    assert summary["notes"] == ["The declaration is invalid, so nothing was compared or changed; fix the problems listed."]
    assert outcome["results"] == []


def test_a_features_step_unchecked_before_a_package_change_becomes_a_note():
    customer = initech()
    run = existing_run(customer, features={
        "unchecked": "features: email_encryption not available to organization initech.example"})
    outcome = drift(customer, run, check_mode=True)
    assert outcome["drift"]["notes"] == [
        "Not checked before the package change: features: email_encryption not available to organization initech.example"]
    assert [r["failed"] for r in outcome["results"]] == [False] * 4 + [True, False, False]


# -- the audit's own expressions (playbooks/audit.yml and its Markdown template), rendered in process --------------
def _template(text, variables):
    """What Ansible makes of a playbook's or template's text (a trusted template on ansible-core >= 2.19)."""
    if TrustedAsTemplate is not None:
        text = TrustedAsTemplate().tag(text)
    value = Templar(loader=DataLoader(), variables=variables).template(text)
    if isinstance(value, str) and value.lstrip()[:1] in ("[", "{"):  # older ansible-core: text, evaluated by set_fact
        value = ast.literal_eval(value)
    return value


def _audit_task(name):
    with open(os.path.join(REPO, "playbooks", "audit.yml"), encoding="utf-8") as handle:
        return next(t for t in yaml.safe_load(handle)[0]["tasks"] if t["name"] == name)


def test_the_audit_shows_and_counts_every_kind_of_unmanaged_item_and_a_missing_organization():
    """The report a schedule reads (issue 21): an IdP that forces the login, a DKIM key, exemptions and a section not
    read are in the JSON, the Markdown and the output; a deactivated and a missing organization are drift, and
    ppe_audit_fail_on_drift's message counts them."""
    customer = initech()
    org = dict(live_org(), is_active=False)
    sections = {"saml_idps": [{"id": "0b0e", "name": "Shadow IdP", "is_active": True, "forces_login": True}],
                "dkim": [{"domain": "initech.example", "selector": "rogue", "is_valid": False}],
                "email_tagging_exemptions": ["partner.example"], "azure_sync_exemptions": None,
                "unavailable": ["Azure AD sync exemptions: the API answered HTTP 404 (not set up, or not in this "
                                "package)"]}
    inactive = drift(customer, existing_run(customer, live=org, live_sections=sections), check_mode=True)["drift"]
    gone = drift(dict(initech(), domain="gone.example", name="Gone"), CustomerRun(None, True), check_mode=True)["drift"]
    inactive["standards"] = [  # as ppe_customer judges them with standards (test_standards.py)
        {"path": "authentication.is_mfa_enabled", "standard": True, "live": False, "state": "short"},
        {"path": "features.url_defense", "standard": True, "live": True, "state": "held"},
        {"path": "sender_lists.block_list", "standard": ["spam.example"], "live": None, "state": "excepted",
         "reason": "the customer's own gateway blocks it"}]
    build = _audit_task("Build the report")
    variables = {"onboard_customer_drift": [inactive, gone], "ppe_audit_ignore_unmanaged_end_users": False,
                 "ppe_audit_started": "2026-01-01T00:00:00Z"}
    variables["ppe_audit_orgs"] = _template(build["vars"]["ppe_audit_orgs"], variables)
    report = variables["ppe_audit_report"] = _template(build["ansible.builtin.set_fact"]["ppe_audit_report"], variables)
    variables["ppe_audit_base"] = "/tmp/audit"

    assert report["summary"] == {"orgs": 2, "orgs_with_drift": 2, "drifted_fields": 1 + len(gone["changes"]),
                                 "unmanaged": 3, "invalid_declarations": 0, "standards_short": 1}
    assert report["orgs"][0]["standards"] == inactive["standards"] and report["orgs"][1]["standards"] == []
    first = report["orgs"][0]
    assert [(d["resource"], d["field"], d["live"], d["declared"]) for d in first["drift"]] == [
        ("org", "is_active", False, True)]
    assert [(u["resource"], u["name"], u.get("forces_login")) for u in first["unmanaged"]] == [
        ("saml_idp", "Shadow IdP", True), ("dkim", "rogue._domainkey.initech.example", None),
        ("email_tagging_exemption", "partner.example", None)]
    assert first["notes"] == ["Not read, so not checked for unmanaged items: Azure AD sync exemptions: the API "
                              "answered HTTP 404 (not set up, or not in this package)"]
    assert report["orgs"][1]["exists"] is False
    assert report["orgs"][1]["drift"][0]["field"] == "exists"

    with open(os.path.join(REPO, "playbooks", "templates", "audit_report.md.j2"), encoding="utf-8") as handle:
        markdown = _template(handle.read(), variables)
    assert "**Drift**: %d field(s) differ and 3 item(s) are unmanaged in 2 of 2 organizations." % (
        report["summary"]["drifted_fields"]) in markdown
    assert "| saml_idp | Shadow IdP | **forces the login**, active, id 0b0e |" in markdown
    assert ("| dkim | rogue._domainkey.initech.example | selector rogue, domain initech.example, not verified |"
            in markdown)
    assert "| email_tagging_exemption | partner.example | exempt from e-mail warning and subject tags |" in markdown
    assert "| org | initech.example | is_active | `false` | `true` (the organization is deactivated" in markdown
    assert "## gone.example (Gone)\n\n**The organization does not exist**" in markdown
    assert markdown.count("does not exist**") == 1
    assert "Note: Not read, so not checked for unmanaged items: Azure AD sync exemptions" in markdown
    assert "**Standards**: 1 standard(s) fall short" in markdown
    assert "| authentication.is_mfa_enabled | **falls short** | `false` | `true` |" in markdown
    assert "| features.url_defense | holds | `true` | `true` |" in markdown
    assert ("| sender_lists.block_list | excepted: the customer's own gateway blocks it | `null` | `[\"spam.example\"]` |"
            in markdown)

    lines = _template(_audit_task("Show the drift and where the report is")["ansible.builtin.debug"]["msg"], variables)
    assert "UNMANAGED initech.example saml_idp Shadow IdP (forces the login)" in lines
    assert "UNMANAGED initech.example dkim rogue._domainkey.initech.example" in lines
    assert "MISSING gone.example: declared, but the organization does not exist" in lines
    assert "SHORT initech.example standard authentication.is_mfa_enabled: live false, standard true" in lines
    fail = _audit_task("Fail when something drifted, is unmanaged or falls short of a standard (ppe_audit_fail_on_drift)")
    message = _template(fail["ansible.builtin.assert"]["fail_msg"], dict(variables, **{
        "ppe_audit_missing": _template(fail["vars"]["ppe_audit_missing"], variables)}))
    assert message == "%d drifted field(s) and 3 unmanaged item(s), 1 declared organization(s) missing, 1 " \
                      "standard(s) fallen short; see /tmp/audit.md" % report["summary"]["drifted_fields"]
