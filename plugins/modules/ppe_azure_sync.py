#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) ppe.essentials contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r"""
module: ppe_azure_sync
short_description: Manage the Microsoft 365 / Azure AD user sync settings of an organization
version_added: 0.1.0
description:
  - Sets up, updates or clears the Azure Active Directory (Microsoft Entra ID) sync of an organization
    (C(/orgs/{org}/settings/azure)), which imports and updates the organization's users and groups from Microsoft 365.
  - Only the options that are set are compared, and an update sends only the fields that differ.
  - The client secret (O(client_secret)) cannot be read back, so it is never compared, returned or shown; see
    O(update_secret) for when it is sent.
  - Users exempt from the sync are managed with M(ppe.essentials.ppe_azure_sync_exemptions).
  - Field names and types follow public clients of the API; the value range of O(sync_frequency) and how the API
    answers settings that were never set up (HTTP 404, or an empty C(application_id); both are handled) are
    inferred.
author:
  - PPE Essentials maintainers (@ppe-essentials)
options:
  state:
    description:
      - V(present) sets up or updates the sync settings; setting them up needs O(application_id) and
        O(client_secret).
      - V(absent) clears and resets them (the sync stops). Clearing settings that are not set up is not a change.
    type: str
    choices: [present, absent]
    default: present
  application_id:
    description:
      - Application (client) ID of the app registration in Azure AD that the sync uses.
    type: str
  client_secret:
    description:
      - Client secret of that app registration (the API's C(ad_key)). Write-only; never compared, returned or shown.
      - When it is sent is controlled by O(update_secret).
    type: str
    aliases: [ad_key]
  update_secret:
    description:
      - V(on_create) sends O(client_secret) only when the settings are set up (created).
      - V(always) also sends it on every run for existing settings, for example to roll a secret before it expires.
        The secret cannot be read back to compare, so with V(always) the task is B(not idempotent) and reports a
        change on every run.
    type: str
    choices: [on_create, always]
    default: on_create
  default_user_role_name:
    description:
      - Type of the users the sync creates. The API assumes V(end_user).
    type: str
    choices: [end_user, silent_user]
  sync_frequency:
    description:
      - Hours between two syncs, 1 to 24 (the range is inferred). The API assumes 1.
    type: int
  disable_login:
    description:
      - Whether to turn off the Azure AD login of the synced users.
    type: bool
  sync_active_users:
    description:
      - Whether to sync active users.
    type: bool
  sync_distribution_groups:
    description:
      - Whether to sync distribution groups.
    type: bool
  sync_security_groups:
    description:
      - Whether to sync security groups.
    type: bool
  add_users:
    description:
      - Whether the sync adds users that are new in Azure AD.
    type: bool
  update_users:
    description:
      - Whether the sync updates existing users.
    type: bool
  remove_deleted_users:
    description:
      - Whether the sync removes users that were deleted in Azure AD.
    type: bool
  add_groups:
    description:
      - Whether the sync adds groups that are new in Azure AD.
    type: bool
  update_groups:
    description:
      - Whether the sync updates existing groups.
    type: bool
  remove_deleted_groups:
    description:
      - Whether the sync removes groups that were deleted in Azure AD.
    type: bool
extends_documentation_fragment:
  - ppe.essentials.connection
  - ppe.essentials.org
  - ppe.essentials.attributes
notes:
  - "Settings that were never set up are read as not set up when the API answers HTTP 404 or answers them with an
    empty C(application_id) (both inferred: the API's documentation shows neither); either way the first run sets
    them up and sends O(client_secret), and O(state=absent) on them is not a change."
  - Every request is safe to retry after a server error, a dropped connection or a lost answer (a PUT or DELETE
    repeated changes nothing more).
seealso:
  - module: ppe.essentials.ppe_azure_sync_info
  - module: ppe.essentials.ppe_azure_sync_exemptions
"""

EXAMPLES = r"""
- name: Sync the users of Microsoft 365 every 6 hours
  ppe.essentials.ppe_azure_sync:
    org: acme.example
    application_id: 0f8fad5b-d9cb-469f-a165-70867728950e
    client_secret: "{{ vault_acme_azure_secret }}"
    sync_frequency: 6
    sync_active_users: true
    add_users: true
    update_users: true
    remove_deleted_users: true

- name: Roll the client secret (sent on every run)
  ppe.essentials.ppe_azure_sync:
    org: acme.example
    client_secret: "{{ vault_acme_azure_new_secret }}"
    update_secret: always

- name: Stop the sync and clear its settings
  ppe.essentials.ppe_azure_sync:
    org: acme.example
    state: absent
"""

RETURN = r"""
azure_sync:
  description:
    - The sync settings after the task (the prediction in check mode), without the client secret; null after
      O(state=absent).
    - Fields the API returns that the module does not manage are returned as they are.
  returned: success
  type: dict
  sample:
    primary_domain: acme.example
    application_id: 0f8fad5b-d9cb-469f-a165-70867728950e
    secret_expiry: ""
    last_successful_sync: ""
    default_user_role_name: end_user
    sync_frequency: 6
    sync_active_users: true
    add_users: true
"""

from ansible_collections.ppe.essentials.plugins.module_utils._module import ResourceDefinition, run_module
from ansible_collections.ppe.essentials.plugins.module_utils._resources.azure_sync import AzureSyncResource

DEFINITION = ResourceDefinition(AzureSyncResource())


def main():
    run_module(DEFINITION)


if __name__ == "__main__":
    main()
