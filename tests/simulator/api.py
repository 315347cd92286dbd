# -*- coding: utf-8 -*-
# Copyright (c) ppe.essentials contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Request pipeline for /api/...: faults, auth, routing (404/405), body parsing, handler, log.

Routing is done here rather than by Flask's URL map so that trailing and doubled slashes, `%40`
or raw `@` and unknown-vs-wrong-method paths are handled the same way everywhere.
"""

from __future__ import annotations

import json

from . import (res_auth, res_azure, res_billing, res_dkim, res_domains, res_health, res_misc, res_orgs, res_products,
               res_settings, res_tagging, res_users, res_verification)
from .auth import authenticate, check_scope, check_stack, check_write, resolve_org
from .constants import DEPRECATED_LIST_NAMES
from .errors import ApiError

V = "/api/v1"
ROUTES = [
    (("endpoints", "{d}"), {"GET": res_misc.get_endpoints}),
    (("me",), {"GET": res_misc.get_me}),
    (("orgs", "{d}"), {"GET": res_orgs.get_org, "PATCH": res_orgs.patch_org, "DELETE": res_orgs.delete_org}),
    (("orgs", "{d}", "orgs"), {"GET": res_orgs.list_orgs, "POST": res_orgs.create_orgs}),
    (("orgs", "{d}", "domains"), {"GET": res_domains.list_domains, "POST": res_domains.create_domains}),
    (("orgs", "{d}", "domains", "{name}"), {"GET": res_domains.get_domain, "PUT": res_domains.update_domain,
                                            "PATCH": res_domains.update_domain, "POST": res_domains.create_at_path,
                                            "DELETE": res_domains.delete_domain}),
    (("orgs", "{d}", "domains", "{name}", "verification-code"), {"GET": res_verification.get_verification_code}),
    (("orgs", "{d}", "domains", "{name}", "verify", "{method}"), {"PUT": res_verification.verify}),
    (("orgs", "{d}", "domains", "{name}", "dkim"), {"GET": res_dkim.keypairs, "DELETE": res_dkim.keypairs}),
    (("orgs", "{d}", "domains", "{name}", "dkim", "{selector}"),
     {"GET": res_dkim.get_keypair, "POST": res_dkim.create_keypair, "DELETE": res_dkim.delete_keypair}),
    (("orgs", "{d}", "domains", "{name}", "dkim", "{selector}", "verify"), {"PUT": res_dkim.verify_keypair}),
    (("orgs", "{d}", "users"), {"GET": res_users.list_users, "POST": res_users.create_users}),
    (("orgs", "{d}", "users", "{email}"), {"GET": res_users.get_user, "PUT": res_users.update_user,
                                           "POST": res_users.create_at_path, "DELETE": res_users.delete_user}),
    (("orgs", "{d}", "sender-lists"), dict.fromkeys(("GET", "POST", "PATCH", "DELETE"), res_settings.sender_lists)),
    (("orgs", "{d}", "users", "{email}", "sender-lists"),
     dict.fromkeys(("GET", "POST", "PATCH", "DELETE"), res_settings.sender_lists)),
    (("orgs", "{d}", "groups", "{group}", "sender-lists"),
     dict.fromkeys(("GET", "POST", "PATCH", "DELETE"), res_settings.sender_lists)),
    (("orgs", "{d}", "email-tagging"), dict.fromkeys(("GET", "PUT", "PATCH"), res_tagging.email_tagging)),
    (("orgs", "{d}", "email-tagging", "exemptions"), dict.fromkeys(("GET", "POST", "DELETE"), res_tagging.exemptions)),
    (("orgs", "{d}", "features"), {"GET": res_settings.get_features, "PUT": res_settings.put_features}),
    (("orgs", "{d}", "licensing"), {"GET": res_settings.get_licensing, "PUT": res_settings.put_licensing}),
    (("orgs", "{d}", "package"), {"PUT": res_settings.put_package}),
    (("reporting", "{d}", "{period}"), {"GET": res_misc.get_report}),
    (("reporting", "{d}", "{period}", "{direction}"), {"GET": res_misc.get_report}),
    (("orgs", "{d}", "settings", "azure"), {"GET": res_azure.get_azure, "PUT": res_azure.put_azure,
                                            "DELETE": res_azure.delete_azure}),
    (("orgs", "{d}", "settings", "azure", "exemptions"), dict.fromkeys(("GET", "PUT", "DELETE"), res_azure.exemptions)),
    (("orgs", "{d}", "settings", "azure", "exemptions", "{email}"), {"DELETE": res_azure.delete_exemption}),
    (("orgs", "{d}", "authentication", "settings", "mfa"), {"GET": res_auth.get_mfa, "PUT": res_auth.put_mfa}),
    (("orgs", "{d}", "authentication", "settings", "login"), {"GET": res_auth.get_login, "PUT": res_auth.put_login}),
    (("orgs", "{d}", "authentication", "settings", "idps"), {"GET": res_auth.idps, "POST": res_auth.idps}),
    (("orgs", "{d}", "authentication", "settings", "idps", "{uuid}"), dict.fromkeys(("GET", "PUT", "DELETE"),
                                                                                    res_auth.idp)),
    (("orgs", "{d}", "products"), {"GET": res_products.list_products, "POST": res_products.purchase}),
    (("orgs", "{d}", "products", "{label}"), {"GET": res_products.get_product, "PATCH": res_products.change,
                                              "DELETE": res_products.cancel}),
    (("orgs", "{d}", "domains", "{name}", "health"), {"GET": res_health.get_health}),
    (("billing", "{d}"), {"GET": res_billing.get_billing}),
    (("billing", "{d}", "orgs"), {"GET": res_billing.list_billing}),
    (("stats", "{d}", "partner"), {"GET": res_billing.stats}),
    (("stats", "{d}", "partner", "{scope}"), {"GET": res_billing.stats}),
    (("token", "{d}"), {"POST": res_misc.create_token}),
    (("token",), {"POST": res_misc.create_token}),
]
BODY_METHODS = ("POST", "PUT", "PATCH")


def match(path):
    """(handlers, params) for an API path, or (None, None)."""
    if not (path == V or path.startswith(V + "/")):
        return None, None
    segments = [s for s in path[len(V):].split("/") if s]
    for pattern, handlers in ROUTES:
        if len(pattern) != len(segments):
            continue
        params = {}
        for want, got in zip(pattern, segments):
            if want.startswith("{"):
                params[want[1:-1]] = got
            elif want != got.lower():
                break
        else:
            return handlers, params
    return None, None


class Ctx:
    """Everything a handler needs about the current request."""

    def __init__(self, store, stack, method, params, headers, query=None):
        self.store = store
        self.query = dict(query or {})  # the query string's parameters (only /stats/ reads them)
        self.stack = stack
        self.method = method
        self.params = params
        self.body = None
        self.new_terms = headers.get("X-Terms-Update", "").strip().lower() == "true" or \
            store.config["reject_deprecated_terms"]
        self.caller_org, self.caller = None, None
        self.raw_body = b""

    def org(self, write=False, key="d"):
        """Target org of the path: 404 unknown, 403 outside hierarchy / other stack / read-only."""
        org = resolve_org(self.store, self.params[key])
        check_scope(self.store, self.caller_org, self.caller, org)
        check_stack(org, self.stack)
        if write:
            check_write(self.caller)
        return org

    def obj(self):
        """The body as a JSON object; 400 for anything else."""
        if not isinstance(self.body, dict):
            raise ApiError(400, "Bad Request: the body must be a JSON object")
        return self.body


def parse_body(method, raw):
    """JSON body of POST/PUT/PATCH (None when empty); bodies of GET/DELETE are ignored."""
    if method not in BODY_METHODS or not raw.strip():
        return None
    try:
        return json.loads(raw)
    except ValueError as exc:
        raise ApiError(400, "Bad Request: malformed JSON (%s)" % exc.__class__.__name__) from None


def deprecated_terms_used(body):
    """Deprecated names anywhere in the top level of the body or of its items."""
    items = body if isinstance(body, list) else [body]
    found = set()
    for item in items:
        if isinstance(item, dict):
            found.update(k for k in item if k in DEPRECATED_LIST_NAMES)
            admin = item.get("admin_user")
            if isinstance(admin, dict):
                found.update(k for k in admin if k in DEPRECATED_LIST_NAMES)
    return sorted(found)


def handle(store, stack, method, path, headers, raw_body, query=None):
    """Run one API request; returns (status, json_body_or_None, extra_headers)."""
    handlers, params = match(path)
    try:
        caller_org, caller = authenticate(store, headers)
        if handlers is None:
            raise ApiError(404, "Not Found: unknown endpoint %s" % path)
        if method not in handlers:
            raise ApiError(405, "Method Not Allowed: %s is not supported on %s" % (method, path),
                           headers={"Allow": ", ".join(sorted(handlers))})
        ctx = Ctx(store, stack, method, params, headers, query)
        ctx.caller_org, ctx.caller = caller_org, caller
        ctx.body = parse_body(method, raw_body)
        ctx.raw_body = raw_body  # for the one DELETE that takes a body (email-tagging/exemptions)
        if store.config["reject_deprecated_terms"]:
            old = deprecated_terms_used(ctx.body)
            if old:
                raise ApiError(400, "Bad Request: deprecated terms are no longer supported: %s" % ", ".join(old))
        status, body = handlers[method](ctx)
        if method != "GET":
            store.save()
        return status, body, {}
    except ApiError as err:
        return err.status, err.body(), err.headers
