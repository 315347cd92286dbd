# -*- coding: utf-8 -*-
# Copyright (c) ppe.essentials contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The roles onboard_customer/offboard_customer and the playbooks onboard_customer.yml, audit.yml and
offboard_customer.yml, run with real ansible-playbook against the simulator; the simulator's request
log shows what each run read and wrote.

The onboarding and audit playbooks run with the collection's example customers (ppe_customers_file=@examples,
playbooks/vars/customers.yml) unless a test passes ppe_customers or ppe_customers_file.
tests/integration/test_installed_collection.py runs them from the installed collection with a customers file
of the current directory."""

from __future__ import annotations

import collections
import copy
import json
import os
import re
import urllib.request

import pytest
import yaml
from ansible.release import __version__ as ANSIBLE_VERSION

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
ONBOARD = os.path.join(REPO, "playbooks", "onboard_customer.yml")
AUDIT = os.path.join(REPO, "playbooks", "audit.yml")
OFFBOARD = os.path.join(REPO, "playbooks", "offboard_customer.yml")

with open(os.path.join(REPO, "playbooks", "vars", "customers.yml"), encoding="utf-8") as _file:
    CUSTOMERS = yaml.safe_load(_file)["ppe_customers"]

WRITES = ("POST", "PUT", "PATCH", "DELETE")
CORE = tuple(int(part) for part in ANSIBLE_VERSION.split(".")[:2])  # the ansible-core that runs ansible-playbook


@pytest.fixture
def run_playbook(run_playbook):  # pylint: disable=redefined-outer-name
    """conftest's run_playbook, with the example customers unless the test declares its own."""

    def run(path, extra_vars=None, **kwargs):
        variables = dict(extra_vars or {})
        if path in (ONBOARD, AUDIT) and "ppe_customers" not in variables:
            variables.setdefault("ppe_customers_file", "@examples")
        return run_playbook(path, extra_vars=variables, **kwargs)

    return run


def calls(simulator):
    """The request log as 'METHOD /path' strings (without /api/v1), then cleared."""
    log = simulator.requests()
    simulator.clear_requests()
    return ["%s %s" % (r["method"], r["path"].replace("/api/v1", "", 1)) for r in log]


def methods(log):
    return collections.Counter(call.split(" ", 1)[0] for call in log)


def api(simulator, method, path, body):
    """A direct API call as admin@msp.example: a change behind the playbook's back."""
    request = urllib.request.Request(
        simulator.url + "/api/v1" + path,
        data=json.dumps(body).encode("utf-8"),
        method=method,
        headers={"Content-Type": "application/json", "X-User": "admin@msp.example", "X-Password": "demo-password"},
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        assert response.status in (200, 201, 204)


def state_org(simulator, domain):
    state = simulator._call("GET", "/_sim/state")  # pylint: disable=protected-access
    return next((org for org in state["orgs"] if org["primary_domain"] == domain), None)


def audit(run_playbook, tmp_path, **extra):
    variables = {"ppe_audit_report_dir": str(tmp_path / "reports"), "ppe_audit_report_name": "audit"}
    variables.update(extra)
    result = run_playbook(AUDIT, extra_vars=variables, check=True, diff=True)
    report = None
    if (tmp_path / "reports" / "audit.json").exists():
        report = json.loads((tmp_path / "reports" / "audit.json").read_text(encoding="utf-8"))
    markdown = None
    if (tmp_path / "reports" / "audit.md").exists():
        markdown = (tmp_path / "reports" / "audit.md").read_text(encoding="utf-8")
    return result, report, markdown


@pytest.fixture
def onboarded(simulator, run_playbook):
    """The simulator with the example customers onboarded and an empty request log."""
    simulator.reset()
    run_playbook(ONBOARD).assert_ok()
    simulator.clear_requests()
    return simulator


def test_fresh_onboarding(simulator, run_playbook):
    simulator.reset()
    result = run_playbook(ONBOARD).assert_ok()
    log = calls(simulator)
    assert result.recap["failed"] == 0
    # Per customer: the read before the declaration check (GET 404, which the org step reuses), org (GET of
    # the partner, POST), 2 domains (GET + PUT each), licensing (GET), features (GET + PUT), sender lists
    # (GET + PATCH), users (GET, GET of the org before creating, one batch POST); umbrella's sections: domain
    # verification (GET domain + GET code, 2 domains), DKIM (GET 404, GET org and domain, POST), warning tags
    # (GET + PATCH), their exemptions (GET + POST), MFA (GET + PUT); each e-mail tagging step that writes reads the
    # organization's package first (its rule: the package must offer warning tags).
    assert methods(log) == {"GET": 30, "POST": 6, "PUT": 7, "PATCH": 3}, log
    assert log[:3] == ["GET /orgs/initech.example", "GET /orgs/msp.example", "POST /orgs/msp.example/orgs"]
    assert "PUT /orgs/initech.example/domains/initech-mail.example" in log
    assert "PATCH /orgs/umbrella.example/sender-lists" in log
    initech = state_org(simulator, "initech.example")
    assert initech["licensing_package"] == "advanced" and initech["user_licenses"] == 50
    assert initech["features"]["email_encryption"] is True
    users = sorted(u["primary_email"] for u in initech["users"])
    assert users == sorted(["it@initech.example", "peter@initech.example", "michael@initech.example",
                            "samir@initech.example", "scanner@initech.example"])
    relay = next(d for d in initech["domains"] if isinstance(d, dict) and d["name"] == "initech-mail.example")
    assert relay["is_relay"] and relay["destination"] == "mx1.initech.example"
    assert sorted(relay["failovers"]) == ["192.0.2.25", "mx2.initech.example"]
    # The role's summary counts changed fields (a creation is one: exists false -> true), and says so.
    assert "initech.example: 14 field(s) changed (live value -> declared value)" in result.stdout
    assert "umbrella.example: 19 field(s) changed" in result.stdout  # 13, and its DKIM key, 2 tags, exemptions, 2 MFA


def test_rerun_is_unchanged_and_only_reads(onboarded, run_playbook):
    result = run_playbook(ONBOARD).assert_ok()
    log = calls(onboarded)
    assert result.recap["changed"] == 0, result.stdout
    # Per customer: the org (read once, for the declaration check and the org step), 2 domains, licensing,
    # features, sender lists, users; umbrella's sections: verification (2 x domain + code), DKIM key, warning
    # tags, their exemptions, MFA; then what each organization has in the sections, for the unmanaged items (IdPs,
    # the forced login, DKIM keys of each of 2 domains, both exemption lists: 6 GETs each); and umbrella's login
    # settings as they are, for the rule that forcing the Azure AD login needs it allowed (1 GET).
    assert methods(log) == {"GET": 35}, log
    assert "initech.example: no difference" in result.stdout


def test_check_mode_onboarding_of_new_orgs_only_reads(simulator, run_playbook):
    simulator.reset()
    result = run_playbook(ONBOARD, check=True, diff=True).assert_ok()
    log = calls(simulator)
    assert set(methods(log)) == {"GET"}, log
    # Per org: the read for the declaration check (which the org step reuses) and the GET of the partner it is
    # created under; the other steps run against the organization as predicted (no request).
    assert log == ["GET /orgs/initech.example", "GET /orgs/msp.example",
                   "GET /orgs/umbrella.example", "GET /orgs/msp.example"], log
    assert "Not predictable before the organization exists: verification: " in result.stdout
    assert result.recap["changed"] > 0
    assert state_org(simulator, "initech.example") is None


def test_connection_from_role_variables(simulator, run_playbook):
    """ppe_url/ppe_username/ppe_password win over the environment (a wrong password here)."""
    simulator.reset()
    customer = copy.deepcopy(CUSTOMERS[1])
    result = run_playbook(
        ONBOARD,
        extra_vars={"ppe_customers": [customer], "ppe_username": "admin@msp.example", "ppe_password": "demo-password"},
        env={"PPE_PASSWORD": "wrong-password"},
    ).assert_ok()
    assert result.recap["changed"] > 0
    assert "demo-password" not in result.stdout
    assert all(r["status"] != 401 for r in simulator.requests())


def test_audit_without_drift(onboarded, run_playbook, tmp_path):
    result, report, markdown = audit(run_playbook, tmp_path)
    result.assert_ok()
    assert set(methods(calls(onboarded))) == {"GET"}
    assert result.recap["changed"] == 0, result.stdout
    assert report["summary"] == {"orgs": 2, "orgs_with_drift": 0, "drifted_fields": 0, "unmanaged": 0,
                                 "invalid_declarations": 0, "standards_short": 0}
    assert [org["org"] for org in report["orgs"]] == ["initech.example", "umbrella.example"]
    assert all(org["drift"] == [] and org["unmanaged"] == [] and org["exists"] for org in report["orgs"])
    assert "**No drift**" in markdown and markdown.count("No drift.") == 2


def test_audit_reports_exactly_the_drift_and_never_writes(onboarded, run_playbook, tmp_path):
    api(onboarded, "PUT", "/orgs/initech.example/domains/initech-mail.example", {"destination": "mx9.initech.example"})
    api(onboarded, "PUT", "/orgs/umbrella.example/features", {"dlp": False})
    onboarded.clear_requests()

    result, report, markdown = audit(run_playbook, tmp_path, ppe_audit_fail_on_drift=True)
    log = calls(onboarded)
    assert set(methods(log)) == {"GET"}, log
    assert result.rc != 0 and "2 drifted field(s)" in result.stdout  # fail_on_drift, after the report
    assert report["previous"] is None and report["orgs"][0]["changes_since"] is None  # no earlier audit
    assert report["summary"] == {"orgs": 2, "orgs_with_drift": 2, "drifted_fields": 2, "unmanaged": 0,
                                 "invalid_declarations": 0, "standards_short": 0}
    drift = [(d["org"], d["resource"], d["name"], d["field"], d["live"], d["declared"])
             for org in report["orgs"] for d in org["drift"]]
    assert drift == [
        ("initech.example", "domain", "initech-mail.example", "destination", "mx9.initech.example", "mx1.initech.example"),
        ("umbrella.example", "features", "umbrella.example", "dlp", False, True),
    ]
    assert '| domain | initech-mail.example | destination | `"mx9.initech.example"` | `"mx1.initech.example"` |' in markdown
    assert "| features | umbrella.example | dlp | `false` | `true` |" in markdown
    # The same words in the JSON, the Markdown and the output: live value, declared value.
    assert all(set(d) == {"org", "resource", "name", "field", "live", "declared"} for org in report["orgs"]
               for d in org["drift"]), report
    assert "| Resource | Name | Field | Live value | Declared value |" in markdown
    assert ('DRIFT initech.example domain initech-mail.example: destination: live \\"mx9.initech.example\\", '
            'declared \\"mx1.initech.example\\"') in result.stdout  # debug output escapes the quotes

    # The onboarding playbook puts back exactly that, and the audit is clean again.
    run_playbook(ONBOARD).assert_ok()
    writes = [c for c in calls(onboarded) if c.startswith(WRITES)]
    assert writes == ["PUT /orgs/initech.example/domains/initech-mail.example", "PUT /orgs/umbrella.example/features"]
    first = report["generated"]
    result, report, markdown = audit(run_playbook, tmp_path)
    result.assert_ok()
    assert report["summary"]["drifted_fields"] == 0
    # What changed since the first audit, whose report (same ppe_audit_report_name) this one replaced.
    assert report["previous"] == first and report["summary"]["orgs_changed"] == 2
    assert [(o["org"], o["changes_since"]["drift_resolved"]) for o in report["orgs"]] == [
        ("initech.example", ["domain initech-mail.example: destination"]),
        ("umbrella.example", ["features umbrella.example: dlp"])]
    assert "## Since %s\n\n- initech.example: 1 drift(s) resolved: domain initech-mail.example: destination" % first \
        in markdown
    assert "CHANGED umbrella.example since %s: 1 drift(s) resolved: features umbrella.example: dlp" % first \
        in result.stdout


def test_audit_of_a_package_downgrade_notes_the_features_it_cannot_check(onboarded, run_playbook, tmp_path):
    api(onboarded, "PUT", "/orgs/initech.example/package", {"package": "business"})
    onboarded.clear_requests()
    result, report, markdown = audit(run_playbook, tmp_path)
    result.assert_ok()
    assert set(methods(calls(onboarded))) == {"GET"}
    initech = report["orgs"][0]
    assert [(d["resource"], d["field"], d["live"], d["declared"]) for d in initech["drift"]] == [
        ("licensing", "package", "business", "advanced")]
    assert "email_encryption not available" in initech["notes"][0]
    assert "Note: Not checked before the package change" in markdown
    # The onboarding changes the package first, then the features pass.
    run_playbook(ONBOARD).assert_ok()
    assert [c for c in calls(onboarded) if c.startswith(WRITES)] == ["PUT /orgs/initech.example/package"]


def test_audit_of_orgs_that_do_not_exist(simulator, run_playbook, tmp_path):
    simulator.reset()
    result, report, markdown = audit(run_playbook, tmp_path)
    result.assert_ok()
    assert set(methods(calls(simulator))) == {"GET"}
    initech = report["orgs"][0]
    assert initech["exists"] is False
    assert initech["drift"][0]["resource"] == "org" and initech["drift"][0]["field"] == "exists"
    assert (initech["drift"][0]["live"], initech["drift"][0]["declared"]) == (False, True)
    assert ("domain", "initech-mail.example", "is_relay") in [(d["resource"], d["name"], d["field"]) for d in initech["drift"]]
    assert "| org | initech.example | exists | `false` | `true` |" in markdown


def test_the_audit_reports_drift_in_every_onboarding_section(onboarded, run_playbook, tmp_path):
    """Warning tags, their exemptions, MFA and a DKIM key changed behind the playbook's back: each is drift; the
    DNS records to publish are in both reports; nothing is written."""
    api(onboarded, "PATCH", "/orgs/umbrella.example/email-tagging", {"email_subject_tags": {"content": "[EXT]"}})
    api(onboarded, "DELETE", "/orgs/umbrella.example/email-tagging/exemptions",
        {"exemptions": ["newsletter.umbrella-partner.example"]})
    api(onboarded, "PUT", "/orgs/umbrella.example/authentication/settings/mfa", {"is_mfa_enabled": False})
    api(onboarded, "DELETE", "/orgs/umbrella.example/domains/umbrella.example/dkim/ppe2026", None)
    onboarded.clear_requests()
    result, report, markdown = audit(run_playbook, tmp_path)
    result.assert_ok()
    assert writes(calls(onboarded)) == []
    umbrella = report["orgs"][1]
    drift = sorted((d["resource"], d["name"], d["field"]) for d in umbrella["drift"])
    assert drift == [("authentication", "umbrella.example", "is_mfa_enabled"),
                     ("dkim", "ppe2026", "exists"),
                     ("email_tagging", "umbrella.example", "email_subject_tags"),
                     ("email_tagging_exemptions", "umbrella.example", "exemptions")], drift
    records = [(r["purpose"], r["type"], r["name"]) for r in umbrella["dns_records"]]
    assert records == [("domain verification", "TXT", "umbrella.example"),
                       ("domain verification", "TXT", "umbrella-labs.example")], records
    assert all(r["value"].startswith("ppe-verification=") and r["verified"] is False for r in umbrella["dns_records"])
    assert "### DNS records to publish" in markdown and "ppe-verification=" in markdown
    assert "| authentication | umbrella.example | is_mfa_enabled | `false` | `true` |" in markdown
    assert "PRIVATE KEY" not in result.stdout + markdown + json.dumps(report)


def test_audit_reports_a_field_the_api_cannot_change(onboarded, run_playbook, tmp_path):
    customers = copy.deepcopy(CUSTOMERS)
    customers[0]["name"] = "Initech Inc"
    result, report, _markdown = audit(run_playbook, tmp_path, ppe_customers=customers)
    result.assert_ok()
    assert set(methods(calls(onboarded))) == {"GET"}
    assert report["orgs"][0]["drift"] == [{
        "org": "initech.example", "resource": "org", "name": "initech.example", "field": "name",
        "live": "Initech", "declared": "Initech Inc", "note": "the API cannot change it after creation",
    }]


def test_offboarding_deactivates_by_default(simulator, run_playbook):
    simulator.reset()
    result = run_playbook(OFFBOARD, extra_vars={"offboard_customer_domain": "acme.example"}).assert_ok()
    assert result.recap["changed"] == 1
    # The read that tells a missing organization apart, then ppe_org's GET and PATCH.
    assert calls(simulator) == ["GET /orgs/acme.example", "GET /orgs/acme.example", "PATCH /orgs/acme.example"]
    assert state_org(simulator, "acme.example")["is_active"] is False
    result = run_playbook(OFFBOARD, extra_vars={"offboard_customer_domain": "acme.example"}).assert_ok()
    assert result.recap["changed"] == 0
    assert calls(simulator) == ["GET /orgs/acme.example"]


def test_deleting_needs_the_confirmation(simulator, run_playbook):
    simulator.reset()
    variables = {"offboard_customer_domain": "acme.example", "offboard_customer_state": "deleted"}
    result = run_playbook(OFFBOARD, extra_vars=variables)
    assert result.rc != 0
    assert "Refusing to delete acme.example" in result.stdout
    assert "offboard_customer_confirm_delete=acme.example" in result.stdout
    assert calls(simulator) == []

    result = run_playbook(OFFBOARD, extra_vars=dict(variables, offboard_customer_confirm_delete="other.example"))
    assert result.rc != 0 and calls(simulator) == []

    result = run_playbook(OFFBOARD, extra_vars=dict(variables, offboard_customer_confirm_delete="acme.example"))
    result.assert_ok()
    assert calls(simulator) == ["GET /orgs/acme.example", "DELETE /orgs/acme.example"]
    assert state_org(simulator, "acme.example") is None


# What the role's input check prints instead of ansible's own validation output, which holds the whole
# argument spec (several KB of descriptions) and names a nested unknown key without its place.
SPEC_DUMP_MARKERS = ("argument_spec_data", "Kind of organization", "Supported parameters include")
TOP_KEYS = ("address, admin, authentication, azure_sync, country, dkim, domain, domains, email_tagging, features, "
            "is_active, licensing, name, parent, phone, postcode, purge_users, saml_idps, send_welcome_email, "
            "sender_lists, standards_exceptions, stateprov, type, users, verification, www")


@pytest.mark.parametrize(
    "change, messages",
    [
        (lambda c: c.pop("domain"), ["missing required arguments: domain found in ppe_customer"]),
        (lambda c: c["licensing"].update(license_count="many"),
         ["license_count", "ppe_customer -> licensing", "cannot be converted to an int"]),
        (lambda c: c.update(domains="initech.example"), ["domains", "list"]),
        (lambda c: c["domains"].append({"is_relay": True}), ["missing required arguments: name", "domains"]),
        (lambda c: c.update(domians=[]), ["- ppe_customer.domians: unknown; did you mean domains? (known: " + TOP_KEYS + ")"]),
        (lambda c: c["licensing"].update(package="enterprise"), ["package", "beginner, business"]),
    ],
    ids=["missing-domain", "license-count-not-int", "domains-not-list", "domain-without-name", "unknown-key",
         "bad-package"],
)
def test_argument_spec_failures(simulator, run_playbook, change, messages):
    simulator.reset()
    customer = copy.deepcopy(CUSTOMERS[0])
    change(customer)
    result = run_playbook(ONBOARD, extra_vars={"ppe_customers": [customer]})
    assert result.rc != 0
    output = result.stdout + result.stderr
    assert "is not valid; nothing was changed:" in output, output
    for message in messages:
        assert message in output, output
    for marker in SPEC_DUMP_MARKERS:
        assert marker not in output, output
    assert calls(simulator) == []


def test_unknown_keys_are_named_where_they_are_with_the_keys_known_there(simulator, run_playbook):
    simulator.reset()
    customer = copy.deepcopy(CUSTOMERS[0])
    customer["licensing"]["pakage"] = customer["licensing"].pop("package")
    customer["domains"][1]["destinaton"] = customer["domains"][1].pop("destination")
    customer["users"][1]["emial"] = customer["users"][1].pop("email")
    customer["admin"]["mail"] = "x"
    result = run_playbook(ONBOARD, extra_vars={"ppe_customers": [customer]})
    assert result.rc != 0
    output = result.stdout + result.stderr
    assert "The input of ppe.essentials.onboard_customer for initech.example is not valid; nothing was changed:" in output
    for message in [
        "- ppe_customer.admin.mail: unknown; did you mean email? (known: email, firstname, surname)",
        "- ppe_customer.licensing.pakage: unknown; did you mean package? (known: is_on_trial, license_count, package)",
        "- ppe_customer.domains[1].destinaton: unknown; did you mean destination? (known: destination, failovers, "
        "is_active, is_relay, name)",
        "- ppe_customer.users[1].emial: unknown; did you mean email? (known: alias_emails, block_list_senders, email, ",
        "- missing required arguments: email found in ppe_customer -> users",
    ]:
        assert message in output, output
    for marker in SPEC_DUMP_MARKERS:
        assert marker not in output, output
    assert len(output) < 6000, output  # ansible's own validation failure printed more than 8,000 characters
    assert calls(simulator) == []


def test_the_audit_records_a_declaration_with_an_unknown_key_and_audits_the_others(
        onboarded, run_playbook, tmp_path):
    customers = copy.deepcopy(CUSTOMERS)
    customers[0]["domians"] = []
    api(onboarded, "PUT", "/orgs/umbrella.example/features", {"dlp": False})
    onboarded.clear_requests()
    result, report, markdown = audit(run_playbook, tmp_path, ppe_customers=customers)
    assert writes(calls(onboarded)) == []
    assert result.rc != 0 and "1 invalid declaration(s)" in result.stdout, result.stdout
    initech, umbrella = report["orgs"]
    assert initech["org"] == "initech.example"
    assert initech["problems"] == ["ppe_customer.domians: unknown; did you mean domains? (known: " + TOP_KEYS + ")"]
    assert [(d["field"], d["live"], d["declared"]) for d in umbrella["drift"]] == [("dlp", False, True)]
    assert "ppe_customer.domians: unknown; did you mean domains?" in markdown
    for marker in SPEC_DUMP_MARKERS:
        assert marker not in result.stdout + result.stderr


def test_offboarding_argument_spec(simulator, run_playbook):
    simulator.reset()
    variables = {"offboard_customer_domain": "acme.example", "offboard_customer_state": "removed"}
    result = run_playbook(OFFBOARD, extra_vars=variables)
    assert result.rc != 0
    assert "offboard_customer_state" in result.stdout and "deactivated, deleted" in result.stdout
    assert "The input of ppe.essentials.offboard_customer is not valid; nothing was changed:" in result.stdout
    result = run_playbook(OFFBOARD)
    assert result.rc != 0 and "missing required arguments: offboard_customer_domain" in result.stdout
    for marker in ("argument_spec_data", "sets the organization inactive"):
        assert marker not in result.stdout + result.stderr
    assert calls(simulator) == []


# -- issue 10: truthful verdicts -------------------------------------------------------------------
def writes(log):
    return [call for call in log if call.startswith(WRITES)]


def invalid_initech():
    """initech with one problem of each kind; the organization itself may exist or not."""
    customer = copy.deepcopy(CUSTOMERS[0])
    customer["licensing"]["license_count"] = -1
    customer["domains"][1]["failovers"][1] = "mx 3.initech.example"
    customer["domains"].append({"name": "initech-relay.example", "is_relay": True})
    customer["features"]["dpl"] = True
    customer["sender_lists"]["block_list"].append("not a sender")
    customer["users"][2]["email"] = "samir@initrode.example"
    customer["users"][3]["alias_emails"] = ["scanner@@initech.example"]
    return customer


INVALID_INITECH_MESSAGES = [
    "licensing.license_count: -1 is out of range: use 0 to 1000000",
    "domains[1].failovers[1]: 'mx 3.initech.example' is not a valid IPv4 address or hostname",
    "domains[2].destination: required for a relay domain (is_relay is true), and the domain would have none; set "
    "destination, or is_relay: false",
    "users[2].email: 'samir@initrode.example' is not in a domain of the organization",
    "users[3].alias_emails[0]: 'scanner@@initech.example' is not a valid e-mail address",
    "features.dpl: not a Proofpoint Essentials feature (did you mean dlp?",
    "sender_lists.block_list[1]: 'not a sender' is not a valid sender-list entry",
]


@pytest.mark.parametrize("exists", [False, True], ids=["new-org", "existing-org"])
@pytest.mark.parametrize("check", [False, True], ids=["run", "check"])
def test_an_invalid_declaration_fails_with_every_problem_before_any_write(simulator, run_playbook, exists, check):
    simulator.reset()
    if exists:
        run_playbook(ONBOARD, extra_vars={"ppe_customers": [CUSTOMERS[0]]}).assert_ok()
        simulator.clear_requests()
    result = run_playbook(ONBOARD, extra_vars={"ppe_customers": [invalid_initech()]}, check=check)
    log = calls(simulator)
    assert result.rc != 0
    assert log == ["GET /orgs/initech.example"], log  # one read of the organization, no write
    assert "The declaration of initech.example has problems; nothing was changed" in result.stdout
    for message in INVALID_INITECH_MESSAGES:
        assert message in result.stdout, result.stdout
    # One problem per line (ansible-core 2.19 showed them on one line, joined by a literal \n-): from 2.19 on, the
    # failure's message has one line per problem; before, a failure's message is one JSON line, and the role lists
    # the problems first (one JSON string per line).
    lines = [line.strip() for line in (result.stdout + result.stderr).splitlines()]
    for message in INVALID_INITECH_MESSAGES:
        start = "- " + message if CORE >= (2, 19) else json.dumps(message)[:-1]
        assert any(line.startswith(start) for line in lines), (start, result.describe())
    assert (state_org(simulator, "initech.example") is not None) == exists


UMBRELLA = next(c for c in CUSTOMERS if c["domain"] == "umbrella.example")

# A section its own step would refuse only after the earlier steps wrote (6 to 10 objects for a new organization):
# (change to the example declaration, the problem named before any write).
SECTION_CASES = {
    "email-tagging-in-a-package-without-it": (
        lambda c: c["licensing"].update(package="advanced"),
        "e-mail warning tags are not available in the advanced package of organization umbrella.example"),
    "dkim-key-of-a-domain-not-declared": (
        lambda c: c["dkim"][0].update(domain="umbrela.example"),
        "dkim[0].domain: 'umbrela.example' is not a domain of the organization (declared or existing: "),
    "azure-sync-created-without-its-credentials": (
        lambda c: c.update(azure_sync={"sync_frequency": 6}),
        "azure_sync: the run would create Azure AD sync settings of organization umbrella.example, and creating it "
        "needs application_id, client_secret"),
    "saml-provider-created-without-its-idp-fields": (
        lambda c: c.update(saml_idps=[{"name": "Okta", "is_active": True}]),
        "saml_idps[0]: the run would create SAML identity provider Okta of organization umbrella.example, and "
        "creating it needs idp_entity_id, idp_login_url, idp_public_cert"),
}


@pytest.mark.parametrize("exists", [False, True], ids=["new-org", "existing-org"])
@pytest.mark.parametrize("case", sorted(SECTION_CASES))
def test_a_section_the_run_could_not_apply_fails_in_check_mode_and_before_any_write(
        simulator, run_playbook, case, exists):
    simulator.reset()
    if exists:
        run_playbook(ONBOARD, extra_vars={"ppe_customers": [UMBRELLA]}).assert_ok()
    simulator.clear_requests()
    change, message = SECTION_CASES[case]
    customer = copy.deepcopy(UMBRELLA)
    change(customer)
    for check in (True, False):  # the check-mode answer, then the real run on the same state
        result = run_playbook(ONBOARD, extra_vars={"ppe_customers": [customer]}, check=check)
        log = calls(simulator)
        assert result.rc != 0, result.describe()
        assert writes(log) == [], log
        assert "The declaration of umbrella.example has problems; nothing was changed" in result.stdout
        assert message in result.stdout, result.stdout
    assert (state_org(simulator, "umbrella.example") is not None) == exists


def test_a_malformed_primary_domain_is_reported_with_the_rest_without_any_request(simulator, run_playbook):
    simulator.reset()
    customer = invalid_initech()
    customer["domain"] = "initech example"
    result = run_playbook(ONBOARD, extra_vars={"ppe_customers": [customer]})
    assert result.rc != 0
    assert calls(simulator) == []
    assert "domain: 'initech example' is not a valid domain name" in result.stdout
    assert "features.dpl: not a Proofpoint Essentials feature" in result.stdout


def test_a_customers_file_with_a_wrong_top_key_names_it_before_any_request(simulator, run_playbook, tmp_path):
    """`customers:` instead of `ppe_customers:` said only that ppe_customers was not set; the keys found are named, the
    file's values (secrets) never shown."""
    secret = "Wr0ngTopKey-user-password-77"
    path = tmp_path / "customers.yml"
    path.write_text(yaml.safe_dump({"customers": [dict(CUSTOMERS[0], users=[
        {"email": "pat@initech.example", "user_password": secret}])], "ppe_notes": "x"}), encoding="utf-8")
    simulator.reset()
    result = run_playbook(ONBOARD, extra_vars={"ppe_customers_file": str(path)})
    output = result.stdout + result.stderr
    assert result.rc != 0 and calls(simulator) == [], result.describe()
    found = "The customers file %s does not set ppe_customers: its top-level keys are customers, ppe_notes" % path
    assert found in output, result.describe()
    assert "the customer declarations go under ppe_customers:" in output
    assert secret not in output and "initech.example" not in output


def test_a_package_downgrade_with_a_feature_of_the_old_package_fails_before_any_write(onboarded, run_playbook):
    customer = copy.deepcopy(CUSTOMERS[0])
    customer["licensing"]["package"] = "business"  # email_encryption and sandboxing stay declared
    for check in (True, False):
        result = run_playbook(ONBOARD, extra_vars={"ppe_customers": [customer]}, check=check)
        log = calls(onboarded)
        assert result.rc != 0
        assert writes(log) == [], log
        assert "features.email_encryption: not available in the business package (licensing.package)" in result.stdout
    assert state_org(onboarded, "initech.example")["licensing_package"] == "advanced"
    # Without the old package's features the downgrade goes through: package and features together.
    for feature in ("email_encryption", "attachment_defense_sandboxing"):
        del customer["features"][feature]
    run_playbook(ONBOARD, extra_vars={"ppe_customers": [customer]}).assert_ok()
    assert writes(calls(onboarded)) == ["PUT /orgs/initech.example/package"]


def test_check_mode_predicts_a_new_organization_and_the_real_run_succeeds(simulator, run_playbook, tmp_path):
    """Check mode previews every section of the new organizations (0 writes) and predicts as many changed fields as
    the real run then changes; the next audit reports nothing."""
    simulator.reset()
    check = run_playbook(ONBOARD, check=True, diff=True).assert_ok()
    assert writes(calls(simulator)) == []
    predicted = re.findall(r"([a-z.-]+\.example): (\d+) field\(s\) differ", check.stdout)
    real = run_playbook(ONBOARD).assert_ok()
    assert re.findall(r"([a-z.-]+\.example): (\d+) field\(s\) changed", real.stdout) == predicted
    assert predicted == [("initech.example", "14"), ("umbrella.example", "19")]
    initech = state_org(simulator, "initech.example")
    assert sorted(d["name"] for d in initech["domains"]) == ["initech-mail.example", "initech.example"]
    calls(simulator)
    result, report, _markdown = audit(run_playbook, tmp_path)
    result.assert_ok()
    assert report["summary"]["drifted_fields"] == 0 and report["summary"]["unmanaged"] == 0


def test_the_role_does_not_warn_about_fields_it_converges(onboarded, run_playbook):
    customers = copy.deepcopy(CUSTOMERS)
    customers[0]["licensing"]["license_count"] = 60
    customers[0]["licensing"]["is_on_trial"] = True
    result = run_playbook(ONBOARD, extra_vars={"ppe_customers": customers}).assert_ok()
    assert writes(calls(onboarded)) == ["PUT /orgs/initech.example/licensing"]
    assert "[WARNING]" not in result.stdout + result.stderr, result.stdout + result.stderr
    assert "licensing initech.example: license_count 50 -> 60" in result.stdout
    assert state_org(onboarded, "initech.example")["user_licenses"] == 60


def add_behind_the_back(simulator):
    api(simulator, "POST", "/orgs/initech.example/users",
        {"primary_email": "eve@initech.example", "type": "organization_admin", "firstname": "Eve"})
    api(simulator, "POST", "/orgs/initech.example/users", {"primary_email": "zed|ops@initech.example", "firstname": "Zed"})
    api(simulator, "POST", "/orgs/initech.example/domains", {"name": "initech-shadow.example"})
    simulator.clear_requests()


def test_the_audit_reports_unmanaged_users_and_domains(onboarded, run_playbook, tmp_path):
    add_behind_the_back(onboarded)
    result, report, markdown = audit(run_playbook, tmp_path, ppe_audit_fail_on_drift=True)
    assert writes(calls(onboarded)) == []
    assert result.rc != 0 and "3 unmanaged" in result.stdout
    assert report["summary"] == {"orgs": 2, "orgs_with_drift": 1, "drifted_fields": 0, "unmanaged": 3,
                                 "invalid_declarations": 0, "standards_short": 0}
    initech = report["orgs"][0]
    assert initech["drift"] == []
    assert [(u["resource"], u["name"], u["admin"]) for u in initech["unmanaged"]] == [
        ("user", "eve@initech.example", True),
        ("domain", "initech-shadow.example", False),
        ("user", "zed|ops@initech.example", False),
    ]
    assert initech["unmanaged"][0]["details"]["type"] == "organization_admin"
    assert report["orgs"][1]["unmanaged"] == []
    assert "### Unmanaged" in markdown
    assert "| user | eve@initech.example | organization_admin, active, Eve |" in markdown
    assert "| user | zed\\|ops@initech.example | end_user, active, Zed |" in markdown  # escaped for the table
    assert "| domain | initech-shadow.example |" in markdown
    assert "UNMANAGED initech.example user eve@initech.example (organization_admin)" in result.stdout


def test_the_audit_can_ignore_unmanaged_end_users(onboarded, run_playbook, tmp_path):
    api(onboarded, "POST", "/orgs/initech.example/users", {"primary_email": "zed@initech.example"})
    onboarded.clear_requests()
    result, report, markdown = audit(run_playbook, tmp_path, ppe_audit_fail_on_drift=True,
                                     ppe_audit_ignore_unmanaged_end_users=True)
    result.assert_ok()
    assert report["summary"]["unmanaged"] == 0 and report["orgs"][0]["unmanaged"] == []
    assert "1 unmanaged end user(s) not reported (ppe_audit_ignore_unmanaged_end_users)" in report["orgs"][0]["notes"]
    assert "### Unmanaged" not in markdown
    # An unmanaged administrator is reported even then.
    api(onboarded, "POST", "/orgs/initech.example/users", {"primary_email": "eve@initech.example",
                                                           "type": "organization_admin"})
    result, report, _markdown = audit(run_playbook, tmp_path, ppe_audit_fail_on_drift=True,
                                      ppe_audit_ignore_unmanaged_end_users=True)
    assert result.rc != 0
    assert [u["name"] for u in report["orgs"][0]["unmanaged"]] == ["eve@initech.example"]


def test_an_organization_declared_without_users_still_shows_its_users(onboarded, run_playbook, tmp_path):
    customer = copy.deepcopy(CUSTOMERS[0])
    del customer["users"]
    del customer["admin"]
    result, report, _markdown = audit(run_playbook, tmp_path, ppe_customers=[customer])
    result.assert_ok()
    log = calls(onboarded)
    assert log.count("GET /orgs/initech.example/users") == 1 and writes(log) == []
    assert [u["name"] for u in report["orgs"][0]["unmanaged"]] == [
        "it@initech.example", "michael@initech.example", "peter@initech.example", "samir@initech.example",
        "scanner@initech.example"]


def test_the_audit_records_an_invalid_declaration_and_audits_the_others(onboarded, run_playbook, tmp_path):
    customers = copy.deepcopy(CUSTOMERS)
    customers[0] = invalid_initech()
    api(onboarded, "PUT", "/orgs/umbrella.example/features", {"dlp": False})
    onboarded.clear_requests()
    result, report, markdown = audit(run_playbook, tmp_path, ppe_customers=customers)
    assert writes(calls(onboarded)) == []
    assert result.rc != 0 and "1 invalid declaration(s)" in result.stdout
    initech, umbrella = report["orgs"]
    assert len(initech["problems"]) == len(INVALID_INITECH_MESSAGES) and initech["drift"] == []
    assert [(d["field"], d["live"], d["declared"]) for d in umbrella["drift"]] == [("dlp", False, True)]
    assert report["summary"]["invalid_declarations"] == 1
    assert "### Problems in the declaration" in markdown
    assert "users[2].email: 'samir@initrode.example' is not in a domain" in markdown


def test_offboarding_a_missing_organization(simulator, run_playbook):
    simulator.reset()
    missing = {"offboard_customer_domain": "initech.exmaple"}
    for check in (True, False):
        result = run_playbook(OFFBOARD, extra_vars=missing, check=check)
        log = calls(simulator)
        assert result.rc != 0
        assert writes(log) == [], log
        output = result.stdout + result.stderr
        assert "initech.exmaple does not exist" in output and "check" in output
        assert "creat" not in output.lower()
    deleted = dict(missing, offboard_customer_state="deleted", offboard_customer_confirm_delete="initech.exmaple")
    result = run_playbook(OFFBOARD, extra_vars=deleted).assert_ok()
    assert result.recap["changed"] == 0
    assert calls(simulator) == ["GET /orgs/initech.exmaple"]
