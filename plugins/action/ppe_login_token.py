# -*- coding: utf-8 -*-
# Copyright (c) ppe.essentials contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""ppe.essentials.ppe_login_token in the Ansible worker process: the one action plugin, plugin_utils/_action_plugin.py."""

from __future__ import annotations

from ansible_collections.ppe.essentials.plugins.plugin_utils._action_plugin import ActionModule

__all__ = ["ActionModule"]
