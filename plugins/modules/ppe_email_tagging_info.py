#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) ppe.essentials contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r"""
module: ppe_email_tagging_info
short_description: Read the e-mail warning and subject tags of a Proofpoint Essentials organization
version_added: 0.1.0
description:
  - Reads the e-mail warning and subject tags of an organization and the senders exempt from them (two GET
    requests). Never changes anything.
author:
  - PPE Essentials maintainers (@ppe-essentials)
extends_documentation_fragment:
  - ppe.essentials.connection
  - ppe.essentials.org
  - ppe.essentials.attributes.info_module
notes:
  - "That the API answers the exemptions as C({\"exemptions\": [...]}) is inferred; a bare list is read as well, and
    an answer in another shape fails naming the key."
seealso:
  - module: ppe.essentials.ppe_email_tagging
  - module: ppe.essentials.ppe_email_tagging_exemptions
"""

EXAMPLES = r"""
- name: Read the tags
  ppe.essentials.ppe_email_tagging_info:
    org: acme.example
  register: tagging

- name: Show whether external subjects are tagged
  ansible.builtin.debug:
    msg: "{{ tagging.email_tagging.email_subject_tags }}, exempt: {{ tagging.exemptions | join(', ') }}"
"""

RETURN = r"""
email_tagging:
  description:
    - The tags as the API returns them (C(email_warning_tags) and C(email_subject_tags); see
      M(ppe.essentials.ppe_email_tagging) for the keys).
  returned: success
  type: dict
  sample:
    email_warning_tags:
      is_enabled: true
      info_tags: {external_sender: false}
      warning_tags: {dmarc_failure: true, domain_age_failure: false, geo_ip_failure: false}
      learn_more: {is_enabled: false, is_action_enabled: false}
      additional_banner_content: {is_enabled: false, content: ""}
    email_subject_tags:
      is_enabled: true
      content: "[External]"
exemptions:
  description: The senders exempt from tagging.
  returned: success
  type: list
  elements: str
  sample: [partner.example, alerts@monitoring.example]
"""

from ansible_collections.ppe.essentials.plugins.module_utils._module import InfoDefinition, run_module
from ansible_collections.ppe.essentials.plugins.module_utils._resources.email_tagging import EmailTaggingResource

DEFINITION = InfoDefinition(EmailTaggingResource())


def main():
    run_module(DEFINITION)


if __name__ == "__main__":
    main()
