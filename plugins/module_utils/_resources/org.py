# -*- coding: utf-8 -*-
# Copyright (c) ppe.essentials contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""An organization (ppe_org, ppe_org_info and the inventory plugin's list of a partner's customers)."""

from __future__ import annotations

from ansible_collections.ppe.essentials.plugins.module_utils._normalize import (
    check_domain, check_email, check_sender, domain, each, shown, unordered, upper, within)
from ansible_collections.ppe.essentials.plugins.module_utils._resource import Field, Resource
from ansible_collections.ppe.essentials.plugins.module_utils._vocabulary import (
    COUNTRY_CODES, MAX_LICENSES, ORG_TYPES, PACKAGES, STATE_REQUIRED)
from ansible_collections.ppe.essentials.plugins.module_utils._client import api_path

USE_LICENSING = "change it with ppe.essentials.ppe_licensing"
USE_SENDER_LISTS = "change it with ppe.essentials.ppe_sender_lists"
ADMIN_USER_SPEC = {"type": "dict", "options": {
    "primary_email": {"type": "str", "required": True, "aliases": ["email"]},
    "firstname": {"type": "str"},
    "surname": {"type": "str"},
}}


def domain_names(value):
    """The API lists domains as objects; the option lists names."""
    return unordered(domain)([d.get("name") if isinstance(d, dict) else d for d in value or []])


def check_country(value):
    if upper(value) not in COUNTRY_CODES:
        raise ValueError("%s is not an ISO 3166-1 alpha-2 country code (for example US, GB, DE)" % shown(value))


def check_admin_user(value):
    check_email(value.get("primary_email"))


class OrgResource(Resource):
    """/orgs/{domain}, changed with PATCH, created by POST /orgs/{parent}/orgs; a partner's children at
    /orgs/{domain}/orgs (a list that starts with the partner itself)."""

    result_key = "org"
    noun = "organization"
    plural = "orgs"
    path = "orgs/{domain}"
    identity_option = "domain"
    identity_field = "primary_domain"
    identity_normalize = staticmethod(domain)
    filters = {"type": ({"type": "list", "elements": "str", "choices": list(ORG_TYPES)}, "type"),
               "is_active": ({"type": "bool"}, "is_active")}
    # `domain` names the organization itself; `org` is accepted too, the name every other module uses for it.
    location_options = {"domain": {"type": "str", "required": True, "aliases": ["primary_domain", "org"]}}
    extra_options = {"parent": {"type": "str"}}  # where a new organization is created
    location_checks = {"domain": check_domain, "parent": check_domain}
    required_on_create = ("parent", "name")
    update_method = "PATCH"
    fields = (
        Field("name", immutable=True),
        Field("type", choices=ORG_TYPES, default="organization", immutable=True),
        Field("licensing_package", choices=PACKAGES, default="business", immutable=True, immutable_hint=USE_LICENSING),
        Field("user_licenses", "int", immutable=True, immutable_hint=USE_LICENSING, validate=within(0, MAX_LICENSES)),
        Field("is_on_trial", "bool", default=False, immutable=True, immutable_hint=USE_LICENSING),
        Field("address", default="", immutable=True),
        Field("postcode", default="", immutable=True),
        Field("stateprov", default="", immutable=True),
        Field("country", "upper", default="", immutable=True, validate=check_country),
        Field("phone", default="", immutable=True),
        Field("www", default="", immutable=True),
        Field("admin_user", "raw", create_only=True, spec=ADMIN_USER_SPEC, validate=check_admin_user),
        Field("domains", "list", elements="domain", create_only=True, validate=each(check_domain),
              to_api=lambda names: [{"name": name} for name in names], normalize=domain_names),
        Field("safe_list_senders", "list", elements="sender", default=[], immutable=True,
              immutable_hint=USE_SENDER_LISTS, validate=each(check_sender), aliases=["white_list_senders"]),
        Field("block_list_senders", "list", elements="sender", default=[], immutable=True,
              immutable_hint=USE_SENDER_LISTS, validate=each(check_sender), aliases=["black_list_senders"]),
        Field("send_welcome_email", "bool", create_only=True),
        Field("is_active", "bool", default=True),
    )

    def collection_path(self, params):
        """Children are listed under `domain`; a new org is created under `parent`."""
        return api_path("orgs", params.get("parent") or params["domain"], "orgs")

    def stack_domain(self, params):
        return params.get("domain")

    def describe(self, params):
        return "organization %s" % params["domain"]

    def is_same(self, obj, params):
        return domain(obj.get("primary_domain")) == domain(params["domain"])

    def in_collection(self, obj, params):
        """The partner itself leads its own list of children (the API's choice); it is not a child."""
        itself = domain(params["domain"])
        return domain(obj.get("primary_domain")) != itself and itself not in [
            domain(d.get("name") if isinstance(d, dict) else d) for d in obj.get("domains") or []]

    def parents(self, params, creating=False):
        """Only a create needs something else to exist: the partner it is created under."""
        if creating and params.get("parent"):
            return [("partner organization %s" % params["parent"], api_path("orgs", params["parent"]))]
        return []

    def cross_errors(self, params):
        if upper(params.get("country")) in STATE_REQUIRED and not params.get("stateprov"):
            return ["stateprov: required when country is %s" % upper(params["country"])]
        return []
