# -*- coding: utf-8 -*-
# Copyright (c) ppe.essentials contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The blanket guard of conftest.run_playbook: every --check run goes against a reads-only simulator."""

from __future__ import annotations

import os

import pytest

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
