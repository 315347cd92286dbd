# -*- coding: utf-8 -*-
# Copyright (c) ppe.essentials contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""What ppe_login_token does: an Odin impersonation token for an organization admin (POST /token/{org}).

Private to the ppe.essentials collection; not a public API. Every precondition of the guide's Odin section that a GET
can tell is checked before the POST (in check mode too), each failing with what to change: the caller is a strategic
or OEM partner admin (GET /me), its entity is an Odin Platform Partner (GET of the entity: odin_capabilities), the
caller may impersonate (its own user: odin_settings.can_impersonate), the target is an imitable organization admin in
the caller's hierarchy (GET of the target user). A read that does not say (the API's /me schema is not documented)
leaves the check to the POST, whose 403/404/422 are mapped to the same messages.

The token is a credential: the result is marked for censoring (Definition.credential_result, honoured by the action
plugin on both execution paths), so it is never printed, and only a registered variable holds it.
"""

from __future__ import annotations

from urllib.parse import quote, urlsplit

from ansible_collections.ppe.essentials.plugins.module_utils._client import api_path
from ansible_collections.ppe.essentials.plugins.module_utils._errors import (
    NotFoundError, OptionError, PermissionDeniedError, PPEError, UnexpectedAnswerError)
from ansible_collections.ppe.essentials.plugins.module_utils._module import Definition
from ansible_collections.ppe.essentials.plugins.module_utils._normalize import boolean, check_domain, check_email, text
from ansible_collections.ppe.essentials.plugins.module_utils._resource import option_errors

PARTNER_ADMINS = ("strategic_partner_admin", "oem_partner_admin")
NOTHING = "No token was requested."
GUIDE = "the guide's Odin section"


def odin_flag(obj, key):
    """A key of a user's odin_settings: True or False, None when the object does not say."""
    settings = (obj or {}).get("odin_settings")
    if not isinstance(settings, dict) or settings.get(key) is None:
        return False if "odin_settings" in (obj or {}) else None
    try:
        return boolean(settings[key])
    except ValueError:
        return None


def login_url(base_url, token):
    """The console login with the token, on the stack the token was requested from (the guide's example:
    https://us1.proofpointessentials.com/app/login.php?auth_token=...)."""
    parts = urlsplit(base_url)
    host = parts.netloc.rsplit("@", 1)[-1]
    return "%s://%s/app/login.php?auth_token=%s" % (parts.scheme, host, quote(token, safe=""))


class LoginTokenDefinition(Definition):
    """ppe_login_token: the checks a GET can make, then one POST (none in check mode)."""

    credential_result = True  # the result holds a credential: censored in output (plugin_utils/_action.py)

    def options(self):
        return {"org": {"type": "str", "required": True},
                "user": {"type": "str", "required": True, "aliases": ["user_to_impersonate"]}}

    def check(self, params):
        params["org"], params["user"] = text(params["org"]).strip(), text(params["user"]).strip()
        return option_errors(params, [("org", check_domain), ("user", check_email)])

    def run(self, params, client, check_mode, warn):
        org, user, caller = params["org"], params["user"], params["username"]
        entity = self.check_caller(client, caller)
        self.check_target(client, org, user, entity)
        if check_mode:
            return {"changed": True, "auth_token": None, "login_url": None,
                    "msg": "Check mode: every precondition a read can tell holds; no token was requested."}
        path = api_path("token", org)
        try:
            answer = client.request("POST", path, {"user_to_impersonate": user}).data
        except PPEError as exc:
            raise self.refusal(exc, org, user, caller, entity) from exc
        token = answer.get("auth_token") if isinstance(answer, dict) else None
        if not isinstance(token, str) or not token.strip():
            raise UnexpectedAnswerError("POST %s: the API's answer holds no auth_token (the guide's shape is "
                                        "{\"auth_token\": \"...\"}); no token to return." % path, method="POST",
                                        path=path)
        return {"changed": True, "auth_token": token, "login_url": login_url(client.base_url, token)}

    # -- the preconditions a GET can tell ------------------------------------------------------------------------
    @staticmethod
    def check_caller(client, caller):
        """The caller's entity (its primary domain, or None when /me does not say), after the caller's checks."""
        me = client.get(api_path("me"), expect=dict)
        kind = text(me.get("type")).strip().lower()
        if kind and kind not in PARTNER_ADMINS:
            raise PermissionDeniedError(
                "%s is a %s: only a strategic or OEM partner admin can get Odin login tokens (%s). Connect as one "
                "(username, password or PPE_USERNAME, PPE_PASSWORD). %s" % (caller, kind, GUIDE, NOTHING))
        entity = text(me.get("entity_primary_domain")).strip().lower() or None
        if entity is None:
            return None
        partner = client.get(api_path("orgs", entity), expect=dict)
        capabilities = partner.get("odin_capabilities")
        if isinstance(capabilities, str) and capabilities.strip().lower() in ("", "none"):
            raise PermissionDeniedError(
                "%s is not an Odin Platform Partner (its odin_capabilities is %r): a partner admin must tick \"Odin "
                "Platform Partner\" in the partner's Company Settings first (%s). %s" % (
                    entity, capabilities, GUIDE, NOTHING))
        own = client.get_or_none(api_path("orgs", entity, "users", caller), expect=dict)
        if own is not None and odin_flag(own, "can_impersonate") is False:
            raise PermissionDeniedError(
                "%s may not impersonate (odin_settings.can_impersonate is false): set it with ppe.essentials.ppe_user "
                "(org: %s, email: %s, odin_settings: {can_impersonate: true}). %s" % (caller, entity, caller, NOTHING))
        return entity

    @staticmethod
    def check_target(client, org, user, entity):
        """The user to impersonate exists in `org`, in the caller's hierarchy, and is an imitable organization admin."""
        try:
            target = client.get_or_none(api_path("orgs", org, "users", user), expect=dict)
            if target is None and client.get_or_none(api_path("orgs", org), expect=dict) is None:
                raise NotFoundError("organization %s does not exist; check it for a typo. %s" % (org, NOTHING))
        except PermissionDeniedError as exc:
            raise PermissionDeniedError(
                "organization %s is outside the hierarchy of %s (the API answered HTTP 403%s): a token is only for "
                "a customer of the caller's partner. %s" % (org, entity or "the caller's partner",
                                                            ": %s" % exc.api_message if exc.api_message else "",
                                                            NOTHING), method=exc.method, path=exc.path) from exc
        if target is None:
            raise NotFoundError("organization %s has no user %s; check it for a typo. %s" % (org, user, NOTHING))
        kind = text(target.get("type")).strip().lower()
        if kind and kind != "organization_admin":
            raise PermissionDeniedError(
                "%s is a %s: only an organization_admin can be impersonated (%s); name one of %s's organization "
                "admins. %s" % (user, kind, GUIDE, org, NOTHING))
        if odin_flag(target, "is_imitable") is False:
            raise PermissionDeniedError(
                "%s is not imitable (odin_settings.is_imitable is false): set it with ppe.essentials.ppe_user (org: "
                "%s, email: %s, odin_settings: {is_imitable: true}). %s" % (user, org, user, NOTHING))

    @staticmethod
    def refusal(exc, org, user, caller, entity):
        """The POST's refusal in words that say what to change (the API's own message kept)."""
        said = " The API said: %s." % exc.api_message if exc.api_message else ""
        if exc.status == 403:
            return PermissionDeniedError(
                "The API refused the token for %s (HTTP 403).%s The guide's preconditions: %s is a strategic or OEM "
                "partner admin with odin_settings.can_impersonate true, its partner%s is an Odin Platform Partner, and "
                "%s is an organization_admin of %s, in that partner's hierarchy, with odin_settings.is_imitable true "
                "(set both with ppe.essentials.ppe_user). %s" % (
                    user, said, caller, " " + entity if entity else "", user, org, NOTHING),
                method=exc.method, path=exc.path, api_message=exc.api_message)
        if exc.status == 404:
            return NotFoundError("The API knows no user %s in organization %s (HTTP 404).%s Check both for a typo. %s"
                                 % (user, org, said, NOTHING), method=exc.method, path=exc.path,
                                 api_message=exc.api_message)
        if exc.status == 422:
            return OptionError("The API refused user_to_impersonate %s (HTTP 422).%s Give the primary e-mail address "
                               "of an organization admin. %s" % (user, said, NOTHING), method=exc.method, path=exc.path,
                               status=422, api_message=exc.api_message)
        return exc
