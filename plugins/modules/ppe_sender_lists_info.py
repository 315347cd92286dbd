#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) ppe.essentials contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r"""
module: ppe_sender_lists_info
short_description: Read the safe and blocked sender lists of an organization, a user or a group
version_added: 0.1.0
description:
  - Returns the allow (safe) and block lists of an organization, or of one of its users or groups.
  - Never changes anything.
author:
  - PPE Essentials maintainers (@ppe-essentials)
options:
  user:
    description:
      - Primary e-mail address of a user whose lists to read; without it, the organization's lists are read.
    type: str
  group:
    description:
      - A group of the organization whose lists to read, by id or by name. Mutually exclusive with O(user).
    type: str
    version_added: 0.1.0
extends_documentation_fragment:
  - ppe.essentials.connection
  - ppe.essentials.org
  - ppe.essentials.attributes.info_module
seealso:
  - module: ppe.essentials.ppe_sender_lists
"""

EXAMPLES = r"""
- name: Read an organization's sender lists
  ppe.essentials.ppe_sender_lists_info:
    org: acme.example
  register: lists

- name: Read a user's sender lists
  ppe.essentials.ppe_sender_lists_info:
    org: acme.example
    user: alice@acme.example
  register: alice_lists

- name: Read a group's sender lists
  ppe.essentials.ppe_sender_lists_info:
    org: acme.example
    group: Sales
  register: sales_lists
"""

RETURN = r"""
sender_lists:
  description:
    - The lists, with the keys of RV(ppe.essentials.ppe_sender_lists#module:sender_lists).
  returned: success
  type: dict
  sample:
    allow_list: [partner.example]
    block_list: ["*@junk.example"]
"""

from ansible_collections.ppe.essentials.plugins.module_utils._module import InfoDefinition, run_module
from ansible_collections.ppe.essentials.plugins.module_utils._resources.sender_lists import SenderListsResource

DEFINITION = InfoDefinition(SenderListsResource())


def main():
    run_module(DEFINITION)


if __name__ == "__main__":
    main()
