# -*- coding: utf-8 -*-
# Copyright (c) ppe.essentials contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Proof that an organization owns a domain: the code to publish and the check (ppe_domain_verification).

GET .../verification-code gives the code; PUT .../verify/{TXT|META} (no body) answers 204 verified or 409 not
able to verify. The shape of the code's answer is not documented: a string, or an object holding it under
`verification_code` (what the simulator answers) or `code`. Whether the Domain object shows the state is not
documented either: when it has `is_verified` (as the simulator's does), a verified domain is not checked again;
without it, verify=true checks on every run and reports no change, since the answer (204) does not say whether the
domain was verified before.
"""

from __future__ import annotations

from ansible_collections.ppe.essentials.plugins.module_utils._normalize import check_domain
from ansible_collections.ppe.essentials.plugins.module_utils._errors import PPEError
from ansible_collections.ppe.essentials.plugins.module_utils._resource import Resource, answer_shape

CODE_KEYS = ("verification_code", "code")
META_NAME = "ppe-verification"  # the meta tag's name when the code does not carry one (name=value)


def meta_tag(code):
    """The META method's markup for a code such as 'ppe-verification=<hash>'."""
    name, _sep, content = code.rpartition("=") if "=" in code else (META_NAME, "", code)
    return '<meta name="%s" content="%s">' % (name, content)


class DomainVerificationResource(Resource):
    """/orgs/{org}/domains/{domain}, read for its verified state; its verification code and check beside it."""

    result_key = noun = "domain"
    path = "orgs/{org}/domains/{domain}"
    endpoints = {"code": "orgs/{org}/domains/{domain}/verification-code",
                 "verify": "orgs/{org}/domains/{domain}/verify/{method}"}
    identity_option = "domain"
    creatable = False
    location_options = {"org": {"type": "str", "required": True}, "domain": {"type": "str", "required": True}}
    location_checks = {"org": check_domain, "domain": check_domain}
    extra_options = {"method": {"type": "str", "default": "TXT", "choices": ["TXT", "META"]}}
    related = {"verification_code": "code"}
    verify_endpoint = "verify"

    def related_value(self, key, data):
        """The code: the answer itself when it is a string, else under one of CODE_KEYS; any other shape fails naming
        what arrived (never a silent "no code")."""
        if isinstance(data, dict):
            found = [data[k] for k in CODE_KEYS if isinstance(data.get(k), str)]
            if not found:
                raise PPEError("The API answered GET .../verification-code with %s, where the code was expected as a "
                               "string or under %s. The API does not document this answer's shape and the collection "
                               "does not know this one; please report it." % (
                                   answer_shape(data), " or ".join(repr(k) for k in CODE_KEYS)))
            data = found[0]
        return data if isinstance(data, str) and data else None

    def verified(self, obj):
        """True or False from is_verified; None when the domain does not show it (the field is inferred): then
        verify=true asks the API on every run and claims no change (engine.verification)."""
        value = (obj or {}).get("is_verified")
        return None if value is None else bool(value)

    def after_verify(self, obj):
        return dict(obj, is_verified=True) if "is_verified" in obj else obj

    def record(self, params, obj, related):
        code = related.get("verification_code")
        if not code:
            return None
        if params.get("method") == "META":
            return {"type": "META", "name": "https://%s/" % params["domain"], "value": meta_tag(code)}
        return {"type": "TXT", "name": params["domain"], "value": code}

    def unverified_message(self, params, record, attempts):
        domain = params["domain"]
        if record is None:
            what = "the verification code (the API did not return one)"
        elif record["type"] == "TXT":
            what = "a TXT record on %s with the value %s" % (domain, record["value"])
        else:
            what = "the tag %s in the <head> of the home page %s" % (record["value"], record["name"])
        return ("%s is not verified: the API still answers HTTP 409 (not able to verify) to the %s check after %d "
                "attempt(s). Publish %s, wait until it is visible, then run again (verify_retries and verify_delay "
                "wait longer). Nothing was changed." % (self.describe(params), params.get("method"), attempts, what))
