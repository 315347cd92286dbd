#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) ppe.essentials contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r"""
module: ppe_email_tagging_exemptions
short_description: Manage the senders exempt from the e-mail warning tags of a Proofpoint Essentials organization
version_added: 0.1.0
description:
  - Manages the senders whose mail gets no warning tags, with the same O(mode) semantics as
    M(ppe.essentials.ppe_sender_lists).
  - A separate module from M(ppe.essentials.ppe_email_tagging) because the API keeps the exemptions at their own path,
    written by adding senders (POST) and removing senders (DELETE) rather than by replacing the list.
  - Entries compare case-insensitively and order-insensitively. Only the difference is written, with at most one
    DELETE of the senders to remove and one POST of the senders to add.
  - "That the DELETE request names the senders in a body C({\"exemptions\": [...]}) is inferred (the API's documentation
    says it deletes the specified senders)."
  - Changing them needs a licensing package that offers email warning tags (advanced_plus or professional_plus).
    When a change would be written, the module reads the organization's package (one GET) and fails before any
    write, in check mode too, naming the package and those that offer the tags (change it with
    M(ppe.essentials.ppe_licensing)).
author:
  - PPE Essentials maintainers (@ppe-essentials)
options:
  exemptions:
    description:
      - E-mail addresses, domains or C(*@domain) wildcards. Every entry is checked before any request.
    type: list
    elements: str
    required: true
  mode:
    description:
      - V(replace) makes the exemptions exactly what is given (an empty list removes them all).
      - V(append) adds the given senders that are missing; V(remove) removes the given senders that are present.
    type: str
    choices: [replace, append, remove]
    default: replace
extends_documentation_fragment:
  - ppe.essentials.connection
  - ppe.essentials.org
  - ppe.essentials.attributes
notes:
  - "That the API answers the exemptions as C({\"exemptions\": [...]}) is inferred; a bare list is read as well, and
    an answer in another shape fails naming the key, before any write (never an empty list, which would add the
    senders again)."
  - "Every request is safe to retry after a server error, a dropped connection or a lost answer: the POST adds to a
    set and is retried like a create; a repeat that the API refuses (for example HTTP 409) is read back, and the
    task succeeds when the senders are there."
seealso:
  - module: ppe.essentials.ppe_email_tagging
  - module: ppe.essentials.ppe_email_tagging_info
"""

EXAMPLES = r"""
- name: Exempt exactly these senders
  ppe.essentials.ppe_email_tagging_exemptions:
    org: acme.example
    exemptions:
      - partner.example
      - alerts@monitoring.example

- name: Exempt one more, keeping the others
  ppe.essentials.ppe_email_tagging_exemptions:
    org: acme.example
    exemptions: ["*@newsletter.example"]
    mode: append
"""

RETURN = r"""
email_tagging_exemptions:
  description: The exemptions after the task (the prediction in check mode).
  returned: success
  type: dict
  contains:
    exemptions:
      description: The exempt senders.
      type: list
      elements: str
      returned: success
  sample:
    exemptions: [partner.example, alerts@monitoring.example]
"""

from ansible_collections.ppe.essentials.plugins.module_utils._module import ResourceDefinition, run_module
from ansible_collections.ppe.essentials.plugins.module_utils._resources.email_tagging import EmailTaggingExemptionsResource

DEFINITION = ResourceDefinition(EmailTaggingExemptionsResource())


def main():
    run_module(DEFINITION)


if __name__ == "__main__":
    main()
