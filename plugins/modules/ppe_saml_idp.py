#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) ppe.essentials contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r"""
module: ppe_saml_idp
short_description: Manage a SAML identity provider of an organization
version_added: 0.1.0
description:
  - Creates, updates or deletes a SAML identity provider (IdP) that the users of an organization can log in with.
  - The task names the provider by O(name); the API addresses it by the id it assigns, which the module finds by
    listing the organization's providers (one GET). Names compare case-insensitively. A provider cannot be renamed
    with this module (a new name is a new provider).
  - Only the options that are set are compared, and an update sends only the fields that differ. Certificates
    compare without their white space and line breaks.
  - The IdP's certificate is public data (it is compared and returned), not a secret.
  - Field names follow the API's schemas as public clients name them; defaults are inferred.
author:
  - PPE Essentials maintainers (@ppe-essentials)
options:
  name:
    description:
      - Name of the identity provider, unique in the organization.
    type: str
    required: true
  state:
    description:
      - V(present) creates or updates the provider; creating it needs O(idp_entity_id), O(idp_login_url) and
        O(idp_public_cert).
      - V(absent) deletes it. Deleting a provider that does not exist is not a change. The API refuses to delete the
        provider the login policy forces (see M(ppe.essentials.ppe_auth_settings)), so before deleting an existing
        provider the module reads the login policy (one GET) and, when it forces this provider, fails before the
        DELETE, in check mode too, saying what to change first
        (O(ppe.essentials.ppe_auth_settings#module:idp_for_forced_login) to another provider or V(""), and
        O(ppe.essentials.ppe_auth_settings#module:force_azure_login=false) when the login is no longer to be forced).
    type: str
    choices: [present, absent]
    default: present
  is_active:
    description:
      - Whether users can log in with the provider. The API creates providers inactive.
    type: bool
  description:
    description:
      - Free text shown with the provider.
    type: str
  icon_ref:
    description:
      - Reference of the icon shown on the login page.
    type: str
  idp_entity_id:
    description:
      - The provider's SAML entity ID (issuer).
    type: str
    aliases: [entity_id]
  idp_login_url:
    description:
      - The provider's single sign-on URL (C(https://)).
    type: str
    aliases: [login_url]
  idp_logout_url:
    description:
      - The provider's single logout URL (C(https://)); an empty string removes it.
    type: str
    aliases: [logout_url]
  idp_public_cert:
    description:
      - The provider's signing certificate in PEM form.
    type: str
    aliases: [certificate]
extends_documentation_fragment:
  - ppe.essentials.connection
  - ppe.essentials.org
  - ppe.essentials.attributes
seealso:
  - module: ppe.essentials.ppe_saml_idp_info
  - module: ppe.essentials.ppe_auth_settings
"""

EXAMPLES = r"""
- name: Let staff log in with Okta
  ppe.essentials.ppe_saml_idp:
    org: acme.example
    name: Okta
    is_active: true
    idp_entity_id: http://www.okta.com/exk1a2b3c4
    idp_login_url: https://acme.okta.com/app/acme/exk1a2b3c4/sso/saml
    idp_public_cert: "{{ lookup('ansible.builtin.file', 'okta.pem') }}"
  register: okta

- name: Remove an old provider
  ppe.essentials.ppe_saml_idp:
    org: acme.example
    name: ADFS
    state: absent
"""

RETURN = r"""
idp:
  description:
    - The identity provider after the task (the prediction in check mode, without RV(idp.id) for a new provider);
      null after O(state=absent).
  returned: success
  type: dict
  sample:
    id: 3f1c2a9e-6f43-4d7b-9a35-6c1d2e8b7f10
    name: Okta
    is_active: true
    description: ""
    icon_ref: ""
    idp_entity_id: http://www.okta.com/exk1a2b3c4
    idp_login_url: https://acme.okta.com/app/acme/exk1a2b3c4/sso/saml
    idp_logout_url: ""
    idp_public_cert: "-----BEGIN CERTIFICATE-----..."
    sp_public_cert: "-----BEGIN CERTIFICATE-----..."
  contains:
    id:
      description: The id the API assigned; what O(ppe.essentials.ppe_auth_settings#module:idp_for_forced_login) takes.
      type: str
      returned: when the provider exists
    sp_public_cert:
      description: The certificate of Proofpoint Essentials as the SAML service provider, to give to the IdP.
      type: str
      returned: when the provider exists
"""

from ansible_collections.ppe.essentials.plugins.module_utils._module import ResourceDefinition, run_module
from ansible_collections.ppe.essentials.plugins.module_utils._resources.auth_settings import SamlIdpResource

DEFINITION = ResourceDefinition(SamlIdpResource())


def main():
    run_module(DEFINITION)


if __name__ == "__main__":
    main()
