#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) ppe.essentials contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r"""
module: ppe_sender_lists
short_description: Manage the safe and blocked sender lists of an organization or a user
version_added: 0.1.0
description:
  - Manages the allow (safe) and block lists of an organization, or of one of its users with O(user).
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

from ansible_collections.ppe.essentials.plugins.module_utils.client import api_path
from ansible_collections.ppe.essentials.plugins.module_utils.module import run_resource_module
from ansible_collections.ppe.essentials.plugins.module_utils.normalize import check_domain, check_email, check_sender, each, sender
from ansible_collections.ppe.essentials.plugins.module_utils.resource import Field, Resource

LISTS = ("allow_list", "block_list")


def combine(current, given, mode):
    """The list `mode` asks for: given entries, or current plus/minus them (compared case-insensitively)."""
    if mode == "replace":
        return list(given)
    given_keys = set(sender(e) for e in given)
    if mode == "remove":
        return [e for e in current if sender(e) not in given_keys]
    current_keys = set(sender(e) for e in current)
    return list(current) + [e for e in given if sender(e) not in current_keys]


class SenderListsResource(Resource):
    """Sender lists at /orgs/{org}/sender-lists or /orgs/{org}/users/{user}/sender-lists; PATCH per list."""

    key = "sender_lists"
    creatable = False
    noun = "sender lists"
    identity_options = {"org": {"type": "str", "required": True}, "user": {"type": "str"}}
    identity_checks = {"org": check_domain, "user": check_email}
    extra_options = {"mode": {"type": "str", "default": "replace", "choices": ["replace", "append", "remove"]}}
    update_method = "PATCH"
    fields = (
        Field("allow_list", "list", elements="sender", default=[], validate=each(check_sender), aliases=["safe_list_senders"]),
        Field("block_list", "list", elements="sender", default=[], validate=each(check_sender), aliases=["block_list_senders"]),
    )

    def item_path(self, params):
        if params.get("user"):
            return api_path("orgs", params["org"], "users", params["user"], "sender-lists")
        return api_path("orgs", params["org"], "sender-lists")

    def parents(self, params, creating=False):
        parents = super().parents(params)
        if params.get("user"):
            parents.append(("user %s of organization %s" % (params["user"], params["org"]),
                            api_path("orgs", params["org"], "users", params["user"])))
        return parents

    def describe(self, params):
        if params.get("user"):
            return "sender lists of user %s of organization %s" % (params["user"], params["org"])
        return super().describe(params)

    def desired(self, params, current):
        desired = dict(params)
        for name in LISTS:
            if params.get(name) is not None:
                desired[name] = combine(current.get(name) or [], params[name], params["mode"])
        return desired


def main():
    run_resource_module(SenderListsResource())


if __name__ == "__main__":
    main()
