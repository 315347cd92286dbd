#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) ppe.essentials contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r"""
module: ppe_email_tagging
short_description: Manage the e-mail warning and subject tags of a Proofpoint Essentials organization
version_added: 0.1.0
description:
  - Manages the warning banners (tags) Proofpoint Essentials adds to incoming mail, and the tag it puts in the
    subject of external mail.
  - Only the settings you set are compared, at any depth (setting O(email_warning_tags.warning_tags.geo_ip_failure)
    alone leaves every other setting as it is). An update is one PATCH that carries only the settings that differ.
  - "The field names are those of the API's C(EmailTaggingPresenter) schema as a third-party client documents them;
    that PATCH merges nested objects (so that a PATCH of one leaf keeps its siblings) is inferred from the API's
    description of PATCH (all fields optional)."
  - The senders exempt from tagging are managed by M(ppe.essentials.ppe_email_tagging_exemptions), because the API
    keeps them at another path that is written by adding and removing senders.
  - Changing the tags needs a licensing package that offers email warning tags (advanced_plus or professional_plus
    in the API's feature table); otherwise the API refuses the change (HTTP 403). When a change would be written, the
    module reads the organization's package (one GET) and fails before any write, in check mode too, naming the
    package and those that offer the tags (change it with M(ppe.essentials.ppe_licensing)).
  - "The lengths of the texts are inferred (the API documents none): at most 100 characters for the subject tag and
    1000 for the banner text, the same bounds as the collection's API simulator. A longer text fails before any
    request."
author:
  - PPE Essentials maintainers (@ppe-essentials)
options:
  email_warning_tags:
    description:
      - The warning banners added to incoming mail. Not managed when not set; a sub-option not set is not managed
        either.
    type: dict
    suboptions:
      is_enabled:
        description: Whether warning tags are added at all.
        type: bool
      info_tags:
        description: Informational tags.
        type: dict
        suboptions:
          external_sender:
            description: Tag mail from outside the organization.
            type: bool
      warning_tags:
        description: Warning tags.
        type: dict
        suboptions:
          dmarc_failure:
            description: Tag mail that fails DMARC.
            type: bool
          domain_age_failure:
            description: Tag mail from newly registered domains.
            type: bool
          geo_ip_failure:
            description: Tag mail from unusual locations.
            type: bool
      learn_more:
        description: The "learn more" link of the banner.
        type: dict
        suboptions:
          is_enabled:
            description: Show the link.
            type: bool
          is_action_enabled:
            description: Let users act on the tag (for example report or allow the sender) from the link.
            type: bool
      additional_banner_content:
        description: Text added to the banner.
        type: dict
        suboptions:
          is_enabled:
            description: Add the text.
            type: bool
          content:
            description: The text (at most 1000 characters, an inferred bound).
            type: str
  email_subject_tags:
    description:
      - The tag put in the subject of external mail. Not managed when not set.
    type: dict
    suboptions:
      is_enabled:
        description: Whether the subject is tagged.
        type: bool
      content:
        description: The tag, for example V([External]) (the API's default; at most 100 characters, an inferred bound).
        type: str
extends_documentation_fragment:
  - ppe.essentials.connection
  - ppe.essentials.org
  - ppe.essentials.attributes
seealso:
  - module: ppe.essentials.ppe_email_tagging_exemptions
  - module: ppe.essentials.ppe_email_tagging_info
  - module: ppe.essentials.ppe_licensing
"""

EXAMPLES = r"""
- name: Warn about DMARC failures and new domains, tag external subjects
  ppe.essentials.ppe_email_tagging:
    org: acme.example
    email_warning_tags:
      is_enabled: true
      warning_tags:
        dmarc_failure: true
        domain_age_failure: true
    email_subject_tags:
      is_enabled: true
      content: "[EXTERNAL]"

- name: Turn off only the subject tag
  ppe.essentials.ppe_email_tagging:
    org: acme.example
    email_subject_tags:
      is_enabled: false
"""

RETURN = r"""
email_tagging:
  description: The tags after the task (the prediction in check mode), as the API returns them.
  returned: success
  type: dict
  sample:
    email_warning_tags:
      is_enabled: true
      info_tags: {external_sender: false}
      warning_tags: {dmarc_failure: true, domain_age_failure: true, geo_ip_failure: false}
      learn_more: {is_enabled: false, is_action_enabled: false}
      additional_banner_content: {is_enabled: false, content: ""}
    email_subject_tags:
      is_enabled: true
      content: "[EXTERNAL]"
"""

from ansible_collections.ppe.essentials.plugins.module_utils._module import ResourceDefinition, run_module
from ansible_collections.ppe.essentials.plugins.module_utils._resources.email_tagging import EmailTaggingResource

DEFINITION = ResourceDefinition(EmailTaggingResource())


def main():
    run_module(DEFINITION)


if __name__ == "__main__":
    main()
