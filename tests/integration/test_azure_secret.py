# -*- coding: utf-8 -*-
# Copyright (c) ppe.essentials contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The Azure AD client secret (ppe_azure_sync's client_secret) never appears in output, even at -vvvv."""

from __future__ import annotations

import os

import pytest

PLAYBOOK = os.path.join(os.path.dirname(os.path.abspath(__file__)), "files", "azure_secret.yml")
SECRET = "Azure-Client-Secret-5e1d"


@pytest.mark.parametrize("execution", ["in_process", "module"])
def test_client_secret_never_appears_at_maximum_verbosity(simulator, run_playbook, tmp_path, execution):
    log = tmp_path / "ansible.log"
    simulator.reset()
    env = {"ANSIBLE_VERBOSITY": "4", "ANSIBLE_LOG_PATH": str(log)}
    if execution == "module":
        env["PPE_EXECUTION"] = "module"
    result = run_playbook(PLAYBOOK, diff=True, extra_vars={"azure_secret": SECRET}, env=env).assert_ok()
    output = result.stdout + result.stderr + log.read_text(encoding="utf-8", errors="replace")
    assert ("AnsiballZ_ppe_azure_sync" in output) is (execution == "module")  # the path asked for ran
    assert "[hidden]" in output  # diffs ran
    assert "HTTP 403" in output  # the refused write was printed
    assert SECRET not in output
    assert "5e1d" not in output
