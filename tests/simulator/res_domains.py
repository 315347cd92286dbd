# -*- coding: utf-8 -*-
# Copyright (c) ppe.essentials contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Domains of an org: list, create (single 201 / batch 207), read, partial update, delete.

Domain names are unique across the whole platform (KB: "already existing on the Essentials
platform" -> 409) and matched case-insensitively.
"""

from __future__ import annotations

from .batch import partial_update, single_or_batch
from .errors import ApiError, invalid, not_found
from .inputs import check_hosts, known_values
from .model import DOMAIN_DEFAULTS, domain_out, with_defaults
from .validation import field_error, is_domain

SPEC = {"name": "str", "is_active": "bool", "is_relay": "bool", "destination": "str", "failovers": "list"}


def _values(body, errors):
    """Coerced Domain fields of a body; legacy `failover` string becomes `failovers`."""
    values = known_values(body, SPEC, errors, known=["failover", "is_verified"])  # is_verified: read-only, ignored
    if "failover" in body and "failovers" not in body:
        legacy = body["failover"]
        if isinstance(legacy, str):
            values["failovers"] = [f.strip() for f in legacy.split(",") if f.strip()]
        else:
            errors.append(field_error("failover", "must be a string"))
    if values.get("destination"):
        check_hosts("destination", [values["destination"]], errors)
    check_hosts("failovers", values.get("failovers", []), errors)
    return values


def _relay_check(domain, errors):
    if domain["is_relay"] and not domain["destination"]:
        errors.append(field_error("destination", "is required for a relay domain (is_relay true)"))


def build(store, item, path_name=None):
    """A new Domain record from one request item; raises 422 / 409."""
    if not isinstance(item, dict):
        raise invalid([field_error("domain", "each domain must be a JSON object")])
    errors = []
    values = _values(item, errors)
    name = values.get("name") or path_name or ""
    if path_name and values.get("name") and values["name"].lower() != path_name.lower():
        errors.append(field_error("name", "does not match the domain in the path"))
    if not name:
        errors.append(field_error("name", "is required"))
    elif not is_domain(name):
        errors.append(field_error("name", "%r is not a valid domain name" % name))
    values["name"] = name
    domain = with_defaults(values, DOMAIN_DEFAULTS)
    _relay_check(domain, errors)
    if errors:
        raise invalid(errors)
    if store.org_by_domain(name) is not None:
        raise ApiError(409, "Conflict: the domain %s already exists on the platform" % name)
    return domain


def list_domains(ctx):
    """GET /orgs/{d}/domains."""
    org = ctx.org()
    return 200, {"domains": [domain_out(d) for d in org["domains"].values()]}


def create_domains(ctx):
    """POST /orgs/{d}/domains: object -> 201, array -> 207."""
    org = ctx.org(write=True)

    def create_one(item):
        domain = build(ctx.store, item)
        ctx.store.add_domain(org, domain)
        return domain_out(domain)
    return single_or_batch(ctx, "domains", "domain", "name", create_one)


def create_at_path(ctx):
    """POST /orgs/{d}/domains/{name}: the KB's form of a single create."""
    org = ctx.org(write=True)
    domain = build(ctx.store, ctx.body if ctx.body is not None else {}, ctx.params["name"])
    ctx.store.add_domain(org, domain)
    return 201, domain_out(domain)


def own_domain(ctx, org):
    """The domain of the path ({name}) in `org`; 404 when the org has no such domain."""
    domain = org["domains"].get(ctx.params["name"].lower().rstrip("."))
    if domain is None:
        raise not_found("Not Found: the domain %s is not a domain of %s" % (ctx.params["name"], org["primary_domain"]))
    return domain


def get_domain(ctx):
    """GET /orgs/{d}/domains/{name}."""
    return 200, domain_out(own_domain(ctx, ctx.org()))


def update_domain(ctx):
    """PUT (and PATCH) /orgs/{d}/domains/{name}: partial merge, 204."""
    org = ctx.org(write=True)
    domain = own_domain(ctx, org)
    _body, values, errors = partial_update(ctx, domain, "name", "a domain cannot be renamed", _values)
    merged = dict(domain, **values)
    _relay_check(merged, errors)
    if errors:
        raise invalid(errors)
    domain.update(values)
    return 204, None


def delete_domain(ctx):
    """DELETE /orgs/{d}/domains/{name}: 204; the primary domain cannot be deleted (422)."""
    org = ctx.org(write=True)
    domain = own_domain(ctx, org)
    if domain["name"].lower() == org["primary_domain"].lower():
        raise invalid([field_error("name", "the primary domain of an organization cannot be deleted")],
                      "Unprocessable Entity: %s is the primary domain of the organization and cannot be deleted"
                      % domain["name"])
    ctx.store.remove_domain(org, domain["name"])
    return 204, None
