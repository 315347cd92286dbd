#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) ppe.essentials contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r"""
module: ppe_features
short_description: Turn features of a Proofpoint Essentials organization on or off
version_added: 0.1.0
description:
  - Sets the listed features of an organization; features that are not listed keep their value.
  - Reads the features once, and when a listed feature differs writes only the features that differ, with one PUT.
  - Which features an organization has depends on its licensing package. A listed feature that is unknown, or not
    in the organization's package, fails the task before anything is written, with a message that names the
    feature, the package and the features that are available.
  - The features each licensing package offers (written from the collection's vocabulary by scripts/feature_table.py).
  - C(anti_spoofing) - every package.
  - C(attachment_defense) - business, business_plus, advanced, advanced_plus, professional, professional_plus.
  - C(attachment_defense_sandboxing) - advanced, advanced_plus, professional, professional_plus.
  - C(automatic_remediation) - advanced_plus, professional_plus.
  - C(disclaimers) - every package.
  - C(dlp) - business, business_plus, advanced, advanced_plus, professional, professional_plus.
  - C(email_archive) - professional, professional_plus.
  - C(email_encryption) - advanced, advanced_plus, professional, professional_plus.
  - C(email_warning_tags) - advanced_plus, professional_plus.
  - C(instant_replay) - business, business_plus, advanced, advanced_plus, professional, professional_plus.
  - C(one_click_remediation) - business_plus, advanced_plus, professional_plus.
  - C(outbound_relaying) - every package.
  - C(smtp_discovery) - every package.
  - C(social_media_account_protection) - advanced, advanced_plus, professional, professional_plus.
  - C(url_defense) - business, business_plus, advanced, advanced_plus, professional, professional_plus.
author:
  - PPE Essentials maintainers (@ppe-essentials)
options:
  features:
    description:
      - Mapping of feature name to value. Values are booleans, except C(instant_replay), the number of days of
        Instant Replay (V(0) turns it off).
      - "Known features: C(attachment_defense), C(attachment_defense_sandboxing), C(disclaimers), C(dlp),
        C(email_archive), C(email_encryption), C(instant_replay), C(outbound_relaying), C(smtp_discovery),
        C(social_media_account_protection), C(url_defense), C(anti_spoofing), C(email_warning_tags),
        C(one_click_remediation), C(automatic_remediation)."
    type: dict
    required: true
extends_documentation_fragment:
  - ppe.essentials.connection
  - ppe.essentials.org
  - ppe.essentials.attributes
seealso:
  - module: ppe.essentials.ppe_features_info
  - module: ppe.essentials.ppe_licensing
"""

EXAMPLES = r"""
- name: Turn on URL and attachment defense and keep 30 days of Instant Replay
  ppe.essentials.ppe_features:
    org: acme.example
    features:
      url_defense: true
      attachment_defense: true
      instant_replay: 30

- name: Turn off disclaimers, leaving every other feature as it is
  ppe.essentials.ppe_features:
    org: acme.example
    features:
      disclaimers: false
"""

RETURN = r"""
features:
  description:
    - All features of the organization after the task (the prediction in check mode), as the API returns them.
  returned: success
  type: dict
  sample:
    attachment_defense: true
    url_defense: true
    anti_spoofing: true
    disclaimers: false
    dlp: false
    instant_replay: 30
    outbound_relaying: false
    smtp_discovery: false
"""

from ansible_collections.ppe.essentials.plugins.module_utils._module import ResourceDefinition, run_module
from ansible_collections.ppe.essentials.plugins.module_utils._resources.features import FeaturesResource

DEFINITION = ResourceDefinition(FeaturesResource())


def main():
    run_module(DEFINITION)


if __name__ == "__main__":
    main()
