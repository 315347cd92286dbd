#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) ppe.essentials contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r"""
module: ppe_azure_sync_info
short_description: Read the Microsoft 365 / Azure AD user sync settings of an organization
version_added: 0.1.0
description:
  - Returns the Azure AD sync settings of an organization, without the client secret, or null when the sync is not
    set up.
  - Never changes anything.
author:
  - PPE Essentials maintainers (@ppe-essentials)
extends_documentation_fragment:
  - ppe.essentials.connection
  - ppe.essentials.org
  - ppe.essentials.attributes.info_module
notes:
  - "Returns null both when the API answers HTTP 404 and when it answers settings with an empty C(application_id)
    (inferred: the API's documentation shows neither way of saying \"not set up\")."
seealso:
  - module: ppe.essentials.ppe_azure_sync
  - module: ppe.essentials.ppe_azure_sync_exemptions_info
"""

EXAMPLES = r"""
- name: Read the sync settings
  ppe.essentials.ppe_azure_sync_info:
    org: acme.example
  register: sync

- name: Say when the last sync ran
  ansible.builtin.debug:
    msg: "{{ sync.azure_sync.last_successful_sync if sync.azure_sync else 'Azure AD sync is not set up' }}"
"""

RETURN = r"""
azure_sync:
  description:
    - The settings with the keys of RV(ppe.essentials.ppe_azure_sync#module:azure_sync); null when the sync is not
      set up.
  returned: success
  type: dict
  sample:
    primary_domain: acme.example
    application_id: 0f8fad5b-d9cb-469f-a165-70867728950e
    secret_expiry: ""
    last_successful_sync: ""
    sync_frequency: 6
"""

from ansible_collections.ppe.essentials.plugins.module_utils._module import InfoDefinition, run_module
from ansible_collections.ppe.essentials.plugins.module_utils._resources.azure_sync import AzureSyncResource

DEFINITION = InfoDefinition(AzureSyncResource())


def main():
    run_module(DEFINITION)


if __name__ == "__main__":
    main()
