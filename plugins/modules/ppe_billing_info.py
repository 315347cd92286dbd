#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) ppe.essentials contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r"""
module: ppe_billing_info
short_description: Read the billing data of an organization and its child organizations
version_added: 0.1.0
description:
  - Returns the billing data of an organization (C(/billing/{org})) or, with O(children), of the organization and
    every organization below it (C(/billing/{org}/orgs)). One GET either way.
  - The API does not document the fields; they are returned as the API sends them.
  - The API answers partner administrators only.
  - Never changes anything.
author:
  - PPE Essentials maintainers (@ppe-essentials)
options:
  children:
    description:
      - Also return the organizations below O(org), in RV(orgs).
    type: bool
    default: false
extends_documentation_fragment:
  - ppe.essentials.connection
  - ppe.essentials.org
  - ppe.essentials.attributes.info_module
notes:
  - The API does not document the answer; that the list of O(children=true) is under C(orgs) is inferred. A bare
    list is read as well; an answer in another shape fails with a message that names the key the module looked for
    and the keys that arrived, rather than returning an empty list.
seealso:
  - module: ppe.essentials.ppe_stats_info
  - module: ppe.essentials.ppe_products_info
"""

EXAMPLES = r"""
- name: Read the billing data of every customer of the partner
  ppe.essentials.ppe_billing_info:
    org: msp.example
    children: true
  register: billing

- name: Show the licences of each customer
  ansible.builtin.debug:
    msg: "{{ billing.orgs | items2dict(key_name='primary_domain', value_name='user_licenses') }}"
"""

RETURN = r"""
billing:
  description: The billing data of O(org).
  returned: when O(children) is false
  type: dict
  sample:
    primary_domain: acme.example
    licensing_package: business
    billing_method: Annual
    user_licenses: 25
    active_users: 3
orgs:
  description: The billing data of O(org) and, with O(children), of every organization below it.
  returned: success
  type: list
  elements: dict
"""

from ansible_collections.ppe.essentials.plugins.module_utils._module import InfoDefinition, run_module
from ansible_collections.ppe.essentials.plugins.module_utils._resources.account import BillingResource

DEFINITION = InfoDefinition(BillingResource(), list_option="children")


def main():
    run_module(DEFINITION)


if __name__ == "__main__":
    main()
