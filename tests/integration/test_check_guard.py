# -*- coding: utf-8 -*-
# Copyright (c) ppe.essentials contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The blanket guard (guard.py): every run that must only read goes against a reads-only simulator, and every
Ansible run of the integration tests starts through the guard."""

from __future__ import annotations

import ast
import os

import pytest

from tests.integration import guard

FILES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "files")


def test_a_write_during_a_check_run_fails_the_test(simulator, run_playbook):
    simulator.reset()
    with pytest.raises(AssertionError, match="reads-only") as info:
        run_playbook(os.path.join(FILES, "write_in_check_mode.yml"), check=True)
    assert "POST /api/v1/orgs/acme.example/domains" in str(info.value)
    # nothing was written, and the simulator takes writes again after the run
    state = simulator._call("GET", "/_sim/state")  # pylint: disable=protected-access
    acme = next(org for org in state["orgs"] if org["primary_domain"] == "acme.example")
    assert "guard.example" not in [d["name"] if isinstance(d, dict) else d for d in acme["domains"]]
    assert simulator._call("GET", "/_sim/config")["reads_only"] is False  # pylint: disable=protected-access


def test_the_same_playbook_without_check_writes(simulator, run_playbook):
    simulator.reset()
    run_playbook(os.path.join(FILES, "write_in_check_mode.yml")).assert_ok()
    assert ("POST", "/api/v1/orgs/acme.example/domains", 201) in [
        (r["method"], r["path"], r["status"]) for r in simulator.requests()]


@pytest.mark.parametrize("cmd, only_reads", [
    (["ansible-playbook", "--check", "site.yml"], True),
    (["ansible-playbook", "-C", "site.yml"], True),
    (["ansible-playbook", "/repo/playbooks/audit.yml"], True),
    (["ansible-playbook", "ppe.essentials.fleet_report"], True),
    (["ansible-runner", "run", "/pdd", "-p", "audit.yml"], True),
    (["ansible-playbook", "/repo/playbooks/onboard_customer.yml"], False),
    (["ansible-playbook", "/tmp/audit_users.yml"], False),
])
def test_runs_that_must_only_read(cmd, only_reads):
    assert guard.must_only_read(cmd) is only_reads


def test_a_read_only_run_cannot_start_unchecked():
    with pytest.raises(AssertionError, match="guard.run"):
        guard.popen(["ansible-playbook", "--check", "site.yml"])


def _launches_ansible_directly(source):
    """(function name, line) of each function in `source` that starts a subprocess and names ansible-playbook or
    ansible-runner: such a run would bypass the guard."""
    found = []
    for function in ast.walk(ast.parse(source)):
        if not isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef)):
            continue
        nodes = list(ast.walk(function))
        spawns = any(isinstance(n, ast.Attribute) and n.attr in ("run", "Popen", "call", "check_output")
                     and isinstance(n.value, ast.Name) and n.value.id == "subprocess" for n in nodes)
        names_ansible = any(isinstance(n, ast.Constant) and isinstance(n.value, str)
                            and ("ansible-playbook" in n.value or "ansible-runner" in n.value) for n in nodes)
        if spawns and names_ansible:
            found.append((function.name, function.lineno))
    return found


DIRECT_LAUNCH = """
def audit(env):
    cmd = [os.path.join(BIN_DIR, "ansible-playbook"), "playbooks/audit.yml"]
    return subprocess.run(cmd, env=env, check=False)
"""


def test_every_ansible_run_of_the_suite_goes_through_the_guard():
    assert _launches_ansible_directly(DIRECT_LAUNCH) == [("audit", 2)]  # the rule sees a direct launch
    here = os.path.dirname(os.path.abspath(__file__))
    bypasses = {}
    for name in sorted(os.listdir(here)):
        if name.endswith(".py") and name != "guard.py":
            with open(os.path.join(here, name), encoding="utf-8") as source:
                bypasses[name] = _launches_ansible_directly(source.read())
    assert {name: found for name, found in bypasses.items() if found} == {}
