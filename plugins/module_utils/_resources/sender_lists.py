# -*- coding: utf-8 -*-
# Copyright (c) ppe.essentials contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The safe and block sender lists of an organization or a user (ppe_sender_lists, ppe_sender_lists_info)."""

from __future__ import annotations

from ansible_collections.ppe.essentials.plugins.module_utils._normalize import check_domain, check_email, check_sender, each, sender
from ansible_collections.ppe.essentials.plugins.module_utils._resource import Field, Resource, format_path

LISTS = ("allow_list", "block_list")
MAX_ENTRIES = 10000


def combine(current, given, mode):
    """The list `mode` asks for: given entries, or current plus/minus them (compared case-insensitively)."""
    if mode == "replace":
        return list(given)
    given_keys = set(sender(e) for e in given)
    if mode == "remove":
        return [e for e in current if sender(e) not in given_keys]
    current_keys = set(sender(e) for e in current)
    return list(current) + [e for e in given if sender(e) not in current_keys]


def check_group(value):
    if not str(value).strip():
        raise ValueError("a group id or name is required")


MODE_OPTION = {"mode": {"type": "str", "default": "replace", "choices": ["replace", "append", "remove"]}}


def exemptions_field(elements, check, **extra):
    """The `exemptions` option of an EntrySetResource: a required list of entries, each validated by `check`."""
    return Field("exemptions", "list", elements=elements, default=[], validate=each(check),
                 spec={"type": "list", "elements": "str", "required": True}, **extra)


class EntrySetResource(Resource):
    """Settings of an organization that are one set of `exemptions`, given whole (replace) or added to / removed
    from (mode), and written as the difference: subclasses turn `difference()` into their API's requests."""

    creatable = False
    item_answer = None  # the API may answer the set as a bare list (Azure AD sync exemptions do)
    location_options = {"org": {"type": "str", "required": True}}
    location_checks = {"org": check_domain}
    extra_options = MODE_OPTION

    def desired(self, params, current):
        desired = dict(params)
        if params.get("exemptions") is not None:
            desired["exemptions"] = combine(current.get("exemptions") or [], params["exemptions"],
                                            params.get("mode") or "replace")
        return desired

    @staticmethod
    def difference(current, params):
        """(removed, added): the entries the run takes away and adds, compared as sender-list entries."""
        before, after = current.get("exemptions") or [], params["exemptions"]
        after_keys, before_keys = set(sender(e) for e in after), set(sender(e) for e in before)
        return [e for e in before if sender(e) not in after_keys], [e for e in after if sender(e) not in before_keys]


class SenderListsResource(Resource):
    """/orgs/{org}/sender-lists, /orgs/{org}/users/{user}/sender-lists or /orgs/{org}/groups/{group}/sender-lists;
    PATCH replaces only the lists given."""

    result_key = "sender_lists"
    noun = "sender lists"
    path = "orgs/{org}/sender-lists"
    user_path = "orgs/{org}/users/{user}/sender-lists"
    group_path = "orgs/{org}/groups/{group}/sender-lists"
    creatable = False
    location_options = {"org": {"type": "str", "required": True}, "user": {"type": "str"}, "group": {"type": "str"}}
    location_checks = {"org": check_domain, "user": check_email, "group": check_group}
    extra_options = MODE_OPTION
    update_method = "PATCH"
    fields = (
        Field("allow_list", "list", elements="sender", default=[], validate=each(check_sender),
              aliases=["safe_list_senders"], max_items=MAX_ENTRIES),
        Field("block_list", "list", elements="sender", default=[], validate=each(check_sender),
              aliases=["block_list_senders"], max_items=MAX_ENTRIES),
    )

    def item_path(self, params):
        if params.get("group") is not None:
            return format_path(self.group_path, params)
        return format_path(self.user_path if params.get("user") else self.path, params)

    def location_errors(self, params):
        if params.get("user") is not None and params.get("group") is not None:
            return ["user, group: set one of them (the lists of a user or of a group), not both"]
        return []

    def parents(self, params, creating=False):
        parents = super().parents(params)
        if params.get("user"):
            parents.append(("user %s of organization %s" % (params["user"], params["org"]),
                            format_path("orgs/{org}/users/{user}", params)))
        return parents

    def describe(self, params):
        if params.get("group") is not None:
            return "sender lists of group %s of organization %s" % (params["group"], params["org"])
        if params.get("user"):
            return "sender lists of user %s of organization %s" % (params["user"], params["org"])
        return super().describe(params)

    def desired(self, params, current):
        desired = dict(params)
        for name in LISTS:
            if params.get(name) is not None:
                desired[name] = combine(current.get(name) or [], params[name], params.get("mode") or "replace")
        return desired
