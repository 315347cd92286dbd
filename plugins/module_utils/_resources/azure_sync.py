# -*- coding: utf-8 -*-
# Copyright (c) ppe.essentials contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Microsoft 365 / Azure AD sync settings and sync exemptions (ppe_azure_sync, ppe_azure_sync_exemptions, their _info).

Private to the ppe.essentials collection; not a public API. The settings are an item without a collection:
missing (HTTP 404; or, inferred too, answered with an empty application_id) until a PUT of their path creates them,
and DELETE resets them. The client secret (`ad_key`)
cannot be read back: it is sent when the settings are created, or on every run with update_secret=always, and
never compared or shown. Exemptions are a list that the API adds to with PUT and removes from with DELETE of one
address (or of the whole list).
"""

from __future__ import annotations

from ansible_collections.ppe.essentials.plugins.module_utils._normalize import check_domain, check_email, text, within
from ansible_collections.ppe.essentials.plugins.module_utils._resource import Field, Resource, format_path, listed
from ansible_collections.ppe.essentials.plugins.module_utils._resources.sender_lists import EntrySetResource, exemptions_field

USER_ROLES = ("end_user", "silent_user")
SYNC_HOURS = (1, 24)
SYNC_FLAGS = ("disable_login", "sync_active_users", "sync_distribution_groups", "sync_security_groups", "add_users",
              "update_users", "remove_deleted_users", "add_groups", "update_groups", "remove_deleted_groups")


class AzureSyncResource(Resource):
    """/orgs/{org}/settings/azure: created by PUT of its path, updated by PUT of the fields that differ."""

    result_key = "azure_sync"
    noun = "Azure AD sync settings"
    path = "orgs/{org}/settings/azure"
    create_method = "PUT"
    location_options = {"org": {"type": "str", "required": True}}
    location_checks = {"org": check_domain}
    extra_options = {"update_secret": {"type": "str", "default": "on_create", "choices": ["on_create", "always"],
                                       "no_log": False}}
    required_on_create = ("application_id", "client_secret")
    fields = (
        Field("application_id"),
        Field("client_secret", api_name="ad_key", secret=True, aliases=["ad_key"]),
        Field("default_user_role_name", choices=USER_ROLES, default="end_user", normalize=lambda v: str(
            v or "").strip().lower()),
        Field("sync_frequency", "int", default=SYNC_HOURS[0], validate=within(SYNC_HOURS[0], SYNC_HOURS[1], " hours")),
    ) + tuple(Field(name, "bool", default=False) for name in SYNC_FLAGS)

    def unset(self, obj):
        """Settings without an application id are not set up: the API may answer so (200 with empty fields) instead
        of 404 (inferred), and then the first set-up must send the client secret like a create."""
        return isinstance(obj, dict) and not text(obj.get("application_id")).strip()

    def cross_errors(self, params):
        errors = []
        if params.get("update_secret") == "always" and not params.get("client_secret"):
            errors.append("update_secret: always needs client_secret (there is no secret to send)")
        if params.get("application_id") is not None and not str(params["application_id"]).strip():
            errors.append("application_id: must not be empty")
        return errors

    def asks_for_create(self, params):
        """Settings that are not set up yet are created (or the options they need are named), never a typo."""
        return True

    def always_write(self, params):
        if params.get("update_secret") == "always" and params.get("client_secret"):
            return [f for f in self.fields if f.name == "client_secret"]
        return []


class AzureSyncExemptionsResource(EntrySetResource):
    """/orgs/{org}/settings/azure/exemptions: a bare list of {email}; PUT adds, DELETE .../{email} removes one."""

    result_key = "azure_sync_exemptions"
    noun = "Azure AD sync exemptions"
    path = "orgs/{org}/settings/azure/exemptions"
    fields = (exemptions_field("email", check_email),)

    def public(self, obj):
        """{"exemptions": [addresses]} from the API's [{"email": ...}] (also from plain strings, and from a list under
        `exemptions`); any other shape fails naming the key it expected and the keys that arrived."""
        if obj is None:
            return None
        return {"exemptions": [item.get("email") if isinstance(item, dict) else item
                               for item in listed(obj, "exemptions")]}

    def update_requests(self, params, current, writable):
        """PUT {"emails": [...]} with the addresses to add; one DELETE per address to remove (of all: one DELETE)."""
        removed, added = self.difference(current, params)
        requests = []
        if removed and not params["exemptions"]:
            requests.append(("DELETE", self.item_path(params), None))
        else:
            requests.extend(("DELETE", format_path(self.path + "/{email}", dict(params, email=e)), None)
                            for e in removed)
        if added:
            requests.append(("PUT", self.item_path(params), {"emails": added}))
        return requests
