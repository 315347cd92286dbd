# -*- coding: utf-8 -*-
# Copyright (c) ppe.essentials contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Documentation of module attributes (check mode, diff mode, action group)."""

from __future__ import annotations


class ModuleDocFragment:

    # Modules that change state.
    DOCUMENTATION = r"""
attributes:
  check_mode:
    description: Can run in check_mode and return changed status prediction without modifying target.
    support: full
    details:
      - Check mode makes only GET requests and returns the object the module predicts.
  diff_mode:
    description: Will return details on what has changed (or possibly needs changing in check_mode), when in diff mode.
    support: full
    details:
      - The diff holds the managed options before and after, normalized (lower-case domains and e-mail addresses,
        sorted lists); the full object on create and delete. Secrets are never shown.
  action:
    description: Indicates this has a corresponding action plugin so some parts of the options can be executed on the controller.
    support: full
    details:
      - On a local connection the whole module runs in the Ansible worker process, without a module process; see the
        notes for when it runs as a module instead (C(ppe_execution), E(PPE_EXECUTION)).
  action_group:
    description: Use C(group/ppe.essentials.ppe) in C(module_defaults) to set defaults for this module.
    support: full
    membership:
      - ppe.essentials.ppe
"""

    # Read-only modules.
    INFO_MODULE = r"""
attributes:
  check_mode:
    description: Can run in check_mode and return changed status prediction without modifying target.
    support: full
    details:
      - This module never changes anything; it runs the same in check mode.
  diff_mode:
    description: Will return details on what has changed (or possibly needs changing in check_mode), when in diff mode.
    support: N/A
    details:
      - This module never changes anything.
  action:
    description: Indicates this has a corresponding action plugin so some parts of the options can be executed on the controller.
    support: full
    details:
      - On a local connection the whole module runs in the Ansible worker process, without a module process; see the
        notes for when it runs as a module instead (C(ppe_execution), E(PPE_EXECUTION)).
  action_group:
    description: Use C(group/ppe.essentials.ppe) in C(module_defaults) to set defaults for this module.
    support: full
    membership:
      - ppe.essentials.ppe
"""
