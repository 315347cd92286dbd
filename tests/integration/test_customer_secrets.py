# -*- coding: utf-8 -*-
# Copyright (c) ppe.essentials contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""ppe_customer takes whole declarations, whose secrets (users' passwords, DKIM keys, the Azure AD secret) have no
no_log option of their own: they never appear in the output at -vvvv, through either execution path."""

from __future__ import annotations

import os

import pytest

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
