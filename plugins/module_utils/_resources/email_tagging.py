# -*- coding: utf-8 -*-
# Copyright (c) ppe.essentials contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""E-mail warning and subject tags of an organization, and the senders exempt from them (ppe_email_tagging,
ppe_email_tagging_exemptions, ppe_email_tagging_info).

/orgs/{org}/email-tagging: GET, PUT, PATCH ("all fields optional"); the object is VLX's EmailTaggingPresenter, two
nested settings objects. Updates PATCH only the changed leaves: that PATCH merges nested objects is inferred.
/orgs/{org}/email-tagging/exemptions: GET {"exemptions": [...]}, POST {"exemptions": [...]} adds, DELETE with the
same body removes the given senders (the DELETE body is inferred, as VLX reads "Delete specified ... Exempt Senders").
The GET's key is inferred too: a bare list is read as well, another shape fails naming the key. A POST adds to a set,
so it is retried like a create (engine.update).
"""

from __future__ import annotations

from ansible_collections.ppe.essentials.plugins.module_utils._normalize import check_domain, is_domain, is_email, text
from ansible_collections.ppe.essentials.plugins.module_utils._vocabulary import FEATURE_PACKAGES, PACKAGES
from ansible_collections.ppe.essentials.plugins.module_utils._resource import Field, Resource, listed
from ansible_collections.ppe.essentials.plugins.module_utils._resources.sender_lists import EntrySetResource, exemptions_field

BOOL = {"type": "bool"}
# Lengths of the tag texts. The API documents none and no client shows one (inferred): the collection and the
# simulator share these (tests/unit/plugins/modules/test_section_rules.py), so a longer text fails before any request.
MAX_SUBJECT = 100
MAX_BANNER = 1000
MAX_EXEMPTIONS = 10000
WARNING_TAGS = {"type": "dict", "options": {
    "is_enabled": BOOL,
    "info_tags": {"type": "dict", "options": {"external_sender": BOOL}},
    "warning_tags": {"type": "dict", "options": {"dmarc_failure": BOOL, "domain_age_failure": BOOL,
                                                 "geo_ip_failure": BOOL}},
    "learn_more": {"type": "dict", "options": {"is_enabled": BOOL, "is_action_enabled": BOOL}},
    "additional_banner_content": {"type": "dict", "options": {"is_enabled": BOOL, "content": {"type": "str"}}},
}}
SUBJECT_TAGS = {"type": "dict", "options": {"is_enabled": BOOL, "content": {"type": "str"}}}
TAGS_FEATURE = "email_warning_tags"  # the feature (and so the packages) every write of tags and exemptions needs
REFUSED_HINT = ("Email warning tags need a package that offers them (%s): change it with ppe.essentials.ppe_licensing; "
                "or the account is read-only." % " or ".join(FEATURE_PACKAGES[TAGS_FEATURE]))


def package_errors(options, org, facts):
    """The refusal of a write of `options` (names) when the organization's package does not offer warning tags.

    A package the collection does not know is not judged (the API may have added one): the API decides then.
    """
    package = facts.get("package")
    if not options or package not in PACKAGES or package in FEATURE_PACKAGES[TAGS_FEATURE]:
        return []
    return ["%s: e-mail warning tags are not available in the %s package of organization %s (the API refuses the "
            "change with HTTP 403); the packages that offer them: %s. Change the package with "
            "ppe.essentials.ppe_licensing" % (" and ".join(options), package, org,
                                              ", ".join(FEATURE_PACKAGES[TAGS_FEATURE]))]


def check_length(path, limit):
    """Build a validator of one text leaf of a nested settings option, named by its dotted path."""
    def check(value):
        for key in path.split("."):
            value = (value or {}).get(key)
        if value is not None and len(text(value)) > limit:
            raise ValueError("%s: %d characters, at most %d are allowed" % (path, len(text(value)), limit))
    return check


def check_exempt_sender(value):
    entry = text(value)
    if not (is_email(entry) or is_domain(entry) or (entry.startswith("*@") and is_domain(entry[2:]))):
        raise ValueError("%r is not an e-mail address, a domain or *@domain" % entry)


class EmailTaggingResource(Resource):
    """/orgs/{org}/email-tagging: nested settings, PATCHed with the changed leaves only."""

    result_key = "email_tagging"
    noun = "email tagging"
    path = "orgs/{org}/email-tagging"
    endpoints = {"exemptions": "orgs/{org}/email-tagging/exemptions"}
    related = {"exemptions": "exemptions"}  # ppe_email_tagging_info reads the exemptions too
    creatable = False
    location_options = {"org": {"type": "str", "required": True}}
    location_checks = {"org": check_domain}
    update_method = "PATCH"
    fields = (
        Field("email_warning_tags", "dict", spec=WARNING_TAGS,
              validate=check_length("additional_banner_content.content", MAX_BANNER)),
        Field("email_subject_tags", "dict", spec=SUBJECT_TAGS, validate=check_length("content", MAX_SUBJECT)),
    )

    def related_value(self, key, data):
        return list(listed(data, "exemptions"))

    def preflight_facts(self, params):
        return ("package",)

    def preflight_errors(self, params, facts):
        return package_errors([f.name for f in self.managed(params)], params["org"], facts)

    def refused_hint(self, params, current):
        return REFUSED_HINT


class EmailTaggingExemptionsResource(EntrySetResource):
    """/orgs/{org}/email-tagging/exemptions: written by POSTing the additions and DELETEing the removals."""

    result_key = "email_tagging_exemptions"
    noun = "email tagging exemptions"
    path = "orgs/{org}/email-tagging/exemptions"
    fields = (exemptions_field("sender", check_exempt_sender, max_items=MAX_EXEMPTIONS),)

    def public(self, obj):
        """{"exemptions": [...]} (inferred), also from a bare list; any other shape fails naming the key."""
        if obj is None:
            return None
        return dict(obj if isinstance(obj, dict) else {}, exemptions=list(listed(obj, "exemptions")))

    def update_requests(self, params, current, writable):
        removed, added = self.difference(current, params)
        path = self.item_path(params)
        return ([("DELETE", path, {"exemptions": removed})] if removed else []) + (
            [("POST", path, {"exemptions": added})] if added else [])

    def preflight_facts(self, params):
        return ("package",)

    def preflight_errors(self, params, facts):
        return package_errors([f.name for f in self.managed(params)], params["org"], facts)

    def refused_hint(self, params, current):
        return REFUSED_HINT
