# -*- coding: utf-8 -*-
# Copyright (c) ppe.essentials contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Documentation of the workers option of the modules that work on many organizations in one task (_fleet.py)."""

from __future__ import annotations


class ModuleDocFragment:

    DOCUMENTATION = r"""
options:
  workers:
    description:
      - How many organizations are worked on at once, in the task's process; each worker has its own connection
        and at most one request in flight, and within an organization the requests stay in order. Over the
        internet a request spends most of its time waiting for the answer; the default reads 500 organizations at
        150 ms per request within a minute instead of about 16 minutes one after another (README, Performance).
      - The results stay in the order of the organizations, and one organization's failure does not stop the
        others. When the API answers HTTP 429, every worker pauses until its C(Retry-After) has passed.
      - The API documents no rate limit. Lower it (V(16), V(4), or V(1) for one organization after another) when
        the API throttles your account (warnings about HTTP 429) or a proxy limits connections; at most V(64).
    type: int
    default: 48
"""
