# -*- coding: utf-8 -*-
# Copyright (c) ppe.essentials contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Per-org settings: features, licensing, package, and org/user sender lists.

Sender lists share storage with the Org's and User's safe_list_senders/block_list_senders
(allow_list = safe list), so both views always agree.
"""

from __future__ import annotations

from .auth import check_partner
from .constants import FEATURE_PACKAGES, PACKAGES
from .errors import forbidden, invalid, not_found
from .inputs import known_values, unknown_fields
from .res_users import own_user
from .validation import field_error, sender_list_errors, to_bool, to_int


def available(org):
    """Feature names offered by the org's licensing package."""
    return [f for f, packages in FEATURE_PACKAGES.items() if org["licensing_package"] in packages]


def get_features(ctx):
    """GET /orgs/{d}/features: only the package's features."""
    org = ctx.org()
    return 200, {name: org["features"][name] for name in available(org)}


def put_features(ctx):
    """PUT /orgs/{d}/features: partial merge; unknown -> 422, not in the package -> 403."""
    org = ctx.org(write=True)
    body = ctx.obj()
    errors, values = [], {}
    unknown_fields(body, FEATURE_PACKAGES, errors)
    for name in body:
        if name in FEATURE_PACKAGES:
            try:
                values[name] = to_int(body[name]) if name == "instant_replay" else to_bool(body[name])
            except ValueError as exc:
                errors.append(field_error(name, str(exc)))
    if errors:
        raise invalid(errors)
    offered = available(org)
    missing = [name for name in values if name not in offered]
    if missing:
        raise forbidden("feature(s) %s not available in the %s package" % (", ".join(missing), org["licensing_package"]))
    org["features"].update(values)
    return 204, None


def get_licensing(ctx):
    """GET /orgs/{d}/licensing."""
    org = ctx.org()
    return 200, {"license_count": org["user_licenses"], "package": org["licensing_package"],
                 "is_on_trial": org["is_on_trial"], "is_beginner_plus": org["is_beginner_plus"]}


def _package(values, errors):
    if "package" in values:
        values["package"] = values["package"].lower()
        if values["package"] not in PACKAGES:
            errors.append(field_error("package", "%r is not one of %s" % (values["package"], ", ".join(PACKAGES))))


LICENSING_SPEC = {"license_count": "int", "package": "str", "is_on_trial": "bool", "is_beginner_plus": "bool"}
PACKAGE_SPEC = {"package": "str", "is_activated": "bool", "is_eula_confirmed": "bool", "is_trial_extended": "bool"}


def _partner_write(ctx, action, spec, require_one=False):
    """The shared prelude of licensing and package writes: org, partner check, body validated against spec."""
    org = ctx.org(write=True)
    check_partner(ctx.caller, action)
    body = ctx.obj()
    errors = []
    values = known_values(body, spec, errors)
    _package(values, errors)
    if require_one and not values and not errors:
        errors.append(field_error("package", "at least one field is required"))
    if errors:
        raise invalid(errors)
    return org, values


def put_licensing(ctx):
    """PUT /orgs/{d}/licensing: partial, partner admins only, 204."""
    org, values = _partner_write(ctx, "change licensing", LICENSING_SPEC)
    renames = {"license_count": "user_licenses", "package": "licensing_package"}
    org.update({renames.get(k, k): v for k, v in values.items()})
    return 204, None


def put_package(ctx):
    """PUT /orgs/{d}/package: sets licensing_package; is_activated true ends a trial; 204."""
    org, values = _partner_write(ctx, "change the package", PACKAGE_SPEC, require_one=True)
    if "package" in values:
        org["licensing_package"] = values.pop("package")
    if values.get("is_activated"):
        org["is_on_trial"] = False
    org["package_state"].update(values)
    return 204, None


def own_group(ctx, org):
    """The path's group of org, by id (digits) or by name (case-insensitive; the first match, as the spec says)."""
    wanted = ctx.params["group"]
    for group in org.get("groups") or []:
        if (str(group["id"]) == wanted) if wanted.isdigit() else group["name"].lower() == wanted.lower():
            group.setdefault("safe_list_senders", [])
            group.setdefault("block_list_senders", [])
            return group
    raise not_found("Not Found: no group %s in %s" % (wanted, org["primary_domain"]))


def sender_lists(ctx):
    """GET/POST/PATCH/DELETE on /orgs/{d}[/users/{email}|/groups/{group}]/sender-lists.

    POST and PATCH replace only the lists present (at least one); every entry is validated first.
    """
    org = ctx.org(write=ctx.method != "GET")
    target = own_user(ctx, org) if "email" in ctx.params else own_group(ctx, org) if "group" in ctx.params else org
    if ctx.method == "DELETE":
        target["safe_list_senders"], target["block_list_senders"] = [], []
        return 204, None
    if ctx.method in ("POST", "PATCH"):
        body = ctx.obj()
        errors = []
        unknown_fields(body, ("allow_list", "block_list"), errors)
        if "allow_list" not in body and "block_list" not in body:
            errors.append(field_error("allow_list", "at least one of allow_list, block_list is required"))
        for field in ("allow_list", "block_list"):
            if field in body:
                errors.extend(sender_list_errors(field, body[field]))
        if errors:
            raise invalid(errors)
        if "allow_list" in body:
            target["safe_list_senders"] = [e.strip(" ") for e in body["allow_list"]]
        if "block_list" in body:
            target["block_list_senders"] = [e.strip(" ") for e in body["block_list"]]
        if ctx.method == "PATCH":
            return 204, None
    lists = {"allow_list": list(target["safe_list_senders"]), "block_list": list(target["block_list_senders"])}
    return (201 if ctx.method == "POST" else 200), lists
