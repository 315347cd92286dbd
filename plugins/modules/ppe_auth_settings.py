#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) ppe.essentials contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r"""
module: ppe_auth_settings
short_description: Manage the MFA and login policy of an organization
version_added: 0.1.0
description:
  - Manages how the users of an organization log in to Proofpoint Essentials - the multi-factor authentication
    policy (C(/orgs/{org}/authentication/settings/mfa)) and the login policy (C(.../settings/login)).
  - Only the options that are set are compared, and only the policy that holds them is read - one GET when only MFA
    options or only login options are set, two when both are. An update sends only the fields that differ, with one
    PUT per policy.
  - The settings always exist; there is no C(state) option.
  - Field names follow the API's schemas as public clients name them; defaults are inferred.
author:
  - PPE Essentials maintainers (@ppe-essentials)
options:
  is_mfa_enabled:
    description:
      - Whether users must log in with a second factor.
    type: bool
  mfa_admins_only:
    description:
      - Whether multi-factor authentication applies to administrators only.
    type: bool
  allow_local_login:
    description:
      - Whether users may log in with their Proofpoint Essentials password.
    type: bool
  allow_azure_login:
    description:
      - Whether users may log in with Microsoft 365 / Azure AD.
    type: bool
  force_azure_login:
    description:
      - Whether users must log in with Microsoft 365 / Azure AD. Needs O(allow_azure_login); a change that would
        force it without allowing it fails before any write.
    type: bool
  idp_for_forced_login:
    description:
      - Id (a UUID) of the SAML identity provider users must log in with, as M(ppe.essentials.ppe_saml_idp) returns it
        in RV(ppe.essentials.ppe_saml_idp#module:idp.id). An empty string forces none.
      - When it would be written, the module lists the organization's providers (one GET) and fails before any
        write, in check mode too, if none has this id, listing the ids and names of at most 10 providers.
    type: str
extends_documentation_fragment:
  - ppe.essentials.connection
  - ppe.essentials.org
  - ppe.essentials.attributes
seealso:
  - module: ppe.essentials.ppe_auth_settings_info
  - module: ppe.essentials.ppe_saml_idp
"""

EXAMPLES = r"""
- name: Require MFA for everybody
  ppe.essentials.ppe_auth_settings:
    org: acme.example
    is_mfa_enabled: true
    mfa_admins_only: false

- name: Add an identity provider
  ppe.essentials.ppe_saml_idp:
    org: acme.example
    name: Okta
    is_active: true
    idp_entity_id: http://www.okta.com/exk1a2b3c4
    idp_login_url: https://acme.okta.com/app/acme/exk1a2b3c4/sso/saml
    idp_public_cert: "{{ lookup('ansible.builtin.file', 'okta.pem') }}"
  register: okta

- name: Make users log in through it
  ppe.essentials.ppe_auth_settings:
    org: acme.example
    allow_local_login: false
    idp_for_forced_login: "{{ okta.idp.id }}"
"""

RETURN = r"""
auth_settings:
  description:
    - The settings that were read, after the task (the prediction in check mode) - the MFA policy, the login policy
      or both, depending on the options set. Fields the module does not manage are returned as the API sent them.
  returned: success
  type: dict
  sample:
    is_mfa_enabled: true
    mfa_admins_only: false
"""

from ansible_collections.ppe.essentials.plugins.module_utils._module import ResourceDefinition, run_module
from ansible_collections.ppe.essentials.plugins.module_utils._resources.auth_settings import AuthSettingsResource

DEFINITION = ResourceDefinition(AuthSettingsResource())


def main():
    run_module(DEFINITION)


if __name__ == "__main__":
    main()
