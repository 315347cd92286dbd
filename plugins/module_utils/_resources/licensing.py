# -*- coding: utf-8 -*-
# Copyright (c) ppe.essentials contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The licensing of an organization (ppe_licensing, ppe_licensing_info): settings written to two paths.

Private to the ppe.essentials collection; not a public API. GET/PUT /orgs/{org}/licensing holds the
licence count and trial; PUT /orgs/{org}/package (no GET: "it can be read by reading the orgs
resource") takes the package, its activation and two flags the API never returns.
"""

from __future__ import annotations

from ansible_collections.ppe.essentials.plugins.module_utils._normalize import boolean, check_domain, within
from ansible_collections.ppe.essentials.plugins.module_utils._resource import Field, Resource
from ansible_collections.ppe.essentials.plugins.module_utils._vocabulary import MAX_LICENSES, PACKAGES


class LicensingResource(Resource):
    """Read at /orgs/{org}/licensing; package fields written to /orgs/{org}/package, the others to /licensing."""

    result_key = noun = "licensing"
    path = "orgs/{org}/licensing"
    endpoints = {"package": "orgs/{org}/package"}
    creatable = False
    location_options = {"org": {"type": "str", "required": True}}
    location_checks = {"org": check_domain}
    fields = (
        Field("package", choices=PACKAGES, aliases=["licensing_package"], endpoint="package", in_every_write=True),
        Field("license_count", "int", aliases=["user_licenses"], validate=within(0, MAX_LICENSES)),
        Field("is_on_trial", "bool"),
        Field("is_beginner_plus", "bool"),
        # Activating a package ends its trial: read as "not on trial".
        Field("is_activated", "bool", endpoint="package", derive=lambda obj: not boolean(obj.get("is_on_trial")),
              implies=lambda value: {"is_on_trial": False} if value else {}),
        Field("is_eula_confirmed", "bool", endpoint="package", write_only=True),
        Field("is_trial_extended", "bool", endpoint="package", write_only=True),
    )

    def cross_errors(self, params):
        if params.get("is_activated") and params.get("is_on_trial"):
            return ["is_activated: activating the package ends the trial; do not also set is_on_trial=true"]
        return []
