# -*- coding: utf-8 -*-
# Copyright (c) ppe.essentials contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""What ppe_users does (the module and ppe_customer's users step): the desired set of an organization's users."""

from __future__ import annotations

from ansible_collections.ppe.essentials.plugins.module_utils._bulk import converge, item_errors
from ansible_collections.ppe.essentials.plugins.module_utils._engine import Run
from ansible_collections.ppe.essentials.plugins.module_utils._module import Definition
from ansible_collections.ppe.essentials.plugins.module_utils._normalize import check_domain, email, strip
from ansible_collections.ppe.essentials.plugins.module_utils._resource import option_errors
from ansible_collections.ppe.essentials.plugins.module_utils._resources.user import UserResource, user_item_spec
from ansible_collections.ppe.essentials.plugins.module_utils._vocabulary import ADMIN_TYPES

MAX_USERS = 50000  # per task; the API documents no limit, and 10,000 users are read back in one GET


class UsersDefinition(Definition):
    """The desired set of an organization's users: one GET, batch creates, optional purge (module_utils/_bulk.py)."""

    resource = UserResource()

    def options(self):
        return {
            "org": {"type": "str", "required": True},
            "users": {"type": "list", "elements": "dict", "required": True, "options": user_item_spec()},
            "purge": {"type": "bool", "default": False},
            "purge_admins": {"type": "bool", "default": False},
        }

    def items(self, params):
        """The listed users as per-user options (with the organization), trimmed like the singular module's."""
        return [self.resource.clean(dict(item, org=params["org"])) for item in params["users"]]

    def check(self, params):
        params["org"] = strip(params["org"])
        items = self.items(params)
        conflicts = ["purge_admins: only has an effect with purge=true; set purge too, or drop purge_admins"] \
            if params["purge_admins"] and not params["purge"] else []
        if len(items) > MAX_USERS:
            conflicts.append("users: %d users, at most %d per task; split the list" % (len(items), MAX_USERS))
            items = []
        return conflicts + option_errors(params, [("org", check_domain)]) + item_errors(self.resource, items, "users")

    def run(self, params, client, check_mode, warn):
        myself = email(params["username"])

        def keep(user):
            """Purge never removes the authenticating user, nor admins unless purge_admins is set."""
            return email(user.get("primary_email")) == myself or (
                user.get("type") in ADMIN_TYPES and not params["purge_admins"])

        return converge(Run(self.resource, client, params, check_mode, warn), self.items(params),
                        purge=params["purge"], keep=keep)
