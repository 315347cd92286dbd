# -*- coding: utf-8 -*-
# Copyright (c) ppe.essentials contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""A user of an organization (ppe_user, ppe_users, ppe_user_info)."""

from __future__ import annotations

from difflib import SequenceMatcher

from ansible_collections.ppe.essentials.plugins.module_utils._normalize import check_domain, check_email, check_sender, domain, each, email
from ansible_collections.ppe.essentials.plugins.module_utils._resource import Field, Resource
from ansible_collections.ppe.essentials.plugins.module_utils._vocabulary import USER_TYPES

# Options only a new user's task sets (with an initial password: user_password and update_password=on_create).
CREATE_SIGNS = ("firstname", "surname", "send_welcome_email")


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
        "must_exist": {"type": "bool"},  # unset: the creation rule of create_refusal decides
    }
    names_closest = True
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

    def asks_for_create(self, params):
        """A task asks for a new user when it names the person (firstname, surname) or sets what only a create uses
        (an initial password, the welcome e-mail), or says must_exist: false; is_active: false never does."""
        if params.get("must_exist") is not None:
            return not params["must_exist"]
        if params.get("is_active") is False:
            return False
        initial_password = params.get("user_password") is not None and params.get("update_password") != "always"
        return initial_password or any(params.get(name) is not None for name in CREATE_SIGNS)

    def create_refusal(self, params):
        """A missing user is created only when the task asks for one: a misspelt address in a task that changes a
        user (a leaver's deactivation above all) would otherwise create a new, billable user."""
        if params.get("must_exist"):
            return "must_exist is set, so it is not created"
        if self.asks_for_create(params):
            return None
        if params.get("is_active") is False:
            return "is_active: false never creates a user (to create an inactive one, set must_exist: false)"
        return ("a task that only changes a user does not create one (to create it, give firstname or surname, or set "
                "must_exist: false)")

    def closest(self, params, listed):
        addresses = [obj.get("primary_email") for obj in listed if isinstance(obj, dict)]
        names = closest_addresses(params["email"], addresses)
        return " (closest: %s)" % ", ".join(names) if names else " (no address of the organization is close)"

    def creation_errors(self, params, parent):
        """The API refuses a user whose address is in a domain the organization does not have (HTTP 403)."""
        return domain_errors(params["email"], params["org"], parent)

    def always_write(self, params):
        if params.get("update_password") == "always" and params.get("user_password"):
            return [f for f in self.fields if f.name == "user_password"]
        return []


def active_billable(users):
    """How many of `users` (as read) count against the licences: active and billable (each the API's default)."""
    fields = dict((f.name, f) for f in UserResource.fields)
    count = 0
    for user in users:
        if not isinstance(user, dict):
            continue
        try:
            count += bool(fields["is_active"].api_value(user) and fields["is_billable"].api_value(user))
        except ValueError:  # not a boolean: not counted (the count only decides a warning)
            continue
    return count


def closest_addresses(address, addresses, limit=3, cutoff=0.6):
    """The addresses most like `address` (a typo's intended one), best first.

    Local parts are compared, and domains too (a typo can be in either); every address of an organization shares its
    domain, so comparing whole addresses would find every one of them close."""
    local, _at, user_domain = email(address).rpartition("@")
    scored = []
    for other in set(email(a) for a in addresses if isinstance(a, str) and "@" in a):
        other_local, _at, other_domain = other.rpartition("@")
        score = SequenceMatcher(None, local, other_local).ratio() * (
            1.0 if other_domain == user_domain else SequenceMatcher(None, user_domain, other_domain).ratio())
        if score >= cutoff and other != email(address):
            scored.append((-score, other))
    return [other for _score, other in sorted(scored)[:limit]]


def domain_errors(address, org, org_object):
    """A message when `address` is outside the domains of `org_object` (the organization as read)."""
    names = sorted(domain(d.get("name") if isinstance(d, dict) else d) for d in (org_object or {}).get("domains") or [])
    user_domain = domain(address.rpartition("@")[2])
    if user_domain in names:
        return []
    return ["email: %s: %s is not a domain of %s (its domains: %s); add the domain first with ppe.essentials.ppe_domain"
            % (address, user_domain, org, ", ".join(names) or "none")]


def user_item_spec():
    """The options of one item of ppe_users' `users` list: ppe_user's options without `org`."""
    spec = UserResource().argument_spec()
    del spec["org"]
    return spec
