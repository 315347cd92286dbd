# -*- coding: utf-8 -*-
# Copyright (c) ppe.essentials contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The DKIM keypairs of a domain, one per selector (ppe_dkim, ppe_dkim_info).

/orgs/{org}/domains/{domain}/dkim lists them (a bare JSON array); .../dkim/{selector} is read, created by POST
on that path and deleted; .../dkim/{selector}/verify (PUT, no body) checks the public key in DNS: 204 valid,
409 not yet. The keypair's fields are did, domain, selector, is_valid and public_key; the create body carries
the private key, whose field name the sources do not give (`private_key` is inferred).
"""

from __future__ import annotations

import re

from ansible_collections.ppe.essentials.plugins.module_utils._normalize import check_domain, text
from ansible_collections.ppe.essentials.plugins.module_utils._resource import Field, Resource, format_path

SELECTOR = re.compile(r"^(?!-)[A-Za-z0-9-]{1,63}(?<!-)\Z")
PEM = re.compile(r"^-----BEGIN ([A-Z0-9]+ )?PRIVATE KEY-----\r?\n[A-Za-z0-9+/=\r\n]+-----END ([A-Z0-9]+ )?PRIVATE KEY-----\Z")
MAX_KEY = 16384


def check_selector(value):
    if not SELECTOR.match(text(value)):
        raise ValueError("%r is not a DKIM selector: one DNS label (letters, digits and '-', at most 63)" % text(value))


def check_private_key(value):
    """A PEM private key; the message never shows the value."""
    key = text(value).strip()
    if len(key) > MAX_KEY or not PEM.match(key):
        raise ValueError("not a PEM private key: it must run from '-----BEGIN PRIVATE KEY-----' (or '-----BEGIN RSA "
                         "PRIVATE KEY-----') to the matching END line, at most %d characters (the value is not shown)"
                         % MAX_KEY)


class DkimResource(Resource):
    """/orgs/{org}/domains/{domain}/dkim/{selector}; created by POST on its own path."""

    result_key = "dkim"
    noun = "DKIM keypair"
    plural = "keypairs"
    path = "orgs/{org}/domains/{domain}/dkim/{selector}"
    collection = "orgs/{org}/domains/{domain}/dkim"
    endpoints = {"verify": "orgs/{org}/domains/{domain}/dkim/{selector}/verify"}
    identity_option = "selector"
    location_options = {"org": {"type": "str", "required": True}, "domain": {"type": "str", "required": True},
                        "selector": {"type": "str", "required": True}}
    location_checks = {"org": check_domain, "domain": check_domain, "selector": check_selector}
    fields = (Field("private_key", "raw", secret=True, spec={"type": "str", "no_log": True},
                    validate=check_private_key, to_api=lambda value: text(value).strip() + "\n"),)
    required_on_create = ("private_key",)
    verify_endpoint = "verify"

    def create_path(self, params):
        return self.item_path(params)

    def parents(self, params, creating=False):
        return super().parents(params) + [("domain %s of organization %s" % (params["domain"], params["org"]),
                                           format_path("orgs/{org}/domains/{domain}", params))]

    def describe(self, params):
        return "DKIM keypair %s of domain %s of organization %s" % (params.get("selector") or "", params["domain"],
                                                                    params["org"])

    def asks_for_create(self, params):
        """A missing selector is a keypair to create: say that creating it needs the key, not 'a typo?'."""
        return True

    def verified(self, obj):
        value = (obj or {}).get("is_valid")
        return None if value is None else bool(value)

    def after_verify(self, obj):
        return dict(obj, is_valid=True)

    def record(self, params, obj, related):
        """The DKIM TXT record of the key (RSA assumed: the keys the sources show are RSA), when the API gave it."""
        key = (obj or {}).get("public_key")
        if not key:
            return None
        return {"type": "TXT", "name": "%s._domainkey.%s" % (obj.get("selector") or params["selector"],
                                                             obj.get("domain") or params["domain"]),
                "value": "v=DKIM1; k=rsa; p=%s" % key}

    def unverified_message(self, params, record, attempts):
        what = ("a TXT record %s with the value %s" % (record["name"], record["value"]) if record else
                "the public key as a TXT record %s._domainkey.%s" % (params["selector"], params["domain"]))
        return ("%s is not valid: the API still answers HTTP 409 (not able to verify) after %d attempt(s). Publish %s, "
                "wait until it is visible, then run again (verify_retries and verify_delay wait longer)." % (
                    self.describe(params), attempts, what))
