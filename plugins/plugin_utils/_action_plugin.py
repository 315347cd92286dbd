# -*- coding: utf-8 -*-
# Copyright (c) ppe.essentials contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The one action plugin of every module: plugins/action/<module>.py only re-exports this ActionModule.

ansible-test wants a file named after each module in plugins/action, and antsibull-docs reads a symlink there as a
renamed module, so each is a one-line import; ModuleAction takes the module from the task (its resolved action), so
a new module needs only that line (tests/unit/test_plugin_imports.py checks that every module has it).
"""

from __future__ import annotations

from ansible_collections.ppe.essentials.plugins.plugin_utils._action import ModuleAction, preload_definitions


class ActionModule(ModuleAction):
    """Runs the task's module in the Ansible worker process on a local connection (plugin_utils/_action.py)."""


preload_definitions()
