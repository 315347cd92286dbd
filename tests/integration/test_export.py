# -*- coding: utf-8 -*-
# Copyright (c) ppe.essentials contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""playbooks/export.yml against the simulator (issue 24), in ONE ansible-playbook run of three playbooks as a user
runs them: export a fleet set up by hand to ./customers.yml, audit that file (playbooks/audit.yml: 0 drift, 0
unmanaged), then export again, which refuses to overwrite the file. Only GET requests; no secret in the file.
The deep round trip (every section) is tests/unit/plugins/modules/test_export.py, in process."""

from __future__ import annotations

import glob
import json
import os
import subprocess
import sys

import yaml

from tests.integration import guard
from tests.support import sim_api as api

BIN_DIR = os.path.dirname(sys.executable)
TIMEOUT = 600
SECRET = "Portal-Passw0rd-1"
AZURE_SECRET = "azure-client-secret-of-hand"
KEY = "-----BEGIN PRIVATE KEY-----\nRXhhbXBsZSBvbmx5\n-----END PRIVATE KEY-----\n"
CERT = "-----BEGIN CERTIFICATE-----\nTUlJQ2Vy\n-----END CERTIFICATE-----"


def build(simulator):
    """Besides the simulator's acme.example: an organization set up by hand in the portal."""
    api(simulator, "POST", "/orgs/msp.example/orgs", {
        "primary_domain": "hand.example", "name": "Hand Made", "licensing_package": "advanced_plus",
        "user_licenses": 12, "country": "GB",
        "admin_user": {"primary_email": "it@hand.example", "firstname": "I", "surname": "T"}})
    api(simulator, "POST", "/orgs/hand.example/domains", {
        "name": "relay.hand.example", "is_relay": True, "destination": "mx.hand.example",
        "failovers": ["mx2.hand.example"]})
    api(simulator, "POST", "/orgs/hand.example/users",
        {"primary_email": "ops@hand.example", "firstname": "O", "type": "organization_admin", "password": SECRET})
    idp = api(simulator, "POST", "/orgs/hand.example/authentication/settings/idps", {
        "name": "Okta", "idp_entity_id": "https://okta.example/e", "idp_login_url": "https://okta.example/l",
        "idp_public_cert": CERT})
    api(simulator, "PUT", "/orgs/hand.example/authentication/settings/login", {"idp_for_forced_login": idp["id"]})
    api(simulator, "POST", "/orgs/hand.example/domains/hand.example/dkim/sel1", {"private_key": KEY})
    api(simulator, "POST", "/orgs/hand.example/email-tagging/exemptions", {"exemptions": ["partner.example"]})
    api(simulator, "PUT", "/orgs/hand.example/settings/azure", {
        "application_id": "0b7c6a4e-1111-2222-3333-444455556666", "ad_key": AZURE_SECRET})
    api(simulator, "PUT", "/orgs/hand.example/settings/azure/exemptions", {"emails": ["ceo@hand.example"]})


def test_export_then_audit_finds_nothing_and_a_second_export_does_not_overwrite(simulator, ansible_env, tmp_path):
    simulator.reset()
    try:
        build(simulator)
        simulator.clear_requests()
        cmd = [os.path.join(BIN_DIR, "ansible-playbook"), "-i", "localhost,", "-e", "ppe_fleet_partner=msp.example",
               "ppe.essentials.export", "ppe.essentials.audit", "ppe.essentials.export"]
        done = guard.run(cmd, ansible_env["PPE_URL"], cwd=str(tmp_path), env=ansible_env, stdin=subprocess.DEVNULL,
                         capture_output=True, text=True, timeout=TIMEOUT)
        requests = [r["method"] for r in simulator.requests() if r["path"].startswith("/api/")]
    finally:
        simulator.reset()
    output = "$ %s\nrc %s\n%s\n%s" % (" ".join(cmd), done.returncode, done.stdout, done.stderr)
    # the third playbook: the file exists, so it fails before any request, naming the file and the variable
    assert done.returncode != 0, output
    assert ("The file %s exists already (ppe_export_file=customers.yml): set ppe_export_force=true to overwrite it"
            % (tmp_path / "customers.yml")) in done.stdout, output
    assert requests and set(requests) == {"GET"}, requests

    text = (tmp_path / "customers.yml").read_text(encoding="utf-8")
    for secret in (SECRET, AZURE_SECRET, "RXhhbXBsZSBvbmx5"):
        assert secret not in text
    assert "# private_key: omitted" in text and "ansible-vault encrypt_string --stdin-name private_key" in text
    customers = yaml.safe_load(text)["ppe_customers"]
    assert [c["domain"] for c in customers] == ["acme.example", "hand.example"]
    assert oct(os.stat(tmp_path / "customers.yml").st_mode & 0o777) == "0o600"

    reports = glob.glob(str(tmp_path / "reports" / "audit-*.json"))
    assert len(reports) == 1, output
    with open(reports[0], encoding="utf-8") as handle:
        report = json.load(handle)
    assert [o["org"] for o in report["orgs"]] == ["acme.example", "hand.example"]
    assert report["summary"]["drifted_fields"] == 0 and report["summary"]["unmanaged"] == 0, report
    assert report["summary"]["invalid_declarations"] == 0, report


def test_an_export_without_organizations_says_how_to_name_them_before_any_request(simulator, ansible_env, tmp_path):
    """The message shows the extra-vars JSON to type (its quotes broke the template on ansible-core 2.16)."""
    simulator.clear_requests()
    cmd = [os.path.join(BIN_DIR, "ansible-playbook"), "-i", "localhost,", "-e", '{"ppe_export_orgs": "a.example"}',
           "ppe.essentials.export"]
    done = guard.run(cmd, ansible_env["PPE_URL"], cwd=str(tmp_path), env=ansible_env, stdin=subprocess.DEVNULL,
                     capture_output=True, text=True, timeout=TIMEOUT)
    assert done.returncode != 0
    assert "ppe_export_orgs must be a list of primary domains, for example [\\\"a.example\\\"]" in done.stdout, \
        done.stdout
    assert [r for r in simulator.requests() if r["path"].startswith("/api/")] == []
    assert not (tmp_path / "customers.yml").exists()
