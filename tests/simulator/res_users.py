# -*- coding: utf-8 -*-
# Copyright (c) ppe.essentials contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Users of an org: list, create (single 201 / batch 207), read, partial update (PUT), delete.

Primary e-mails are unique platform-wide (409) and must be in one of the org's domains (403, as in
the guide's 207 example). Passwords are write-only and stored as salted hashes.
"""

from __future__ import annotations

from .constants import ADMIN_TYPE_OF_ORG, ADMIN_TYPES, PLAIN_USER_TYPES, USER_TYPES
from .batch import partial_update, single_or_batch
from .errors import ApiError, forbidden, invalid, not_found
from .inputs import check_emails, known_values, take_sender_lists
from .model import USER_DEFAULTS, hash_password, user_out, with_defaults
from .validation import field_error, is_email, to_bool

SPEC = {"primary_email": "str", "type": "str", "is_active": "bool", "firstname": "str", "surname": "str",
        "alias_emails": "list", "is_billable": "bool", "read_only_user": "bool", "send_welcome_email": "bool",
        "password": "str"}
KNOWN = list(SPEC) + ["uid", "odin_settings", "safe_list_senders", "block_list_senders", "white_list_senders",
                      "black_list_senders"]


def _odin(value, user_type, errors, prefix=""):
    """odin_settings: null -> defaults; values not allowed for the user type are ignored (guide)."""
    settings = {"can_impersonate": False, "is_imitable": False}
    if value is None:
        return settings
    if not isinstance(value, dict):
        errors.append(field_error(prefix + "odin_settings", "must be an object or null"))
        return settings
    for key in value:
        if key not in settings:
            errors.append(field_error(prefix + "odin_settings." + key, "unknown field"))
            continue
        try:
            settings[key] = to_bool(value[key])
        except ValueError as exc:
            errors.append(field_error(prefix + "odin_settings." + key, str(exc)))
    if user_type not in ("strategic_partner_admin", "oem_partner_admin"):
        settings["can_impersonate"] = False
    if user_type != "organization_admin":
        settings["is_imitable"] = False
    return settings


def _check_type(org, user_type, errors, prefix=""):
    if user_type not in USER_TYPES:
        errors.append(field_error(prefix + "type", "%r is not one of %s" % (user_type, ", ".join(USER_TYPES))))
    elif user_type in ADMIN_TYPES and user_type != ADMIN_TYPE_OF_ORG[org["type"]]:
        allowed = (ADMIN_TYPE_OF_ORG[org["type"]],) + PLAIN_USER_TYPES
        errors.append(field_error(prefix + "type", "%s users cannot belong to a %s entity (allowed: %s)"
                                  % (user_type, org["type"], ", ".join(allowed))))


def values_from(body, errors, prefix=""):
    """Coerced user fields of a body (no defaults)."""
    values = known_values(body, SPEC, errors, known=KNOWN, prefix=prefix)
    values.update(take_sender_lists(body, errors, prefix))
    check_emails(prefix + "alias_emails", values.get("alias_emails", []), errors)
    return values


def build(store, org, item, path_email=None, prefix=""):
    """A new User record for org from one request item; raises 422 / 403 / 409."""
    if not isinstance(item, dict):
        raise invalid([field_error(prefix + "user", "each user must be a JSON object")])
    errors = []
    values = values_from(item, errors, prefix)
    email = values.get("primary_email") or path_email or ""
    if path_email and values.get("primary_email") and values["primary_email"].lower() != path_email.lower():
        errors.append(field_error(prefix + "primary_email", "does not match the e-mail in the path"))
    if not email:
        errors.append(field_error(prefix + "primary_email", "is required"))
    elif not is_email(email):
        errors.append(field_error(prefix + "primary_email", "%r is not a valid e-mail address" % email))
    values["primary_email"] = email
    user = with_defaults(values, USER_DEFAULTS)
    _check_type(org, user["type"], errors, prefix)
    user["odin_settings"] = _odin(item.get("odin_settings"), user["type"], errors, prefix)
    if errors:
        raise invalid(errors)
    if email.split("@")[1].lower() not in org["domains"]:
        raise forbidden("The domain is not registered to this Organization")
    if store.user_by_email(email)[1] is not None:
        raise ApiError(409, "Conflict: a user with primary e-mail %s already exists" % email)
    user["password_hash"] = hash_password(user.pop("password")) if user.get("password") else ""
    user.pop("password", None)
    user["uid"] = store.new_uid()
    return user


def list_users(ctx):
    """GET /orgs/{d}/users."""
    org = ctx.org()
    return 200, {"users": [user_out(u, ctx.new_terms) for u in org["users"].values()]}


def create_users(ctx):
    """POST /orgs/{d}/users: object -> 201, array -> 207 {users, errors}."""
    org = ctx.org(write=True)

    def create_one(item):
        user = build(ctx.store, org, item)
        ctx.store.add_user(org, user)
        return user_out(user, ctx.new_terms)
    return single_or_batch(ctx, "users", "user", "primary_email", create_one)


def create_at_path(ctx):
    """POST /orgs/{d}/users/{email}: single create addressed like the guide's prose."""
    org = ctx.org(write=True)
    user = build(ctx.store, org, ctx.body if ctx.body is not None else {}, ctx.params["email"])
    ctx.store.add_user(org, user)
    return 201, user_out(user, ctx.new_terms)


def own_user(ctx, org):
    """The path's user, which must belong to org (404 otherwise)."""
    user = org["users"].get(ctx.params["email"].lower())
    if user is None:
        raise not_found("Not Found: no user %s in %s" % (ctx.params["email"], org["primary_domain"]))
    return user


def get_user(ctx):
    """GET /orgs/{d}/users/{email}."""
    return 200, user_out(own_user(ctx, ctx.org()), ctx.new_terms)


def update_user(ctx):
    """PUT /orgs/{d}/users/{email}: partial merge, 204. uid and send_welcome_email are ignored."""
    org = ctx.org(write=True)
    user = own_user(ctx, org)
    body, values, errors = partial_update(ctx, user, "primary_email", "cannot be changed", values_from)
    values.pop("send_welcome_email", None)
    new_type = values.get("type", user["type"])
    _check_type(org, new_type, errors)
    odin = _odin(body["odin_settings"] if "odin_settings" in body else user["odin_settings"], new_type, errors)
    if errors:
        raise invalid(errors)
    if "password" in values:
        password = values.pop("password")
        user["password_hash"] = hash_password(password) if password else ""
    user.update(values)
    user["odin_settings"] = odin
    return 204, None


def delete_user(ctx):
    """DELETE /orgs/{d}/users/{email}: 204 (a body, if any, is ignored)."""
    org = ctx.org(write=True)
    user = own_user(ctx, org)
    if user["primary_email"].lower() == ctx.caller["primary_email"].lower():
        raise forbidden("you cannot delete your own user")
    ctx.store.remove_user(org, user["primary_email"])
    return 204, None
