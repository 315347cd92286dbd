# -*- coding: utf-8 -*-
# Copyright (c) ppe.essentials contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""No password appears in ansible-playbook output, even at -vvvv, in diffs, warnings or failures."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from tests.integration import guard

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BIN_DIR = os.path.dirname(sys.executable)
PLAYBOOK = os.path.join(os.path.dirname(os.path.abspath(__file__)), "files", "secrets.yml")
USER_SECRET = "Console-Passw0rd-7f3a9c"
WRONG_SECRET = "Wrong-Connection-Passw0rd-41bd"


def test_no_password_in_any_output_at_maximum_verbosity(simulator, run_playbook, tmp_path):
    """Also no Odin login token (ppe_login_token's result, on both execution paths): a credential the API made."""
    simulator.reset()
    simulator.put_faults({"next": [{"status": 503, "path_prefix": "/api/v1/orgs/acme.example/domains"}]})
    token_file = tmp_path / "odin-tokens"
    result = run_playbook(PLAYBOOK, extra_vars={"user_secret": USER_SECRET, "wrong_secret": WRONG_SECRET,
                                                "token_file": str(token_file)},
                          env={"ANSIBLE_VERBOSITY": "4"}).assert_ok()
    output = result.stdout + result.stderr
    assert "retrying in" in output  # the retry warning was printed
    assert "HTTP 401" in output  # the failure was printed
    assert "[hidden]" in output  # diffs ran
    for secret in (USER_SECRET, WRONG_SECRET, "demo-password", "odin-password"):
        assert secret not in output
    tokens = token_file.read_text(encoding="utf-8").split("\n")
    assert len(tokens) == 2 and all(len(token) > 10 for token in tokens)  # the registered variable held them
    assert "ppe_login_token runs as a module" in output  # both paths ran
    for token in tokens:
        assert token not in output
        assert token[:8] not in output
    simulator.reset()  # the Odin scenario stays out of the other tests


# Passwords that cannot be sent as an HTTP header (control characters, non-latin-1) or that need escaping.
# A YAML "|" block gives exactly the first one: a trailing newline.
ODD_SECRETS = {
    "trailing-newline": "Trail-Secret-77\n",
    "newline": "Multi\nLine-Secret-88",
    "euro": "Euro-Secret-\u20ac-99",
    "quote-backslash": 'Quote"Back\\slash-Secret-66',
}
# Any part of any of them, in any form: raw, repr- or JSON-escaped (\u20ac), as an HTML or hex escape (&#x20ac;),
# URL-encoded. The escapes keep their u or x: a bare "20ac" is found by chance in the hex of -vvvv output (ids).
FRAGMENTS = ("Secret", "Trail", "Multi", "Euro", "\u20ac", "u20ac", "u20AC", "x20ac", "x20AC", "E2%82", "xe2\\x82",
             "Quote", "slash")
ODD_PLAYBOOK = os.path.join(os.path.dirname(os.path.abspath(__file__)), "files", "secrets_odd.yml")
INVENTORY_PLAYBOOK = os.path.join(os.path.dirname(os.path.abspath(__file__)), "files", "inventory_hosts.yml")


def occurrences(text):
    """{fragment: count} of the fragments found in text."""
    return dict((f, text.count(f)) for f in FRAGMENTS if f in text)


def read(path):
    return path.read_text(encoding="utf-8", errors="replace") if path.exists() else ""


@pytest.mark.parametrize("name", sorted(ODD_SECRETS))
def test_odd_password_never_appears_at_maximum_verbosity(simulator, run_playbook, tmp_path, name):
    secret = ODD_SECRETS[name]
    log = tmp_path / "ansible.log"
    simulator.reset()
    simulator.clear_requests()
    result = run_playbook(ODD_PLAYBOOK, extra_vars={"odd_secret": secret},
                          env={"ANSIBLE_VERBOSITY": "4", "ANSIBLE_LOG_PATH": str(log), "PPE_PASSWORD": secret})
    everything = result.stdout + result.stderr + read(log)
    assert occurrences(everything) == {}, result.describe()
    result.assert_ok()  # every task failed as expected (ignore_errors) and the assert passed
    assert "password (PPE_PASSWORD)" in everything or name == "quote-backslash"
    sent = [r for r in simulator.requests() if r["path"].startswith("/api/")]
    if name == "quote-backslash":  # a valid header: sent, and refused by the API
        assert sent and all(r["status"] == 401 for r in sent)
    else:  # refused before any request
        assert sent == []


@pytest.mark.parametrize("name", sorted(ODD_SECRETS))
def test_odd_password_never_appears_in_inventory_runs(simulator, ansible_env, tmp_path, name):
    secret = ODD_SECRETS[name]
    source = tmp_path / "demo.ppe.yml"
    source.write_text("plugin: ppe.essentials.orgs\n", encoding="utf-8")
    log = tmp_path / "ansible.log"
    env = dict(ansible_env, PPE_PASSWORD=secret, ANSIBLE_VERBOSITY="4", ANSIBLE_LOG_PATH=str(log))
    simulator.reset()
    simulator.clear_requests()
    outputs, codes = [], []
    for cmd in (["ansible-inventory", "-i", str(source), "--list"],
                ["ansible-playbook", "-i", str(source), INVENTORY_PLAYBOOK]):
        completed = guard.run([os.path.join(BIN_DIR, cmd[0])] + cmd[1:], simulator.url, cwd=REPO, env=env,
                              stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=300)
        outputs.append("$ %s\nrc=%s\n%s\n%s" % (" ".join(cmd), completed.returncode, completed.stdout, completed.stderr))
        codes.append(completed.returncode)
    everything = "\n".join(outputs) + read(log)
    assert occurrences(everything) == {}, everything
    assert 0 not in codes, everything  # the inventory cannot be read: both runs fail
    assert "password (PPE_PASSWORD)" in everything or name == "quote-backslash"


@pytest.mark.parametrize("name", ["trailing-newline", "euro"])
def test_odd_password_never_appears_in_the_audit_reports(simulator, run_playbook, tmp_path, name):
    """The audit (--check, report files) with an unusable password: fails, and neither output nor reports show it."""
    secret = ODD_SECRETS[name]
    log = tmp_path / "ansible.log"
    simulator.reset()
    simulator.clear_requests()
    result = run_playbook(os.path.join(REPO, "playbooks", "audit.yml"), check=True, diff=True,
                          extra_vars={"ppe_audit_report_dir": str(tmp_path / "reports"), "ppe_audit_report_name": "audit",
                                      "ppe_customers_file": "@examples"},
                          env={"ANSIBLE_VERBOSITY": "4", "ANSIBLE_LOG_PATH": str(log), "PPE_PASSWORD": secret})
    reports = "".join(read(p) for p in sorted((tmp_path / "reports").glob("*"))) if (tmp_path / "reports").exists() else ""
    everything = result.stdout + result.stderr + read(log) + reports
    assert occurrences(everything) == {}, result.describe() + reports
    assert "password (PPE_PASSWORD)" in everything
    assert [r for r in simulator.requests() if r["path"].startswith("/api/")] == []
