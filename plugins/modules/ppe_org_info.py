#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) ppe.essentials contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r"""
module: ppe_org_info
short_description: Read a Proofpoint Essentials organization or a partner's child organizations
version_added: 0.1.0
description:
  - Returns one organization, or with O(children=true) the child organizations of a partner, optionally
    filtered by type and active state.
  - Never changes anything.
author:
  - PPE Essentials maintainers (@ppe-essentials)
options:
  domain:
    description:
      - Any domain of the organization to read (with O(children=true), of the partner). Also accepted as O(org).
    type: str
    required: true
    aliases: [primary_domain, org]
  children:
    description:
      - Return the organization's child organizations instead of the organization itself.
    type: bool
    default: false
  type:
    description:
      - With O(children=true), return only child organizations of these types.
    type: list
    elements: str
    choices: [organization, channel, strategic_partner, oem_partner]
  is_active:
    description:
      - With O(children=true), return only active (V(true)) or only inactive (V(false)) child organizations.
    type: bool
extends_documentation_fragment:
  - ppe.essentials.connection
  - ppe.essentials.attributes.info_module
seealso:
  - module: ppe.essentials.ppe_org
"""

EXAMPLES = r"""
- name: Read one organization
  ppe.essentials.ppe_org_info:
    domain: acme.example
  register: acme

- name: List the active customer organizations of our partner account
  ppe.essentials.ppe_org_info:
    domain: msp.example
    children: true
    type: [organization]
    is_active: true
  register: customers

- name: Show their primary domains
  ansible.builtin.debug:
    msg: "{{ customers.orgs | map(attribute='primary_domain') | list }}"
"""

RETURN = r"""
org:
  description:
    - The organization named by O(domain), or V(null) when it does not exist.
    - Has the keys of RV(ppe.essentials.ppe_org#module:org).
  returned: when O(children=false)
  type: dict
  sample:
    primary_domain: acme.example
    name: Acme Corporation
    type: organization
    is_active: true
    licensing_package: business
    user_licenses: 25
orgs:
  description:
    - With O(children=true), the matching child organizations; otherwise a list of zero or one organization.
  returned: success
  type: list
  elements: dict
  sample:
    - primary_domain: acme.example
      name: Acme Corporation
      type: organization
      is_active: true
"""

from ansible_collections.ppe.essentials.plugins.module_utils._module import InfoDefinition, run_module
from ansible_collections.ppe.essentials.plugins.module_utils._resources.org import OrgResource

DEFINITION = InfoDefinition(OrgResource(), list_option="children")


def main():
    run_module(DEFINITION)


if __name__ == "__main__":
    main()
