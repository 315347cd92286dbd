# -*- coding: utf-8 -*-
# Copyright (c) ppe.essentials contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Authentication settings of an organization: MFA and login policy (ppe_auth_settings), SAML identity providers
(ppe_saml_idp), and their _info modules.

Private to the ppe.essentials collection; not a public API. The MFA and login policies are two paths of one
settings resource: a run reads (and writes) only the paths that hold an option it sets. An identity provider is
named by the user and addressed by the API with the id it assigns, so it is found by listing the providers.
"""

from __future__ import annotations

import re

from ansible_collections.ppe.essentials.plugins.module_utils._normalize import boolean, check_domain, optional, shown, text
from ansible_collections.ppe.essentials.plugins.module_utils._resource import Field, Resource

AUTH = "orgs/{org}/authentication/settings/"
_UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")


def check_uuid(value):
    if not _UUID.match(text(value).strip().lower()):
        raise ValueError("%s is not an identity provider id (a UUID such as ppe_saml_idp returns as idp.id)"
                         % shown(value))


def check_https(value):
    if not re.match(r"^https://[^\s/]+\S*$", text(value)):
        raise ValueError("%s is not an https:// URL" % shown(value))


def check_pem(value):
    if "BEGIN CERTIFICATE" not in text(value) or "END CERTIFICATE" not in text(value):
        raise ValueError("is not a PEM certificate (-----BEGIN CERTIFICATE----- ... -----END CERTIFICATE-----)")


MAX_LISTED = 10  # identity providers a message lists


def listed_idps(idps):
    """The providers of a message: "id (name)", at most MAX_LISTED, then how many more."""
    items = ["%s (%s)" % (i["id"], i["name"]) for i in idps[:MAX_LISTED]]
    more = " and %d more" % (len(idps) - MAX_LISTED) if len(idps) > MAX_LISTED else ""
    return ", ".join(items) + more


def pem(value):
    """Certificates compare without white space and line breaks (PEM wraps lines as it likes)."""
    return re.sub(r"\s+", "", text(value))


class AuthSettingsResource(Resource):
    """/orgs/{org}/authentication/settings/mfa and .../login: read and updated (PUT of the fields given) only."""

    result_key = "auth_settings"
    noun = "authentication settings"
    path = AUTH + "mfa"
    endpoints = {"login": AUTH + "login"}
    read_endpoints = (None, "login")
    creatable = False
    location_options = {"org": {"type": "str", "required": True}}
    location_checks = {"org": check_domain}
    fields = (
        Field("is_mfa_enabled", "bool", default=False),
        Field("mfa_admins_only", "bool", default=False),
        Field("allow_local_login", "bool", default=True, endpoint="login"),
        Field("allow_azure_login", "bool", default=False, endpoint="login"),
        Field("force_azure_login", "bool", default=False, endpoint="login"),
        Field("idp_for_forced_login", default="", endpoint="login", validate=optional(check_uuid),
              normalize=lambda v: text(v).strip().lower(), to_api=lambda v: text(v).strip().lower() or None),
    )

    def object_errors(self, obj):
        if "force_azure_login" in obj and boolean(obj.get("force_azure_login")) and not boolean(
                obj.get("allow_azure_login")):
            return ["force_azure_login: forcing the Azure AD login needs allow_azure_login, which would be false; "
                    "set allow_azure_login: true"]
        return []

    def preflight_facts(self, params):
        """A forced identity provider is checked against the organization's providers (one GET of them)."""
        return ("idps",) if text(params.get("idp_for_forced_login")).strip() else ()

    def preflight_errors(self, params, facts):
        wanted = text(params.get("idp_for_forced_login")).strip().lower()
        idps = facts.get("idps") or []
        if not wanted or any(text(i["id"]).lower() == wanted for i in idps):
            return []
        return ["idp_for_forced_login: %s is not the id of a SAML identity provider of organization %s; %s" % (
            wanted, params["org"], "its providers: %s" % listed_idps(idps) if idps else
            "it has none: create one with ppe.essentials.ppe_saml_idp, which returns its id as idp.id")]


class SamlIdpResource(Resource):
    """/orgs/{org}/authentication/settings/idps/{id}: named by `name`, found by listing, created by POST."""

    result_key = "idp"
    noun = "SAML identity provider"
    plural = "idps"
    path = AUTH + "idps/{id}"
    collection = AUTH + "idps"
    found_by_listing = True
    identity_option = identity_field = "name"
    identity_normalize = staticmethod(lambda value: text(value).strip().lower())
    location_options = {"org": {"type": "str", "required": True}, "name": {"type": "str", "required": True}}
    location_checks = {"org": check_domain}
    required_on_create = ("idp_entity_id", "idp_login_url", "idp_public_cert")
    fields = (
        Field("is_active", "bool", default=False),
        Field("description", default=""),
        Field("icon_ref", default=""),
        Field("idp_entity_id", aliases=["entity_id"]),
        Field("idp_login_url", validate=check_https, aliases=["login_url"]),
        Field("idp_logout_url", default="", validate=optional(check_https), aliases=["logout_url"]),
        # "raw": a PEM certificate is longer than the 255 characters a "str" option may hold (bounded below).
        Field("idp_public_cert", "raw", normalize=pem, validate=check_pem,
              spec={"type": "str", "aliases": ["certificate"]}),
    )

    def cross_errors(self, params):
        errors = []
        if params.get("name") is not None and not text(params["name"]).strip():
            errors.append("name: must not be empty")
        if len(text(params.get("idp_public_cert"))) > 20000:
            errors.append("idp_public_cert: longer than 20000 characters")
        return errors

    def asks_for_create(self, params):
        """A provider the organization does not have is created (or the options that needs are named)."""
        return True

    def locate(self, params, current):
        return dict(params, id=current.get("id"))

    def preflight_facts(self, params):
        """A delete is checked against the provider the login is forced onto (and, without the provider's id in
        `params`, against the providers, to find it by name)."""
        if params.get("state") != "absent":
            return ()
        return ("forced_idp",) if params.get("id") else ("forced_idp", "idps")

    def preflight_errors(self, params, facts):
        forced = text(facts.get("forced_idp")).strip().lower()
        if params.get("state") != "absent" or not forced:
            return []
        ident = params.get("id") or next((i["id"] for i in facts.get("idps") or []
                                          if self.identity_normalize(i["name"]) == self.identity_key(params)), None)
        if text(ident).strip().lower() != forced:
            return []
        return ["name: the login of organization %s is forced onto this provider (its login settings name it in "
                "idp_for_forced_login), so the API refuses to delete it; change the login settings first with "
                "ppe.essentials.ppe_auth_settings: idp_for_forced_login: '' (or another provider's id), and "
                "force_azure_login: false if the login is no longer to be forced" % params["org"]]

    def is_same(self, obj, params):
        return self.object_key(obj) == self.identity_key(params)
