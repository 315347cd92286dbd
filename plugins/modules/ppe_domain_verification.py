#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) ppe.essentials contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r"""
module: ppe_domain_verification
short_description: Prove that an organization owns a domain (TXT record or META tag)
version_added: 0.1.0
description:
  - Returns the record to publish so that Proofpoint Essentials can verify that the organization owns a domain (a
    TXT record of the domain, or a META tag on its home page), and whether the domain is verified.
  - With O(verify=true), asks the API to run the verification. The API answers that the domain is verified, or that it
    is not able to verify it yet (HTTP 409); the module then tries again O(verify_retries) times, O(verify_delay)
    seconds apart, and fails with a message that says what to publish and where.
  - C(changed) is true only when the verification is known to have newly succeeded. A domain the API already shows
    as verified is not checked again (no write request).
  - The API's documentation does not say whether a domain shows its state (C(is_verified) is inferred from the
    simulator). When the domain has no such field, the module cannot know the state before it asks, so every
    O(verify=true) run asks the API (one PUT); when the check passes, RV(verified) is true and C(changed) stays
    false, because the API's answer (HTTP 204) is the same for a first and a repeated verification. Check mode, which
    sends nothing, then returns RV(verified) null.
  - With O(verify=false) (the default) the module only reads, so it also serves as its own information module.
  - "Requests: one GET of the domain and one GET of the code; with O(verify=true) on a domain that is not verified
    (or does not show whether it is), one PUT per attempt."
author:
  - PPE Essentials maintainers (@ppe-essentials)
options:
  domain:
    description:
      - The domain of the organization to verify.
    type: str
    required: true
  method:
    description:
      - V(TXT) publishes the code as a TXT record of the domain.
      - V(META) publishes it as a META tag in the C(<head>) of the domain's home page. The tag's markup is derived
        from the code (C(name=value) becomes C(<meta name="name" content="value">); inferred, the API documents only
        the code).
    type: str
    choices: [TXT, META]
    default: TXT
  verify:
    description:
      - Run the verification when the domain is not verified yet. In check mode nothing is sent and the
        verification is predicted to succeed.
    type: bool
    default: false
extends_documentation_fragment:
  - ppe.essentials.connection
  - ppe.essentials.org
  - ppe.essentials.verification
  - ppe.essentials.attributes
notes:
  - The code does not change between runs, so the record can be published before the domain is verified, for
    example by a DNS module of another collection using RV(record).
  - The shape of the code's answer is not documented (inferred); a string, or an object with the code under
    C(verification_code) or C(code), is read. Another shape fails with a message that names the keys that arrived,
    before the verification is sent.
  - Every request is safe to retry after a server error, a dropped connection or a lost answer (the check of a
    verified domain passes again).
seealso:
  - module: ppe.essentials.ppe_domain
  - module: ppe.essentials.ppe_domain_info
  - module: ppe.essentials.ppe_dkim
"""

EXAMPLES = r"""
- name: Read the record to publish
  ppe.essentials.ppe_domain_verification:
    org: acme.example
    domain: acme-mail.example
  register: ownership

- name: Publish it (any DNS module; community.general.nsupdate as an example)
  community.general.nsupdate:
    server: ns1.acme.example
    zone: acme-mail.example
    record: "{{ ownership.record.name }}."
    type: TXT
    value: "{{ ownership.record.value }}"
  when: not ownership.verified

- name: Verify the domain, waiting up to 10 minutes for DNS
  ppe.essentials.ppe_domain_verification:
    org: acme.example
    domain: acme-mail.example
    verify: true
    verify_retries: 20
    verify_delay: 30
"""

RETURN = r"""
record:
  description:
    - What to publish for the verification to succeed, or V(null) when the API returned no code.
  returned: success
  type: dict
  contains:
    type:
      description: V(TXT) or V(META), the O(method).
      type: str
      returned: success
    name:
      description: The DNS name of the TXT record (the domain), or the home page that carries the META tag.
      type: str
      returned: success
    value:
      description: The TXT record's value (the code), or the META tag's markup.
      type: str
      returned: success
  sample:
    type: TXT
    name: acme-mail.example
    value: ppe-verification=3f1c0a9b2e7d4c6a8b5e1f0d2c3a4b5c
verification_code:
  description: The code as the API returned it.
  returned: success
  type: str
  sample: ppe-verification=3f1c0a9b2e7d4c6a8b5e1f0d2c3a4b5c
verified:
  description:
    - Whether the domain is verified after the task (the prediction in check mode). V(null) when the API does not
      say and no verification ran (also in check mode, which sends nothing).
  returned: success
  type: bool
  sample: true
domain:
  description: The domain as read (with C(is_verified) set after a successful verification, when the API shows it).
  returned: success
  type: dict
  sample:
    name: acme-mail.example
    is_active: true
    is_relay: false
    destination: mx1.acme.example
    failovers: []
    is_verified: true
"""

from ansible_collections.ppe.essentials.plugins.module_utils._module import ResourceDefinition, run_module
from ansible_collections.ppe.essentials.plugins.module_utils._resources.domain_verification import DomainVerificationResource

DEFINITION = ResourceDefinition(DomainVerificationResource())


def main():
    run_module(DEFINITION)


if __name__ == "__main__":
    main()
