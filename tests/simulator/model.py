# -*- coding: utf-8 -*-
# Copyright (c) ppe.essentials contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Record defaults and the v1 response shapes (Org, User, Domain).

Stored records keep the new sender-list names only; the deprecated names are added on the way out
unless the client sent ``X-Terms-Update: true`` (or the simulator emulates their removal).
"""

from __future__ import annotations

import copy
import hashlib
import os

from .constants import ADMIN_TYPES, DEPRECATED_LIST_NAMES, FEATURE_DEFAULTS

ORG_DEFAULTS = {
    "name": "", "type": "organization", "is_active": True, "licensing_package": "business",
    "is_on_trial": False, "user_licenses": 0, "when_renewal": "", "is_beginner_plus": False,
    "is_beginner_plus_enabled": False, "www": "", "address": "", "postcode": "", "stateprov": "",
    "country": "", "phone": "", "outgoing_servers": [], "safe_list_senders": [], "block_list_senders": [],
    "ldap_url": "", "ldap_username": "", "ldap_basedn": "", "is_smtp_discovery_enabled": False,
    "account_template_id": None, "send_welcome_email": False, "odin_capabilities": "none",
    "billing_method": "Annual",
    # Settings that are not part of the Org object (own endpoints; see res_azure.py).
    "azure_settings": None, "azure_exemptions": [],
    "mfa_settings": None, "login_settings": None, "idps": [],
    # Groups come from fixtures only (the API has no group endpoints but their sender lists):
    # [{"id": int, "name": str, "safe_list_senders": [...], "block_list_senders": [...]}].
    "groups": [],
    # Email warning and subject tags (EmailTaggingPresenter, VLX) and the senders exempt from them.
    "email_tagging": {
        "email_warning_tags": {
            "is_enabled": False, "info_tags": {"external_sender": False},
            "warning_tags": {"dmarc_failure": False, "domain_age_failure": False, "geo_ip_failure": False},
            "learn_more": {"is_enabled": False, "is_action_enabled": False},
            "additional_banner_content": {"is_enabled": False, "content": ""}},
        "email_subject_tags": {"is_enabled": False, "content": "[External]"}},
    "email_tagging_exemptions": [],
}
# Order of keys in an Org response (reference section 3.1).
ORG_KEYS = ("primary_domain", "name", "is_active", "type", "eid", "organization_hierarchy", "licensing_package",
            "is_on_trial", "user_licenses", "active_users", "when_renewal", "is_beginner_plus",
            "is_beginner_plus_enabled", "www", "address", "postcode", "stateprov", "country", "phone",
            "admin_user", "domains", "outgoing_servers", "safe_list_senders", "block_list_senders", "ldap_url",
            "ldap_username", "ldap_basedn", "is_smtp_discovery_enabled", "account_template_id",
            "send_welcome_email", "odin_capabilities", "billing_method")

USER_DEFAULTS = {
    "type": "end_user", "is_active": True, "firstname": "", "surname": "", "alias_emails": [],
    "safe_list_senders": [], "block_list_senders": [], "is_billable": True,
    "odin_settings": {"can_impersonate": False, "is_imitable": False}, "read_only_user": False,
    "send_welcome_email": False,
}
USER_KEYS = ("uid", "primary_email", "is_active", "type", "send_welcome_email", "firstname", "surname",
             "alias_emails", "safe_list_senders", "block_list_senders", "is_billable", "odin_settings",
             "read_only_user")

# is_verified: ownership proven (PUT .../verify/{method}); dkim: selector -> keypair record (never in domain_out).
DOMAIN_DEFAULTS = {"is_active": True, "is_relay": False, "destination": "", "failovers": [], "is_verified": False,
                   "dkim": {}}
DOMAIN_KEYS = ("name", "is_active", "is_relay", "destination", "failovers", "is_verified")

PACKAGE_DEFAULTS = {"is_activated": True, "is_eula_confirmed": True, "is_trial_extended": False}


def with_defaults(record, defaults):
    """Copy of record with missing keys filled from defaults (deep-copied)."""
    out = copy.deepcopy(defaults)
    out.update(copy.deepcopy(record))
    return out


def hash_password(password):
    """Salted SHA-256: state files and dumps never hold a clear-text password."""
    salt = os.urandom(8).hex()
    return salt + "$" + hashlib.sha256((salt + password).encode("utf-8")).hexdigest()


def check_password(stored, password):
    """True when password matches the stored salted hash."""
    if not stored or "$" not in stored:
        return False
    salt, digest = stored.split("$", 1)
    return hashlib.sha256((salt + password).encode("utf-8")).hexdigest() == digest


def add_old_list_names(out, new_terms):
    """Put the deprecated list names next to the new ones unless new terms were asked for."""
    if not new_terms:
        for old, new in DEPRECATED_LIST_NAMES.items():
            out[old] = list(out[new])
    return out


def user_out(user, new_terms):
    """User response object (no password, ever)."""
    out = {key: user[key] for key in USER_KEYS}
    for key in ("alias_emails", "safe_list_senders", "block_list_senders"):
        out[key] = list(out[key])
    if out["odin_settings"] is not None:
        out["odin_settings"] = dict(out["odin_settings"])
    return add_old_list_names(out, new_terms)


def domain_out(domain):
    """Domain response object."""
    out = {key: domain[key] for key in DOMAIN_KEYS}
    out["failovers"] = list(out["failovers"])
    return out


def org_admin_user(org):
    """The org's first admin user (lowest uid), or None."""
    admins = [u for u in org["users"].values() if u["type"] in ADMIN_TYPES]
    return min(admins, key=lambda u: u["uid"]) if admins else None


def new_features():
    """Feature values of a new org."""
    return dict(FEATURE_DEFAULTS)
