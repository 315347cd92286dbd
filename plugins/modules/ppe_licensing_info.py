#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) ppe.essentials contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r"""
module: ppe_licensing_info
short_description: Read the licensing of a Proofpoint Essentials organization
version_added: 0.1.0
description:
  - Returns an organization's licensing package, licence count and trial state.
  - Never changes anything.
author:
  - PPE Essentials maintainers (@ppe-essentials)
extends_documentation_fragment:
  - ppe.essentials.connection
  - ppe.essentials.org
  - ppe.essentials.attributes.info_module
seealso:
  - module: ppe.essentials.ppe_licensing
"""

EXAMPLES = r"""
- name: Read the licensing of an organization
  ppe.essentials.ppe_licensing_info:
    org: acme.example
  register: acme_licensing

- name: Warn when licences run short
  ansible.builtin.debug:
    msg: "Only {{ acme_licensing.licensing.license_count }} licences"
  when: acme_licensing.licensing.license_count < 10
"""

RETURN = r"""
licensing:
  description:
    - The organization's licensing as the API returns it.
    - Has the keys of RV(ppe.essentials.ppe_licensing#module:licensing), C(is_activated) included (derived as
      "not on trial", the way M(ppe.essentials.ppe_licensing) compares it).
  returned: success
  type: dict
  sample:
    package: business
    license_count: 25
    is_on_trial: false
    is_beginner_plus: false
    is_activated: true
"""

from ansible_collections.ppe.essentials.plugins.module_utils._module import InfoDefinition, run_module
from ansible_collections.ppe.essentials.plugins.module_utils._resources.licensing import LicensingResource

DEFINITION = InfoDefinition(LicensingResource())


def main():
    run_module(DEFINITION)


if __name__ == "__main__":
    main()
