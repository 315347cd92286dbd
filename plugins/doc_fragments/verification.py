# -*- coding: utf-8 -*-
# Copyright (c) ppe.essentials contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The bounded wait of a check that proves a DNS record (domain verification, DKIM keys): verify_retries, verify_delay."""

from __future__ import annotations


class ModuleDocFragment:

    DOCUMENTATION = r"""
options:
  verify_retries:
    description:
      - How many more times to ask when the API answers that it cannot verify yet (DNS may take a while to show a
        new record). Between 0 and 100.
    type: int
    default: 0
  verify_delay:
    description:
      - Seconds between two attempts. Between 0 and 3600.
    type: int
    default: 10
"""
