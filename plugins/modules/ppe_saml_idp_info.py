#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) ppe.essentials contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r"""
module: ppe_saml_idp_info
short_description: Read the SAML identity providers of an organization
version_added: 0.1.0
description:
  - Returns every SAML identity provider of an organization, or the one named O(name). One GET of the list (and one
    of the organization when O(name) is not found, to tell a missing provider from a missing organization).
  - Never changes anything.
author:
  - PPE Essentials maintainers (@ppe-essentials)
options:
  name:
    description:
      - Name of one provider (compared case-insensitively). Without it, all providers are returned.
    type: str
extends_documentation_fragment:
  - ppe.essentials.connection
  - ppe.essentials.org
  - ppe.essentials.attributes.info_module
seealso:
  - module: ppe.essentials.ppe_saml_idp
"""

EXAMPLES = r"""
- name: Read all identity providers
  ppe.essentials.ppe_saml_idp_info:
    org: acme.example
  register: providers

- name: Read one
  ppe.essentials.ppe_saml_idp_info:
    org: acme.example
    name: Okta
  register: okta
"""

RETURN = r"""
idps:
  description:
    - The providers, each with the keys of RV(ppe.essentials.ppe_saml_idp#module:idp); with O(name), the one provider
      or an empty list.
  returned: success
  type: list
  elements: dict
idp:
  description: The provider named O(name), or null when there is none.
  returned: when O(name) is set
  type: dict
"""

from ansible_collections.ppe.essentials.plugins.module_utils._module import InfoDefinition, run_module
from ansible_collections.ppe.essentials.plugins.module_utils._resources.auth_settings import SamlIdpResource

DEFINITION = InfoDefinition(SamlIdpResource())


def main():
    run_module(DEFINITION)


if __name__ == "__main__":
    main()
