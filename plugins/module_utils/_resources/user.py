# -*- coding: utf-8 -*-
# Copyright (c) ppe.essentials contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""A user of an organization (ppe_user, ppe_users, ppe_user_info)."""

from __future__ import annotations

from difflib import SequenceMatcher

from ansible_collections.ppe.essentials.plugins.module_utils._normalize import (
    boolean, check_domain, check_email, check_sender, domain, each, email, merge_given)
from ansible_collections.ppe.essentials.plugins.module_utils._resource import Field, Resource
from ansible_collections.ppe.essentials.plugins.module_utils._vocabulary import USER_TYPES

# odin_settings (the guide's Odin section): who may hold each key; the API ignores (keeps false) a value the user's type
# does not allow, or may answer 422. A partner admin's type implies its entity's (admin types must match the entity).
ODIN_KEYS = ("can_impersonate", "is_imitable")
ODIN_RULES = {
    "can_impersonate": (("strategic_partner_admin", "oem_partner_admin"),
                        "only a strategic_partner_admin or oem_partner_admin can impersonate"),
    "is_imitable": (("organization_admin",), "only an organization_admin can be imitated"),
}
ODIN_SPEC = {"type": "dict", "options": {key: {"type": "bool"} for key in ODIN_KEYS}}

# Options only a new user's task sets (with an initial password: user_password and update_password=on_create).
CREATE_SIGNS = ("firstname", "surname", "send_welcome_email")


def odin(value):
    """odin_settings as compared and sent: both keys, false where missing (the API's null stands for both false)."""
    value = value if isinstance(value, dict) else {}
    return dict((key, boolean(value.get(key))) for key in ODIN_KEYS)


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
        Field("odin_settings", "dict", spec=ODIN_SPEC, normalize=odin, to_api=odin),
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

    def object_errors(self, obj):
        """A true odin_settings key the user's type does not allow: the API would ignore it (or answer 422)."""
        return odin_errors(obj.get("type") or "end_user", obj.get("odin_settings"))

    def differences(self, params, current):
        """odin_settings compares the keys given over the current ones (the bulk module compares its items as given)."""
        return super().differences(self.desired(params, current), current)

    def update_bodies(self, params, current, writable):
        """odin_settings goes whole (both keys, the current ones under those given): the API replaces the object."""
        bodies = super().update_bodies(params, current, writable)
        for body in bodies.values():
            if "odin_settings" in body:
                body["odin_settings"] = odin_over(current, params)
        return bodies

    def created_view(self, obj, body):
        """A create's diff shows odin_settings only when the task sets it (most users are not Odin users)."""
        view = super().created_view(obj, body)
        if "odin_settings" not in body:
            view.pop("odin_settings", None)
        return view

    def merged(self, current, params, writable):
        """The given odin_settings keys over the current ones; a type change without them makes the API drop both keys
        (each is allowed for one type only)."""
        obj = super().merged(current, params, writable)
        names = [f.name for f in writable]
        if "odin_settings" in names:
            obj["odin_settings"] = odin_over(current, params)
        elif "type" in names and params.get("odin_settings") is None:
            obj["odin_settings"] = odin(None)
        return obj


def odin_over(current, params):
    """The odin_settings a write leaves: the keys `params` gives over the current object's."""
    return odin(merge_given((current or {}).get("odin_settings"), params.get("odin_settings")))


def odin_errors(user_type, settings):
    """Messages for the true odin_settings keys that `user_type` may not hold, each naming the rule."""
    settings = settings if isinstance(settings, dict) else {}
    return ["odin_settings.%s: %s (this user is %s); the API ignores it for other types" % (key, rule, user_type)
            for key, (types, rule) in ODIN_RULES.items() if boolean(settings.get(key)) and user_type not in types]


def odin_unkept(address, wanted, read):
    """Messages for the odin_settings keys a task wrote (`wanted`, the keys it gave) that the user read back after the
    write (`read`, the API's object) does not hold: the API ignored them. Each names the rule."""
    held = odin((read or {}).get("odin_settings"))
    return ["the API did not keep odin_settings.%s=%s for %s (it reads back %s): %s, and the guide says the API "
            "ignores what a user's type or the Odin setup does not allow (the partner must be an Odin Platform "
            "Partner; see the guide's Odin section)" % (key, str(bool(value)).lower(), address,
                                                        str(held[key]).lower(), ODIN_RULES[key][1])
            for key, value in sorted((wanted or {}).items()) if value is not None and bool(value) != held[key]]


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
