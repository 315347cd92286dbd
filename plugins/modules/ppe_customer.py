#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) ppe.essentials contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r"""
module: ppe_customer
short_description: Bring whole customer organizations to their declared state, or audit them, in one task
version_added: 0.1.0
description:
  - Takes customer declarations in the format of the P(ppe.essentials.onboard_customer#role) role's C(ppe_customer)
    (organization, domains, licensing, features, sender lists, users; see its argument spec) and, for each, does what
    the role does, in the role's order, with the modules' own code (M(ppe.essentials.ppe_org_info),
    M(ppe.essentials.ppe_org), M(ppe.essentials.ppe_domain), M(ppe.essentials.ppe_licensing),
    M(ppe.essentials.ppe_features), M(ppe.essentials.ppe_sender_lists), M(ppe.essentials.ppe_users)), then the
    optional sections with theirs (M(ppe.essentials.ppe_domain_verification), M(ppe.essentials.ppe_dkim),
    M(ppe.essentials.ppe_email_tagging), M(ppe.essentials.ppe_email_tagging_exemptions),
    M(ppe.essentials.ppe_azure_sync), M(ppe.essentials.ppe_azure_sync_exemptions), M(ppe.essentials.ppe_auth_settings),
    M(ppe.essentials.ppe_saml_idp)).
  - Each declaration is checked before its first write - unknown keys named where they are (with the closest known
    one), wrong types, then the whole declaration against the organization as read. Every section is checked by its
    own module's rules (its options, bounds, choices and cross-field rules; what a create needs; the package that
    offers e-mail warning tags, judged against the package the run sets; a forced-login identity provider that
    exists; not deleting the provider the login is forced onto; forcing the Azure AD login only where it is
    allowed), so a check-mode run that passes is followed by a real run that does not stop half-way. The rules that
    span sections are the declaration's own (a DKIM key in a domain of the organization, users in its domains,
    features in the package the run sets).
  - With O(customers), an organization declared twice (in any case) is refused before any request; a failure
    message lists the first 20 problems, one per line, then how many more.
  - The connection is the task's (task options, C(module_defaults) also of the action group, or C(PPE_*)), resolved
    once for every step. With O(discover_stack), each organization of O(customers) is worked on at its own stack.
  - A declared customer is active unless its declaration says C(is_active=false); the run reactivates a deactivated
    organization, and the audit reports it as drift.
  - In check mode, an organization that does not exist yet is previewed; every section's step runs against the
    organization as its create would leave it (the modules' own code, the API's defaults), so the preview lists the
    fields the real run changes. What cannot be known before the organization exists (a domain's verification
    record) is listed in C(drift.notes).
  - Returns, per organization, every step's result and the drift (field, live value, declared value), what the
    organization has and the declaration does not list (C(unmanaged)) - users (administrators first), domains, SAML
    identity providers (the one that forces the login marked C(forces_login)), DKIM keys, e-mail tagging and Azure
    AD sync exemptions - and the problems of an invalid declaration. In check mode this is an audit that makes only GET requests; the role and
    C(playbooks/audit.yml) use this module.
  - One task does the work of about twenty role tasks per organization, so a fleet of hundreds of organizations costs
    its API requests rather than thousands of Ansible tasks.
author:
  - PPE Essentials maintainers (@ppe-essentials)
options:
  customer:
    description:
      - One customer declaration (the role's C(ppe_customer)).
      - Exactly one of O(customer) and O(customers) is required.
    type: dict
  customers:
    description:
      - A list of customer declarations, brought to their state one after the other.
    type: list
    elements: dict
  on_invalid:
    description:
      - V(fail) fails the task when a declaration is invalid; for O(customers) every declaration's input is checked
        before the first request, and the valid ones still run.
      - V(record) reports an invalid declaration in its drift (C(problems)) without failing, as the audit does.
    type: str
    choices: [fail, record]
    default: fail
  standards:
    description:
      - The fleet's baseline (the customers file's C(ppe_standards)), in the format of a declaration's sections
        C(features), C(sender_lists), C(email_tagging) and C(authentication). Checked like a declaration before any
        request (an unknown key is named with the closest known one).
      - Applied to every declaration under its own values (a value the customer sets wins), except the paths the
        customer lists in C(standards_exceptions) (each C(path), such as C(authentication.is_mfa_enabled) or a whole
        section, with a C(reason)) and features its package does not offer (a note says so; not a problem).
      - Each organization's C(drift.standards) lists every standard with its C(state) - V(held), V(short) (the
        live value differs; a list standard holds when the live list has each of its entries), V(excepted) (with
        the C(reason)) or V(not_applicable) - its C(standard) and C(live) value (null where not read).
    type: dict
extends_documentation_fragment:
  - ppe.essentials.connection
  - ppe.essentials.fleet
  - ppe.essentials.attributes
seealso:
  - module: ppe.essentials.ppe_org
  - module: ppe.essentials.ppe_users
notes:
  - A step that fails stops that organization (as the role's tasks do) and fails the task after the other
    organizations ran; its message names the organization.
  - Within one organization the steps run in order, one request after another, as the role's tasks do.
    O(workers) applies to O(customers); with O(customer) there is one organization.
"""

EXAMPLES = r"""
- name: Onboard a customer in one task
  ppe.essentials.ppe_customer:
    customer:
      domain: initech.example
      parent: msp.example
      name: Initech
      country: US
      stateprov: TX
      licensing:
        package: business
        license_count: 25
      domains:
        - name: initech.example
          destination: mail.initech.example
      users:
        - email: peter@initech.example
          firstname: Peter
          surname: Gibbons

- name: Audit every customer of a customers file (only GET requests)
  ppe.essentials.ppe_customer:
    customers: "{{ ppe_customers }}"
    on_invalid: record
  check_mode: true
  register: audit

- name: Show what drifted
  ansible.builtin.debug:
    msg: "{{ item.drift.org }}: {{ item.drift.changes | length }} field(s) differ"
  loop: "{{ audit.outcomes }}"
  loop_control:
    label: "{{ item.drift.org }}"
"""

RETURN = r"""
results:
  description: With O(customer), one record per step (C(org), C(resource), C(name), C(changed), C(skipped), C(failed),
    C(msg), C(diff), C(warnings)).
  returned: with O(customer)
  type: list
  elements: dict
drift:
  description:
    - With O(customer), the organization's drift - C(org), C(name), C(exists), C(check_mode), C(changes) (C(resource),
      C(name), C(field), C(old) the live value, C(new) the declared value), C(unmanaged), C(problems), C(notes), and
      with O(standards) C(standards) (C(path), C(standard), C(live), C(state), C(reason)).
  returned: with O(customer)
  type: dict
invalid:
  description:
    - With O(customer), why the declaration was not compared - V(input) (unknown keys, wrong types, missing keys) or
      V(declaration) (the problems found against the organization as read); listed in C(drift.problems).
  returned: with O(customer), when the declaration is invalid
  type: str
diff:
  description:
    - Ansible's before/after of every section item that changed (or would change, in check mode), headed
      with the organization, the section and the item; shown with C(--diff). Secrets are never in it.
  returned: always
  type: list
  elements: dict
outcomes:
  description: With O(customers), one C({results, drift}) per declaration, in order.
  returned: with O(customers)
  type: list
  elements: dict
"""

from ansible_collections.ppe.essentials.plugins.module_utils._module import run_module
from ansible_collections.ppe.essentials.plugins.module_utils._onboarding import CustomerDefinition

DEFINITION = CustomerDefinition()


def main():
    run_module(DEFINITION)


if __name__ == "__main__":
    main()
