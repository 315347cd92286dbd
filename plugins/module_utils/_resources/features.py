# -*- coding: utf-8 -*-
# Copyright (c) ppe.essentials contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The features of an organization (ppe_features, ppe_features_info): settings whose keys depend on the package.

Private to the ppe.essentials collection; not a public API. The API lists only the features of the
organization's package, so the keys of the object read are what can be set (the settings kind's rule).
"""

from __future__ import annotations

import difflib

from ansible_collections.ppe.essentials.plugins.module_utils._normalize import boolean, check_domain, integer, within
from ansible_collections.ppe.essentials.plugins.module_utils._resource import Field, Resource
from ansible_collections.ppe.essentials.plugins.module_utils._vocabulary import (
    COUNTED_FEATURES, FEATURE_PACKAGES, FEATURES, MAX_FEATURE_DAYS, package_offering)

CHANGE_PACKAGE = "Change the package with ppe.essentials.ppe_licensing."


def feature_field(name):
    """Typed like the API types it; values such as "true" or "30" are sent as JSON booleans and numbers."""
    if name in COUNTED_FEATURES:
        return Field(name, "int", to_api=integer, validate=within(0, MAX_FEATURE_DAYS, " days"))
    return Field(name, "bool", to_api=boolean, validate=boolean)


class FeaturesResource(Resource):
    """GET and PUT /orgs/{org}/features; no create or delete.

    A PUT carries only the features this run changes. The vendor's guide asks for a GET first and says the PUT
    updates "as appropriate"; the PowerShell client PSP sends only the changed keys while VLX sends the merged map
    (API reference, endpoint 30), so a partial body is accepted, and the whole map would undo a concurrent job's
    change to another feature. The simulator merges the same way.
    """

    result_key = noun = "features"
    path = "orgs/{org}/features"
    creatable = False
    entries_option = "features"
    location_options = {"org": {"type": "str", "required": True}}
    location_checks = {"org": check_domain}
    fields = tuple(feature_field(name) for name in FEATURES)

    def cross_errors(self, params):
        return ["features.%s: not a Proofpoint Essentials feature (%sknown: %s)" % (
            name, "".join("did you mean %s? " % guess for guess in difflib.get_close_matches(str(name), FEATURES, n=1)),
            ", ".join(sorted(FEATURES))) for name in sorted(params.get("features") or {}, key=str) if name not in FEATURES]

    def unavailable(self, params, missing, current):
        """The package is told from the features the API lists (each package's set is different): no extra GET."""
        return "%s not available with licensing package %r (%s); available: %s. %s" % (
            ", ".join(f.name for f in missing), package_offering(current),
            "; ".join("%s comes with %s" % (f.name, ", ".join(FEATURE_PACKAGES[f.name])) for f in missing),
            ", ".join(sorted(current)), CHANGE_PACKAGE)

    def refused_hint(self, params, current):
        return "The organization has licensing package %r; available: %s. %s" % (
            package_offering(current), ", ".join(sorted(current)), CHANGE_PACKAGE)
