#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) ppe.essentials contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r"""
module: ppe_user
short_description: Manage one user of a Proofpoint Essentials organization
version_added: 0.1.0
description:
  - Create, update or delete one user (a person, an administrator or a functional account) of an organization.
  - Only the options you set are managed. An update sends one PUT with only the fields that differ, so concurrent
    jobs that change other fields of the same user do not undo each other.
  - B(A missing user is created only when the task asks for a new user), that is when it gives the person's
    O(firstname) or O(surname), or sets what only a create uses (O(user_password) with
    O(update_password=on_create), O(send_welcome_email)), or sets O(must_exist=false). O(is_active=false) never
    creates a user unless O(must_exist=false) is set. Any other task for a missing user (a leaver's deactivation
    with a misspelt address, a new alias, O(is_billable=false)) fails, writes nothing, and names the organization's
    addresses closest to the one given (one more GET, of the organization's users, only in that case), in check
    mode as in a real run.
  - Before a create, the module reads the organization (one GET) and fails when the address is in a domain the
    organization does not have, in check mode as in a real run.
  - E-mail addresses compare case-insensitively and lists order-insensitively, so a second identical run reports
    no change and makes only one GET request.
  - To manage many users of an organization at once, use M(ppe.essentials.ppe_users), which needs a handful of
    requests where a loop over this module needs two per user.
author:
  - PPE Essentials maintainers (@ppe-essentials)
options:
  email:
    description:
      - The user's primary e-mail address; it identifies the user and is compared case-insensitively.
      - Its domain must be one of the organization's domains.
    type: str
    required: true
    aliases: [primary_email]
  state:
    description:
      - V(present) creates or updates the user, V(absent) deletes it. Deleting a missing user is not a change.
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
    description:
      - The user's role. The API creates V(end_user) when it is not set.
      - Partner admin types can only be given by a partner administrator above the organization.
    type: str
    choices: [end_user, silent_user, organization_admin, functional_account, channel_admin,
              strategic_partner_admin, oem_partner_admin]
  is_active:
    description: Whether the user can receive filtered mail and log in. The API creates users active.
    type: bool
  is_billable:
    description:
      - Whether the user counts against the organization's licences. Only one user per organization
        (a service account) can be non-billable.
    type: bool
  alias_emails:
    description:
      - Other e-mail addresses of the user. Order and case are not significant. An empty list removes all aliases.
    type: list
    elements: str
  safe_list_senders:
    description:
      - Senders always allowed for this user (e-mail addresses, domains, C(*@domain) wildcards, IPv4 addresses or
        networks). Order and case are not significant. An empty list empties it.
      - Also accepted under the deprecated name C(white_list_senders).
    type: list
    elements: str
    aliases: [white_list_senders]
  block_list_senders:
    description:
      - Senders always blocked for this user, in the same forms as O(safe_list_senders).
      - Also accepted under the deprecated name C(black_list_senders).
    type: list
    elements: str
    aliases: [black_list_senders]
  odin_settings:
    description:
      - Odin impersonation settings (the guide's Odin section). Only the keys given are managed and compared; the
        update sends both keys (the others as they are), since the API replaces the object.
      - The API silently ignores a key the user's type does not allow (or answers 422). So a true value the type
        does not allow (the type given, else the user's current one; V(end_user) for a new user without O(type)) fails
        before any write, in check mode too, naming the rule (O(odin_settings.is_imitable) only for an
        V(organization_admin), O(odin_settings.can_impersonate) only for a V(strategic_partner_admin) or
        V(oem_partner_admin), whose entity is then the strategic or OEM partner).
      - After a write of these settings the user is read back (one more GET); a value the API did not keep (for
        example a partner that is not an Odin Platform Partner, where the real API's rules go beyond the guide's)
        fails the task with the rule, instead of reporting a change on every run.
      - A type change without this option makes the API drop both keys; that is predicted, not refused.
      - To get a login token for an imitable organization admin, use M(ppe.essentials.ppe_login_token).
    type: dict
    suboptions:
      can_impersonate:
        description: Whether this strategic or OEM partner admin may impersonate organization admins.
        type: bool
      is_imitable:
        description: Whether this organization admin may be impersonated by the partner's admins.
        type: bool
  user_password:
    description:
      - The user's password for the Proofpoint Essentials console (the API's C(password) field). Never compared,
        returned or shown. Not to be confused with O(password), the password the task authenticates with.
      - Not used for V(functional_account) and V(silent_user) users.
      - When it is sent is controlled by O(update_password).
    type: str
  update_password:
    description:
      - V(on_create) sends O(user_password) only when the user is created.
      - V(always) also sends it on every run for an existing user. The password cannot be read back to compare,
        so with V(always) the task is B(not idempotent) and reports a change on every run.
    type: str
    choices: [on_create, always]
    default: on_create
  send_welcome_email:
    description:
      - Send the user a welcome e-mail when the user is created. Has no effect on existing users.
      - The organization must allow welcome e-mails.
    type: bool
  must_exist:
    description:
      - With V(true), the user must already exist; a missing user (for example a typo in O(email)) fails the task
        instead of being created, whatever the other options.
      - With V(false) and O(state=present), a missing user is created, whatever the other options (also an inactive
        one with O(is_active=false)).
      - When not set, a missing user is created only when the task asks for a new user (see the description), and a task
        that only changes a user fails for a missing one and names the closest addresses.
      - Has no effect with O(state=absent), where a missing user is no change (but a missing organization fails).
    type: bool
extends_documentation_fragment:
  - ppe.essentials.connection
  - ppe.essentials.org
  - ppe.essentials.attributes
seealso:
  - module: ppe.essentials.ppe_users
  - module: ppe.essentials.ppe_user_info
"""

EXAMPLES = r"""
- name: Add an end user with an alias
  ppe.essentials.ppe_user:
    org: acme.example
    email: dana@acme.example
    firstname: Dana
    surname: Doe
    alias_emails:
      - d.doe@acme.example

- name: Make a user an organization admin with an initial password
  ppe.essentials.ppe_user:
    org: acme.example
    email: it@acme.example
    type: organization_admin
    user_password: "{{ vault_it_password }}"
    update_password: on_create

- name: Mark the service account non-billable
  ppe.essentials.ppe_user:
    org: acme.example
    email: scanner@acme.example
    type: functional_account
    is_billable: false

- name: Deactivate a leaver (a typo in the address fails and names the closest addresses; nobody is created)
  ppe.essentials.ppe_user:
    org: acme.example
    email: leaver@acme.example
    is_active: false

- name: Let the Odin partner's admins impersonate a customer's organization admin
  ppe.essentials.ppe_user:
    org: acme.example
    email: it@acme.example
    odin_settings:
      is_imitable: true

- name: Remove a user
  ppe.essentials.ppe_user:
    org: acme.example
    email: leaver@acme.example
    state: absent
"""

RETURN = r"""
user:
  description:
    - The user after the task, as the API returns it (the prediction in check mode); never the password.
    - V(null) when O(state=absent).
  returned: success
  type: dict
  sample:
    uid: 1042
    primary_email: dana@acme.example
    firstname: Dana
    surname: Doe
    type: end_user
    is_active: true
    is_billable: true
    alias_emails: [d.doe@acme.example]
    safe_list_senders: []
    block_list_senders: []
  contains:
    uid:
      description: The user's id, assigned by the API.
      type: int
      returned: success
    primary_email:
      description: The primary e-mail address.
      type: str
      returned: success
    firstname:
      description: First name.
      type: str
      returned: success
    surname:
      description: Surname.
      type: str
      returned: success
    type:
      description: The user's role.
      type: str
      returned: success
    is_active:
      description: Whether the user is active.
      type: bool
      returned: success
    is_billable:
      description: Whether the user counts against the licences.
      type: bool
      returned: success
    alias_emails:
      description: Other e-mail addresses of the user.
      type: list
      elements: str
      returned: success
    safe_list_senders:
      description: Senders always allowed.
      type: list
      elements: str
      returned: success
    block_list_senders:
      description: Senders always blocked.
      type: list
      elements: str
      returned: success
    odin_settings:
      description:
        - Odin impersonation settings, as the API gives them (V(null) for a user the API has none for).
      type: dict
      returned: success
      contains:
        can_impersonate:
          description: Whether this partner admin may impersonate organization admins.
          type: bool
        is_imitable:
          description: Whether this organization admin may be impersonated.
          type: bool
"""

from ansible_collections.ppe.essentials.plugins.module_utils._module import run_module
from ansible_collections.ppe.essentials.plugins.module_utils._users import UserDefinition

DEFINITION = UserDefinition()


def main():
    run_module(DEFINITION)


if __name__ == "__main__":
    main()
