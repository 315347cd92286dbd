# -*- coding: utf-8 -*-
# Copyright (c) ppe.essentials contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""ppe_customer_info: existing organizations as customer declarations (the onboard_customer role's format), so that
a fleet set up by hand can be audited and onboarded without writing hundreds of declarations by hand (issue 24).

Private to the ppe.essentials collection. One exporter per section of the declaration, keyed by the section table's
keys (_onboarding.SECTIONS; a section without an exporter fails a unit test), each reading through the engine with
the section module's own resource declaration and normalizing with its fields (Field.api_value), so the values
exported are the values the audit compares. GET only. What cannot be exported - secrets, and what the API never
returns - is listed per organization (`omitted`), each with where it goes and how to add it.
"""

from __future__ import annotations

from collections.abc import Mapping

from ansible_collections.ppe.essentials.plugins.module_utils import _engine as engine
from ansible_collections.ppe.essentials.plugins.module_utils import _onboarding
from ansible_collections.ppe.essentials.plugins.module_utils._client import api_path
from ansible_collections.ppe.essentials.plugins.module_utils._errors import (
    NotFoundError, PermissionDeniedError, PPEError)
from ansible_collections.ppe.essentials.plugins.module_utils._fleet import WORKERS_OPTION, each, workers_errors
from ansible_collections.ppe.essentials.plugins.module_utils._normalize import check_domain, domain, text
from ansible_collections.ppe.essentials.plugins.module_utils._resources.email_tagging import package_errors
from ansible_collections.ppe.essentials.plugins.module_utils._resources.org import OrgResource
from ansible_collections.ppe.essentials.plugins.module_utils._module import Definition

# The declaration's keys in the role's documented order (roles/onboard_customer/meta/argument_specs.yml; a unit test
# holds the two together), so that two exports diff cleanly.
ORDER = ("domain", "parent", "name", "type", "country", "stateprov", "address", "postcode", "phone", "www",
         "send_welcome_email", "is_active", "admin", "licensing", "domains", "features", "sender_lists", "users",
         "purge_users", "verification", "dkim", "email_tagging", "azure_sync", "authentication", "saml_idps",
         "standards_exceptions")
# The documented order of the keys inside the sections the role spells out (the others follow their module's fields).
SUB_ORDER = {
    "admin": ("email", "firstname", "surname"),
    "licensing": ("package", "license_count", "is_on_trial"),
    "domains": ("name", "is_relay", "destination", "failovers", "is_active"),
    "sender_lists": ("allow_list", "block_list", "mode"),
    "users": ("email", "firstname", "surname", "type", "is_active", "is_billable", "alias_emails", "safe_list_senders",
              "block_list_senders", "odin_settings", "send_welcome_email", "state", "user_password", "update_password"),
}
ENCRYPT = "ansible-vault encrypt_string --stdin-name %s"
DECLARED_TYPES = tuple(_onboarding.CUSTOMER_OPTIONS["users"]["options"]["type"]["choices"])


def _resource(key):
    """The resource declaration of the section `key` (its module's)."""
    return next(s for s in _onboarding.SECTIONS if s.key == key).definition.resource


def _values(resource, obj, names=None, skip_empty=()):
    """{option: normalized value} of the resource's readable fields in `obj` (as the audit compares them)."""
    out = {}
    for field in resource.fields:
        if field.secret or field.write_only or not field.compared or (names is not None and field.name not in names):
            continue
        # A raw field (a PEM certificate) as the API holds it: its normalized form is only for comparing.
        value = text(obj.get(field.api_name)).strip() if field.kind == "raw" else field.api_value(obj)
        if field.name in skip_empty and value in ("", [], None):
            continue
        out[field.name] = value
    return out


class Export:
    """One organization's export: the declaration being built, what was omitted and the client to read with."""

    def __init__(self, client, record, parent):
        self.client = client
        self.record = record
        self.org = domain(record.get("primary_domain"))
        self.parent = parent
        self.declaration = {}
        self.omitted = []

    def omit(self, at, key, reason, secret=False):
        """Something the export leaves out: `at` the place in the declaration ('' the top, 'users', 'dkim[0]'),
        `key` the option, why, and whether it is a secret (then the file says how to add it, vault-encrypted)."""
        item = {"at": at, "key": key, "reason": reason, "secret": secret}
        if secret:
            item["how"] = "add it vault-encrypted: %s" % (ENCRYPT % key)
        self.omitted.append(item)

    def read(self, key, params, collection=False, what=None):
        """A section's object (or list) read with its module's declaration; None, and a note, when the API does not
        show it (HTTP 403: not in the package or the account; 404: not set up)."""
        resource = _resource(key)
        run = engine.Run(resource, self.client, dict(params, org=self.org))
        try:
            return engine.read_collection(run) if collection else engine.read(run)
        except PermissionDeniedError as exc:
            self.omit("", key, "%s: the API refused to show it (HTTP 403: %s)" % (
                what or key, text(exc.api_message) or "not in the package or the account"))
        except NotFoundError:
            self.omit("", key, "%s: the API answered HTTP 404 (not set up)" % (what or key))
        return None


# -- one exporter per section (keys of _onboarding.SECTIONS) -------------------------------------------------------
def _org(ex):
    values = _values(OrgResource(), ex.record, _onboarding.ORG_FIELDS,
                     skip_empty=("country", "stateprov", "address", "postcode", "phone", "www"))
    ex.declaration.update(domain=ex.org, parent=ex.parent, name=text(ex.record.get("name")), **values)
    ex.omit("", "send_welcome_email", "the API does not return it (used only when an organization is created)")


def _domains(ex):
    resource = _resource("domains")
    items = [dict(name=domain(d.get("name")), **_values(resource, d)) for d in ex.record.get("domains") or []
             if isinstance(d, Mapping) and text(d.get("name")).strip()]
    ex.declaration["domains"] = sorted(items, key=lambda d: d["name"])


def _licensing(ex):
    """From the organization record (its package is read there; the licence count and trial are the same fields)."""
    values = _values(OrgResource(), ex.record, ("licensing_package", "user_licenses", "is_on_trial"))
    ex.declaration["licensing"] = {"package": values["licensing_package"], "license_count": values["user_licenses"],
                                   "is_on_trial": values["is_on_trial"]}


def _features(ex):
    obj = ex.read("features", {})
    if obj is not None:
        fields = dict((f.name, f) for f in _resource("features").fields)
        ex.declaration["features"] = dict((name, fields[name].api_value(obj)) for name in sorted(obj) if name in fields)


def _sender_lists(ex):
    obj = ex.read("sender_lists", {})
    if obj is not None:
        ex.declaration["sender_lists"] = _values(_resource("sender_lists"), obj)


def _users(ex):
    users = ex.read("users", {}, collection=True) or []
    resource, out = _resource("users"), []
    for user in sorted(users, key=lambda u: text(u.get("primary_email")).lower()):
        values = _values(resource, user, skip_empty=("firstname", "surname", "safe_list_senders",
                                                     "block_list_senders"))
        if not any((values.get("odin_settings") or {}).values()):  # no Odin right (most users): not declared
            values.pop("odin_settings", None)
        item = {"email": text(user.get("primary_email")).strip().lower()}
        item.update((k, values[k]) for k in ("firstname", "surname") if k in values)
        if values.get("type") not in DECLARED_TYPES:
            ex.omit("users", "type", "%s: its type %s cannot be declared (%s)" % (
                item["email"], values.get("type"), ", ".join(DECLARED_TYPES)))
            values.pop("type", None)
        item.update((k, v) for k, v in values.items() if k not in item)
        out.append(item)
    admins = [u for u in out if u.get("type") == "organization_admin"]
    if admins:
        ex.declaration["admin"] = dict((k, admins[0][k]) for k in ("email", "firstname", "surname") if k in admins[0])
    ex.declaration["users"] = out
    if out:
        ex.omit("users", "user_password", "the API never returns passwords (each user's item takes one)", secret=True)


def _verification(ex):
    states = [d.get("is_verified") for d in ex.record.get("domains") or [] if isinstance(d, Mapping)]
    if not states or any(s is None for s in states):
        ex.omit("", "verification", "the API does not show whether the domains are verified")
    elif all(states):
        ex.declaration["verification"] = {"verify": True}
    else:  # read the records to publish; verify: true once they are published
        ex.declaration["verification"] = {}


def _dkim(ex):
    keys = []
    for name in sorted(d["name"] for d in ex.declaration.get("domains") or []):
        for key in ex.read("dkim", {"domain": name}, collection=True, what="DKIM keys of %s" % name) or []:
            keys.append({"domain": domain(key.get("domain") or name), "selector": text(key.get("selector")).lower()})
    ex.declaration["dkim"] = sorted(keys, key=lambda k: (k["domain"], k["selector"]))
    for index in range(len(keys)):
        ex.omit("dkim[%d]" % index, "private_key", "a secret the API never returns (needed only to create the key "
                                                   "again)", secret=True)


def _email_tagging(ex):
    """Only in a package that offers e-mail warning tags: the API shows the settings in any package but refuses to
    change them, so the section would be a declaration the audit refuses (the module's own package rule)."""
    refused = package_errors(["email_tagging"], ex.org, {"package": ex.declaration["licensing"]["package"]})
    if refused:
        ex.omit("", "email_tagging", refused[0].split("; ")[0].replace("email_tagging: ", ""))
        return
    obj = ex.read("email_tagging", {}, what="e-mail tagging")
    if obj is not None:
        ex.declaration["email_tagging"] = _values(_resource("email_tagging"), obj)


def _email_tagging_exemptions(ex):
    if "email_tagging" not in ex.declaration:
        return
    obj = ex.read("email_tagging_exemptions", {}, what="e-mail tagging exemptions")
    if obj is not None:
        exemptions = _values(_resource("email_tagging_exemptions"), obj)["exemptions"]
        ex.declaration["email_tagging"]["exemptions"] = exemptions


def _azure_sync(ex):
    obj = ex.read("azure_sync", {}, what="Azure AD sync")
    if obj is not None:
        ex.declaration["azure_sync"] = _values(_resource("azure_sync"), obj)
        ex.omit("azure_sync", "client_secret", "a secret the API never returns (needed only to set the sync up again)",
                secret=True)


def _azure_sync_exemptions(ex):
    obj = ex.read("azure_sync_exemptions", {}, what="Azure AD sync exemptions")
    if obj is None:
        return
    exemptions = _values(_resource("azure_sync_exemptions"), obj)["exemptions"]
    if "azure_sync" in ex.declaration:
        ex.declaration["azure_sync"]["exemptions"] = exemptions
    elif exemptions:  # exemptions alone: an azure_sync section of only exemptions leaves the sync's settings alone
        ex.declaration["azure_sync"] = {"exemptions": exemptions}


def _authentication(ex):
    obj = ex.read("authentication", {}, what="authentication settings")
    if obj is not None:
        ex.declaration["authentication"] = _values(_resource("authentication"), obj,
                                                   skip_empty=("idp_for_forced_login",))


def _saml_idps(ex):
    idps = ex.read("saml_idps", {}, collection=True, what="SAML identity providers")
    if idps is not None:
        resource = _resource("saml_idps")
        ex.declaration["saml_idps"] = sorted(
            (dict(name=text(i.get("name")),
                  **_values(resource, i, skip_empty=("description", "icon_ref", "idp_logout_url"))) for i in idps),
            key=lambda i: i["name"].lower())


# Section key (_onboarding.SECTIONS) -> its exporter, run in this order (the exemptions after their settings).
EXPORTERS = {
    "org": _org, "domains": _domains, "licensing": _licensing, "features": _features, "sender_lists": _sender_lists,
    "users": _users, "verification": _verification, "dkim": _dkim, "email_tagging": _email_tagging,
    "email_tagging_exemptions": _email_tagging_exemptions, "azure_sync": _azure_sync,
    "azure_sync_exemptions": _azure_sync_exemptions, "authentication": _authentication, "saml_idps": _saml_idps,
}


def _sorted_keys(value, order):
    return dict(sorted(value.items(), key=lambda kv: order.index(kv[0]) if kv[0] in order else len(order)))


def ordered(declaration):
    """The declaration with its keys in the role's order, and the keys of the sections it spells out too."""
    out = {}
    for key in ORDER:
        if key not in declaration:
            continue
        value = declaration[key]
        if key in SUB_ORDER and isinstance(value, list):
            value = [_sorted_keys(item, SUB_ORDER[key]) for item in value]
        elif key in SUB_ORDER and isinstance(value, Mapping):
            value = _sorted_keys(value, SUB_ORDER[key])
        out[key] = value
    return out


def export(client, record, parent):
    """{"domain", "declaration", "omitted", "errors"} of one organization (its record as the partner lists it)."""
    ex = Export(client, record, parent)
    try:
        for exporter in EXPORTERS.values():
            exporter(ex)
    except PPEError as exc:
        return {"domain": ex.org, "declaration": None, "omitted": ex.omitted, "errors": [str(exc)]}
    return {"domain": ex.org, "declaration": ordered(ex.declaration), "omitted": ex.omitted, "errors": []}


class CustomerInfoDefinition(Definition):
    """ppe_customer_info: the declarations of a partner's organizations (or of the ones named), read concurrently."""

    def options(self):
        return {
            "partner": {"type": "str"},
            "orgs": {"type": "list", "elements": "str"},
            "workers": dict(WORKERS_OPTION),
        }

    def stack_domain(self, params):
        return params.get("partner") or (params.get("orgs") or [None])[0]

    def check(self, params):
        errors = workers_errors(params.get("workers"))
        if not params.get("partner") and not params.get("orgs"):
            errors.append("partner, orgs: set one of them (every organization of a partner, or the ones named)")
        named = [("partner", params["partner"])] if params.get("partner") is not None else []
        for key, value in named + [("orgs[%d]" % i, o) for i, o in enumerate(params.get("orgs") or [])]:
            try:
                check_domain(value)
            except ValueError as exc:
                errors.append("%s: %s" % (key, exc))
        return errors

    def run(self, params, client, check_mode, warn):
        steps = _onboarding.Steps(client, True, warn, _onboarding.connection_of(params))
        wanted = [domain(o) for o in params.get("orgs") or []]
        if params.get("partner"):
            partner = domain(params["partner"])
            listed = steps.run(_onboarding.ORG_INFO, {"domain": partner, "children": True})
            if listed.get("failed"):
                return dict(listed, changed=False)
            records = dict((domain(o.get("primary_domain")), o) for o in listed["orgs"])
            wanted = wanted or sorted(records)
        else:
            partner, records = None, {}

        def read(org, worker):
            record = records.get(org)
            parent = partner
            if partner is None:
                try:
                    record = engine.read_existing(engine.Run(OrgResource(), worker, {"domain": org}))
                except PPEError as exc:
                    return {"domain": org, "declaration": None, "omitted": [], "errors": [str(exc)]}
                parent = _parent(me)
            if record is None:
                why = ("not among the organizations of %s" % partner if partner else
                       "the organization does not exist; check it for a typo (the API answered HTTP 404)")
                return {"domain": org, "declaration": None, "omitted": [], "errors": [why]}
            return export(worker, record, parent)

        me = {} if partner else client.get(api_path("me"), expect=dict)
        results = each(wanted, read, client, params["workers"])
        out = {"changed": False, "partner": partner,
               "customers": [r["declaration"] for r in results if r["declaration"] is not None],
               "orgs": [{"domain": r["domain"], "omitted": r["omitted"], "errors": r["errors"]} for r in results]}
        failures = ["%s: %s" % (r["domain"], e) for r in results for e in r["errors"]]
        if failures:
            out.update(failed=True, msg="Some organizations could not be exported: " + "; ".join(failures))
        return out


def _parent(me):
    """The parent of an organization named without its partner: the API user's own organization (GET /me). The API
    names an organization's parents by id and name only; a parent is used only to create an organization, never
    compared, so a deeper one can be corrected in the file."""
    return domain(me.get("entity_primary_domain")) or None
