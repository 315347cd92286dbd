# -*- coding: utf-8 -*-
# Copyright (c) ppe.essentials contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""What ppe_user and ppe_users do (ppe_users also as ppe_customer's users step): one user, or the desired set of an
organization's users, with odin_settings checked after the write (the API ignores what it does not allow)."""

from __future__ import annotations

from ansible_collections.ppe.essentials.plugins.module_utils import _engine as engine
from ansible_collections.ppe.essentials.plugins.module_utils._bulk import converge, item_errors
from ansible_collections.ppe.essentials.plugins.module_utils._engine import Run
from ansible_collections.ppe.essentials.plugins.module_utils._errors import capped
from ansible_collections.ppe.essentials.plugins.module_utils._module import Definition, ResourceDefinition
from ansible_collections.ppe.essentials.plugins.module_utils._normalize import check_domain, email, strip
from ansible_collections.ppe.essentials.plugins.module_utils._resource import option_errors
from ansible_collections.ppe.essentials.plugins.module_utils._resources.user import (
    UserResource, odin_unkept, user_item_spec)
from ansible_collections.ppe.essentials.plugins.module_utils._vocabulary import ADMIN_TYPES

MAX_USERS = 50000  # per task; the API documents no limit, and 10,000 users are read back in one GET


def odin_written(params, diff):
    """Whether a write of one user (its diff: before, after) set odin_settings: then it is read back."""
    return bool(params.get("odin_settings")) and any(value is not None for value in params["odin_settings"].values()) \
        and (diff or {}).get("before", {}).get("odin_settings") != (diff or {}).get("after", {}).get("odin_settings")


def with_unkept(out, problems):
    """The result failed with the odin_settings the API did not keep (it did write: `changed` stays)."""
    if problems:
        out.update(failed=True,
                   msg=capped(problems) + ". Nothing reports success it did not check: fix the rule and run again.")
    return out


class UserDefinition(ResourceDefinition):
    """ppe_user: one user through the engine; a write of odin_settings is read back (one GET), since the API
    silently ignores a key it does not allow and the next run would otherwise report a change forever."""

    def __init__(self):
        super().__init__(UserResource())

    def run(self, params, client, check_mode, warn):
        run = Run(self.resource, client, params, check_mode, warn)
        out = engine.ensure(run)
        if check_mode or params.get("state") == "absent" or not odin_written(params, out.get("diff")):
            return out
        read = engine.read(run)
        if read is not None:
            out[self.resource.result_key] = read
        return with_unkept(out, odin_unkept(params["email"], params["odin_settings"], read))


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

        run = Run(self.resource, client, params, check_mode, warn)
        items = self.items(params)
        out = converge(run, items, purge=params["purge"], keep=keep)
        after, before = out["diff"]["after"]["users"], out["diff"]["before"]["users"]
        written = [item for item in items if item.get("state") != "absent" and self.resource.identity_key(item) in after
                   and odin_written(item, {"before": before.get(self.resource.identity_key(item), {}),
                                           "after": after[self.resource.identity_key(item)]})]
        if check_mode or not written:
            return out
        read = dict((self.resource.object_key(obj), obj) for obj in engine.read_collection(run))
        out["users"] = [read.get(self.resource.object_key(obj), obj) for obj in out["users"]]
        return with_unkept(out, [problem for item in written for problem in odin_unkept(
            item["email"], item["odin_settings"], read.get(self.resource.identity_key(item)))])
