#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) ppe.essentials contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r"""
module: ppe_azure_sync_exemptions_info
short_description: Read the users exempt from the Azure AD sync of an organization
version_added: 0.1.0
description:
  - Returns the e-mail addresses that the Microsoft 365 / Azure AD sync leaves alone.
  - Never changes anything.
author:
  - PPE Essentials maintainers (@ppe-essentials)
extends_documentation_fragment:
  - ppe.essentials.connection
  - ppe.essentials.org
  - ppe.essentials.attributes.info_module
notes:
  - "The API answers the exemptions as a bare list of C({\"email\": ...}) (a public client reads it so); a list
    under C(exemptions) is read as well, and an answer in another shape fails naming the key."
seealso:
  - module: ppe.essentials.ppe_azure_sync_exemptions
"""

EXAMPLES = r"""
- name: Read the exemptions
  ppe.essentials.ppe_azure_sync_exemptions_info:
    org: acme.example
  register: exempt

- name: Fail when a new hire is exempt (the sync would never import the user)
  ansible.builtin.assert:
    that: new_hire | lower not in exempt.azure_sync_exemptions.exemptions | map('lower')
"""

RETURN = r"""
azure_sync_exemptions:
  description: The exemptions.
  returned: success
  type: dict
  sample:
    exemptions: [room1@acme.example]
  contains:
    exemptions:
      description: The exempt e-mail addresses, in the API's order.
      type: list
      elements: str
      returned: success
"""

from ansible_collections.ppe.essentials.plugins.module_utils._module import InfoDefinition, run_module
from ansible_collections.ppe.essentials.plugins.module_utils._resources.azure_sync import AzureSyncExemptionsResource

DEFINITION = InfoDefinition(AzureSyncExemptionsResource())


def main():
    run_module(DEFINITION)


if __name__ == "__main__":
    main()
