# -*- coding: utf-8 -*-
# Copyright (c) ppe.essentials contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""A product of an organization (ppe_product: buy, change, cancel; ppe_products_info) and a domain's health check
(ppe_domain_health_info).

Private to the ppe.essentials collection; not a public API. The API's specification names the paths (GET, POST
/orgs/{org}/products; GET, PATCH, DELETE /orgs/{org}/products/{label}; GET /orgs/{org}/domains/{domain}/health) and
a public client the bodies' field names (POST label, variant, auto_renew, is_trial; PATCH variant, auto_renew,
is_on_trial, is_trial_extended); the answers are inferred. GET of one product answers it whether it is purchased or
not (the list "includes both available and purchased products"), so a product is a setting whose `is_purchased`
follows `state`: a purchase is a POST, a cancel a DELETE and a change a PATCH of the fields that differ.
"""

from __future__ import annotations

import re

from ansible_collections.ppe.essentials.plugins.module_utils._client import api_path
from ansible_collections.ppe.essentials.plugins.module_utils._errors import PPEError
from ansible_collections.ppe.essentials.plugins.module_utils._normalize import check_domain, text
from ansible_collections.ppe.essentials.plugins.module_utils._resource import Field, Resource, answer_shape

LABEL = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")
# The fields a purchase (POST) takes, by option; is_on_trial is the POST's is_trial (PSProofpoint's bodies).
PURCHASE_NAMES = {"variant": "variant", "auto_renew": "auto_renew", "is_on_trial": "is_trial"}


def purchase_wanted(params):
    """Whether `state` asks for the product to be purchased (run_params moves it out of the engine's `state`)."""
    return params["purchase"] if "purchase" in params else params.get("state", "present") != "absent"


def run_params(params):
    """The options for the engine: `state` becomes `purchase`, so the engine updates the product (is_purchased) where
    it would create or delete an item."""
    out = dict(params)
    out["purchase"] = out.pop("state", "present") != "absent"
    return out


def check_label(value):
    """A product label such as Email_Security: letters, digits, _ . - (one path segment)."""
    if not LABEL.match(text(value)):
        raise ValueError("%r is not a product label (letters, digits, _ . -, such as Email_Security)" % (
            text(value)[:70]))


class NotTakenError(PPEError):
    """The API accepted a write (2xx) but the product read back does not show it; the task changed something."""

    def __init__(self, message, product=None, **kwargs):
        super().__init__(message, **kwargs)
        self.product = product

    def to_result(self):
        return dict(super().to_result(), changed=True, product=self.product)


class ProductResource(Resource):
    """One product of an organization, addressed by its label; `state` buys (present) or cancels (absent) it. Also
    ppe_products_info's declaration: the list holds available and purchased products (filter is_purchased)."""

    result_key = noun = "product"
    plural = "products"
    path = "orgs/{org}/products/{label}"
    collection = "orgs/{org}/products"
    creatable = False
    identity_option = identity_field = "label"
    identity_normalize = staticmethod(lambda value: text(value).strip().lower())
    location_options = {"org": {"type": "str", "required": True}, "label": {"type": "str", "required": True}}
    location_checks = {"org": check_domain, "label": check_label}
    filters = {"is_purchased": ({"type": "bool"}, "is_purchased")}
    extra_options = {"state": {"type": "str", "default": "present", "choices": ["present", "absent"]}}
    update_method = "PATCH"
    fields = (
        Field("is_purchased", "bool"),  # follows state; not an option
        Field("variant", "str", normalize=lambda value: text(value).strip().lower()),
        Field("auto_renew", "bool"),
        Field("is_on_trial", "bool"),
        Field("is_trial_extended", "bool"),
    )

    def argument_spec(self):
        spec = super().argument_spec()
        spec.pop("is_purchased")
        return spec

    def describe(self, params):
        return "product %s of organization %s" % (params["label"], params["org"])

    def cross_errors(self, params):
        errors = super().cross_errors(params)
        if params.get("state") == "absent":
            given = [f.name for f in self.fields[1:] if params.get(f.name) is not None]
            if given:
                errors.append("%s: only with state=present (state=absent cancels the product)" % ", ".join(given))
        return errors

    def desired(self, params, current):
        """The options with is_purchased from state; an answer without a boolean is_purchased is refused: the module
        could not tell a purchase from none, and would buy or cancel blindly."""
        if not isinstance((current or {}).get("is_purchased"), bool):
            raise PPEError("%s: the API answered GET %s with %s, without a true/false is_purchased; the collection "
                           "cannot tell whether the product is purchased, so nothing was written. The answer's shape "
                           "is inferred; please report this one." % (
                               self.describe(params), self.item_path(params), answer_shape(current)))
        desired = dict(params, is_purchased=purchase_wanted(params))
        if not desired["is_purchased"]:
            desired.update((f.name, None) for f in self.fields[1:])
        return desired

    def update_requests(self, params, current, writable):
        """A purchase: POST with every managed field the POST takes (then a PATCH of is_trial_extended if asked); a
        cancel: DELETE; otherwise a PATCH of the fields that differ."""
        names = [f.name for f in writable]
        if "is_purchased" not in names:
            return super().update_requests(params, current, writable)
        if not params["is_purchased"]:
            return [("DELETE", self.item_path(params), None)]
        body = {"label": params["label"]}
        body.update((PURCHASE_NAMES[name], params[name]) for name in PURCHASE_NAMES if params.get(name) is not None)
        out = [("POST", self.collection_path(params), body)]
        if params.get("is_trial_extended"):
            out.append(("PATCH", self.item_path(params), {"is_trial_extended": True}))
        return out

    def check_taken(self, params, out, after):
        """After a write, `after` (the product read back) must show every managed option as requested: an accepted
        purchase that still reads is_purchased false (waiting for an approval?) is an error, not success."""
        wanted = self.desired(params, after)
        wrong = [(f.name, f.api_value(after), f.normalize(wanted[f.name])) for f in self.managed(wanted)
                 if f.api_value(after) != f.normalize(wanted[f.name])]
        if wrong:
            what = "purchase" if not out["diff"]["before"].get("is_purchased", True) and wanted["is_purchased"] else (
                "change" if wanted["is_purchased"] else "cancel")
            raise NotTakenError("%s: the API accepted the %s, but GET %s then showed %s. Check the product in the web "
                                "console (a purchase may wait for an approval) and run the task again." % (
                                    self.describe(params), what, self.item_path(params), "; ".join(
                                        "%s %r where %r was requested" % item for item in wrong)),
                                product=after, method="GET", path=self.item_path(params))


class DomainHealthResource(Resource):
    """GET /orgs/{org}/domains/{domain}/health: the API's health check of a domain's mail setup, as it answers."""

    result_key = "health"
    noun = "health check"
    path = "orgs/{org}/domains/{domain}/health"
    creatable = False
    item_answer = None
    location_options = {"org": {"type": "str", "required": True}, "domain": {"type": "str", "required": True}}
    location_checks = {"org": check_domain, "domain": check_domain}

    def parents(self, params, creating=False):
        """The organization, then the domain: a 404 of the check is told apart from a typo in either."""
        return super().parents(params, creating) + [
            ("domain %s of organization %s" % (params["domain"], params["org"]),
             api_path("orgs", params["org"], "domains", params["domain"]))]

    def describe(self, params):
        return "health check of domain %s of organization %s" % (params["domain"], params["org"])
