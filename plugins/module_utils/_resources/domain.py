# -*- coding: utf-8 -*-
# Copyright (c) ppe.essentials contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""A domain of an organization, with its mail routing (ppe_domain, ppe_domain_info)."""

from __future__ import annotations

from ansible_collections.ppe.essentials.plugins.module_utils._normalize import boolean, check_domain, check_host, domain, each, optional
from ansible_collections.ppe.essentials.plugins.module_utils._resource import Field, Resource


class DomainResource(Resource):
    """/orgs/{org}/domains/{name}, created by POST on the collection."""

    result_key = noun = "domain"
    plural = "domains"
    path = "orgs/{org}/domains/{name}"
    collection = "orgs/{org}/domains"
    identity_option = identity_field = "name"
    identity_normalize = staticmethod(domain)
    location_options = {"org": {"type": "str", "required": True}, "name": {"type": "str", "required": True}}
    location_checks = {"org": check_domain, "name": check_domain}
    fields = (
        Field("is_active", "bool", default=True),
        Field("is_relay", "bool", default=False),
        Field("destination", "host", default="", validate=optional(check_host)),
        Field("failovers", "list", elements="host", default=[], validate=each(check_host)),
    )

    def object_errors(self, obj):
        if boolean(obj.get("is_relay")) and not obj.get("destination"):
            return ["destination: required for a relay domain (is_relay is true), and the domain would have none; "
                    "set destination, or is_relay: false"]
        return []
