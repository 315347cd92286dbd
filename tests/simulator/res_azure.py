# -*- coding: utf-8 -*-
# Copyright (c) ppe.essentials contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Microsoft 365 / Azure AD sync settings and sync exemptions of an organization.

Shapes from the public clients (reference rows 40-41): PSProofpoint's Set-ProofpointAzureSync PUTs the
whole settings object with the client secret ``ad_key``; codieg0's get_azure_details.sh reads
``primary_domain, application_id, secret_expiry, last_successful_sync``; get_exempt_azure.sh reads the
exemptions as a bare array of ``{"email": ...}`` (``jq '.[].email'``). Inferred (README): an org without sync
settings answers 404 (a client that tolerates 404 reads "not set up"); PUT creates them (application_id and
ad_key required then) or merges a partial body (204); ``ad_key`` is never returned; DELETE resets (204, also
when nothing is set). Exemptions are independent of the settings; PUT adds ``{"emails": [...]}`` (also
``exemptions``, a comma-separated string, or a bare array of strings or ``{"email"}`` objects).
"""

from __future__ import annotations

from .errors import invalid, not_found
from .inputs import known_values, unknown_fields
from .model import hash_password
from .validation import field_error, is_email

AZURE_SPEC = {"primary_domain": "str", "application_id": "str", "ad_key": "str", "disable_login": "bool",
              "default_user_role_name": "str", "sync_frequency": "int", "sync_active_users": "bool",
              "sync_distribution_groups": "bool", "sync_security_groups": "bool", "add_users": "bool",
              "update_users": "bool", "remove_deleted_users": "bool", "add_groups": "bool", "update_groups": "bool",
              "remove_deleted_groups": "bool"}
AZURE_DEFAULTS = {"application_id": "", "disable_login": False, "default_user_role_name": "end_user",
                  "sync_frequency": 1, "sync_active_users": False, "sync_distribution_groups": False,
                  "sync_security_groups": False, "add_users": False, "update_users": False,
                  "remove_deleted_users": False, "add_groups": False, "update_groups": False,
                  "remove_deleted_groups": False}
ROLES = ("end_user", "silent_user")
SYNC_HOURS = (1, 24)


def _out(org, settings):
    out = {"primary_domain": org["primary_domain"], "application_id": settings["application_id"],
           "secret_expiry": settings.get("secret_expiry", ""), "last_successful_sync": settings.get(
               "last_successful_sync", "")}
    out.update((k, settings[k]) for k in AZURE_DEFAULTS if k not in out)
    return out


def _settings(org):
    settings = org.get("azure_settings")
    if not settings:
        raise not_found("Not Found: Azure AD sync is not set up for %s" % org["primary_domain"])
    return settings


def get_azure(ctx):
    """GET /orgs/{d}/settings/azure: the settings without the secret; 404 when sync is not set up (with the shape
    azure_unset_200: 200 with empty fields, the other plausible answer)."""
    org = ctx.org()
    if not org.get("azure_settings") and "azure_unset_200" in ctx.store.config["shapes"]:
        return 200, _out(org, dict(AZURE_DEFAULTS))
    return 200, _out(org, _settings(org))


def put_azure(ctx):
    """PUT /orgs/{d}/settings/azure: create (application_id and ad_key required) or merge the fields given; 204."""
    org = ctx.org(write=True)
    body = ctx.obj()
    errors = []
    values = known_values(body, AZURE_SPEC, errors)
    current = org.get("azure_settings")
    if "default_user_role_name" in values:
        values["default_user_role_name"] = values["default_user_role_name"].lower()
        if values["default_user_role_name"] not in ROLES:
            errors.append(field_error("default_user_role_name", "must be one of %s" % ", ".join(ROLES)))
    if "sync_frequency" in values and not SYNC_HOURS[0] <= values["sync_frequency"] <= SYNC_HOURS[1]:
        errors.append(field_error("sync_frequency", "must be between %d and %d hours" % SYNC_HOURS))
    domain = values.pop("primary_domain", None)
    if domain and domain.lower().rstrip(".") not in org["domains"]:
        errors.append(field_error("primary_domain", "%s is not a domain of %s" % (domain, org["primary_domain"])))
    for field in ("application_id", "ad_key"):
        if (field in values or not current) and not values.get(field, "").strip():
            errors.append(field_error(field, "required" if field not in values else "must not be empty"))
    if errors:
        raise invalid(errors)
    if not current:
        current = org["azure_settings"] = dict(AZURE_DEFAULTS, secret_expiry="", last_successful_sync="")
    if "ad_key" in values:  # kept only as a salted hash, like passwords: never in a state file or an answer
        values["ad_key_hash"] = hash_password(values.pop("ad_key"))
    current.update(values)
    return 204, None


def delete_azure(ctx):
    """DELETE /orgs/{d}/settings/azure: clear and reset; 204 (also when nothing was set)."""
    org = ctx.org(write=True)
    org["azure_settings"] = None
    return 204, None


def _given_emails(body, errors):
    """The addresses of a PUT body in any of the accepted shapes, each checked."""
    value = body
    if isinstance(body, dict):
        unknown_fields(body, ("emails", "exemptions"), errors)
        value = body.get("emails", body.get("exemptions"))
        if value is None and not errors:
            errors.append(field_error("emails", "required"))
    if isinstance(value, str):
        value = [v.strip() for v in value.split(",") if v.strip()]
    if value is None:
        return []
    if not isinstance(value, list):
        errors.append(field_error("emails", "must be a list of e-mail addresses"))
        return []
    emails = []
    for item in value:
        address = item.get("email") if isinstance(item, dict) else item
        if not isinstance(address, str) or not is_email(address.strip()):
            errors.append(field_error("emails", "%r is not a valid e-mail address" % (address,)))
        else:
            emails.append(address.strip())
    return emails


def exemptions(ctx):
    """GET (bare array of {email}), PUT (add, 204), DELETE (all, 204) on /orgs/{d}/settings/azure/exemptions."""
    org = ctx.org(write=ctx.method != "GET")
    current = org.setdefault("azure_exemptions", [])
    if ctx.method == "GET":
        return 200, [{"email": e} for e in current]
    if ctx.method == "DELETE":
        del current[:]
        return 204, None
    errors = []
    emails = _given_emails(ctx.body, errors) if ctx.body is not None else errors.append(
        field_error("emails", "required")) or []
    if errors:
        raise invalid(errors)
    known = set(e.lower() for e in current)
    for address in emails:
        if address.lower() not in known:
            current.append(address)
            known.add(address.lower())
    return 204, None


def delete_exemption(ctx):
    """DELETE /orgs/{d}/settings/azure/exemptions/{email}: 204; 404 when the address is not exempt."""
    org = ctx.org(write=True)
    current = org.setdefault("azure_exemptions", [])
    wanted = ctx.params["email"].lower()
    kept = [e for e in current if e.lower() != wanted]
    if len(kept) == len(current):
        raise not_found("Not Found: %s is not exempt from Azure AD sync in %s" % (ctx.params["email"],
                                                                                  org["primary_domain"]))
    current[:] = kept
    return 204, None
