# -*- coding: utf-8 -*-
# Copyright (c) ppe.essentials contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Documentation of the org option shared by the modules that act inside one organization."""

from __future__ import annotations


class ModuleDocFragment:

    DOCUMENTATION = r"""
options:
  org:
    description:
      - Any domain of the organization, usually its primary domain. Compared case-insensitively.
      - The organization must exist. When it does not (a typo, or an organization not created yet), the task
        fails with a message that names it, also when deleting (C(state=absent)) and in check mode, and writes nothing.
        The API answers HTTP 404 for a missing organization and for a missing item alike, so when an item is
        not found the module makes one more GET, of the organization, to tell the two apart.
    type: str
    required: true
"""
