# -*- coding: utf-8 -*-
# Copyright (c) ppe.essentials contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Authentication settings of an organization: MFA policy, login policy and SAML identity providers (IdPs).

Field names from the spec's schemas as a public client names them (reference rows 44-46: operationIds
getMfaSettings/putMfaSettings/getLoginSettings/putLoginSettings, IdpTransformer for writes, IdpPresenter for
reads). Inferred (README): PUT of the MFA or login settings merges the fields given (204); the IdP list is
``{"idps": [...]}``; POST answers 201 with the created IdP and its server-assigned ``id`` (a UUID) and
``sp_public_cert``; IdP names are unique in an org (409); an IdP that the login policy forces cannot be deleted (409).
"""

from __future__ import annotations

import hashlib
import uuid

from .errors import ApiError, invalid, not_found
from .inputs import known_values
from .validation import field_error

MFA_DEFAULTS = {"is_mfa_enabled": False, "mfa_admins_only": False}
LOGIN_DEFAULTS = {"allow_local_login": True, "idp_for_forced_login": None, "allow_azure_login": False,
                  "force_azure_login": False}
LOGIN_SPEC = {"allow_local_login": "bool", "allow_azure_login": "bool", "force_azure_login": "bool"}
IDP_SPEC = {"name": "str", "is_active": "bool", "description": "str", "icon_ref": "str", "idp_entity_id": "str",
            "idp_login_url": "str", "idp_logout_url": "str", "idp_public_cert": "str"}
IDP_REQUIRED = ("name", "idp_entity_id", "idp_login_url", "idp_public_cert")
IDP_READ_ONLY = ("id", "sp_public_cert")


def _settings(org, key, defaults):
    if not org.get(key):
        org[key] = dict(defaults)
    return org[key]


def get_mfa(ctx):
    """GET /orgs/{d}/authentication/settings/mfa."""
    return 200, dict(_settings(ctx.org(), "mfa_settings", MFA_DEFAULTS))


def put_mfa(ctx):
    """PUT /orgs/{d}/authentication/settings/mfa: merge of the fields given; 204."""
    org, errors = ctx.org(write=True), []
    values = known_values(ctx.obj(), dict.fromkeys(MFA_DEFAULTS, "bool"), errors)
    if errors:
        raise invalid(errors)
    _settings(org, "mfa_settings", MFA_DEFAULTS).update(values)
    return 204, None


def get_login(ctx):
    """GET /orgs/{d}/authentication/settings/login."""
    return 200, dict(_settings(ctx.org(), "login_settings", LOGIN_DEFAULTS))


def put_login(ctx):
    """PUT /orgs/{d}/authentication/settings/login: merge; the forced IdP must be one of the org's IdPs (or null)."""
    org = ctx.org(write=True)
    body = ctx.obj()
    errors = []
    values = known_values(body, LOGIN_SPEC, errors, known=LOGIN_DEFAULTS)
    if "idp_for_forced_login" in body:
        forced = body["idp_for_forced_login"]
        if forced in (None, ""):
            values["idp_for_forced_login"] = None
        elif not isinstance(forced, str) or _find_idp(org, forced) is None:
            errors.append(field_error("idp_for_forced_login", "%r is not the id of an identity provider of %s"
                                      % (forced, org["primary_domain"])))
        else:
            values["idp_for_forced_login"] = forced
    merged = dict(_settings(org, "login_settings", LOGIN_DEFAULTS), **values)
    if not errors and merged["force_azure_login"] and not merged["allow_azure_login"]:
        errors.append(field_error("force_azure_login", "needs allow_azure_login"))
    if errors:
        raise invalid(errors)
    org["login_settings"] = merged
    return 204, None


def _find_idp(org, ident):
    return next((i for i in org.setdefault("idps", []) if i["id"] == ident.lower()), None)


def _idp_out(idp):
    return dict(idp)


def _idp_values(org, body, creating, current=None):
    errors = []
    values = known_values(body, IDP_SPEC, errors, known=IDP_READ_ONLY)
    for field in IDP_REQUIRED:
        if (creating or field in values) and not values.get(field, "").strip():
            errors.append(field_error(field, "required"))
    for field in ("idp_login_url", "idp_logout_url"):
        if values.get(field) and not values[field].startswith("https://"):
            errors.append(field_error(field, "must be an https:// URL"))
    cert = values.get("idp_public_cert", "")
    if cert and ("BEGIN CERTIFICATE" not in cert or "END CERTIFICATE" not in cert):
        errors.append(field_error("idp_public_cert", "must be a PEM certificate"))
    if errors:
        raise invalid(errors)
    name = values.get("name", "").strip().lower()
    clash = [i for i in org["idps"] if i["name"].lower() == name and i is not current]
    if name and clash:
        raise ApiError(409, "Conflict: an identity provider named %s already exists in %s"
                       % (values["name"], org["primary_domain"]))
    return values


def idps(ctx):
    """GET (list as {"idps": [...]}) and POST (create: 201 with the IdP) on /orgs/{d}/authentication/settings/idps."""
    org = ctx.org(write=ctx.method != "GET")
    org.setdefault("idps", [])
    if ctx.method == "GET":
        return 200, {"idps": [_idp_out(i) for i in org["idps"]]}
    values = _idp_values(org, ctx.obj(), creating=True)
    # Deterministic (the org and how many IdPs it has had), so two runs from the same fixture see the same ids.
    org["idp_serial"] = org.get("idp_serial", 0) + 1
    ident = str(uuid.uuid5(uuid.NAMESPACE_URL, "ppe-sim/idp/%d/%d" % (org["eid"], org["idp_serial"])))
    idp = {"id": ident, "name": "", "is_active": False, "description": "", "icon_ref": "", "idp_entity_id": "",
           "idp_login_url": "", "idp_logout_url": "", "idp_public_cert": "",
           "sp_public_cert": "-----BEGIN CERTIFICATE-----\nSP%s\n-----END CERTIFICATE-----" % hashlib.sha256(
               ident.encode("ascii")).hexdigest()[:32]}
    idp.update(values)
    org["idps"].append(idp)
    return 201, _idp_out(idp)


def idp(ctx):
    """GET, PUT (merge, 204), DELETE (204) on /orgs/{d}/authentication/settings/idps/{uuid}."""
    org = ctx.org(write=ctx.method != "GET")
    found = _find_idp(org, ctx.params["uuid"])
    if found is None:
        raise not_found("Not Found: no identity provider %s in %s" % (ctx.params["uuid"], org["primary_domain"]))
    if ctx.method == "GET":
        return 200, _idp_out(found)
    if ctx.method == "PUT":
        found.update(_idp_values(org, ctx.obj(), creating=False, current=found))
        return 204, None
    if (org.get("login_settings") or {}).get("idp_for_forced_login") == found["id"]:
        raise ApiError(409, "Conflict: the login settings force the identity provider %s; change them first"
                       % found["name"])
    org["idps"].remove(found)
    return 204, None
