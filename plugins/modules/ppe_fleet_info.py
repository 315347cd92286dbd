#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) ppe.essentials contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r"""
module: ppe_fleet_info
short_description: Read every customer organization of a partner for the fleet report, concurrently, in one task
version_added: 0.1.0
description:
  - Reads the partner's organizations (one request), then, for each of them, its users
    (M(ppe.essentials.ppe_user_info)), features (M(ppe.essentials.ppe_features_info)), mail flow of the last 30
    days (M(ppe.essentials.ppe_report_info)), MFA policy (M(ppe.essentials.ppe_auth_settings_info), its MFA path
    only) and the DKIM keys of each of its domains (M(ppe.essentials.ppe_dkim_info)) with those modules' own
    code (four requests per organization and one per domain); for an organization that O(customers) declares, its
    drift as M(ppe.essentials.ppe_customer) reports it in check mode.
  - Works on O(workers) organizations at once, each worker with its own connection; an HTTP 429 pauses every
    worker until its C(Retry-After) has passed. The results are in the order of O(orgs) (or sorted by primary
    domain), and an organization that cannot be read is reported with its C(errors), not dropped.
  - The playbook C(ppe.essentials.fleet_report) uses it on localhost (C(-e ppe_fleet_partner=msp.example)).
  - Never changes anything; makes only GET requests.
author:
  - PPE Essentials maintainers (@ppe-essentials)
options:
  partner:
    description:
      - The primary domain of the partner (channel, strategic or OEM partner) whose organizations are read.
    type: str
    required: true
  orgs:
    description:
      - Only these organizations (primary domains), in this order. One that is not the partner's is reported with
        an error. Without it, every organization of the partner, sorted by primary domain.
    type: list
    elements: str
  customers:
    description:
      - Customer declarations (the P(ppe.essentials.onboard_customer#role) role's C(ppe_customer) format); the drift
        of each declared organization is returned in its C(drift). An invalid declaration is reported in its
        C(drift.problems). Their secrets are never returned.
    type: list
    elements: dict
    default: []
  standards:
    description:
      - The fleet's baseline (the customers file's C(ppe_standards)), as for M(ppe.essentials.ppe_customer). The
        drift of each declared organization then lists every standard's state in its C(standards) (V(held),
        V(short), V(excepted), V(not_applicable)). Checked before any request.
    type: dict
extends_documentation_fragment:
  - ppe.essentials.connection
  - ppe.essentials.fleet
  - ppe.essentials.attributes.info_module
seealso:
  - module: ppe.essentials.ppe_customer
  - module: ppe.essentials.ppe_org_info
"""

EXAMPLES = r"""
- name: Read the fleet of msp.example, 8 organizations at a time
  ppe.essentials.ppe_fleet_info:
    partner: msp.example
    workers: 8
  register: fleet

- name: List the organizations that could not be read
  ansible.builtin.debug:
    msg: "{{ fleet.orgs | selectattr('errors') | map(attribute='domain') | list }}"
"""

RETURN = r"""
partner:
  description: The partner's primary domain, in lower case.
  returned: success
  type: str
  sample: msp.example
orgs:
  description: One item per organization.
  returned: success
  type: list
  elements: dict
  contains:
    domain:
      description: Its primary domain, in lower case.
      type: str
    org:
      description: Its record in the partner's list (as M(ppe.essentials.ppe_org_info) returns it); null when it
        is not the partner's.
      type: dict
    users:
      description: Its users, as M(ppe.essentials.ppe_user_info) returns them; missing when they could not be read.
      type: list
      elements: dict
    features:
      description: Its features, as M(ppe.essentials.ppe_features_info) returns them; missing when not read.
      type: dict
    report:
      description: Its mail flow of the last 30 days, as M(ppe.essentials.ppe_report_info) returns it; missing
        when not read.
      type: dict
    auth_settings:
      description: Its MFA policy (C(is_mfa_enabled), C(mfa_admins_only)) as M(ppe.essentials.ppe_auth_settings_info)
        returns it, without the login policy; missing when not read.
      type: dict
    dkim:
      description: The DKIM keypairs of each of its domains (the domains of its record), by domain name, each as
        RV(ppe.essentials.ppe_dkim_info#module:keypairs); missing when not read.
      type: dict
    drift:
      description: The drift of a declared organization (C(drift) of M(ppe.essentials.ppe_customer)); null when
        O(customers) does not declare it.
      type: dict
    errors:
      description: Why the organization could not be read completely; empty when it was.
      type: list
      elements: str
"""

from ansible_collections.ppe.essentials.plugins.module_utils._fleet_info import FleetInfoDefinition
from ansible_collections.ppe.essentials.plugins.module_utils._module import run_module

DEFINITION = FleetInfoDefinition()


def main():
    run_module(DEFINITION)


if __name__ == "__main__":
    main()
