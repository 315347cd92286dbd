# -*- coding: utf-8 -*-
# Copyright (c) ppe.essentials contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""DKIM keypairs of a domain: list (bare array), delete all, read / create / delete one by selector, verify.

A keypair is `{"did", "domain", "selector", "is_valid", "public_key"}` (SYN's field names). The create body
carries the private key (VLX: "requires the caller to supply the private signing key"); its field name is not
documented, the simulator takes `private_key` (PEM text). The simulator does no cryptography: the public key
is a stable stand-in derived from the private key, and only a salted hash of the private key is stored.
"""

from __future__ import annotations

import base64
import hashlib
import re

from .errors import ApiError, invalid, not_found
from .model import hash_password
from .res_domains import own_domain
from .validation import field_error

SELECTOR = re.compile(r"^(?!-)[a-z0-9-]{1,63}(?<!-)\Z")
PEM = re.compile(r"^-----BEGIN (RSA )?PRIVATE KEY-----\r?\n[A-Za-z0-9+/=\r\n]+-----END (RSA )?PRIVATE KEY-----\s*\Z")


def public_key(private_key):
    """The stand-in public key: base64 of a hash chain of the private key (the same key gives the same value)."""
    digest, material = private_key.encode("utf-8"), b""
    for _round in range(8):
        digest = hashlib.sha256(digest).digest()
        material += digest
    return "MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA" + base64.b64encode(material).decode("ascii")


def keypair_out(domain, pair):
    return {"did": pair["did"], "domain": domain["name"], "selector": pair["selector"], "is_valid": pair["is_valid"],
            "public_key": pair["public_key"]}


def _selector(ctx):
    selector = ctx.params["selector"]
    if not SELECTOR.match(selector.lower()):
        raise invalid([field_error("selector", "%r is not a valid DKIM selector (one DNS label)" % selector)])
    return selector.lower()


def _own_pair(ctx, domain):
    pair = domain["dkim"].get(_selector(ctx))
    if pair is None:
        raise not_found("Not Found: the domain %s has no DKIM keypair with the selector %s" % (
            domain["name"], ctx.params["selector"]))
    return pair


def keypairs(ctx):
    """GET (a JSON array, SYN) or DELETE (all, 204) /orgs/{d}/domains/{name}/dkim."""
    org = ctx.org(write=ctx.method != "GET")
    domain = own_domain(ctx, org)
    if ctx.method == "DELETE":
        domain["dkim"] = {}
        return 204, None
    return 200, [keypair_out(domain, pair) for _selector_name, pair in sorted(domain["dkim"].items())]


def get_keypair(ctx):
    """GET /orgs/{d}/domains/{name}/dkim/{selector}."""
    domain = own_domain(ctx, ctx.org())
    return 200, keypair_out(domain, _own_pair(ctx, domain))


def create_keypair(ctx):
    """POST /orgs/{d}/domains/{name}/dkim/{selector} {"private_key": PEM}: 201 with the keypair; 409 if it exists."""
    org = ctx.org(write=True)
    domain = own_domain(ctx, org)
    body = ctx.obj()
    selector = _selector(ctx)
    errors = [field_error(key, "unknown field") for key in sorted(set(body) - {"private_key"})]
    key = body.get("private_key")
    if not isinstance(key, str) or not key.strip():
        errors.append(field_error("private_key", "is required (the private signing key, PEM)"))
    elif not PEM.match(key.strip()):
        errors.append(field_error("private_key", "is not a PEM private key (-----BEGIN PRIVATE KEY----- ...)"))
    if errors:
        raise invalid(errors)
    if selector in domain["dkim"]:
        raise ApiError(409, "Conflict: the domain %s already has a DKIM keypair with the selector %s" % (
            domain["name"], selector))
    pair = {"did": ctx.store.new_did(), "selector": selector, "is_valid": False, "public_key": public_key(key.strip()),
            "private_key_hash": hash_password(key.strip())}
    domain["dkim"][selector] = pair
    return 201, keypair_out(domain, pair)


def delete_keypair(ctx):
    """DELETE /orgs/{d}/domains/{name}/dkim/{selector}: 204; 404 when there is none."""
    org = ctx.org(write=True)
    domain = own_domain(ctx, org)
    pair = _own_pair(ctx, domain)
    del domain["dkim"][pair["selector"]]
    return 204, None


def verify_keypair(ctx):
    """PUT /orgs/{d}/domains/{name}/dkim/{selector}/verify (no body): 204 and is_valid when /_sim/dns/{name} lists
    the selector (its public key is published at <selector>._domainkey.<name>), else 409."""
    org = ctx.org(write=True)
    domain = own_domain(ctx, org)
    pair = _own_pair(ctx, domain)
    if pair["selector"] not in ctx.store.published(domain["name"], "dkim"):
        raise ApiError(409, "Conflict: not able to verify the DKIM keypair %s: its public key was not found in the TXT "
                            "record %s._domainkey.%s" % (pair["selector"], pair["selector"], domain["name"]))
    pair["is_valid"] = True
    return 204, None
