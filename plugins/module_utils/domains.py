# -*- coding: utf-8 -*-
# Copyright (c) ppe.essentials contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The domain resource, shared by ppe_domain and ppe_domain_info.

Private to the ppe.essentials collection; not a public API.
"""

from __future__ import annotations

from ansible_collections.ppe.essentials.plugins.module_utils.client import api_path
from ansible_collections.ppe.essentials.plugins.module_utils.normalize import boolean as norm_boolean
from ansible_collections.ppe.essentials.plugins.module_utils.normalize import check_domain, check_host, domain, each, optional
from ansible_collections.ppe.essentials.plugins.module_utils.resource import Field, Resource


class DomainResource(Resource):
    """A domain of an organization: /orgs/{org}/domains/{name}, created by POST on the collection."""

    key = "domain"
    noun = "domain"
    plural = "domains"
    identity_option = "name"
    identity_field = "name"
    key_normalize = staticmethod(domain)
    identity_options = {
        "org": {"type": "str", "required": True},
        "name": {"type": "str", "required": True},
    }
    identity_checks = {"org": check_domain, "name": check_domain}
    fields = (
        Field("is_active", "bool", default=True),
        Field("is_relay", "bool", default=False),
        Field("destination", "host", default="", validate=optional(check_host)),
        Field("failovers", "list", elements="host", default=[], validate=each(check_host)),
    )

    def item_path(self, params):
        return api_path("orgs", params["org"], "domains", params["name"])

    def collection_path(self, params):
        return api_path("orgs", params["org"], "domains")

    def identity_body(self, params):
        return {"name": params["name"]}

    def object_errors(self, obj):
        if norm_boolean(obj.get("is_relay")) and not obj.get("destination"):
            return ["is_relay: a relay domain needs a destination, and the domain would have none; set destination"]
        return []
