#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) ppe.essentials contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r"""
module: ppe_azure_sync_exemptions
short_description: Manage the users exempt from the Azure AD sync of an organization
version_added: 0.1.0
description:
  - Manages the e-mail addresses that the Microsoft 365 / Azure AD sync leaves alone
    (C(/orgs/{org}/settings/azure/exemptions)), such as shared mailboxes and service accounts.
  - A separate module from M(ppe.essentials.ppe_azure_sync) because the API keeps the exemptions apart from the
    settings (clearing the settings keeps them) and writes them differently.
  - Addresses compare case-insensitively and order-insensitively. Only the difference is written - one PUT with the
    addresses to add, one DELETE per address to remove (one DELETE of the whole list when it is emptied).
  - "The body of the PUT (C({\"emails\": [...]})) is inferred; the API describes it as a list of e-mail addresses."
author:
  - PPE Essentials maintainers (@ppe-essentials)
options:
  exemptions:
    description:
      - E-mail addresses exempt from the sync. Every address is checked before any request.
    type: list
    elements: str
    required: true
  mode:
    description:
      - V(replace) makes the exemptions exactly O(exemptions) (an empty list removes them all).
      - V(append) adds the given addresses that are missing; V(remove) removes the given addresses that are present.
    type: str
    choices: [replace, append, remove]
    default: replace
extends_documentation_fragment:
  - ppe.essentials.connection
  - ppe.essentials.org
  - ppe.essentials.attributes
notes:
  - "The API answers the exemptions as a bare list of C({\"email\": ...}) (a public client reads it so); a list
    under C(exemptions) is read as well, and an answer in another shape fails naming the key, before any write."
  - "Every request is safe to retry after a server error, a dropped connection or a lost answer: a removal that the
    retry finds already done (HTTP 404) is read back, and the task succeeds when the address is gone."
seealso:
  - module: ppe.essentials.ppe_azure_sync_exemptions_info
  - module: ppe.essentials.ppe_azure_sync
"""

EXAMPLES = r"""
- name: Keep shared mailboxes out of the sync
  ppe.essentials.ppe_azure_sync_exemptions:
    org: acme.example
    exemptions:
      - room1@acme.example
      - scanner@acme.example

- name: Exempt one more address, keeping the others
  ppe.essentials.ppe_azure_sync_exemptions:
    org: acme.example
    exemptions: [printer@acme.example]
    mode: append

- name: Remove every exemption
  ppe.essentials.ppe_azure_sync_exemptions:
    org: acme.example
    exemptions: []
"""

RETURN = r"""
azure_sync_exemptions:
  description: The exemptions after the task (the prediction in check mode).
  returned: success
  type: dict
  sample:
    exemptions: [room1@acme.example, scanner@acme.example]
  contains:
    exemptions:
      description: The exempt e-mail addresses.
      type: list
      elements: str
      returned: success
"""

from ansible_collections.ppe.essentials.plugins.module_utils._module import ResourceDefinition, run_module
from ansible_collections.ppe.essentials.plugins.module_utils._resources.azure_sync import AzureSyncExemptionsResource

DEFINITION = ResourceDefinition(AzureSyncExemptionsResource())


def main():
    run_module(DEFINITION)


if __name__ == "__main__":
    main()
