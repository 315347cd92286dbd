# -*- coding: utf-8 -*-
# Copyright (c) ppe.essentials contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Runs each scenario playbook with real ansible-playbook against the simulator.

The playbooks assert behaviour themselves (changed, returned objects, diffs and the simulator's
request log); a scenario passes when ansible-playbook exits 0 with no failed task.
"""

from __future__ import annotations

import os
import re

import pytest

PLAYBOOKS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "playbooks")
SCENARIOS = sorted(f for f in os.listdir(PLAYBOOKS) if f.endswith(".yml"))


@pytest.mark.parametrize("playbook", SCENARIOS)
def test_scenario(playbook, simulator, run_playbook):
    simulator.reset()
    result = run_playbook(os.path.join(PLAYBOOKS, playbook))
    result.assert_ok()
    assert re.search(r"localhost\s+: ok=\d+ .*failed=0", result.stdout), result.stdout
