#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) ppe.essentials contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r"""
module: ppe_product
short_description: Buy, change or cancel a product of a Proofpoint Essentials organization
version_added: 0.1.0
description:
  - Buys (O(state=present)) or cancels (O(state=absent)) a product of an organization by its label, such as
    V(Security_Awareness), and changes the options of a purchased one (O(variant), O(auto_renew), O(is_on_trial),
    O(is_trial_extended)).
  - Idempotent. The product is read once (C(GET /orgs/{org}/products/{label})); a product that is not purchased is
    bought with one C(POST /orgs/{org}/products), a purchased one changed with one C(PATCH) of only the options that
    differ, or cancelled with one C(DELETE). Options that are not set are not managed.
  - "After a write the product is read back once, and the task fails when the API accepted the write but the product
    does not show it (for example a purchase that still reads C(is_purchased=false), waiting for an approval); the
    message says which option reads what."
  - "Requests: one GET when nothing changes; one GET, one write and one GET after a change (a purchase with
    O(is_trial_extended=true) adds one PATCH); an unknown label costs one more GET of the organization, to tell it
    from a typo in O(org)."
  - The shapes of the API's answers and the purchase's body are inferred (the API's specification names the paths and
    a public client the fields C(label), C(variant), C(auto_renew), C(is_trial) of a purchase and C(variant),
    C(auto_renew), C(is_on_trial), C(is_trial_extended) of a change). An answer without a true/false
    C(is_purchased) fails before any write, naming the keys that arrived.
author:
  - PPE Essentials maintainers (@ppe-essentials)
options:
  label:
    description:
      - The product's label, such as V(Email_Archive) or V(Security_Awareness) (compared case-insensitively). The
        labels an organization can buy are listed by M(ppe.essentials.ppe_products_info).
    type: str
    required: true
  state:
    description:
      - V(present) buys the product when it is not purchased, V(absent) cancels its subscription. Cancelling a product
        that is not purchased is not a change.
      - The API's specification says that a cancel "will not normally be available to customers depending on the
        Product"; a refusal fails with the API's message.
    type: str
    choices: [present, absent]
    default: present
  variant:
    description:
      - The product's variant, such as V(Standard) (compared case-insensitively). Without it, a purchase takes the
        API's default.
      - Only with O(state=present).
    type: str
  auto_renew:
    description:
      - Whether the subscription renews automatically. Only with O(state=present).
    type: bool
  is_on_trial:
    description:
      - Whether the product is on trial. A purchase with V(true) buys a trial (sent as C(is_trial)); V(false) ends a
        trial. Only with O(state=present).
    type: bool
  is_trial_extended:
    description:
      - Whether the trial is extended. Only with O(state=present).
    type: bool
extends_documentation_fragment:
  - ppe.essentials.connection
  - ppe.essentials.org
  - ppe.essentials.attributes
notes:
  - A product that cannot be bought, changed or cancelled (an organization's core product follows its licensing
    package, see M(ppe.essentials.ppe_licensing)) fails with the API's message; nothing is predicted about it in
    check mode.
seealso:
  - module: ppe.essentials.ppe_products_info
  - module: ppe.essentials.ppe_licensing
"""

EXAMPLES = r"""
- name: Buy a trial of security awareness training
  ppe.essentials.ppe_product:
    org: acme.example
    label: Security_Awareness
    variant: Premium
    auto_renew: false
    is_on_trial: true

- name: Keep it after the trial
  ppe.essentials.ppe_product:
    org: acme.example
    label: Security_Awareness
    is_on_trial: false
    auto_renew: true

- name: Cancel the archive subscription
  ppe.essentials.ppe_product:
    org: acme.example
    label: Email_Archive
    state: absent
"""

RETURN = r"""
product:
  description:
    - The product after the task as the API answers it (read back after a write; in check mode, the prediction).
  returned: success
  type: dict
  sample:
    label: Security_Awareness
    name: Security Awareness Training
    variant: Premium
    is_purchased: true
    auto_renew: false
    is_on_trial: true
    is_trial_extended: false
"""

from ansible_collections.ppe.essentials.plugins.module_utils import _engine as engine
from ansible_collections.ppe.essentials.plugins.module_utils._module import ResourceDefinition, run_module
from ansible_collections.ppe.essentials.plugins.module_utils._resources.product import ProductResource, run_params


class ProductDefinition(ResourceDefinition):
    """The engine's run, then one read back after a write: an accepted write the product does not show is an error."""

    def run(self, params, client, check_mode, warn):
        params = run_params(params)
        run = engine.Run(self.resource, client, params, check_mode, warn)
        out = engine.ensure(run)
        if check_mode or not out["changed"]:
            return out
        after = engine.read(run)
        self.resource.check_taken(params, out, after)
        out[self.resource.result_key] = after
        return out


DEFINITION = ProductDefinition(ProductResource())


def main():
    run_module(DEFINITION)


if __name__ == "__main__":
    main()
