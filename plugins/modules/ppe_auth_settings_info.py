#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) ppe.essentials contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r"""
module: ppe_auth_settings_info
short_description: Read the MFA and login policy of an organization
version_added: 0.1.0
description:
  - Returns the multi-factor authentication policy and the login policy of an organization, merged into one
    dictionary (two GET requests).
  - Never changes anything.
author:
  - PPE Essentials maintainers (@ppe-essentials)
extends_documentation_fragment:
  - ppe.essentials.connection
  - ppe.essentials.org
  - ppe.essentials.attributes.info_module
seealso:
  - module: ppe.essentials.ppe_auth_settings
  - module: ppe.essentials.ppe_saml_idp_info
"""

EXAMPLES = r"""
- name: Read the authentication settings
  ppe.essentials.ppe_auth_settings_info:
    org: acme.example
  register: auth

- name: Warn when MFA is off
  ansible.builtin.debug:
    msg: MFA is off for acme.example
  when: not auth.auth_settings.is_mfa_enabled
"""

RETURN = r"""
auth_settings:
  description: The MFA policy and the login policy.
  returned: success
  type: dict
  sample:
    is_mfa_enabled: true
    mfa_admins_only: false
    allow_local_login: true
    allow_azure_login: false
    force_azure_login: false
    idp_for_forced_login: null
"""

from ansible_collections.ppe.essentials.plugins.module_utils._module import InfoDefinition, run_module
from ansible_collections.ppe.essentials.plugins.module_utils._resources.auth_settings import AuthSettingsResource

DEFINITION = InfoDefinition(AuthSettingsResource())


def main():
    run_module(DEFINITION)


if __name__ == "__main__":
    main()
