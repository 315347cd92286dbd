#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) ppe.essentials contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r"""
module: ppe_products_info
short_description: Read the products of a Proofpoint Essentials organization
version_added: 0.1.0
description:
  - Returns the products that apply to an organization, both available and purchased, or the one named O(label).
  - The API does not document the fields of a product; they are returned as the API sends them (such as C(label),
    C(variant), C(is_purchased), C(auto_renew), C(is_on_trial)).
  - Never changes anything; M(ppe.essentials.ppe_product) buys, changes and cancels a product.
author:
  - PPE Essentials maintainers (@ppe-essentials)
options:
  label:
    description:
      - Label of one product, such as V(Email_Security). Without it, every product is returned.
    type: str
  is_purchased:
    description:
      - Return only the products that are (V(true)) or are not (V(false)) purchased.
    type: bool
extends_documentation_fragment:
  - ppe.essentials.connection
  - ppe.essentials.org
  - ppe.essentials.attributes.info_module
notes:
  - The API does not document the answer; that the list is under C(products) is inferred. A bare list is read as
    well; an answer in another shape fails with a message that names the key the module looked for and the keys that
    arrived, rather than returning an empty list.
seealso:
  - module: ppe.essentials.ppe_product
  - module: ppe.essentials.ppe_licensing_info
  - module: ppe.essentials.ppe_billing_info
"""

EXAMPLES = r"""
- name: Read the purchased products
  ppe.essentials.ppe_products_info:
    org: acme.example
    is_purchased: true
  register: bought

- name: Read one product
  ppe.essentials.ppe_products_info:
    org: acme.example
    label: Email_Security
  register: email_security
"""

RETURN = r"""
products:
  description: The products (with O(label), the one product, or an empty list when it does not match O(is_purchased)).
  returned: success
  type: list
  elements: dict
  sample:
    - label: Email_Security
      variant: Business
      is_purchased: true
      auto_renew: true
      is_on_trial: false
product:
  description: The product named O(label); null when it does not match O(is_purchased).
  returned: when O(label) is set
  type: dict
"""

from ansible_collections.ppe.essentials.plugins.module_utils._module import InfoDefinition, run_module
from ansible_collections.ppe.essentials.plugins.module_utils._resources.product import ProductResource

DEFINITION = InfoDefinition(ProductResource())


def main():
    run_module(DEFINITION)


if __name__ == "__main__":
    main()
