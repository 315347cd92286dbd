# -*- coding: utf-8 -*-
# Copyright (c) ppe.essentials contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Connection options that cannot work are option errors before any request; failures that cannot heal are not retried."""

from __future__ import annotations

import os
import sys

from tests.support import closed_port
from tests.integration import guard

PLAYBOOK = os.path.join(os.path.dirname(os.path.abspath(__file__)), "files", "connection_errors.yml")
MISSING = """
- hosts: localhost
  gather_facts: false
  tasks:
    - ppe.essentials.ppe_domain_info:
        org: acme.example
"""


def test_missing_credentials_name_the_ppe_variables(ansible_env, tmp_path):
    playbook = tmp_path / "missing.yml"
    playbook.write_text(MISSING, encoding="utf-8")
    env = dict((k, v) for k, v in ansible_env.items() if k not in ("PPE_USERNAME", "PPE_PASSWORD"))
    completed = guard.run([os.path.join(os.path.dirname(sys.executable), "ansible-playbook"), "-i", "localhost,",
                           "-c", "local", "-e", "ansible_python_interpreter=" + sys.executable, str(playbook)],
                          env["PPE_URL"], env=env, capture_output=True, text=True, timeout=300)
    assert completed.returncode != 0
    assert "missing required arguments: password, username" in completed.stdout
    assert "PPE_PASSWORD, PPE_USERNAME" in completed.stdout, completed.stdout


def test_bad_options_and_hopeless_connections(simulator, run_playbook):
    simulator.reset()
    result = run_playbook(PLAYBOOK, extra_vars={"closed_port": closed_port()}).assert_ok()
    # 13 bad option values and one bad pair of PPE_* variables: none of them sent a request
    assert [r for r in simulator.requests() if r["path"].startswith("/api/")] == []
    assert "retrying" not in result.stdout + result.stderr
    assert "Traceback" not in result.stdout + result.stderr


ACTION_GROUP_ONLY = """
- hosts: localhost
  gather_facts: false
  module_defaults:
    group/ppe.essentials.ppe:
      url: "{{ sim_url }}"
      username: admin@msp.example
      password: demo-password
  tasks:
    - ppe.essentials.ppe_customer:
        customer:
          domain: acme.example
          parent: msp.example
          name: Acme Corporation
          sender_lists:
            block_list: [spam.example]
"""


def test_ppe_customer_takes_its_connection_from_the_action_group_alone(simulator, ansible_env, tmp_path):
    """No PPE_* variable: the connection is the task's (module_defaults of the action group), for every step; with
    --check --diff the sender lists' before/after is shown and nothing is written."""
    simulator.reset()
    playbook = tmp_path / "action_group.yml"
    playbook.write_text(ACTION_GROUP_ONLY, encoding="utf-8")
    env = dict((k, v) for k, v in ansible_env.items() if not k.startswith("PPE_") or k == "PPE_EXECUTION")
    completed = guard.run([os.path.join(os.path.dirname(sys.executable), "ansible-playbook"), "-i", "localhost,",
                           "-c", "local", "-e", "ansible_python_interpreter=" + sys.executable, "-e",
                           "sim_url=" + ansible_env["PPE_URL"], "--check", "--diff", str(playbook)],
                          ansible_env["PPE_URL"], env=env, capture_output=True, text=True, timeout=300)
    assert completed.returncode == 0, completed.stdout + completed.stderr
    assert "acme.example: sender_lists acme.example" in completed.stdout
    assert "spam.example" in completed.stdout
    assert [r for r in simulator.requests() if r["method"] != "GET"] == []
