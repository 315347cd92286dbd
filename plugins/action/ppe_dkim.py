# -*- coding: utf-8 -*-
# Copyright (c) ppe.essentials contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Runs the module ppe_dkim in the Ansible worker process on a local connection (see plugin_utils/_action.py)."""

from __future__ import annotations

from ansible_collections.ppe.essentials.plugins.plugin_utils._action import ModuleAction


class ActionModule(ModuleAction):
    pass
