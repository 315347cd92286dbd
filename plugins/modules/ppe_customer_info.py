#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) ppe.essentials contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r"""
module: ppe_customer_info
short_description: Export existing customer organizations as customer declarations
version_added: 0.1.0
description:
  - Reads existing customer organizations and returns each as a customer declaration in the format of the
    P(ppe.essentials.onboard_customer#role) role's C(ppe_customer) (and of M(ppe.essentials.ppe_customer)) - the
    organization's fields, its domains with their mail routing, licensing, features, sender lists, administrator and
    users (types, aliases, billable, active), domain verification, DKIM selectors, e-mail tagging and its exemptions,
    Azure AD sync and its exemptions, authentication and SAML identity providers.
  - The values are read and normalized by the modules of each section, so an audit (M(ppe.essentials.ppe_customer)
    in check mode, C(playbooks/audit.yml)) of the declarations right after the export reports no drift and no
    unmanaged item.
  - Secrets are never returned (users' passwords, DKIM private keys, the Azure AD client secret), nor is what the
    API does not return (C(send_welcome_email)); each organization's C(omitted) lists them with where they go. The
    playbook C(ppe.essentials.export) writes the declarations to a file with a comment at each such place.
  - Keys are in the role's documented order and lists sorted as the audit compares them, so two exports diff
    cleanly.
  - Works on O(workers) organizations at once, each worker with its own connection; an HTTP 429 pauses every
    worker until its C(Retry-After) has passed.
  - Never changes anything; makes only GET requests, also in check mode.
author:
  - PPE Essentials maintainers (@ppe-essentials)
options:
  partner:
    description:
      - The primary domain of the partner whose customer organizations are exported, read with one request. With
        O(orgs), only those of its organizations.
      - Set O(partner), O(orgs), or both.
    type: str
  orgs:
    description:
      - Only these organizations (primary domains), in this order. Without O(partner), each is read on its own and
        its C(parent) is the organization of the API user (C(GET /me)); one that is not the partner's (with
        O(partner)) or does not exist fails the task, naming it.
      - Without it, every customer organization of O(partner), sorted by primary domain.
    type: list
    elements: str
extends_documentation_fragment:
  - ppe.essentials.connection
  - ppe.essentials.fleet
  - ppe.essentials.attributes.info_module
seealso:
  - module: ppe.essentials.ppe_customer
  - module: ppe.essentials.ppe_fleet_info
"""

EXAMPLES = r"""
- name: Export every customer organization of msp.example
  ppe.essentials.ppe_customer_info:
    partner: msp.example
  register: exported

- name: Audit them right away (no drift expected)
  ppe.essentials.ppe_customer:
    customers: "{{ exported.customers }}"
  check_mode: true

- name: Export two organizations, one after another
  ppe.essentials.ppe_customer_info:
    orgs: [acme.example, globex.example]
    workers: 1
  register: two

- name: Write them as a customers file, with a comment at each omitted secret
  ansible.builtin.copy:
    content: "{{ two.customers | ppe.essentials.customers_yaml(two.orgs) }}"
    dest: customers.yml
    mode: "0600"
"""

RETURN = r"""
partner:
  description: The partner's primary domain, in lower case; null without O(partner).
  returned: success
  type: str
  sample: msp.example
customers:
  description:
    - One customer declaration per organization that could be read, in the role's format and key order, in the
      order of O(orgs) (or by primary domain).
  returned: success
  type: list
  elements: dict
  sample:
    - domain: acme.example
      parent: msp.example
      name: Acme Corporation
      type: organization
      country: US
      is_active: true
      admin: {email: admin@acme.example, firstname: Ada, surname: Admin}
      licensing: {package: business, license_count: 25, is_on_trial: false}
      domains: [{name: acme.example, is_active: true, is_relay: false, destination: mail.acme.example, failovers: []}]
      features: {url_defense: true}
      sender_lists: {allow_list: [], block_list: []}
      users: [{email: admin@acme.example, type: organization_admin, is_active: true, is_billable: true}]
      dkim: []
      authentication: {is_mfa_enabled: false}
      saml_idps: []
orgs:
  description: One item per organization, in the order of RV(customers).
  returned: success
  type: list
  elements: dict
  contains:
    domain:
      description: Its primary domain, in lower case.
      type: str
    omitted:
      description:
        - What its declaration leaves out, each with C(at) (where it goes in the declaration, C('') for the top),
          C(key), C(reason), C(secret) and, for a secret, C(how) to add it vault-encrypted.
        - Also the sections the API did not show (HTTP 403 or 404), which are left out of the declaration.
      type: list
      elements: dict
    errors:
      description: Why the organization could not be exported; empty when it was.
      type: list
      elements: str
"""

from ansible_collections.ppe.essentials.plugins.module_utils._export import CustomerInfoDefinition
from ansible_collections.ppe.essentials.plugins.module_utils._module import run_module

DEFINITION = CustomerInfoDefinition()


def main():
    run_module(DEFINITION)


if __name__ == "__main__":
    main()
