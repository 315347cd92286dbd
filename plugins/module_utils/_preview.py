# -*- coding: utf-8 -*-
# Copyright (c) ppe.essentials contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The preview (check mode) of a customer whose organization does not exist yet.

Private to the ppe.essentials collection. Check mode cannot read what is not there, so the steps after the
organization's run against `PreviewClient`: the organization as its (check-mode) create predicts it, answered to the
steps' GETs from the resource declarations' own defaults (`Resource.predicted`). The steps are the modules' own code,
unchanged, so the preview counts the fields the real run changes. What the declarations cannot predict (a GET nobody
declared an answer for) fails that step in the preview, and the customer layer lists it as not predictable.
"""

from __future__ import annotations

import copy

from ansible_collections.ppe.essentials.plugins.module_utils._client import ApiResponse
from ansible_collections.ppe.essentials.plugins.module_utils._errors import NotFoundError, PPEError
from ansible_collections.ppe.essentials.plugins.module_utils._normalize import domain, text
from ansible_collections.ppe.essentials.plugins.module_utils._resource import format_path
from ansible_collections.ppe.essentials.plugins.module_utils._vocabulary import DEFAULT_PACKAGE, package_features

# What a new organization's features start with, where a source says it: instant_replay "Defaults to 30" (days; the
# PowerShell client PSP). The others are not documented: the preview shows a declared value over an unknown one (null).
NEW_ORG_FEATURES = {"instant_replay": 30}
LICENSING_FROM_ORG = {"package": "licensing_package", "license_count": "user_licenses", "is_on_trial": "is_on_trial"}


class NotPredictable(PPEError):
    """A step asked for something the preview of a new organization cannot know."""


def _key(path):
    return "/" + path.split("?", 1)[0].strip("/")


class PreviewClient:
    """Answers GETs from a predicted organization; a write is a bug (check mode never writes)."""

    def __init__(self, answers):
        self.answers = dict((_key(path), answer) for path, answer in answers.items())

    def get_or_none(self, path, expect=None):
        key = _key(path)
        if key not in self.answers:
            raise NotPredictable("%s cannot be known before the organization exists" % key)
        return copy.deepcopy(self.answers[key])

    def get(self, path, expect=None):
        answer = self.get_or_none(path, expect)
        if answer is None:
            raise NotFoundError("GET %s: not there yet" % path, status=404)
        return answer

    def request(self, method, path, body=None, retry_unsafe=False, expect=None):
        if method != "GET":
            raise NotPredictable("a preview sends no %s (%s)" % (method, path))
        return ApiResponse(200, self.get(path, expect))


def answers_for(planned, org_result):
    """{path: answer} of a new organization for the planned steps: the organization as its create predicts it, its
    domains and first administrator, each section's settings at their defaults, no section item yet."""
    org = dict((org_result or {}).get("org") or {})
    name = domain(org.get("primary_domain") or org.get("domain"))
    listed = [d if isinstance(d, dict) else {"name": d} for d in org.get("domains") or []]
    if name not in [domain(d.get("name")) for d in listed]:  # the create makes the primary domain too
        org["domains"] = [{"name": name, "is_active": True}] + listed
    answers = {format_path("orgs/{domain}", {"domain": name}): org}
    for section, _index, options in planned:
        resource = getattr(section.definition, "resource", None)
        if resource is None or section.key == "org":
            continue
        params = dict(options)
        if section.key == "users":  # a bulk step reads the organization's users: its first administrator
            answers.setdefault(resource.collection_path(params), _first_admin(resource, options, planned))
            continue
        if resource.collection and resource.found_by_listing:
            answers.setdefault(resource.collection_path(params), [])
        if resource.creatable:
            if not resource.found_by_listing:
                answers.setdefault(resource.item_path(params), None)
            for _description, path in resource.parents(params, True):
                answers.setdefault(path, {})
        else:
            defaults = resource.predicted({})
            for path in resource.read_paths(params):
                answers.setdefault(path, dict(defaults))
    _created_with_the_org(answers, org, name)
    return answers


def _created_with_the_org(answers, org, name):
    """What the organization's create makes besides itself: its domains (the primary one and those it lists) and its
    licensing as the create sets it."""
    for item in org.get("domains") or []:
        item = item if isinstance(item, dict) else {"name": item}
        path = format_path("orgs/{org}/domains/{name}", {"org": name, "name": domain(item.get("name"))})
        answers[path] = dict(item, is_active=item.get("is_active", True))
    primary = format_path("orgs/{org}/domains/{name}", {"org": name, "name": name})
    answers[primary] = dict(answers.get(primary) or {}, name=name, is_active=True)
    package = text(org.get("licensing_package")).lower() or DEFAULT_PACKAGE
    licensing = format_path("orgs/{org}/licensing", {"org": name})
    if isinstance(answers.get(licensing), dict):
        answers[licensing].update((field, org[key]) for field, key in LICENSING_FROM_ORG.items() if key in org)
    features = format_path("orgs/{org}/features", {"org": name})
    if features in answers:  # the API lists the features of the package; what each starts with is not documented
        answers[features] = dict((f, NEW_ORG_FEATURES.get(f)) for f in package_features(package))


def _first_admin(resource, options, planned):
    """The users of a new organization: the administrator its create makes (the org step's admin_user), if any."""
    admin = next((o.get("admin_user") for section, _i, o in planned if section.key == "org"), None)
    if not admin:
        return []
    item = resource.clean(dict(email=admin.get("primary_email"), firstname=admin.get("firstname"),
                               surname=admin.get("surname"), type="organization_admin", org=options["org"]))
    return [resource.predicted(resource.create_body(item))]
