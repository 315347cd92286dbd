# -*- coding: utf-8 -*-
# Copyright (c) ppe.essentials contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Domain ownership verification: the code to publish, and the check (204 verified, 409 not able to verify).

The code is a hash of the domain name, so it never changes; whether the record is "published" is what
`/_sim/dns/{name}` says (the outside world's DNS and web site). A verified domain shows `is_verified: true`
(the simulator's choice: the sources do not say whether the Domain object shows it).
"""

from __future__ import annotations

import hashlib

from .errors import ApiError, not_found
from .res_domains import own_domain

METHODS = ("TXT", "META")
CODE_PREFIX = "ppe-verification="


def verification_code(name):
    """The domain's code: the same for every call, different for every domain."""
    digest = hashlib.sha256(("ppe-sim-verification:" + name.lower().rstrip(".")).encode("utf-8")).hexdigest()
    return CODE_PREFIX + digest[:32]


def get_verification_code(ctx):
    """GET /orgs/{d}/domains/{name}/verification-code: {"verification_code": "ppe-verification=<hash>"}."""
    domain = own_domain(ctx, ctx.org())
    return 200, {"verification_code": verification_code(domain["name"])}


def verify(ctx):
    """PUT /orgs/{d}/domains/{name}/verify/{method}: no body; 204 verified, 409 not able to verify.

    TXT looks for the code in a TXT record of the domain, META for a meta tag on its home page. A verified
    domain stays verified (204 again). An unknown method is a 404, like an unknown reporting period.
    """
    org = ctx.org(write=True)
    domain = own_domain(ctx, org)
    method = ctx.params["method"].upper()
    if method not in METHODS:
        raise not_found("Not Found: unknown verification method %s; the methods are TXT and META" % ctx.params["method"])
    if not domain["is_verified"] and method not in ctx.store.published(domain["name"], "verification"):
        where = "a TXT record of %s" % domain["name"] if method == "TXT" else "a meta tag on the home page of %s" % (
            domain["name"])
        raise ApiError(409, "Conflict: not able to verify the domain %s: %s was not found in %s" % (
            domain["name"], verification_code(domain["name"]), where))
    domain["is_verified"] = True
    return 204, None
