# -*- coding: utf-8 -*-
# Copyright (c) ppe.essentials contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""A user of an organization (ppe_user, ppe_users, ppe_user_info)."""

from __future__ import annotations

from ansible_collections.ppe.essentials.plugins.module_utils._normalize import check_domain, check_email, check_sender, domain, each, email
from ansible_collections.ppe.essentials.plugins.module_utils._resource import Field, Resource
from ansible_collections.ppe.essentials.plugins.module_utils._vocabulary import USER_TYPES


class UserResource(Resource):
    """/orgs/{org}/users/{email}; created by POST on the collection (one object, or a batch answered 207)."""

    result_key = noun = "user"
    plural = "users"
    path = "orgs/{org}/users/{email}"
    collection = "orgs/{org}/users"
    identity_option = "email"
    identity_field = "primary_email"
    identity_normalize = staticmethod(email)
    location_options = {
        "org": {"type": "str", "required": True},
        "email": {"type": "str", "required": True, "aliases": ["primary_email"]},
    }
    location_checks = {"org": check_domain, "email": check_email}
    filters = {"type": ({"type": "list", "elements": "str", "choices": list(USER_TYPES)}, "type"),
               "is_active": ({"type": "bool"}, "is_active")}
    extra_options = {
        "update_password": {"type": "str", "default": "on_create", "choices": ["on_create", "always"], "no_log": False},
        "must_exist": {"type": "bool", "default": False},
    }
    fields = (
        Field("firstname", default=""),
        Field("surname", default=""),
        Field("type", choices=USER_TYPES, default="end_user"),
        Field("is_active", "bool", default=True),
        Field("is_billable", "bool", default=True),
        Field("alias_emails", "list", elements="email", default=[], validate=each(check_email)),
        Field("safe_list_senders", "list", elements="sender", default=[], validate=each(check_sender),
              aliases=["white_list_senders"]),
        Field("block_list_senders", "list", elements="sender", default=[], validate=each(check_sender),
              aliases=["black_list_senders"]),
        Field("user_password", api_name="password", secret=True),
        Field("send_welcome_email", "bool", create_only=True),
    )

    def cross_errors(self, params):
        if params.get("update_password") == "always" and not params.get("user_password"):
            return ["update_password: always needs user_password (there is no password to send)"]
        return []

    def creation_errors(self, params, parent):
        """The API refuses a user whose address is in a domain the organization does not have (HTTP 403)."""
        return domain_errors(params["email"], params["org"], parent)

    def always_write(self, params):
        if params.get("update_password") == "always" and params.get("user_password"):
            return [f for f in self.fields if f.name == "user_password"]
        return []


def domain_errors(address, org, org_object):
    """A message when `address` is outside the domains of `org_object` (the organization as read)."""
    names = sorted(domain(d.get("name") if isinstance(d, dict) else d) for d in (org_object or {}).get("domains") or [])
    user_domain = domain(address.rpartition("@")[2])
    if user_domain in names:
        return []
    return ["email: %s: %s is not a domain of %s (its domains: %s); add the domain first with ppe.essentials.ppe_domain"
            % (address, user_domain, org, ", ".join(names) or "none")]


def user_item_spec():
    """The options of one item of ppe_users' `users` list: ppe_user's options without `org` and `must_exist`."""
    spec = UserResource().argument_spec()
    del spec["org"]
    del spec["must_exist"]
    return spec
