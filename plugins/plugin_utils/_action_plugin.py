# -*- coding: utf-8 -*-
# Copyright (c) ppe.essentials contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The one action plugin of every module: plugins/action/<module>.py is a symlink to this file.

Ansible loads each symlink under its own name (ansible_collections.ppe.essentials.plugins.action.<module>),
and ModuleAction takes the module from that name, so one file serves all modules and a new module needs only
`ln -s ../plugin_utils/_action_plugin.py plugins/action/<module>.py` (tests/unit/test_plugin_imports.py checks
that every module has one). Imported under this name it is a plain subclass that names no module.
"""

from __future__ import annotations

from ansible_collections.ppe.essentials.plugins.plugin_utils._action import ModuleAction


class ActionModule(ModuleAction):
    pass
