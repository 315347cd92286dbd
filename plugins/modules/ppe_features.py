#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) ppe.essentials contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r"""
module: ppe_features
short_description: Turn features of a Proofpoint Essentials organization on or off
version_added: 0.1.0
description:
  - Sets the listed features of an organization; features that are not listed keep their value.
  - Reads the features once, and when a listed feature differs writes only the features that differ, with one PUT.
  - Which features an organization has depends on its licensing package. A listed feature that is unknown, or not
    in the organization's package, fails the task before anything is written, with a message that names the
    feature, the package and the features that are available.
author:
  - PPE Essentials maintainers (@ppe-essentials)
options:
  features:
    description:
      - Mapping of feature name to value. Values are booleans, except C(instant_replay), the number of days of
        Instant Replay (V(0) turns it off).
      - "Known features: C(attachment_defense), C(attachment_defense_sandboxing), C(disclaimers), C(dlp),
        C(email_archive), C(email_encryption), C(instant_replay), C(outbound_relaying), C(smtp_discovery),
        C(social_media_account_protection), C(url_defense), C(anti_spoofing), C(email_warning_tags),
        C(one_click_remediation), C(automatic_remediation)."
    type: dict
    required: true
extends_documentation_fragment:
  - ppe.essentials.connection
  - ppe.essentials.org
  - ppe.essentials.attributes
seealso:
  - module: ppe.essentials.ppe_features_info
  - module: ppe.essentials.ppe_licensing
"""

EXAMPLES = r"""
- name: Turn on URL and attachment defense and keep 30 days of Instant Replay
  ppe.essentials.ppe_features:
    org: acme.example
    features:
      url_defense: true
      attachment_defense: true
      instant_replay: 30

- name: Turn off disclaimers, leaving every other feature as it is
  ppe.essentials.ppe_features:
    org: acme.example
    features:
      disclaimers: false
"""

RETURN = r"""
features:
  description:
    - All features of the organization after the task (the prediction in check mode), as the API returns them.
  returned: success
  type: dict
  sample:
    attachment_defense: true
    url_defense: true
    anti_spoofing: true
    disclaimers: false
    dlp: false
    instant_replay: 30
    outbound_relaying: false
    smtp_discovery: false
"""

from ansible_collections.ppe.essentials.plugins.module_utils.client import api_path
from ansible_collections.ppe.essentials.plugins.module_utils.errors import OptionError, PermissionDeniedError
from ansible_collections.ppe.essentials.plugins.module_utils.module import run_resource_module
from ansible_collections.ppe.essentials.plugins.module_utils.normalize import boolean, check_domain, integer, shown, within
from ansible_collections.ppe.essentials.plugins.module_utils.resource import Field, Resource
from ansible_collections.ppe.essentials.plugins.module_utils.vocabulary import COUNTED_FEATURES, FEATURES, MAX_FEATURE_DAYS



def feature_field(name):
    """Typed like the API types it; values such as "true" or "30" are sent as JSON booleans and numbers."""
    kind = "int" if name in COUNTED_FEATURES else "bool"
    return Field(name, kind, to_api=integer if kind == "int" else boolean)


class FeaturesResource(Resource):
    """The feature set of an organization: GET and PUT /orgs/{org}/features, no create or delete."""

    key = "features"
    creatable = False
    noun = "features"
    identity_options = {"org": {"type": "str", "required": True}}
    identity_checks = {"org": check_domain}
    extra_options = {"features": {"type": "dict", "required": True}}

    def item_path(self, params):
        return api_path("orgs", params["org"], "features")

    def cross_errors(self, params):
        errors = []
        for name, value in sorted((params.get("features") or {}).items()):
            if name not in FEATURES:
                errors.append("features: %s is not a Proofpoint Essentials feature (known: %s)" % (
                    shown(name), ", ".join(FEATURES)))
                continue
            try:
                if name in COUNTED_FEATURES:
                    within(0, MAX_FEATURE_DAYS, " days")(value)
                else:
                    boolean(value)
            except ValueError:
                errors.append("features: %s=%s is not a %s" % (name, shown(value), "number of days from 0 to %d" % MAX_FEATURE_DAYS
                                                                 if name in COUNTED_FEATURES else "boolean"))
        return errors

    def read(self, client, params):
        self.client = client  # kept for the package lookup of an unavailable-feature message
        return client.get_or_none(self.item_path(params))

    def desired(self, params, current):
        """One field per listed feature, after checking that the organization's package has them all."""
        missing = sorted(set(params["features"]) - set(current))
        if missing:
            raise OptionError(self.explain(params, current, "%s not available" % ", ".join(missing)) + " Nothing was written.")
        self.fields = tuple(feature_field(name) for name in sorted(params["features"]))
        self.available = sorted(current)
        return dict(params, **params["features"])

    def explain(self, params, available, problem):
        """A message that names the problem, the organization's package and the features it has."""
        org = self.client.get_or_none(api_path("orgs", params["org"])) or {}
        return "features: %s to organization %s with licensing package %r; available: %s. Change the package with " \
               "ppe.essentials.ppe_licensing." % (problem, params["org"], org.get("licensing_package", "unknown"),
                                                  ", ".join(sorted(available)))

    def update(self, client, params, body):
        try:
            super().update(client, params, body)
        except PermissionDeniedError as exc:
            raise PermissionDeniedError(
                self.explain(params, self.available, "the API refused the change (%s)" % (exc.api_message or "HTTP 403")),
                method=exc.method, path=exc.path, api_message=exc.api_message)


def main():
    run_resource_module(FeaturesResource())


if __name__ == "__main__":
    main()
