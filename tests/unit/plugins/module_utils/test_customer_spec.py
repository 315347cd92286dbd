# -*- coding: utf-8 -*-
# Copyright (c) ppe.essentials contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""ppe_customer validates a declaration with the role's own argument spec (module_utils/_customer_spec.py), and its
section table agrees with the role's spec and the modules."""

from __future__ import annotations

import importlib
import os

import yaml

from ansible_collections.ppe.essentials.plugins.module_utils._customer_spec import CUSTOMER_OPTIONS
from ansible_collections.ppe.essentials.plugins.module_utils._onboarding import OPTIONAL, ORG_FIELDS, SECTIONS

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))))
MODULES = "ansible_collections.ppe.essentials.plugins.modules."
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


def module_source(name):
    with open(os.path.join(ROOT, "plugins", "modules", name + ".py"), encoding="utf-8") as handle:
        return handle.read()


def test_the_section_table_the_role_spec_and_the_module_docs_agree():
    """Each section of the table is a key of the declaration (role spec), declared by the module it names (the same
    resource declaration), named in the role's description of its key and in ppe_customer's documentation."""
    with open(ROLE_SPEC, encoding="utf-8") as handle:
        role = yaml.safe_load(handle)["argument_specs"]["main"]["options"]["ppe_customer"]["options"]
    customer_docs = module_source("ppe_customer")
    for section in SECTIONS:
        assert section.declared == "" or section.declared in CUSTOMER_OPTIONS, section.key
        definition = importlib.import_module(MODULES + section.module).DEFINITION
        assert type(definition.resource) is type(section.definition.resource), section.key
        assert "M(ppe.essentials.%s)" % section.module in customer_docs, section.module
        if section in OPTIONAL:
            assert "ppe.essentials.%s" % section.module in " ".join(role[section.declared]["description"]), section.key
    declared = set(section.declared for section in SECTIONS)
    org_fields = set(ORG_FIELDS) | {"domain", "parent", "name", "admin", "purge_users", "standards_exceptions"}
    assert set(CUSTOMER_OPTIONS) - declared - org_fields == set()
