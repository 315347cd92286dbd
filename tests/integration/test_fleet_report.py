# -*- coding: utf-8 -*-
# Copyright (c) ppe.essentials contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""playbooks/fleet_report.yml against the simulator: the numbers of the API, only GET requests (4 per organization
and one per domain), the inventory plugin with forks, what changed since a previous report, and the page in a real
browser (chromium, headless) in a 1,400 px window.

PPE_FLEET_SCREENSHOT=docs/images/fleet-report.png also saves the browser test's screenshot there (the README's).
"""

from __future__ import annotations

import csv
import html
import json
import os
import re
import shutil
import subprocess
import sys

import pytest
import yaml

from tests.integration import browser
from tests.integration import guard
from tests.support import sim_api as api

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BIN_DIR = os.path.dirname(sys.executable)
PLAYBOOK = os.path.join(REPO, "playbooks", "fleet_report.yml")
TIMEOUT = 600
HOSTILE = "<script>document.title='pwned'</script>"
FORMULA = "=cmd|' /C calc'!A0"
ORGS = ["acme.example", "evil.example", "formula.example"]
PRIVATE_KEY = "-----BEGIN PRIVATE KEY-----\nMIIBVQIBADANBgkqhkiG9w0BAQEFAASCAT8wggE7AgEAAkEA\n-----END PRIVATE KEY-----"


def load_fleet(simulator):
    """acme.example (the simulator's, 25 licences, 3 users), an org on trial over licence with a hostile name, an
    inactive one named like a spreadsheet formula with an inactive and a non-billable user."""
    api(simulator, "POST", "/orgs/msp.example/orgs", [
        {"primary_domain": "evil.example", "name": HOSTILE, "licensing_package": "professional", "user_licenses": 2,
         "is_on_trial": True, "country": "DE"},
        {"primary_domain": "formula.example", "name": FORMULA, "licensing_package": "business", "user_licenses": 10,
         "country": "GB"},
    ])
    api(simulator, "POST", "/orgs/evil.example/users", [
        {"primary_email": "boss@evil.example", "type": "organization_admin", "firstname": "B", "surname": "Oss"}] + [
        {"primary_email": "u%d@evil.example" % i, "firstname": "U", "surname": str(i)} for i in range(3)])
    api(simulator, "POST", "/orgs/formula.example/users", [
        {"primary_email": "a@formula.example", "firstname": "A", "surname": "A"},
        {"primary_email": "gone@formula.example", "firstname": "G", "surname": "G", "is_active": False},
        {"primary_email": "svc@formula.example", "type": "functional_account", "is_billable": False}])
    api(simulator, "PATCH", "/orgs/formula.example", {"is_active": False})


@pytest.fixture
def fleet(simulator):
    simulator.reset()
    load_fleet(simulator)
    simulator.clear_requests()
    yield simulator
    simulator.reset()


def declaration(tmp_path, standards=None):
    """acme.example declared with another mail destination than it has: one drifted field. With fleet standards,
    acme.example excepts URL Defense."""
    path = tmp_path / "customers.yml"
    content = {"ppe_customers": [
        {"domain": "acme.example", "parent": "msp.example", "name": "Acme Corporation", "country": "US",
         "stateprov": "NY", "domains": [{"name": "acme.example", "destination": "mx.elsewhere.example"}]},
        {"domain": "declared-only.example", "parent": "msp.example", "name": "Not There", "country": "US",
         "stateprov": "NY"}]}
    if standards:
        content["ppe_standards"] = standards
        content["ppe_customers"][0]["standards_exceptions"] = [{"path": "features.url_defense",
                                                                "reason": "its own filter"}]
    path.write_text(yaml.safe_dump(content), encoding="utf-8")
    return path


def run(ansible_env, cwd, *args):
    cmd = [os.path.join(BIN_DIR, "ansible-playbook")] + list(args) + [PLAYBOOK]
    completed = guard.run(cmd, ansible_env["PPE_URL"], cwd=str(cwd), env=ansible_env, stdin=subprocess.DEVNULL,
                          capture_output=True, text=True, timeout=TIMEOUT)
    assert completed.returncode == 0, "$ %s\nrc %s\n%s\n%s" % (
        " ".join(cmd), completed.returncode, completed.stdout, completed.stderr)
    assert "[WARNING]" not in completed.stderr, completed.stderr
    return completed


def read_report(directory):
    with open(os.path.join(directory, "fleet-report.json"), encoding="utf-8") as handle:
        report = json.load(handle)
    with open(os.path.join(directory, "fleet-report.csv"), encoding="utf-8", newline="") as handle:
        lines = list(csv.DictReader(handle))
    with open(os.path.join(directory, "fleet-report.html"), encoding="utf-8") as handle:
        page = handle.read()
    return report, lines, page


def previous_report(directory, content):
    """A fleet-report.json of a previous run in the report directory."""
    os.makedirs(directory, exist_ok=True)
    with open(os.path.join(directory, "fleet-report.json"), "w", encoding="utf-8") as handle:
        handle.write(content if isinstance(content, str) else json.dumps(content))


def assert_onboarding(simulator, report, lines):
    """The onboarding columns are the API's MFA policy, DKIM keys and verified domains."""
    by_line = dict((line["org"], line) for line in lines)
    for row in report["orgs"]:
        org = row["org"]
        mfa = api(simulator, "GET", "/orgs/%s/authentication/settings/mfa" % org)
        domains = api(simulator, "GET", "/orgs/%s" % org)["domains"]
        keys = dict((d["name"], api(simulator, "GET", "/orgs/%s/domains/%s/dkim" % (org, d["name"])))
                    for d in domains)
        state = row["onboarding"]
        assert state["mfa"] == ("on" if mfa["is_mfa_enabled"] and not mfa["mfa_admins_only"] else
                                "admins only" if mfa["is_mfa_enabled"] else "off")
        assert state["verified"] == [{"domain": d["name"], "verified": d["is_verified"]} for d in domains]
        assert state["dkim"] == [{"domain": name, "selectors": sorted(k["selector"] for k in keys[name]),
                                  "valid": sorted(k["selector"] for k in keys[name] if k["is_valid"])}
                                 for name in sorted(keys)]
        assert by_line[org]["mfa"] == state["mfa"]


def assert_api_numbers(simulator, report, lines):
    """Every organization's numbers in the JSON and the CSV are those the API gives."""
    assert sorted(r["org"] for r in report["orgs"]) == ORGS
    by_line = dict((line["org"], line) for line in lines)
    assert sorted(by_line) == ORGS
    for row in report["orgs"]:
        org = api(simulator, "GET", "/orgs/%s" % row["org"])
        users = api(simulator, "GET", "/orgs/%s/users" % row["org"])["users"]
        flow = api(simulator, "GET", "/reporting/%s/monthly" % row["org"])
        line = by_line[row["org"]]
        assert row["name"] == org["name"] and line["name"] == (("'" + org["name"]) if org["name"][0] == "=" else org["name"])
        assert row["licences"] == org["user_licenses"] == int(line["licences"])
        assert row["active_users_reported"] == org["active_users"] == int(line["active_users_reported"])
        assert row["is_on_trial"] == org["is_on_trial"] and row["when_renewal"] == org["when_renewal"]
        assert row["package"] == org["licensing_package"] == line["package"]
        counted = sum(1 for u in users if u["is_active"] and u["is_billable"])
        assert row["users"]["active_billable"] == counted == int(line["users_active_billable"])
        assert row["users"]["total"] == len(users) == int(line["users_total"])
        assert row["licence_gap"] == counted - org["user_licenses"] == int(line["licence_gap"])
        assert row["domains"] == [d["name"] for d in org["domains"]]
        for direction in ("inbound", "outbound"):
            dates = sorted(flow[direction]["clean"])
            assert row["mail"]["dates"] == dates and len(dates) == 30
            for metric in ("clean", "spam", "virus", "fraud", "attachment_defended", "image_blocked", "safelist",
                           "blocklist"):
                assert row["mail"][direction]["totals"][metric] == flow[direction][metric + "_total"]
                assert int(line["%s_%s" % (direction, metric)]) == flow[direction][metric + "_total"]
                assert row["mail"][direction]["series"][metric] == [flow[direction][metric][d] for d in dates]
    summary = report["summary"]
    assert summary["orgs"] == 3
    assert summary["licences"] == 25 + 2 + 10
    assert summary["active_billable_users"] == 3 + 4 + 1


def flags(report):
    return dict((r["org"], sorted(f["code"] for f in r["flags"])) for r in report["orgs"])


def test_fleet_report_on_localhost_with_a_declaration(fleet, ansible_env, tmp_path):
    customers = declaration(tmp_path)
    previous_report(tmp_path / "reports", "{ not the JSON of a report")  # a broken previous report: a note
    completed = run(ansible_env, tmp_path, "-i", "localhost,", "-e", "ppe_fleet_partner=msp.example",
                    "-e", "ppe_customers_file=%s" % customers)
    requests = [(r["method"], r["path"]) for r in fleet.requests() if r["path"].startswith("/api/")]
    assert requests and set(m for m, _p in requests) == {"GET"}, requests
    # the default report directory: ./reports of the current directory
    report, lines, page = read_report(tmp_path / "reports")
    assert "Report: %s" % (tmp_path / "reports" / "fleet-report.html") in completed.stdout
    assert "FLEET 3 organization(s), 37 licence(s), 8 active billable user(s)" in completed.stdout
    assert_api_numbers(fleet, report, lines)
    assert flags(report) == {
        "acme.example": ["drift", "unused_licences"],  # 22 of 25 licences unused
        "evil.example": ["on_trial", "over_licence"],
        "formula.example": ["inactive"],  # deactivated: once, not also its unused licences
    }
    broken = str(tmp_path / "reports" / "fleet-report.json")
    assert report["previous"] is None and report["notes"] == [
        "The previous report %s is not valid JSON (Expecting property name enclosed in double quotes: line 1 column 3 "
        "(char 2)): nothing compared with it." % broken]
    assert "NOTE The previous report %s is not valid JSON" % broken in completed.stdout
    acme = [r for r in report["orgs"] if r["org"] == "acme.example"][0]
    assert acme["drift"]["fields"] == 1 and acme["drift"]["changes"] == [
        {"resource": "domain", "name": "acme.example", "field": "destination", "live": "mail.acme.example",
         "declared": "mx.elsewhere.example"}]
    assert acme["drift"]["unmanaged"] == 3  # the three users the declaration does not list
    assert [r["drift"] for r in report["orgs"] if r["org"] != "acme.example"] == [None, None]
    assert report["declared_missing"] == ["declared-only.example"]
    assert [r["org"] for r in report["orgs"]] == ["evil.example", "formula.example", "acme.example"]  # licence gap
    assert HOSTILE not in page and HOSTILE in html.unescape(page)  # escaped, whatever the entity spelling


def test_fleet_report_reads_four_times_per_org_and_once_per_domain_and_the_inventory_plugin_gives_the_same(
        fleet, ansible_env, tmp_path):
    out = tmp_path / "out-localhost"
    run(ansible_env, tmp_path, "-i", "localhost,", "-e", "ppe_fleet_partner=msp.example",
        "-e", "ppe_fleet_report_dir=%s" % out)
    requests = [(r["method"], r["path"]) for r in fleet.requests() if r["path"].startswith("/api/")]
    partner = [("GET", "/api/v1/orgs/msp.example/orgs")]
    expected = [("GET", "/api/v1/orgs/msp.example")] + partner + [
        ("GET", path % org) for org in ORGS  # each of them has one domain: its primary domain
        for path in ("/api/v1/orgs/%s/users", "/api/v1/orgs/%s/features", "/api/v1/reporting/%s/monthly",
                     "/api/v1/orgs/%s/authentication/settings/mfa", "/api/v1/orgs/%%s/domains/%s/dkim" % org)]
    # the partner and its list, then 4 per organization and 1 per domain (verified or not: in the list)
    assert sorted(requests) == sorted(expected)
    local, local_lines, _page = read_report(out)
    assert_api_numbers(fleet, local, local_lines)
    assert_onboarding(fleet, local, local_lines)
    assert flags(local)["acme.example"] == ["unused_licences"]  # no declaration, no drift

    inventory = tmp_path / "fleet.ppe.yml"
    inventory.write_text("plugin: ppe.essentials.orgs\npartner: msp.example\n", encoding="utf-8")
    fleet.clear_requests()
    by_inventory = tmp_path / "out-inventory"
    run(ansible_env, tmp_path, "-i", str(inventory), "-f", "3", "-e", "ppe_fleet_report_dir=%s" % by_inventory)
    requests = [(r["method"], r["path"]) for r in fleet.requests() if r["path"].startswith("/api/")]
    # the inventory plugin checks the partner and lists its children, then the same reads (the partner is not read
    # again: the plugin checked it), and ppe_auth_settings_info reads the login policy too
    assert sorted(requests) == sorted(expected + partner + [
        ("GET", "/api/v1/orgs/%s/authentication/settings/login" % org) for org in ORGS])
    report, lines, _page = read_report(by_inventory)
    assert report["orgs"] == local["orgs"] and report["summary"] == local["summary"]
    assert lines == local_lines


def test_fleet_report_needs_a_partner_or_an_inventory_and_a_ratio_before_any_request(fleet, ansible_env, tmp_path):
    cmd = [os.path.join(BIN_DIR, "ansible-playbook"), "-i", "localhost,", "-e", "ppe_fleet_unused_ratio=2", PLAYBOOK]
    completed = guard.run(cmd, ansible_env["PPE_URL"], cwd=str(tmp_path), env=ansible_env, stdin=subprocess.DEVNULL,
                          capture_output=True, text=True, timeout=TIMEOUT)
    assert completed.returncode != 0
    assert ("No customer organization to report on: run with the inventory plugin ppe.essentials.orgs "
            "(-i customers.ppe.yml) or on localhost with the partner's domain (-e ppe_fleet_partner=msp.example). "
            "ppe_fleet_unused_ratio: 2 is not a number between 0 and 1 (for example 0.2). Nothing was read.") \
        in completed.stdout, completed.stdout
    assert [r for r in fleet.requests() if r["path"].startswith("/api/")] == []
    assert not (tmp_path / "reports").exists()


def test_a_customer_organization_as_partner_fails_naming_it_and_writes_no_report(fleet, ansible_env, tmp_path):
    """Issue 21: a customer's domain as ppe_fleet_partner ended rc=0 with an empty report."""
    cmd = [os.path.join(BIN_DIR, "ansible-playbook"), "-i", "localhost,", "-e", "ppe_fleet_partner=ACME.example.",
           PLAYBOOK]
    completed = guard.run(cmd, ansible_env["PPE_URL"], cwd=str(tmp_path), env=ansible_env, stdin=subprocess.DEVNULL,
                          capture_output=True, text=True, timeout=TIMEOUT)
    assert completed.returncode != 0, completed.stdout
    assert ("ppe_fleet_partner: acme.example is a customer organization (type organization, Acme Corporation, under "
            "the partner Example MSP, eid 100), not a partner") in completed.stdout, completed.stdout
    assert [(r["method"], r["path"]) for r in fleet.requests() if r["path"].startswith("/api/")] == [
        ("GET", "/api/v1/orgs/acme.example")]
    assert not (tmp_path / "reports").exists()


WIDTH_PROBE = ("<script>addEventListener('load',function(){document.body.setAttribute('data-width',"
               "document.documentElement.scrollWidth)})</script>")


def page_width(page, tmp_path, width=1400):
    """How wide the page is laid out in a window `width` pixels wide: a copy of it with a probe script (the page's
    Content-Security-Policy would refuse it) that writes document.documentElement.scrollWidth into the DOM."""
    with open(page, encoding="utf-8") as handle:
        content = handle.read()
    probe = tmp_path / "width-probe.html"
    probe.write_text(re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>', "", content)
                     .replace("</body>", WIDTH_PROBE + "</body>"), encoding="utf-8")
    dom = browser._run(["--window-size=%d,1000" % width, "--dump-dom", "file://" + str(probe)]).stdout
    return int(re.search(r'<body data-width="(\d+)"', dom).group(1))


def test_fleet_report_in_a_browser(fleet, ansible_env, tmp_path):
    browser.chromium()  # fails with how to install it when it is missing
    # the previous run's report: acme.example had 20 licences and no drift, gone.example is gone since
    previous_report(tmp_path / "reports", {
        "generated": "2026-01-01T00:00:00Z", "partner": "msp.example", "summary": {"orgs": 2}, "orgs": [
            {"org": "acme.example", "licences": 20, "users": {"active_billable": 3},
             "drift": {"changes": [], "unmanaged_items": []}},
            {"org": "gone.example", "licences": 5, "users": {"active_billable": 5}, "drift": None}]})
    # MFA on, a valid DKIM key and a verified domain in acme.example (set up through the API and its DNS)
    api(fleet, "PUT", "/orgs/acme.example/authentication/settings/mfa", {"is_mfa_enabled": True})
    guard.control(fleet.url, "PUT", "/_sim/dns/acme.example", {"verification": ["TXT"], "dkim": ["s1"]})
    api(fleet, "PUT", "/orgs/acme.example/domains/acme.example/verify/TXT")
    api(fleet, "POST", "/orgs/acme.example/domains/acme.example/dkim/s1", {"private_key": PRIVATE_KEY})
    api(fleet, "PUT", "/orgs/acme.example/domains/acme.example/dkim/s1/verify")
    api(fleet, "POST", "/orgs/acme.example/domains/acme.example/dkim/s2", {"private_key": PRIVATE_KEY})
    fleet.clear_requests()
    # fleet standards: MFA on (held), DLP on (short), URL Defense (excepted by acme.example)
    standards = {"authentication": {"is_mfa_enabled": True}, "features": {"dlp": True, "url_defense": True}}
    completed = run(ansible_env, tmp_path, "-i", "localhost,", "-e", "ppe_fleet_partner=msp.example",
                    "-e", "ppe_customers_file=%s" % declaration(tmp_path, standards))
    assert "flag(s) on 3 organization(s), 3 changed since 2026-01-01T00:00:00Z" in completed.stdout
    report, lines, _page = read_report(tmp_path / "reports")
    assert_onboarding(fleet, report, lines)
    page = str(tmp_path / "reports" / "fleet-report.html")
    dom = browser.dump_dom(page)
    # the hostile name did not run: the title is unchanged and the name is text in the DOM
    assert "<title>Fleet report</title>" in dom and "pwned</title>" not in dom
    assert html.escape(HOSTILE, quote=False) in dom
    assert len(re.findall(r"<script\b", dom)) == 1
    # the page's own sorting script ran (allowed by its hash): three sort buttons
    assert len(re.findall(r"<button type=\"button\" title=\"sort\">", dom)) == 3, dom[:3000]
    # the table shows the simulator's numbers, in the default order (licence gap)
    rows = re.findall(r'<tr data-org="([^"]+)" data-gap="(-?\d+)"', dom)
    assert rows == [(r["org"], str(r["licence_gap"])) for r in report["orgs"]]
    for row in report["orgs"]:
        assert ">%d<" % row["licences"] in dom
        assert "{:,}".format(row["mail"]["inbound"]["messages_total"]) in dom
    summary = html.unescape(re.sub(r"<[^>]+>", "", re.search(r'<p class="summary" id="summary">(.*?)</p>', dom).group(1)))
    assert summary == ("3 organizations \u00b7 37 licences \u00b7 8 active billable users (the orgs report 8) \u00b7 "
                       "%d flags on 3 organizations" % report["summary"]["flags"])
    # the charts: a sparkline per organization and the fleet chart, with the fleet's daily numbers
    assert len(re.findall(r'<svg class="spark"', dom)) == 3 and len(re.findall(r'<svg class="chart"', dom)) == 1
    for value in report["daily"]["outbound_messages"]:
        assert '<td class="n">%s</td>' % "{:,}".format(value) in dom
    # the onboarding columns, the drift in words, and what changed since the previous report
    cells = dict((org, [html.unescape(re.sub(r"<[^>]+>", " ", c)).split() for c in re.findall(
        r'<td class="words[^"]*">(.*?)</td>', tr, re.S)]) for org, tr in re.findall(
        r'<tr data-org="([^"]+)"(.*?)</tr>', dom, re.S))
    drift, onboarding, standards = cells["acme.example"]
    assert onboarding == "MFA on DKIM 1 of 1 domain(s) signed 1 of 1 domain(s) verified".split()
    assert cells["evil.example"][1] == "MFA off DKIM 0 of 1 domain(s) signed 0 of 1 domain(s) verified".split()
    assert " ".join(drift).startswith("2 / 5 what domain acme.example: destination is mail.acme.example, declared "
                                      "mx.elsewhere.example features acme.example: dlp is false, declared true "
                                      "unmanaged administrator user admin@acme.example")
    assert standards == ("1 held \u00b7 1 short \u00b7 1 excepted features.dlp: standard true, live false excepted "
                         "features.url_defense: excepted (its own filter)").split()
    assert cells["evil.example"][0] == ["not", "declared"] and cells["evil.example"][2] == ["\u2013"]
    assert [f["code"] for f in report["orgs"][-1]["flags"]] == ["unused_licences", "drift", "standards_short"]
    since = html.unescape(re.sub(r"<[^>]+>", "", re.search(r'<h2 id="since">(.*?)</ul>', dom, re.S).group(1)))
    assert since.startswith("Since 2026-01-01T00:00:00Z")
    assert ("acme.example: 7 drift(s) appeared: domain acme.example: destination, features acme.example: dlp, "
            "unmanaged dkim s1._domainkey.acme.example, unmanaged dkim s2._domainkey.acme.example, unmanaged user "
            "admin@acme.example and 2 more; licences 20 -> 25 (+5); newly short of 1 standard(s): features.dlp") \
        in since, since
    assert "evil.example: new since then" in since and "gone.example: gone since then" in since
    assert report["previous"] == "2026-01-01T00:00:00Z" and report["orgs_gone"] == ["gone.example"]
    assert [line["changes_since"] for line in lines if line["org"] == "formula.example"] == ["new since then"]
    # the table fits a 1,400 px window: long lists wrap or scroll inside their cells
    assert page_width(page, tmp_path) <= 1400
    png = browser.screenshot(page, str(tmp_path / "fleet-report.png"), width=1400, height=1000)
    with open(png, "rb") as handle:
        assert handle.read(8) == b"\x89PNG\r\n\x1a\n"
    target = os.environ.get("PPE_FLEET_SCREENSHOT")
    if target:
        shutil.copyfile(png, os.path.join(REPO, target) if not os.path.isabs(target) else target)


def test_an_org_that_cannot_be_read_is_reported_and_the_others_are_too(fleet, ansible_env, tmp_path):
    fleet.put_faults({"next": [{"status": 403, "method": "GET", "path_prefix": "/api/v1/reporting/evil.example/"}]})
    try:
        completed = run(ansible_env, tmp_path, "-i", "localhost,", "-e", "ppe_fleet_partner=msp.example")
    finally:
        fleet.clear_faults()
    assert "FLEET 3 organization(s), 37 licence(s), 8 active billable user(s)" in completed.stdout
    report, lines, page = read_report(tmp_path / "reports")
    evil = [r for r in report["orgs"] if r["org"] == "evil.example"][0]
    assert evil["mail"] is None and evil["users"]["active_billable"] == 4  # what was read before the error is kept
    assert [f["code"] for f in evil["flags"]] == ["over_licence", "on_trial", "read_error"]
    assert "403" in evil["errors"][0]
    assert [line["errors"] for line in lines if line["org"] == "evil.example"] == evil["errors"]
    assert all(r["mail"] for r in report["orgs"] if r["org"] != "evil.example")
    assert "read error" in page
