#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) ppe.essentials contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r"""
module: ppe_domain
short_description: Manage a domain of a Proofpoint Essentials organization
version_added: 0.1.0
description:
  - Create, update or delete one e-mail domain of an organization, including its mail routing
    (relay destination and failover hosts).
  - Only the options you set are managed; options left unset keep the value the domain has. An update sends only
    the fields that differ, so concurrent jobs that change other fields of the same domain do not undo each other.
  - Compares domain and host names case-insensitively and O(failovers) order-insensitively, so a second
    identical run reports no change and makes only one GET request.
author:
  - PPE Essentials maintainers (@ppe-essentials)
options:
  name:
    description:
      - The domain name to manage. Domains are unique across the whole Proofpoint Essentials platform.
    type: str
    required: true
  state:
    description:
      - V(present) creates or updates the domain, V(absent) deletes it.
      - Deleting a domain that does not exist is not a change.
    type: str
    choices: [present, absent]
    default: present
  is_active:
    description:
      - Whether the domain accepts mail. The API creates domains active.
    type: bool
  is_relay:
    description:
      - Whether the domain is a relay domain. A relay domain needs a destination, from O(destination) or the
        domain's current one; without one the task fails before any write, in check mode too.
    type: bool
  destination:
    description:
      - IPv4 address or hostname of the mail server that receives the domain's filtered mail.
      - Set to an empty string to clear it.
    type: str
  failovers:
    description:
      - IPv4 addresses or hostnames tried in turn when O(destination) does not answer.
      - The order is not significant for idempotence. Set to an empty list to remove all failovers.
    type: list
    elements: str
extends_documentation_fragment:
  - ppe.essentials.connection
  - ppe.essentials.org
  - ppe.essentials.attributes
seealso:
  - module: ppe.essentials.ppe_domain_info
"""

EXAMPLES = r"""
- name: Route mail for a new domain to the customer's mail server
  ppe.essentials.ppe_domain:
    url: https://us1.proofpointessentials.com
    username: admin@msp.example
    password: "{{ ppe_password }}"
    org: acme.example
    name: acme-mail.example
    is_relay: true
    destination: mx1.acme.example
    failovers:
      - mx2.acme.example
      - 192.0.2.25

- name: Manage domains with connection settings from module_defaults (or PPE_* environment variables)
  module_defaults:
    group/ppe.essentials.ppe:
      url: "{{ ppe_url }}"
      username: "{{ ppe_username }}"
      password: "{{ ppe_password }}"
  block:
    - name: Deactivate a domain without touching its routing
      ppe.essentials.ppe_domain:
        org: acme.example
        name: acme-old.example
        is_active: false

    - name: Remove a domain
      ppe.essentials.ppe_domain:
        org: acme.example
        name: acme-legacy.example
        state: absent
"""

RETURN = r"""
domain:
  description:
    - The domain after the task, as the API returns it (the prediction in check mode).
    - V(null) when O(state=absent).
  returned: success
  type: dict
  sample:
    name: acme-mail.example
    is_active: true
    is_relay: true
    destination: mx1.acme.example
    failovers: [mx2.acme.example, 192.0.2.25]
  contains:
    name:
      description: The domain name.
      type: str
      returned: success
    is_active:
      description: Whether the domain accepts mail.
      type: bool
      returned: success
    is_relay:
      description: Whether the domain is a relay domain.
      type: bool
      returned: success
    destination:
      description: Mail server that receives the domain's filtered mail; an empty string when unset.
      type: str
      returned: success
    failovers:
      description: Failover mail servers.
      type: list
      elements: str
      returned: success
"""

from ansible_collections.ppe.essentials.plugins.module_utils._module import ResourceDefinition, run_module
from ansible_collections.ppe.essentials.plugins.module_utils._resources.domain import DomainResource

DEFINITION = ResourceDefinition(DomainResource())


def main():
    run_module(DEFINITION)


if __name__ == "__main__":
    main()
