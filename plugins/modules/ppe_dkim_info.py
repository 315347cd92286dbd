#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) ppe.essentials contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r"""
module: ppe_dkim_info
short_description: Read the DKIM keypairs of a domain of a Proofpoint Essentials organization
version_added: 0.1.0
description:
  - Reads every DKIM keypair of a domain, or the one with a given selector. Never changes anything.
  - The API never returns private keys.
author:
  - PPE Essentials maintainers (@ppe-essentials)
options:
  domain:
    description:
      - The domain of the organization.
    type: str
    required: true
  selector:
    description:
      - Only the keypair with this selector. Without it, every keypair of the domain is returned.
    type: str
extends_documentation_fragment:
  - ppe.essentials.connection
  - ppe.essentials.org
  - ppe.essentials.attributes.info_module
seealso:
  - module: ppe.essentials.ppe_dkim
"""

EXAMPLES = r"""
- name: List the keypairs of a domain
  ppe.essentials.ppe_dkim_info:
    org: acme.example
    domain: acme.example
  register: dkim

- name: Show the selectors whose key is not found in DNS yet
  ansible.builtin.debug:
    msg: "{{ dkim.keypairs | rejectattr('is_valid') | map(attribute='selector') | list }}"
"""

RETURN = r"""
dkim:
  description:
    - The keypair named by O(selector), or V(null) when the domain has none with that selector. A missing
      organization or domain is an error, not V(null).
  returned: when O(selector) is set
  type: dict
  sample:
    did: 1000
    domain: acme.example
    selector: 2026a
    is_valid: true
    public_key: MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA...
keypairs:
  description:
    - Every keypair of the domain; with O(selector), a list of zero or one keypair.
    - Each item has the keys of RV(dkim) (C(did), C(domain), C(selector), C(is_valid), C(public_key)).
  returned: success
  type: list
  elements: dict
  sample:
    - did: 1000
      domain: acme.example
      selector: 2026a
      is_valid: true
      public_key: MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA...
"""

from ansible_collections.ppe.essentials.plugins.module_utils._module import InfoDefinition, run_module
from ansible_collections.ppe.essentials.plugins.module_utils._resources.dkim import DkimResource

DEFINITION = InfoDefinition(DkimResource())


def main():
    run_module(DEFINITION)


if __name__ == "__main__":
    main()
