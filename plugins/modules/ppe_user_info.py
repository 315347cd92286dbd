#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) ppe.essentials contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r"""
module: ppe_user_info
short_description: Read users of a Proofpoint Essentials organization
version_added: 0.1.0
description:
  - Returns one user of an organization, or all of them, optionally filtered by type and active state.
  - Never changes anything, and never returns passwords.
author:
  - PPE Essentials maintainers (@ppe-essentials)
options:
  email:
    description:
      - Return only the user with this primary e-mail address.
    type: str
    aliases: [primary_email]
  type:
    description:
      - Return only users of these types.
    type: list
    elements: str
    choices: [end_user, silent_user, organization_admin, functional_account, channel_admin,
              strategic_partner_admin, oem_partner_admin]
  is_active:
    description:
      - Return only active (V(true)) or only inactive (V(false)) users.
    type: bool
extends_documentation_fragment:
  - ppe.essentials.connection
  - ppe.essentials.org
  - ppe.essentials.attributes.info_module
seealso:
  - module: ppe.essentials.ppe_user
  - module: ppe.essentials.ppe_users
"""

EXAMPLES = r"""
- name: List the administrators of an organization
  ppe.essentials.ppe_user_info:
    org: acme.example
    type: [organization_admin]
  register: admins

- name: Read one user
  ppe.essentials.ppe_user_info:
    org: acme.example
    email: alice@acme.example
  register: alice
"""

RETURN = r"""
user:
  description:
    - The user named by O(email), or V(null) when the organization has no such user (or it does not match the
      filters). A missing organization is an error, not V(null).
    - Has the keys of RV(ppe.essentials.ppe_user#module:user), O(ppe.essentials.ppe_user#module:odin_settings) as
      the API gives it (V(null) for a user the API has none for).
  returned: when O(email) is set
  type: dict
  sample:
    primary_email: alice@acme.example
    firstname: Alice
    type: end_user
    is_active: true
users:
  description:
    - The matching users; with O(email), a list of zero or one user.
  returned: success
  type: list
  elements: dict
  sample:
    - primary_email: alice@acme.example
      firstname: Alice
      type: end_user
      is_active: true
"""

from ansible_collections.ppe.essentials.plugins.module_utils._module import InfoDefinition, run_module
from ansible_collections.ppe.essentials.plugins.module_utils._resources.user import UserResource

DEFINITION = InfoDefinition(UserResource())


def main():
    run_module(DEFINITION)


if __name__ == "__main__":
    main()
