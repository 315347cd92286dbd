#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) ppe.essentials contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r"""
module: ppe_dkim
short_description: Manage a DKIM keypair of a domain of a Proofpoint Essentials organization
version_added: 0.1.0
description:
  - Creates or deletes the DKIM signing keypair of a domain with a given selector, returns the DNS record to publish
    (when the API returns the public key) and, with O(verify=true), has the API check that record.
  - Idempotent by selector. An existing selector is left as it is; its key material is B(not) compared, because the
    API never returns the private key. To rotate a key, create a new selector (publish it, verify it, then delete the
    old one with O(state=absent)), or delete the selector and create it again with the new key.
  - The private key is sent only when the keypair is created; it is never compared, shown, put in a diff or
    returned.
  - "Requests: one GET when nothing changes; a missing selector costs one GET of the organization and of the domain
    (to tell a missing keypair from a typo); one POST to create, one DELETE to delete, one PUT per verification
    attempt."
author:
  - PPE Essentials maintainers (@ppe-essentials)
options:
  domain:
    description:
      - The domain of the organization that signs with the key.
    type: str
    required: true
  selector:
    description:
      - The DKIM selector (the C(s=) tag of signatures; the key is published at C(<selector>._domainkey.<domain>)).
        One DNS label.
    type: str
    required: true
  state:
    description:
      - V(present) creates the keypair when the selector does not exist yet, V(absent) deletes it.
      - Deleting a selector that does not exist is not a change.
    type: str
    choices: [present, absent]
    default: present
  private_key:
    description:
      - The private signing key in PEM form (C(-----BEGIN PRIVATE KEY-----) or C(-----BEGIN RSA PRIVATE KEY-----)).
        Needed to create the keypair; ignored when the selector exists.
      - The API takes the private key in the create request; the name of its field, C(private_key), is inferred (the
        API's documentation does not give it).
    type: str
  verify:
    description:
      - Ask the API to check that the public key is published in DNS, when the keypair is not valid yet. In check
        mode nothing is sent and the check is predicted to pass.
      - Fails after the retries with the record to publish when the API still answers that it cannot verify.
    type: bool
    default: false
extends_documentation_fragment:
  - ppe.essentials.connection
  - ppe.essentials.org
  - ppe.essentials.verification
  - ppe.essentials.attributes
seealso:
  - module: ppe.essentials.ppe_dkim_info
  - module: ppe.essentials.ppe_domain_verification
"""

EXAMPLES = r"""
- name: Create the keypair of the selector 2026a
  ppe.essentials.ppe_dkim:
    org: acme.example
    domain: acme.example
    selector: 2026a
    private_key: "{{ lookup('ansible.builtin.file', 'dkim/acme-2026a.pem') }}"
  register: dkim

- name: Show the TXT record to publish
  ansible.builtin.debug:
    msg: "{{ dkim.record.name }} TXT {{ dkim.record.value }}"

- name: Check the published key, waiting up to 5 minutes for DNS
  ppe.essentials.ppe_dkim:
    org: acme.example
    domain: acme.example
    selector: 2026a
    verify: true
    verify_retries: 10
    verify_delay: 30

- name: Retire the old selector once the new one is valid
  ppe.essentials.ppe_dkim:
    org: acme.example
    domain: acme.example
    selector: 2025a
    state: absent
"""

RETURN = r"""
dkim:
  description:
    - The keypair after the task (in check mode, the prediction, without the keys the API adds), V(null) after
      O(state=absent). Never holds the private key.
  returned: success
  type: dict
  contains:
    did:
      description: The API's id of the keypair.
      type: int
      returned: when the keypair exists
    domain:
      description: The domain.
      type: str
      returned: when the keypair exists
    selector:
      description: The selector.
      type: str
      returned: success
    is_valid:
      description: Whether the API found the public key in DNS.
      type: bool
      returned: when the keypair exists
    public_key:
      description: The public key (base64, without PEM armour).
      type: str
      returned: when the keypair exists
  sample:
    did: 1000
    domain: acme.example
    selector: 2026a
    is_valid: false
    public_key: MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA...
record:
  description:
    - The DNS TXT record that publishes the public key, or V(null) when the API returned none (and in check mode
      for a keypair not created yet). RSA is assumed (C(k=rsa)).
  returned: when O(state=present)
  type: dict
  sample:
    type: TXT
    name: 2026a._domainkey.acme.example
    value: "v=DKIM1; k=rsa; p=MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA..."
verified:
  description: Whether the keypair is valid after the task (the prediction in check mode).
  returned: when O(state=present)
  type: bool
  sample: true
"""

from ansible_collections.ppe.essentials.plugins.module_utils._module import ResourceDefinition, run_module
from ansible_collections.ppe.essentials.plugins.module_utils._resources.dkim import DkimResource

DEFINITION = ResourceDefinition(DkimResource())


def main():
    run_module(DEFINITION)


if __name__ == "__main__":
    main()
