# -*- coding: utf-8 -*-
# Copyright (c) ppe.essentials contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Who is calling and what they may touch: X-User/X-Password, user types, the org hierarchy, stacks."""

from __future__ import annotations

from .constants import PARTNER_ADMIN_TYPES, PLAIN_USER_TYPES
from .errors import ApiError, forbidden, not_found
from .model import check_password


def authenticate(store, headers):
    """(org, user) of the caller; 401 (empty body) for missing, unknown, wrong or inactive credentials.

    Werkzeug's header lookup is case-insensitive, so X-user / x-password work too.
    """
    email = headers.get("X-User", "").strip()
    password = headers.get("X-Password", "")
    if not email or not password:
        raise ApiError(401, "")
    org, user = store.user_by_email(email)
    if user is None or not user["is_active"] or not check_password(user.get("password_hash"), password):
        raise ApiError(401, "")
    if user["type"] in PLAIN_USER_TYPES:
        raise forbidden("user type %s has no API access; only administrators can use the API" % user["type"])
    return org, user


def check_scope(store, caller_org, caller, target):
    """403 unless target is in the caller's part of the hierarchy.

    Partner admins (OEM > strategic > channel) reach their own entity and everything below it;
    organization admins reach only their own organization.
    """
    if caller["type"] in PARTNER_ADMIN_TYPES:
        allowed = store.is_within(target, caller_org)
    else:
        allowed = target["eid"] == caller_org["eid"]
    if not allowed:
        raise forbidden("the organization %s is outside your account's hierarchy" % target["primary_domain"])


def check_stack(org, stack):
    """403 for an org that lives on other stacks (the KB's "wrong stack number")."""
    if stack not in org["stacks"]:
        raise forbidden("the organization %s is on another stack (%s), not on %s; use /api/v1/endpoints/%s"
                        % (org["primary_domain"], ", ".join(org["stacks"]), stack, org["primary_domain"]))


def resolve_org(store, name):
    """Org owning the domain name; 404 when no org on the platform has it."""
    org = store.org_by_domain(name)
    if org is None:
        raise not_found("Not Found: no organization has the domain %s" % name)
    return org


def check_write(caller):
    """403 for read-only admins on any write."""
    if caller.get("read_only_user"):
        raise forbidden("read-only users cannot make changes")


def check_partner(caller, what):
    """403 unless the caller is a partner admin."""
    if caller["type"] not in PARTNER_ADMIN_TYPES:
        raise forbidden("only partner administrators can %s" % what)
