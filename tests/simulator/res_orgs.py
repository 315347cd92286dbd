# -*- coding: utf-8 -*-
# Copyright (c) ppe.essentials contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Orgs: read, PATCH is_active, delete, list self + children, create children (201 / 207).

The creator's entity type limits what it may create (guide "Entity Types"): channel ->
organization; strategic -> channel/organization; OEM -> strategic/channel/organization.
"""

from __future__ import annotations

import datetime

from . import res_domains, res_users
from .auth import check_partner
from .batch import single_or_batch
from .constants import ADMIN_TYPE_OF_ORG, CHILD_TYPES, ORG_TYPES, PACKAGES
from .errors import ApiError, forbidden, invalid
from .inputs import check_hosts, coerce_fields, known_values, take_sender_lists
from .model import DOMAIN_DEFAULTS, ORG_DEFAULTS, PACKAGE_DEFAULTS, new_features, with_defaults
from .validation import country_error, field_error, is_domain

SPEC = {k: "str" for k in ("primary_domain", "name", "type", "licensing_package", "www", "address", "postcode",
                           "stateprov", "country", "phone", "ldap_url", "ldap_username", "ldap_basedn",
                           "when_renewal", "odin_capabilities", "billing_method")}
SPEC.update({k: "bool" for k in ("is_active", "is_on_trial", "is_beginner_plus", "is_beginner_plus_enabled",
                                 "is_smtp_discovery_enabled", "send_welcome_email")})
SPEC.update({"user_licenses": "int", "account_template_id": "int_or_null", "outgoing_servers": "list"})
READ_ONLY = ("eid", "organization_hierarchy", "active_users")
KNOWN = list(SPEC) + list(READ_ONLY) + ["domains", "admin_user", "safe_list_senders", "block_list_senders",
                                        "white_list_senders", "black_list_senders"]


def _values(item, parent, errors):
    values = known_values(item, SPEC, errors, known=KNOWN)
    values.update(take_sender_lists(item, errors))
    if not values.get("primary_domain"):
        errors.append(field_error("primary_domain", "is required"))
    elif not is_domain(values["primary_domain"]):
        errors.append(field_error("primary_domain", "%r is not a valid domain name" % values["primary_domain"]))
    if not values.get("name", "").strip():
        errors.append(field_error("name", "is required"))
    org_type = values.setdefault("type", "organization")
    if org_type not in ORG_TYPES:
        errors.append(field_error("type", "%r is not one of %s" % (org_type, ", ".join(ORG_TYPES))))
    package = values.setdefault("licensing_package", "business").lower()
    values["licensing_package"] = package
    if package not in PACKAGES:
        errors.append(field_error("licensing_package", "%r is not one of %s" % (package, ", ".join(PACKAGES))))
    values["country"] = values.get("country", "").upper()
    for field, message in country_error(values["country"], values.get("stateprov", "")):
        errors.append(field_error(field, message))
    check_hosts("outgoing_servers", values.get("outgoing_servers", []), errors, ip_only=True)
    if org_type in ORG_TYPES and org_type not in CHILD_TYPES[parent["type"]] and not errors:
        raise forbidden("a %s entity cannot create %s entities (allowed: %s)"
                        % (parent["type"], org_type, ", ".join(CHILD_TYPES[parent["type"]]) or "none"))
    return values


def _extra_domains(store, item, primary, errors):
    raw = item.get("domains", [])
    if not isinstance(raw, list):
        errors.append(field_error("domains", "must be a list"))
        return []
    domains = []
    for entry in raw:
        entry = {"name": entry} if isinstance(entry, str) else entry
        if isinstance(entry, dict) and str(entry.get("name", "")).lower() == primary.lower():
            continue
        try:
            domains.append(res_domains.build(store, entry))
        except ApiError as err:
            if err.status != 422:
                raise
            errors.extend(dict(e, field="domains." + e["field"]) for e in err.errors)
    return domains


def build(ctx, parent, item):
    """Validate one org item fully, then create it; raises 422 / 403 / 409 before any change."""
    if not isinstance(item, dict):
        raise invalid([field_error("org", "each organization must be a JSON object")])
    store, errors = ctx.store, []
    values = _values(item, parent, errors)
    primary = values.get("primary_domain", "")
    extra = _extra_domains(store, item, primary, errors)
    admin_item = item.get("admin_user")
    if admin_item is not None and not isinstance(admin_item, dict):
        errors.append(field_error("admin_user", "must be an object with at least primary_email"))
    if errors:
        raise invalid(errors)
    if store.org_by_domain(primary) is not None:
        raise ApiError(409, "Conflict: the domain %s already exists on the platform" % primary)
    org = with_defaults(values, ORG_DEFAULTS)
    if not org["when_renewal"]:
        org["when_renewal"] = (datetime.date.today() + datetime.timedelta(days=365)).strftime("%Y/%m/%d")
    org.update(parent=parent["eid"], stacks=list(parent["stacks"]), features=new_features(),
               package_state=dict(PACKAGE_DEFAULTS), domains={}, users={})
    org["domains"][primary.lower()] = with_defaults({"name": primary}, DOMAIN_DEFAULTS)
    for domain in extra:
        org["domains"][domain["name"].lower()] = domain
    admin = None
    if admin_item is not None:
        admin_item = dict(admin_item)
        admin_item.setdefault("type", ADMIN_TYPE_OF_ORG.get(org["type"], "organization_admin"))
        admin = res_users.build(store, org, admin_item, prefix="admin_user.")
    org["eid"] = store.new_eid()
    store.add_org(org)
    pending, org["domains"] = org["domains"], {}
    for domain in pending.values():
        store.add_domain(org, domain)
    if admin:
        store.add_user(org, admin)
    return org


def get_org(ctx):
    """GET /orgs/{d} ({d} may be any domain of the org)."""
    return 200, ctx.store.org_out(ctx.org(), ctx.new_terms)


def list_orgs(ctx):
    """GET /orgs/{d}/orgs: the org itself first, then its direct children."""
    org = ctx.org()
    orgs = [org] + [c for c in ctx.store.children(org) if ctx.stack in c["stacks"]]
    return 200, {"orgs": [ctx.store.org_out(o, ctx.new_terms) for o in orgs]}


def create_orgs(ctx):
    """POST /orgs/{d}/orgs: object -> 201, array -> 207 {orgs, errors}."""
    parent = ctx.org(write=True)
    check_partner(ctx.caller, "create organizations")
    return single_or_batch(ctx, "orgs", "organization", "primary_domain",
                           lambda item: ctx.store.org_out(build(ctx, parent, item), ctx.new_terms))


def _managed(ctx, what):
    org = ctx.org(write=True)
    check_partner(ctx.caller, what)
    if org["eid"] == ctx.caller_org["eid"]:
        raise forbidden("you cannot %s your own entity" % what.split()[0])
    return org


def patch_org(ctx):
    """PATCH /orgs/{d}: only is_active may change (guide); anything else is a 422 naming it."""
    org = _managed(ctx, "update organizations")
    body = ctx.obj()
    errors = [field_error(k, "cannot be changed with PATCH (only is_active)") for k in sorted(body) if k != "is_active"]
    if "is_active" not in body and not errors:
        errors.append(field_error("is_active", "is required"))
    values = coerce_fields(body, {"is_active": "bool"}, errors)
    if errors:
        raise invalid(errors)
    org["is_active"] = values["is_active"]
    return 204, None


def delete_org(ctx):
    """DELETE /orgs/{d}: 204; refused with 409 while the org has child orgs."""
    org = _managed(ctx, "delete organizations")
    if ctx.store.children(org):
        raise ApiError(409, "Conflict: %s still has child organizations; delete them first" % org["primary_domain"])
    ctx.store.remove_org(org)
    return 204, None
