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
    type: str
    required: true
"""
