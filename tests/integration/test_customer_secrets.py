# -*- coding: utf-8 -*-
# Copyright (c) ppe.essentials contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Secrets of customer declarations never appear in ansible-playbook output, at any verbosity.

ppe_customer takes whole declarations, whose secrets (users' passwords, DKIM keys, the Azure AD secret) have no
no_log option of their own: they never appear in the output at -vvvv, through either execution path. The four
playbooks of the collection (and the roles in them) read them from a customers file, plain or vault-encrypted, and
never print them either, also when the file cannot be read. (What a server echoes of them is masked too:
tests/unit/plugins/action/test_masking.py.)
"""

from __future__ import annotations

import json
import os
import re

import pytest
from ansible.parsing.vault import VaultLib, VaultSecret

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
PLAYBOOK = os.path.join(os.path.dirname(os.path.abspath(__file__)), "files", "customer_secrets.yml")
SECRETS = {
    "user_secret": "Customer-User-Passw0rd-5e1b",
    "dkim_secret": "-----BEGIN PRIVATE KEY-----\nQ3VzdG9tZXJEa2ltU2VjcmV0S2V5\n-----END PRIVATE KEY-----\n",
    "azure_secret": "Azure-Client-Secret-93c7",
}
PARTS = ("Customer-User-Passw0rd-5e1b", "Q3VzdG9tZXJEa2ltU2VjcmV0S2V5", "Azure-Client-Secret-93c7")


@pytest.mark.parametrize("execution", ["auto", "module"])
def test_secrets_of_a_declaration_never_in_output(simulator, run_playbook, execution):
    simulator.reset()
    result = run_playbook(PLAYBOOK, extra_vars=SECRETS, diff=True,
                          env={"ANSIBLE_VERBOSITY": "4", "PPE_EXECUTION": execution,
                               "ANSIBLE_INJECT_INVOCATION": "1"}).assert_ok()  # invocation on ansible-core 2.21+ too
    output = result.stdout + result.stderr
    assert "newhire@acme.example" in output and "sel2026._domainkey.acme.example" in output  # the steps ran
    assert "module_args" in output  # the invocation was shown
    for part in PARTS:
        assert part not in output, part


# -- every playbook and role of the collection, with a customers file that holds every kind of secret -------------
VAULT_PASSWORD = "verbosity-vault-password"
PEM = "-----BEGIN PRIVATE KEY-----\n%s\n%s\n-----END PRIVATE KEY-----\n"
# Every secret a customers file can hold, plain in plainco.example and vault-encrypted in vaultco.example, and
# several fragments of each (any one in the output is a leak, in whatever encoding: the fragments are letters and
# digits only, which no escaping changes); the connection password is vault-encrypted in the file for the
# onboarding, the audit and the fleet report, and a plain extra var for the offboarding.
FILE_SECRETS = {
    "plain_user": "Plain-User-Passw0rd-K4q1Z",
    "vault_user": "Vault-User-Passw0rd-M5w2Y",
    "plain_dkim": PEM % ("UGxhaW5Ea2ltS2V5Rmlyc3RMaW5lT2ZUaGVCYXNlNjRCb2R5MDAwMDAwMDAwMDAw",
                         "UGxhaW5Ea2ltS2V5U2Vjb25kTGluZTEx"),
    "vault_dkim": PEM % ("VmF1bHREa2ltS2V5Rmlyc3RMaW5lT2ZUaGVCYXNlNjRCb2R5MDAwMDAwMDAwMDAw",
                         "VmF1bHREa2ltS2V5U2Vjb25kTGluZTIy"),
    "plain_azure": "Plain-Azure-Secret-R6x3V",
    "vault_azure": "Vault-Azure-Secret-T7y4U",
}
# The suffixes are in mixed case: not hexadecimal (a checksum in -vvvv output) and impossible in the random names of
# temporary files that -vvvv prints ([a-z0-9_]: "tmprem52wyk" once matched a lower-case suffix on CI).
FILE_FRAGMENTS = ("Plain-User", "Passw0rd", "K4q1Z", "M5w2Y", "Vault-User", "Plain-Azure", "Vault-Azure", "R6x3V",
                  "T7y4U", "UGxhaW5Ea2lt", "Rmlyc3RMaW5l", "U2Vjb25kTGluZTEx", "VmF1bHREa2lt", "U2Vjb25kTGluZTIy",
                  "QmFzZTY0Qm9keTAw", "demo-password", VAULT_PASSWORD)


def vaulted(text, indent=2):
    """`text` as an inline !vault value of a YAML file (as ansible-vault encrypt_string prints it), lines indented."""
    cipher = VaultLib([("default", VaultSecret(VAULT_PASSWORD.encode("utf-8")))]).encrypt(text).decode("ascii")
    return "!vault |\n" + "".join("%s%s\n" % (" " * indent, line) for line in cipher.splitlines())


def customer_text(domain, kind, secret):
    """One declaration with a user's password, a DKIM private key and the Azure AD client secret."""
    def value(name):
        return vaulted(secret(name), 10).rstrip("\n") if kind == "vault" else json.dumps(secret(name))

    return ("  - domain: {d}\n    parent: msp.example\n    name: {k} Co\n"
            "    users:\n      - email: ann@{d}\n        firstname: Ann\n        surname: {k}\n"
            "        user_password: {user}\n"
            "    dkim:\n      - domain: {d}\n        selector: sel2026\n        private_key: {dkim}\n"
            "    azure_sync:\n      application_id: 5f1c9a0e-0000-4000-8000-00000000000{n}\n"
            "      client_secret: {azure}\n").format(
        d=domain, k=kind.title(), n=1 if kind == "plain" else 2, user=value("user"), dkim=value("dkim"),
        azure=value("azure"))


def test_no_secret_of_a_customers_file_in_any_playbook_at_any_verbosity(simulator, run_playbook, tmp_path):
    """The four playbooks of the collection (onboarding, audit, fleet report, offboarding; the roles onboard_customer
    and offboard_customer inside them) at -vvvv, the highest verbosity, which prints everything -v to -vvv print and
    more: no fragment of any secret of the customers file, plain or vault-encrypted, nor of the connection password,
    in the output, the log (ANSIBLE_LOG_PATH) or the reports, and every run did its work."""
    secrets_file = tmp_path / "customers.yml"
    secrets_file.write_text(
        "ppe_password: %s" % vaulted("demo-password") + "ppe_customers:\n"
        + customer_text("plainco.example", "plain", lambda name: FILE_SECRETS["plain_" + name])
        + customer_text("vaultco.example", "vault", lambda name: FILE_SECRETS["vault_" + name]), encoding="utf-8")
    (tmp_path / "vault-password").write_text(VAULT_PASSWORD + "\n", encoding="utf-8")
    log = tmp_path / "ansible.log"
    env = {"ANSIBLE_VERBOSITY": "4", "ANSIBLE_VAULT_PASSWORD_FILE": str(tmp_path / "vault-password"),
           "ANSIBLE_LOG_PATH": str(log)}
    reports = str(tmp_path / "reports")
    simulator.reset()
    runs = [
        run_playbook(os.path.join(REPO, "playbooks", "onboard_customer.yml"), diff=True, env=env,
                     extra_vars={"ppe_customers_file": str(secrets_file)}),
        run_playbook(os.path.join(REPO, "playbooks", "audit.yml"), check=True, diff=True, env=env,
                     extra_vars={"ppe_customers_file": str(secrets_file), "ppe_audit_report_dir": reports,
                                 "ppe_audit_report_name": "audit"}),
        run_playbook(os.path.join(REPO, "playbooks", "fleet_report.yml"), env=env,
                     extra_vars={"ppe_customers_file": str(secrets_file), "ppe_fleet_partner": "msp.example",
                                 "ppe_fleet_report_dir": reports}),
        run_playbook(os.path.join(REPO, "playbooks", "offboard_customer.yml"), diff=True, env=env,
                     extra_vars={"offboard_customer_domain": "plainco.example", "ppe_password": "demo-password"}),
    ]
    output = "\n".join([run.describe() for run in runs] + [log.read_text(encoding="utf-8", errors="replace")] + [
        path.read_text(encoding="utf-8", errors="replace") for path in sorted((tmp_path / "reports").iterdir())])
    leaks = dict((fragment, output.count(fragment)) for fragment in FILE_FRAGMENTS if fragment in output)
    assert leaks == {}, output
    for run in runs:
        run.assert_ok()
    onboarding, _audit, _fleet, offboarding = runs
    for domain in ("plainco.example", "vaultco.example"):  # the steps ran, and what changed was shown
        assert "%s: 4 field(s) changed" % domain in onboarding.stdout, onboarding.stdout
        assert "publish in DNS (DKIM, not verified yet): sel2026._domainkey.%s" % domain in onboarding.stdout
    with open(os.path.join(reports, "audit.json"), encoding="utf-8") as handle:
        audited = json.load(handle)
    assert sorted(org["org"] for org in audited["orgs"]) == ["plainco.example", "vaultco.example"]
    assert audited["summary"]["drifted_fields"] == 0 and audited["summary"]["invalid_declarations"] == 0
    with open(os.path.join(reports, "fleet-report.json"), encoding="utf-8") as handle:
        fleet = json.load(handle)
    compared = dict((row["org"], row["drift"]["fields"]) for row in fleet["orgs"] if row.get("drift") is not None)
    assert compared == {"plainco.example": 0, "vaultco.example": 0}, fleet["orgs"]
    assert "changed: [localhost]" in offboarding.stdout
    state = simulator._call("GET", "/_sim/state")  # pylint: disable=protected-access
    assert [org["is_active"] for org in state["orgs"] if org["primary_domain"] == "plainco.example"] == [False]


BROKEN = ("ppe_customers:\n  - domain: broken.example\n    parent: msp.example\n    name: Broken\n    users:\n"
          "      - email: ann@broken.example\n"
          "        user_password: \"Broken-Yaml-Passw0rd-E8f5W\n"  # the quote is not closed
          "        firstname: Ann\n")


def test_a_customers_file_that_cannot_be_read_fails_without_its_secrets(simulator, run_playbook, tmp_path):
    """At -vvvv, a customers file with a YAML error on a line that holds a password (ansible-core before 2.19 quotes
    that line in its error), and a customers file whose vault-encrypted values cannot be decrypted (no vault
    password): the onboarding fails before any request, says why, and shows no secret."""
    broken = tmp_path / "broken.yml"
    broken.write_text(BROKEN, encoding="utf-8")
    vaulted_file = tmp_path / "vaulted.yml"
    vaulted_file.write_text("ppe_password: %sppe_customers:\n" % vaulted("demo-password")
                            + customer_text("vaultco.example", "vault", lambda name: FILE_SECRETS["vault_" + name]),
                            encoding="utf-8")
    simulator.reset()
    simulator.clear_requests()
    onboarding = os.path.join(REPO, "playbooks", "onboard_customer.yml")
    runs = [run_playbook(onboarding, env={"ANSIBLE_VERBOSITY": "4"}, extra_vars={"ppe_customers_file": str(path)})
            for path in (broken, vaulted_file)]
    output = "\n".join(run.describe() for run in runs)
    assert [f for f in FILE_FRAGMENTS + ("Broken-Yaml", "E8f5W") if f in output] == [], output
    assert [run.rc for run in runs] == [2, 2], output
    assert "The customers file %s could not be read: " % broken in runs[0].stdout, runs[0].stdout
    assert "(the lines of the file are not shown: it holds secrets)" in runs[0].stdout
    # (ansible-core 2.21 fails to register the result of include_vars already: the first check says it)
    assert re.search(r"A vault-encrypted value of the customers cannot be decrypted: no vault password was given\."
                     r"|could not be read: a vault-encrypted value in it cannot be decrypted\.", runs[1].stdout)
    assert "Give its vault password (--ask-vault-pass, --vault-password-file" in runs[1].stdout, runs[1].stdout
    assert [r for r in simulator.requests() if r["path"].startswith("/api/")] == []
