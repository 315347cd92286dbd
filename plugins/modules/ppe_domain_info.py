#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) ppe.essentials contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r"""
module: ppe_domain_info
short_description: Read the domains of a Proofpoint Essentials organization
version_added: 0.1.0
description:
  - Returns one domain of an organization, or all of them.
  - Never changes anything.
author:
  - PPE Essentials maintainers (@ppe-essentials)
options:
  name:
    description:
      - Return only this domain. Without it, all domains of the organization are returned.
    type: str
extends_documentation_fragment:
  - ppe.essentials.connection
  - ppe.essentials.org
  - ppe.essentials.attributes.info_module
seealso:
  - module: ppe.essentials.ppe_domain
"""

EXAMPLES = r"""
- name: List the domains of an organization
  ppe.essentials.ppe_domain_info:
    org: acme.example
  register: acme_domains

- name: Show the relay domains
  ansible.builtin.debug:
    msg: "{{ acme_domains.domains | selectattr('is_relay') | map(attribute='name') | list }}"

- name: Read one domain
  ppe.essentials.ppe_domain_info:
    org: acme.example
    name: acme-mail.example
  register: one

- name: Fail when the domain is missing
  ansible.builtin.assert:
    that: one.domain is not none
"""

RETURN = r"""
domain:
  description:
    - The domain named by O(name), or V(null) when the organization has no such domain. A missing organization
      is an error, not V(null).
    - The keys are those the API returns; where the API shows whether the domain's ownership is verified
      (C(is_verified), as the collection's simulator does; inferred, the API's documentation does not say), it is
      there too. M(ppe.essentials.ppe_domain_verification) verifies a domain.
  returned: when O(name) is set
  type: dict
  sample:
    name: acme-mail.example
    is_active: true
    is_relay: true
    destination: mx1.acme.example
    failovers: [mx2.acme.example]
    is_verified: true
domains:
  description:
    - All domains of the organization; with O(name), a list of zero or one domain.
    - Each item has the keys of RV(domain).
  returned: success
  type: list
  elements: dict
  sample:
    - name: acme.example
      is_active: true
      is_relay: false
      destination: mail.acme.example
      failovers: []
"""

from ansible_collections.ppe.essentials.plugins.module_utils._module import InfoDefinition, run_module
from ansible_collections.ppe.essentials.plugins.module_utils._resources.domain import DomainResource

DEFINITION = InfoDefinition(DomainResource())


def main():
    run_module(DEFINITION)


if __name__ == "__main__":
    main()
