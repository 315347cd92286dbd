# -*- coding: utf-8 -*-
# Copyright (c) ppe.essentials contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Domain health: GET /orgs/{d}/domains/{name}/health, "Run a health check on the domain" (spec summary only).

The answer's shape is inferred (README): the domain, an overall status and one check per part of the mail setup,
each `pass`, `warn` or `fail` with a message. Deterministic from the state: ownership from the domain's
`is_verified`, DKIM from its keypairs, MX, SPF and DMARC from what `/_sim/dns/{name}` lists under `mail`.
"""

from __future__ import annotations

from .res_domains import own_domain

RANK = {"pass": 0, "warn": 1, "fail": 2}


def _check(name, passed, failure, message_ok, message_bad):
    return {"name": name, "status": "pass" if passed else failure, "message": message_ok if passed else message_bad}


def checks(store, domain):
    """The health checks of one domain record, in a fixed order."""
    name = domain["name"]
    mail = store.published(name, "mail")
    keys = domain["dkim"].values()
    valid = sorted(k["selector"] for k in keys if k["is_valid"])
    dkim = {"name": "dkim", "status": "pass" if valid else "warn",
            "message": "DKIM signing key(s) verified in DNS: %s" % ", ".join(valid) if valid else
            "DKIM keypairs exist but none is verified in DNS" if keys else "no DKIM keypair"}
    return [
        _check("ownership", domain["is_verified"], "fail", "ownership of %s is verified" % name,
               "ownership of %s is not verified" % name),
        _check("mx", "MX" in mail, "fail", "the MX records of %s point at Proofpoint Essentials" % name,
               "the MX records of %s do not point at Proofpoint Essentials" % name),
        _check("spf", "SPF" in mail, "warn", "the SPF record of %s includes Proofpoint Essentials" % name,
               "the SPF record of %s does not include Proofpoint Essentials" % name),
        dkim,
        _check("dmarc", "DMARC" in mail, "warn", "%s publishes a DMARC policy" % name,
               "%s publishes no DMARC policy" % name),
    ]


def get_health(ctx):
    """GET /orgs/{d}/domains/{name}/health: {"domain", "status", "checks": [{"name", "status", "message"}]}."""
    domain = own_domain(ctx, ctx.org())
    found = checks(ctx.store, domain)
    status = max((c["status"] for c in found), key=RANK.get)
    return 200, {"domain": domain["name"], "status": status, "checks": found}
