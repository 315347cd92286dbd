# -*- coding: utf-8 -*-
# Copyright (c) ppe.essentials contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""No password appears in ansible-playbook output, even at -vvvv, in diffs, warnings or failures."""

from __future__ import annotations

import os

PLAYBOOK = os.path.join(os.path.dirname(os.path.abspath(__file__)), "files", "secrets.yml")
USER_SECRET = "Console-Passw0rd-7f3a9c"
WRONG_SECRET = "Wrong-Connection-Passw0rd-41bd"


def test_no_password_in_any_output_at_maximum_verbosity(simulator, run_playbook):
    simulator.reset()
    simulator.put_faults({"next": [{"status": 503, "path_prefix": "/api/v1/orgs/acme.example/domains"}]})
    result = run_playbook(PLAYBOOK, extra_vars={"user_secret": USER_SECRET, "wrong_secret": WRONG_SECRET},
                          env={"ANSIBLE_VERBOSITY": "4"}).assert_ok()
    output = result.stdout + result.stderr
    assert "retrying in" in output  # the retry warning was printed
    assert "HTTP 401" in output  # the failure was printed
    assert "[hidden]" in output  # diffs ran
    for secret in (USER_SECRET, WRONG_SECRET, "demo-password"):
        assert secret not in output
