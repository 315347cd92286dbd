#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) ppe.essentials contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r"""
module: ppe_sender_lists
short_description: Manage the safe and blocked sender lists of an organization, a user or a group
version_added: 0.1.0
description:
  - Manages the allow (safe) and block lists of an organization, or of one of its users with O(user), or of one of
    its groups with O(group).
  - Entries are e-mail addresses, domains, C(*@domain) and C(*@*.domain) wildcards, IPv4 addresses (with C(*)
    octets) or IPv4 networks of /24 or smaller. Every entry is validated before any request.
  - Entries compare case-insensitively and order-insensitively. Only a list that changes is sent, with one PATCH.
author:
  - PPE Essentials maintainers (@ppe-essentials)
options:
  user:
    description:
      - Primary e-mail address of a user of the organization whose lists to manage. Without it, the organization's
        lists are managed.
    type: str
  group:
    description:
      - A group of the organization whose lists to manage, by id or by name (by name, the API takes the first group
        of that name). Mutually exclusive with O(user).
      - The API has no endpoint that lists groups, so a group that does not exist is reported as the API's HTTP 404.
    type: str
    version_added: 0.1.0
  allow_list:
    description:
      - Senders that are always allowed (the organization's or user's safe senders).
      - Not managed when not set.
    type: list
    elements: str
    aliases: [safe_list_senders]
  block_list:
    description:
      - Senders that are always blocked.
      - Not managed when not set.
    type: list
    elements: str
    aliases: [block_list_senders]
  mode:
    description:
      - V(replace) makes each given list exactly what is given (an empty list empties it).
      - V(append) adds the given entries that are missing; V(remove) removes the given entries that are present.
    type: str
    choices: [replace, append, remove]
    default: replace
extends_documentation_fragment:
  - ppe.essentials.connection
  - ppe.essentials.org
  - ppe.essentials.attributes
seealso:
  - module: ppe.essentials.ppe_sender_lists_info
"""

EXAMPLES = r"""
- name: Set the organization's lists exactly
  ppe.essentials.ppe_sender_lists:
    org: acme.example
    allow_list:
      - partner.example
      - "*@billing.vendor.example"
    block_list:
      - 203.0.113.0/24

- name: Block one more sender for a user, keeping the others
  ppe.essentials.ppe_sender_lists:
    org: acme.example
    user: alice@acme.example
    block_list: [spam@junk.example]
    mode: append

- name: Allow a supplier for the Sales group
  ppe.essentials.ppe_sender_lists:
    org: acme.example
    group: Sales
    allow_list: [supplier.example]
    mode: append
"""

RETURN = r"""
sender_lists:
  description: The lists after the task (the prediction in check mode).
  returned: success
  type: dict
  sample:
    allow_list: [partner.example, "*@billing.vendor.example"]
    block_list: [203.0.113.0/24]
  contains:
    allow_list:
      description: Senders that are always allowed.
      type: list
      elements: str
      returned: success
    block_list:
      description: Senders that are always blocked.
      type: list
      elements: str
      returned: success
"""

from ansible_collections.ppe.essentials.plugins.module_utils._module import ResourceDefinition, run_module
from ansible_collections.ppe.essentials.plugins.module_utils._resources.sender_lists import SenderListsResource

DEFINITION = ResourceDefinition(SenderListsResource())


def main():
    run_module(DEFINITION)


if __name__ == "__main__":
    main()
