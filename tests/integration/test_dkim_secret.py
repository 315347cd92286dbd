# -*- coding: utf-8 -*-
# Copyright (c) ppe.essentials contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""A DKIM private key never appears in ansible-playbook output, even at -vvvv, in diffs or failures."""

from __future__ import annotations

import os

PLAYBOOK = os.path.join(os.path.dirname(os.path.abspath(__file__)), "playbooks", "ppe_dkim.yml")
# Parts of the three keys the scenario sends: the key it creates, the one it sends for an existing selector, and
# the malformed one that fails the option check.
KEY_PARTS = ("DdkimTestKeyOnly", "DanotherKey", "not-a-pem-secret-value")


def test_private_keys_never_in_output_at_maximum_verbosity(simulator, run_playbook):
    simulator.reset()
    result = run_playbook(PLAYBOOK, diff=True, env={"ANSIBLE_VERBOSITY": "4"}).assert_ok()
    output = result.stdout + result.stderr
    assert "[hidden]" in output and "creating it needs private_key" in output  # the diff and the failure were shown
    for part in KEY_PARTS:
        assert part not in output
