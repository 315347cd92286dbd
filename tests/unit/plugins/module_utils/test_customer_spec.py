# -*- coding: utf-8 -*-
# Copyright (c) ppe.essentials contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""ppe_customer validates a declaration with the role's own argument spec (module_utils/_customer_spec.py)."""

from __future__ import annotations

import os

import yaml

from ansible_collections.ppe.essentials.plugins.module_utils._customer_spec import CUSTOMER_OPTIONS

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))))
ROLE_SPEC = os.path.join(ROOT, "roles", "onboard_customer", "meta", "argument_specs.yml")


def without_descriptions(options):
    out = {}
    for name, option in options.items():
        option = dict((k, v) for k, v in option.items() if k != "description")
        if "options" in option:
            option["options"] = without_descriptions(option["options"])
        out[name] = option
    return out


def test_the_module_spec_is_the_role_spec_without_descriptions():
    with open(ROLE_SPEC, encoding="utf-8") as handle:
        role = yaml.safe_load(handle)["argument_specs"]["main"]["options"]["ppe_customer"]["options"]
    assert CUSTOMER_OPTIONS == without_descriptions(role)
