# -*- coding: utf-8 -*-
# Copyright (c) ppe.essentials contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""What ppe_licensing does (the module and ppe_customer's licensing step): the licensing settings, and a warning
when the licence count a task sets is below the organization's active billable users (a slip of a digit)."""

from __future__ import annotations

from ansible_collections.ppe.essentials.plugins.module_utils import _engine as engine
from ansible_collections.ppe.essentials.plugins.module_utils._errors import PPEError
from ansible_collections.ppe.essentials.plugins.module_utils._module import ResourceDefinition
from ansible_collections.ppe.essentials.plugins.module_utils._resources.licensing import LicensingResource
from ansible_collections.ppe.essentials.plugins.module_utils._resources.user import UserResource, active_billable


class LicensingDefinition(ResourceDefinition):
    """The licensing of an organization; a licence count that is written is compared with the users it must cover."""

    def __init__(self):
        super().__init__(LicensingResource())

    def run(self, params, client, check_mode, warn):
        out = super().run(params, client, check_mode, warn)
        before, after = out["diff"]["before"], out["diff"]["after"]
        count = after.get("license_count")
        if out["changed"] and count is not None and count != before.get("license_count"):
            warn_if_too_few(count, params["org"], client, warn)
        return out


def warn_if_too_few(count, org, client, warn):
    """One GET of the organization's users (only when the count is written): warn when `count` does not cover the
    active billable users, with both numbers. The API does not refuse it; the organization is then over licence."""
    try:
        users = engine.read_collection(engine.Run(UserResource(), client, {"org": org}))
    except PPEError as exc:
        warn("licensing of organization %s: %d licences were set, but its users could not be read to compare (%s)."
             % (org, count, exc))
        return
    billed = active_billable(users)
    if count < billed:
        warn("licensing of organization %s: %d licences for %d active billable users (%d too few); the organization "
             "is over its licence count. Check license_count for a slip, or make users inactive or non-billable."
             % (org, count, billed, billed - count))
