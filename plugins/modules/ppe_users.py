#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) ppe.essentials contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r"""
module: ppe_users
short_description: Manage many users of a Proofpoint Essentials organization in one task
version_added: 0.1.0
description:
  - Brings the users of one organization to the listed state with one GET of all users, the new users created in
    batch POST requests (up to 500 users each), and one PUT per changed user and one DELETE per removed user (the
    API has no batch for them), 16 at a time (in a fleet run of M(ppe.essentials.ppe_customer), one after another
    within each organization's worker, so the task's requests in flight stay within its
    O(ppe.essentials.ppe_customer#module:workers)).
  - A run with nothing to change makes exactly one request. For hundreds of users this is far faster than a
    C(loop) over M(ppe.essentials.ppe_user), which needs at least one request per user.
  - Each item of O(users) takes the options of M(ppe.essentials.ppe_user) and is compared the same way; the diff of
    a user is the one M(ppe.essentials.ppe_user) shows for the same change.
  - A listed user that does not exist is created only when its item asks for a new user, by the rule of
    M(ppe.essentials.ppe_user), that is when it gives O(users[].firstname) or O(users[].surname), an initial
    O(users[].user_password) or O(users[].send_welcome_email), or sets O(users[].must_exist=false);
    O(users[].is_active=false) alone never creates one. Otherwise the task fails before any write, in check mode too,
    naming every such address and the organization's closest addresses (from the one GET of all users).
  - When users are to be created, the organization is read once more (one GET) and every new user whose address is in
    a domain the organization does not have is reported at once, before any write, in check mode too.
  - Users that are not listed are left alone unless O(purge=true).
  - When some users fail (for example a batch answer of HTTP 207 with errors), the task fails with one message per
    failed user, still reports C(changed) and everything that was applied, so a rerun converges.
author:
  - PPE Essentials maintainers (@ppe-essentials)
options:
  users:
    description:
      - The users to manage. Each item identifies a user by O(users[].email).
    type: list
    elements: dict
    required: true
    suboptions:
      email:
        description: The user's primary e-mail address, compared case-insensitively.
        type: str
        required: true
        aliases: [primary_email]
      state:
        description: V(present) creates or updates the user, V(absent) deletes it.
        type: str
        choices: [present, absent]
        default: present
      firstname:
        description: First name.
        type: str
      surname:
        description: Surname.
        type: str
      type:
        description: The user's role; the API creates V(end_user) when it is not set.
        type: str
        choices: [end_user, silent_user, organization_admin, functional_account, channel_admin,
                  strategic_partner_admin, oem_partner_admin]
      is_active:
        description: Whether the user is active.
        type: bool
      is_billable:
        description: Whether the user counts against the organization's licences.
        type: bool
      alias_emails:
        description: Other e-mail addresses of the user; order and case are not significant.
        type: list
        elements: str
      safe_list_senders:
        description: Senders always allowed for this user; order and case are not significant.
        type: list
        elements: str
        aliases: [white_list_senders]
      block_list_senders:
        description: Senders always blocked for this user; order and case are not significant.
        type: list
        elements: str
        aliases: [black_list_senders]
      odin_settings:
        description:
          - Odin impersonation settings; only the keys given are managed (see
            O(ppe.essentials.ppe_user#module:odin_settings)). A true key the user's type does not allow fails before
            any write; after a write of these settings the users are read back (one GET of the organization's users)
            and a value the API did not keep fails the task with the rule.
        type: dict
        suboptions:
          can_impersonate:
            description: Only for V(strategic_partner_admin) and V(oem_partner_admin) users.
            type: bool
          is_imitable:
            description: Only for V(organization_admin) users.
            type: bool
      user_password:
        description:
          - The user's console password (the API's C(password) field); never compared, returned or shown.
          - See O(users[].update_password).
        type: str
      update_password:
        description:
          - V(on_create) sends O(users[].user_password) only when the user is created; V(always) on every run, which makes
            the task report a change on every run.
        type: str
        choices: [on_create, always]
        default: on_create
      send_welcome_email:
        description: Send a welcome e-mail when the user is created.
        type: bool
      must_exist:
        description:
          - V(true) never creates this user, V(false) creates it when it is missing whatever the other options.
          - When not set, a missing user is created only when the item asks for a new user (see the description).
        type: bool
  purge:
    description:
      - Delete the organization's users that are not listed in O(users).
      - Never deletes the user the task authenticates as, and never an administrator unless O(purge_admins=true).
    type: bool
    default: false
  purge_admins:
    description:
      - With O(purge=true), also delete administrators that are not listed (never the authenticating user).
    type: bool
    default: false
extends_documentation_fragment:
  - ppe.essentials.connection
  - ppe.essentials.org
  - ppe.essentials.attributes
seealso:
  - module: ppe.essentials.ppe_user
  - module: ppe.essentials.ppe_user_info
"""

EXAMPLES = r"""
- name: Declare the users of an organization from an HR export
  ppe.essentials.ppe_users:
    org: acme.example
    users: "{{ hr_export | map('combine', {'type': 'end_user'}) | list }}"

- name: Make the organization's users exactly this list (admins are kept)
  ppe.essentials.ppe_users:
    org: acme.example
    purge: true
    users:
      - email: alice@acme.example
        firstname: Alice
      - email: bob@acme.example
        firstname: Bob
        alias_emails: [robert@acme.example]
      - email: scanner@acme.example
        firstname: Scanner
        type: functional_account
        is_billable: false
  register: result

- name: Show what happened
  ansible.builtin.debug:
    msg: "{{ result.created }} created, {{ result.updated }} updated, {{ result.deleted }} deleted"
"""

RETURN = r"""
created:
  description: Number of users created (would be created in check mode).
  returned: always
  type: int
  sample: 120
updated:
  description: Number of users updated.
  returned: always
  type: int
  sample: 3
deleted:
  description: Number of users deleted.
  returned: always
  type: int
  sample: 0
unchanged:
  description: Number of listed users that already had the listed state.
  returned: always
  type: int
  sample: 377
users:
  description:
    - All users of the organization after the task, sorted by e-mail address (the prediction in check mode).
    - Each item has the keys of RV(ppe.essentials.ppe_user#module:user).
  returned: always
  type: list
  elements: dict
  sample:
    - primary_email: alice@acme.example
      firstname: Alice
      type: end_user
      is_active: true
errors:
  description: One item per user that could not be changed, with the API's status and message.
  returned: when some users failed
  type: list
  elements: dict
  sample:
    - identifier: x@other.example
      status: 403
      error_message: "Forbidden: The domain is not registered to this Organization"
"""

from ansible_collections.ppe.essentials.plugins.module_utils._module import run_module
from ansible_collections.ppe.essentials.plugins.module_utils._users import UsersDefinition

DEFINITION = UsersDefinition()


def main():
    run_module(DEFINITION)


if __name__ == "__main__":
    main()
