#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) ppe.essentials contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r"""
module: ppe_features_info
short_description: Read the features of a Proofpoint Essentials organization
version_added: 0.1.0
description:
  - Returns the features available to an organization's licensing package, with their values.
  - Never changes anything.
author:
  - PPE Essentials maintainers (@ppe-essentials)
extends_documentation_fragment:
  - ppe.essentials.connection
  - ppe.essentials.org
  - ppe.essentials.attributes.info_module
seealso:
  - module: ppe.essentials.ppe_features
"""

EXAMPLES = r"""
- name: Read the features of an organization
  ppe.essentials.ppe_features_info:
    org: acme.example
  register: acme_features

- name: Show whether URL Defense is on
  ansible.builtin.debug:
    msg: "{{ acme_features.features.url_defense | default('not in the package') }}"
"""

RETURN = r"""
features:
  description:
    - Mapping of feature name to value; only the features of the organization's package are present.
    - Values are booleans, except C(instant_replay), a number of days.
  returned: success
  type: dict
  sample:
    attachment_defense: true
    url_defense: true
    instant_replay: 30
"""

from ansible_collections.ppe.essentials.plugins.module_utils._module import InfoDefinition, run_module
from ansible_collections.ppe.essentials.plugins.module_utils._resources.features import FeaturesResource

DEFINITION = InfoDefinition(FeaturesResource())


def main():
    run_module(DEFINITION)


if __name__ == "__main__":
    main()
