#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) ppe.essentials contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r"""
module: ppe_org
short_description: Manage a customer or sub-partner organization in Proofpoint Essentials
version_added: 0.1.0
description:
  - Create an organization under a partner, activate or deactivate it, or delete it.
  - The API can change only O(is_active) of an existing organization. The other options are used when the
    organization is created; on an existing organization they are compared, and a difference is returned in
    RV(unapplied) and, by default, warned about once, naming the options and, where another module can change
    them, that module (see O(on_unapplied)). Such a difference is never reported as a change.
  - A missing organization is created only when the options ask for a create (O(parent) and O(name) are then
    needed, and the partner O(parent) must exist, in check mode too). Options that only change an existing
    organization, such as O(is_active=false) in an offboarding, fail on a missing one with a message that names
    it, so a typo never passes as success. O(state=absent) on a missing organization is no change.
  - Validates every option (domain and e-mail syntax, country codes, the state for US and CA) before any request.
author:
  - PPE Essentials maintainers (@ppe-essentials)
options:
  domain:
    description:
      - The organization's primary domain; it identifies the organization.
      - Also accepted as O(org), the name the modules that act inside an organization use for it (the rule of the
        collection - every module that addresses an organization accepts O(org); the modules about the organization
        itself document it as O(domain)).
    type: str
    required: true
    aliases: [primary_domain, org]
  parent:
    description:
      - Primary domain of the partner the organization is created under. Needed only to create it.
      - A channel partner can create V(organization) orgs; a strategic partner also V(channel) orgs; an OEM partner
        also V(strategic_partner) orgs.
    type: str
  state:
    description:
      - V(present) creates the organization or updates O(is_active); V(absent) deletes it with its domains and users.
      - Deleting a missing organization is not a change.
    type: str
    choices: [present, absent]
    default: present
  name:
    description: Display name of the organization. Needed to create it.
    type: str
  type:
    description: The kind of organization. The API creates V(organization) when it is not set.
    type: str
    choices: [organization, channel, strategic_partner, oem_partner]
  licensing_package:
    description:
      - The licensing package. The API uses V(business) when it is not set.
      - Change it on an existing organization with M(ppe.essentials.ppe_licensing).
    type: str
    choices: [beginner, business, business_plus, advanced, advanced_plus, professional, professional_plus]
  user_licenses:
    description:
      - Number of user licences. Change it on an existing organization with M(ppe.essentials.ppe_licensing).
    type: int
  is_on_trial:
    description:
      - Whether the organization starts on a trial. Change it later with M(ppe.essentials.ppe_licensing).
    type: bool
  address:
    description: Street address.
    type: str
  postcode:
    description: Postal code.
    type: str
  stateprov:
    description:
      - State or province; required when O(country) is V(US) or V(CA) (name or code).
    type: str
  country:
    description: ISO 3166-1 alpha-2 country code, for example V(US) or V(DE). Case is not significant.
    type: str
  phone:
    description: Phone number.
    type: str
  www:
    description: Web site.
    type: str
  admin_user:
    description:
      - The organization's first administrator, created with the organization. Has no effect on an existing one;
        manage administrators later with M(ppe.essentials.ppe_user).
    type: dict
    suboptions:
      primary_email:
        description: The administrator's e-mail address, in one of the organization's domains.
        type: str
        required: true
        aliases: [email]
      firstname:
        description: First name.
        type: str
      surname:
        description: Surname.
        type: str
  domains:
    description:
      - Domains to register with the organization when it is created, besides O(domain), which is always
        registered. Has no effect on an existing organization; manage domains with M(ppe.essentials.ppe_domain).
    type: list
    elements: str
  safe_list_senders:
    description:
      - The organization's safe senders when it is created (e-mail addresses, domains, C(*@domain), IPv4 addresses
        or networks). On an existing organization a difference is a warning; change them with
        M(ppe.essentials.ppe_sender_lists).
    type: list
    elements: str
    aliases: [white_list_senders]
  block_list_senders:
    description:
      - The organization's blocked senders when it is created, in the same forms as O(safe_list_senders).
    type: list
    elements: str
    aliases: [black_list_senders]
  send_welcome_email:
    description:
      - Whether new users of the organization get a welcome e-mail. Used when the organization is created.
    type: bool
  is_active:
    description:
      - Whether the organization is active. Deactivating stops its mail filtering service without deleting it.
    type: bool
  on_unapplied:
    description:
      - What to do when an option differs from an existing organization's value and the API cannot change it
        (see RV(unapplied)). The difference is never a change and is always returned in RV(unapplied).
      - V(warn) warns once, in plain words. V(ignore) only returns it, for callers that converge these fields
        with another module (the role P(ppe.essentials.onboard_customer#role) does for licensing).
        V(fail) fails the task before any write, in check mode too.
    type: str
    choices: [warn, ignore, fail]
    default: warn
extends_documentation_fragment:
  - ppe.essentials.connection
  - ppe.essentials.attributes
seealso:
  - module: ppe.essentials.ppe_org_info
  - module: ppe.essentials.ppe_domain
  - module: ppe.essentials.ppe_users
"""

EXAMPLES = r"""
- name: Onboard a customer organization under our channel partner account
  ppe.essentials.ppe_org:
    domain: initech.example
    parent: msp.example
    name: Initech
    licensing_package: business
    user_licenses: 50
    country: US
    stateprov: TX
    admin_user:
      primary_email: it@initech.example
      firstname: Ian
      surname: Tech
    domains:
      - initech-mail.example

- name: Suspend a customer's service
  ppe.essentials.ppe_org:
    domain: initech.example
    is_active: false

- name: Delete a customer organization
  ppe.essentials.ppe_org:
    domain: initech.example
    state: absent
"""

RETURN = r"""
org:
  description:
    - The organization after the task, as the API returns it (the prediction in check mode).
    - V(null) when O(state=absent).
  returned: success
  type: dict
  sample:
    primary_domain: initech.example
    name: Initech
    type: organization
    eid: 1004
    is_active: true
    licensing_package: business
    user_licenses: 50
    is_on_trial: false
    country: US
    stateprov: TX
    domains: [{name: initech.example, is_active: true, is_relay: false, destination: "", failovers: []}]
  contains:
    primary_domain:
      description: The primary domain.
      type: str
      returned: success
    name:
      description: Display name.
      type: str
      returned: success
    type:
      description: The kind of organization.
      type: str
      returned: success
    eid:
      description: The organization's id, assigned by the API (absent in a check-mode prediction).
      type: int
      returned: when the organization exists
    is_active:
      description: Whether the organization is active.
      type: bool
      returned: success
    licensing_package:
      description: The licensing package.
      type: str
      returned: success
    user_licenses:
      description: Number of user licences.
      type: int
      returned: success
    domains:
      description: The organization's domains.
      type: list
      elements: dict
      returned: success
unapplied:
  description:
    - Options that differ from the existing organization's values and that the API cannot change; empty when
      there are none. Never counted as a change.
  returned: success
  type: list
  elements: dict
  sample:
    - field: user_licenses
      current: 50
      requested: 75
      hint: change it with ppe.essentials.ppe_licensing
  contains:
    field:
      description: The option's name.
      type: str
      returned: success
    current:
      description: The organization's value, normalized like the option.
      type: raw
      returned: success
    requested:
      description: The value the option asked for, normalized.
      type: raw
      returned: success
    hint:
      description: Which module can change the field, or an empty string when none can.
      type: str
      returned: success
"""

from ansible_collections.ppe.essentials.plugins.module_utils._module import ResourceDefinition, run_module
from ansible_collections.ppe.essentials.plugins.module_utils._resources.org import OrgResource

DEFINITION = ResourceDefinition(OrgResource())


def main():
    run_module(DEFINITION)


if __name__ == "__main__":
    main()
