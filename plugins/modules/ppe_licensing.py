#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) ppe.essentials contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r"""
module: ppe_licensing
short_description: Manage the licensing package and licences of a Proofpoint Essentials organization
version_added: 0.1.0
description:
  - Sets an organization's licensing package, licence count and trial state. Options that are not set keep their
    value.
  - Reads the licensing once. A package change (O(package), O(is_activated)) is written with one PUT to the
    organization's package; licence changes (O(license_count), O(is_on_trial), O(is_beginner_plus)) with one PUT to
    its licensing. Nothing is written when nothing differs.
  - The API cannot read back the package flags O(is_eula_confirmed) and O(is_trial_extended); they are sent only
    together with a package change and are never compared. O(is_activated) is compared as "not on trial", since
    activating a package ends its trial.
  - Only partner administrators can change licensing.
  - When the task writes a new O(license_count), the module reads the organization's users (one more GET, only
    then, in check mode too) and warns, with both numbers, when the count is below the active billable users (an
    active user with O(ppe.essentials.ppe_user#module:is_billable=true)). The API accepts such a count; the warning
    catches a slipped digit.
author:
  - PPE Essentials maintainers (@ppe-essentials)
options:
  package:
    description:
      - The licensing package. It decides which features the organization has (see M(ppe.essentials.ppe_features)).
    type: str
    choices: [beginner, business, business_plus, advanced, advanced_plus, professional, professional_plus]
    aliases: [licensing_package]
  license_count:
    description: Number of user licences.
    type: int
    aliases: [user_licenses]
  is_on_trial:
    description: Whether the organization is on a trial.
    type: bool
  is_beginner_plus:
    description: Whether the organization has Beginner Plus.
    type: bool
  is_activated:
    description:
      - Activate the package, which ends a trial. V(true) is satisfied when the organization is not on a trial.
    type: bool
  is_eula_confirmed:
    description:
      - Confirm the end-user licence agreement with a package change. Write-only; sent only with a package change.
    type: bool
  is_trial_extended:
    description:
      - Extend the trial with a package change. Write-only; sent only with a package change.
    type: bool
extends_documentation_fragment:
  - ppe.essentials.connection
  - ppe.essentials.org
  - ppe.essentials.attributes
seealso:
  - module: ppe.essentials.ppe_licensing_info
  - module: ppe.essentials.ppe_features
"""

EXAMPLES = r"""
- name: Move a customer to Advanced with 120 licences
  ppe.essentials.ppe_licensing:
    org: acme.example
    package: advanced
    license_count: 120

- name: Convert a trial into a paid subscription
  ppe.essentials.ppe_licensing:
    org: acme.example
    is_activated: true
    is_eula_confirmed: true
"""

RETURN = r"""
licensing:
  description: The organization's licensing after the task (the prediction in check mode).
  returned: success
  type: dict
  sample:
    package: advanced
    license_count: 120
    is_on_trial: false
    is_beginner_plus: false
    is_activated: true
  contains:
    package:
      description: The licensing package.
      type: str
      returned: success
    license_count:
      description: Number of user licences.
      type: int
      returned: success
    is_on_trial:
      description: Whether the organization is on a trial.
      type: bool
      returned: success
    is_beginner_plus:
      description: Whether the organization has Beginner Plus.
      type: bool
      returned: success
    is_activated:
      description: Whether the package is activated (the organization is not on a trial).
      type: bool
      returned: success
"""

from ansible_collections.ppe.essentials.plugins.module_utils._licensing import LicensingDefinition
from ansible_collections.ppe.essentials.plugins.module_utils._module import run_module

DEFINITION = LicensingDefinition()


def main():
    run_module(DEFINITION)


if __name__ == "__main__":
    main()
