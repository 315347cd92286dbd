# -*- coding: utf-8 -*-
# Copyright (c) ppe.essentials contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Products of an org: the list (available and purchased), one by label, purchase, change and cancel.

Paths and summaries from the spec (reference rows 33-34); the bodies' field names from PSProofpoint (POST `label,
variant, auto_renew, is_trial`; PATCH `variant, auto_renew, is_on_trial, is_trial_extended`). Everything else is
inferred and listed in the README: the catalogue, the variants, the answers, who may write and which conflicts are
refused. Email_Security is the licensing package itself: its variant follows the package and it cannot be cancelled.
A product's purchase is kept in the org (`products`, label in lower case -> record); without one, Email_Archive is
purchased with a professional package (the answer before purchases were emulated).
"""

from __future__ import annotations

from .auth import check_partner
from .errors import ApiError, forbidden, invalid, not_found
from .inputs import known_values
from .validation import field_error

# label -> (name, variants); Email_Security's variants are the packages.
CATALOGUE = (
    ("Email_Security", "Email Security", None),
    ("Email_Archive", "Email Archive", ("Standard", "Extended")),
    ("Security_Awareness", "Security Awareness Training", ("Standard", "Premium")),
)
CORE = "email_security"
POST_SPEC = {"label": "str", "variant": "str", "auto_renew": "bool", "is_trial": "bool"}
PATCH_SPEC = {"variant": "str", "auto_renew": "bool", "is_on_trial": "bool", "is_trial_extended": "bool"}
NOT_PURCHASED = {"variant": "", "is_purchased": False, "auto_renew": False, "is_on_trial": False,
                 "is_trial_extended": False}


def _package_variant(package):
    return package.replace("_", " ").title()


def _record(org, label):
    """The purchase record of a product (stored, or what the org's package implies)."""
    key = label.lower()
    stored = org.get("products", {}).get(key)
    if key == CORE:
        record = {"auto_renew": (stored or {}).get("auto_renew", True)}
        record.update(variant=_package_variant(org["licensing_package"]), is_purchased=True,
                      is_on_trial=org["is_on_trial"], is_trial_extended=org["package_state"]["is_trial_extended"])
        return record
    if stored is not None:
        return dict(stored)
    if key == "email_archive" and org["licensing_package"].startswith("professional"):
        return dict(NOT_PURCHASED, variant="Standard", is_purchased=True, auto_renew=True)
    return dict(NOT_PURCHASED)


def _product(org, label, name):
    out = {"label": label, "name": name}
    out.update((k, v) for k, v in sorted(_record(org, label).items()) if k in NOT_PURCHASED)
    return out


def products(org):
    """Every product of the catalogue as the org has it, in catalogue order."""
    return [_product(org, label, name) for label, name, _variants in CATALOGUE]


def _entry(label):
    """(label, name, variants) of the catalogue for a label (case-insensitive), or None."""
    for entry in CATALOGUE:
        if entry[0].lower() == label.lower():
            return entry
    return None


def _unknown(org, label):
    return "no product %s for %s; the products are %s" % (
        label, org["primary_domain"], ", ".join(e[0] for e in CATALOGUE))


def _variant(entry, value, errors):
    """The catalogue's spelling of a variant (case-insensitive), or a 422 item naming the variants."""
    for variant in entry[2] or ():
        if variant.lower() == value.strip().lower():
            return variant
    errors.append(field_error("variant", "%r is not a variant of %s; the variants are %s" % (
        value, entry[0], ", ".join(entry[2] or ()))))
    return None


def _store(org, label, record):
    org.setdefault("products", {})[label.lower()] = dict((k, record[k]) for k in NOT_PURCHASED)


def list_products(ctx):
    """GET /orgs/{d}/products: available and purchased products, {"products": [...]}."""
    return 200, {"products": products(ctx.org())}


def get_product(ctx):
    """GET /orgs/{d}/products/{label}: one product (label case-insensitive); 404 for an unknown label."""
    org = ctx.org()
    entry = _entry(ctx.params["label"])
    if entry is None:
        raise not_found("Not Found: " + _unknown(org, ctx.params["label"]))
    return 200, _product(org, entry[0], entry[1])


def purchase(ctx):
    """POST /orgs/{d}/products: buy a product, 201 with the product; 409 when it is purchased already."""
    org = ctx.org(write=True)
    errors = []
    values = known_values(ctx.obj(), POST_SPEC, errors)
    entry = None
    if not values.get("label") and not any(e["field"] == "label" for e in errors):
        errors.append(field_error("label", "is required"))
    elif values.get("label"):
        entry = _entry(values["label"])
        if entry is None:
            errors.append(field_error("label", _unknown(org, values["label"])))
    if entry is not None and entry[0].lower() == CORE:
        raise ApiError(409, "Conflict: Email_Security is the organization's licensing package; change it with "
                            "PUT /orgs/%s/package" % org["primary_domain"])
    variant = None
    if entry is not None:
        variant = _variant(entry, values["variant"], errors) if "variant" in values else entry[2][0]
    if errors:
        raise invalid(errors)
    if _record(org, entry[0])["is_purchased"]:
        raise ApiError(409, "Conflict: %s is purchased already for %s" % (entry[0], org["primary_domain"]))
    trial = values.get("is_trial", False)
    _store(org, entry[0], {"variant": variant, "is_purchased": True, "auto_renew": values.get("auto_renew", False),
                           "is_on_trial": trial, "is_trial_extended": False})
    return 201, _product(org, entry[0], entry[1])


def change(ctx):
    """PATCH /orgs/{d}/products/{label}: the fields given (all optional), 204; 409 for a product not purchased."""
    org = ctx.org(write=True)
    entry = _entry(ctx.params["label"])
    if entry is None:
        raise not_found("Not Found: " + _unknown(org, ctx.params["label"]))
    errors = []
    values = known_values(ctx.obj(), PATCH_SPEC, errors)
    current = _record(org, entry[0])
    if entry[0].lower() == CORE:
        errors.extend(field_error(k, "Email_Security follows the licensing package; change it with PUT /orgs/%s/"
                                     "package" % org["primary_domain"]) for k in sorted(values) if k != "auto_renew")
    elif not current["is_purchased"] and not errors:
        raise ApiError(409, "Conflict: %s is not purchased for %s; purchase it with POST /orgs/%s/products" % (
            entry[0], org["primary_domain"], org["primary_domain"]))
    if "variant" in values and entry[0].lower() != CORE:
        values["variant"] = _variant(entry, values["variant"], errors)
    merged = dict(current, **values)
    if values.get("is_on_trial") and not current["is_on_trial"]:
        errors.append(field_error("is_on_trial", "a purchased product cannot go back on trial"))
    if values.get("is_trial_extended") and not merged["is_on_trial"]:
        errors.append(field_error("is_trial_extended", "only a trial can be extended"))
    if errors:
        raise invalid(errors)
    if not merged["is_on_trial"]:
        merged["is_trial_extended"] = False
    _store(org, entry[0], merged)
    return 204, None


def cancel(ctx):
    """DELETE /orgs/{d}/products/{label}: cancel the subscription (partner admins only), 204; 404 when there is none."""
    org = ctx.org(write=True)
    entry = _entry(ctx.params["label"])
    if entry is None:
        raise not_found("Not Found: " + _unknown(org, ctx.params["label"]))
    check_partner(ctx.caller, "cancel a product")
    if entry[0].lower() == CORE:
        raise forbidden("Email_Security cannot be cancelled; it is the organization's licensing package")
    if not _record(org, entry[0])["is_purchased"]:
        raise not_found("Not Found: %s has no subscription to %s" % (org["primary_domain"], entry[0]))
    _store(org, entry[0], NOT_PURCHASED)
    return 204, None
