#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) ppe.essentials contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r"""
module: ppe_endpoint_info
short_description: Find the Proofpoint Essentials stacks that serve a domain
version_added: 0.1.0
description:
  - Asks any stack which stacks (base URLs such as V(https://us1.proofpointessentials.com)) host the organization
    that owns a domain. Use the answer as O(url) for the other modules, or let them do it with O(discover_stack).
  - Never changes anything.
author:
  - PPE Essentials maintainers (@ppe-essentials)
options:
  domain:
    description:
      - Any domain of the organization. Also accepted as O(org).
    type: str
    required: true
    aliases: [org]
extends_documentation_fragment:
  - ppe.essentials.connection
  - ppe.essentials.attributes.info_module
seealso:
  - module: ppe.essentials.ppe_org_info
"""

EXAMPLES = r"""
- name: Find the stack of a customer
  ppe.essentials.ppe_endpoint_info:
    domain: acme.example
  register: stack

- name: Use it for the following tasks
  ansible.builtin.set_fact:
    ppe_url: "{{ stack.endpoints[0] }}"
"""

RETURN = r"""
endpoints:
  description: Base URLs of the stacks that host the organization, without C(/api/v1).
  returned: success
  type: list
  elements: str
  sample: [https://us1.proofpointessentials.com]
"""

from ansible_collections.ppe.essentials.plugins.module_utils._module import InfoDefinition, run_module
from ansible_collections.ppe.essentials.plugins.module_utils._resources.report import EndpointResource

DEFINITION = InfoDefinition(EndpointResource())


def main():
    run_module(DEFINITION)


if __name__ == "__main__":
    main()
