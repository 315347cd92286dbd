# -*- coding: utf-8 -*-
# Copyright (c) ppe.essentials contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""A whole customer declaration brought to its state in one task (ppe_customer, the onboard_customer role, the audit).

Private to the ppe.essentials collection. The steps are the modules' own definitions, run through the same glue
as the modules (`_module.execute`), in the role's order: read the organization -> check the whole declaration
-> org -> domains -> licensing -> features -> sender lists -> users; then the drift (module_utils/_customer.py).
One task per customer (or one for a whole fleet) instead of about twenty: the audit of hundreds of organizations
costs its GET requests, not hundreds of Ansible tasks.
"""

from __future__ import annotations

from collections.abc import Mapping

from ansible.module_utils.common.arg_spec import ArgumentSpecValidator

from ansible_collections.ppe.essentials.plugins.module_utils import _customer
from ansible_collections.ppe.essentials.plugins.module_utils._customer_spec import CUSTOMER_OPTIONS
from ansible_collections.ppe.essentials.plugins.module_utils._engine import Run, read
from ansible_collections.ppe.essentials.plugins.module_utils._errors import PPEError
from ansible_collections.ppe.essentials.plugins.module_utils._licensing import LicensingDefinition
from ansible_collections.ppe.essentials.plugins.module_utils._module import (
    Definition, InfoDefinition, ResourceDefinition, execute, no_log_values)
from ansible_collections.ppe.essentials.plugins.module_utils._normalize import domain, text
from ansible_collections.ppe.essentials.plugins.module_utils._resource import format_path
from ansible_collections.ppe.essentials.plugins.module_utils._resources.domain import DomainResource
from ansible_collections.ppe.essentials.plugins.module_utils._resources.features import FeaturesResource
from ansible_collections.ppe.essentials.plugins.module_utils._resources.org import OrgResource
from ansible_collections.ppe.essentials.plugins.module_utils._resources.sender_lists import SenderListsResource
from ansible_collections.ppe.essentials.plugins.module_utils._resources.auth_settings import AuthSettingsResource, SamlIdpResource
from ansible_collections.ppe.essentials.plugins.module_utils._resources.azure_sync import (
    AzureSyncExemptionsResource, AzureSyncResource)
from ansible_collections.ppe.essentials.plugins.module_utils._resources.dkim import DkimResource
from ansible_collections.ppe.essentials.plugins.module_utils._resources.domain_verification import DomainVerificationResource
from ansible_collections.ppe.essentials.plugins.module_utils._resources.email_tagging import (
    EmailTaggingExemptionsResource, EmailTaggingResource)
from ansible_collections.ppe.essentials.plugins.module_utils._users import UsersDefinition

ORG_INFO = InfoDefinition(OrgResource(), list_option="children")
ORG = ResourceDefinition(OrgResource())
DOMAIN = ResourceDefinition(DomainResource())
LICENSING = LicensingDefinition()
FEATURES = ResourceDefinition(FeaturesResource())
SENDER_LISTS = ResourceDefinition(SenderListsResource())
USERS = UsersDefinition()


# -- the optional sections (issue 15): each a module's options, run after the users in this order ------------------
def _section(customer, key):
    value = customer.get(key)
    return value if value is not None else None


def verification_options(customer):
    """One ppe_domain_verification per declared domain (the primary domain first): the record each needs."""
    section = _section(customer, "verification")
    if section is None:
        return []
    names = [customer["domain"]] + [d["name"] for d in customer.get("domains") or []]
    seen, out = set(), []
    for name in names:
        if domain(name) not in seen:
            seen.add(domain(name))
            out.append(dict(section, org=customer["domain"], domain=name))
    return out


def each_options(key):
    """One step per item of a list section (DKIM keys, SAML identity providers)."""
    def options(customer):
        return [dict(item, org=customer["domain"]) if isinstance(item, Mapping) else item
                for item in _section(customer, key) or []]
    return options


def settings_options(key, exemptions):
    """The settings of a dict section without its `exemptions` (and `exemptions_mode`), which are their own step."""
    def options(customer):
        section = _section(customer, key)
        if section is None:
            return []
        own = dict((k, v) for k, v in section.items() if k not in ("exemptions", "exemptions_mode"))
        if exemptions and not own:
            return []
        return [dict(own, org=customer["domain"])]
    return options


def exemptions_options(key):
    def options(customer):
        section = _section(customer, key)
        if not isinstance(section, Mapping) or section.get("exemptions") is None:
            return []
        return [{"org": customer["domain"], "exemptions": section["exemptions"],
                 "mode": section.get("exemptions_mode") or "replace"}]
    return options


# (result key, declaration key, definition, options(customer) -> [options of each step], item name option)
SECTIONS = (
    ("verification", "verification", ResourceDefinition(DomainVerificationResource()), verification_options, "domain"),
    ("dkim", "dkim", ResourceDefinition(DkimResource()), each_options("dkim"), "selector"),
    ("email_tagging", "email_tagging", ResourceDefinition(EmailTaggingResource()),
     settings_options("email_tagging", True), None),
    ("email_tagging_exemptions", "email_tagging", ResourceDefinition(EmailTaggingExemptionsResource()),
     exemptions_options("email_tagging"), None),
    ("azure_sync", "azure_sync", ResourceDefinition(AzureSyncResource()), settings_options("azure_sync", False), None),
    ("azure_sync_exemptions", "azure_sync", ResourceDefinition(AzureSyncExemptionsResource()),
     exemptions_options("azure_sync"), None),
    ("authentication", "authentication", ResourceDefinition(AuthSettingsResource()),
     settings_options("authentication", False), None),
    ("saml_idps", "saml_idps", ResourceDefinition(SamlIdpResource()), each_options("saml_idps"), "name"),
)
SECTION_KEYS = tuple(key for key, _declared, _definition, _options, _name in SECTIONS)


def section_steps(customer):
    """[(result key, definition, options, item name option)] of the declaration's optional sections."""
    return [(key, definition, options, name) for key, _declared, definition, build, name in SECTIONS
            for options in build(customer)]


SET_BY_THE_STEP = frozenset(("org",))  # the organization is the declaration's; verification's domain too


def _known_keys(declared):
    """The keys a section of the declaration takes: its modules' own options (and aliases), not the connection's."""
    keys = set()
    for _key, section, definition, _options, _name in SECTIONS:
        if section == declared:
            for name, option in definition.options().items():
                keys.update([name] + list(option.get("aliases") or []))
    keys -= SET_BY_THE_STEP
    if declared == "verification":
        keys.discard("domain")
    if declared in ("email_tagging", "azure_sync"):
        keys.update(("exemptions", "exemptions_mode"))
        keys.discard("mode")
    return keys


def section_key_errors(customer):
    """Unknown keys of the optional sections, named where they are with the keys known there."""
    errors = []
    for declared in dict.fromkeys(section for _k, section, _d, _o, _n in SECTIONS):
        value = customer.get(declared)
        items = [("ppe_customer.%s" % declared, value)] if isinstance(value, Mapping) else [
            ("ppe_customer.%s[%d]" % (declared, i), item) for i, item in enumerate(value or [])
            if isinstance(value, list)]
        known = _known_keys(declared)
        for path, item in items:
            if not isinstance(item, Mapping):
                errors.append("%s: must be a mapping" % path)
                continue
            errors += ["%s.%s: unknown key; the known keys are %s" % (path, key, ", ".join(sorted(known)))
                       for key in item if key not in known]
    return errors


def section_errors(customer):
    """The sections' options checked as their modules check them (unknown keys, types, choices, syntax), before any
    request: a declaration that would fail in a late step fails before the first write instead."""
    errors = section_key_errors(customer)
    if errors:
        return errors
    for key, definition, options, _name in section_steps(customer):
        if not isinstance(options, Mapping):
            errors.append("%s: each item must be a mapping, not %r" % (key, options))
            continue
        validation = ArgumentSpecValidator(definition.argument_spec()).validate(dict(options))
        messages = list(validation.error_messages)
        if not messages:
            messages = definition.check(dict(validation.validated_parameters))
        errors += ["%s: %s" % (key, message) for message in messages]
    return errors


def creation_problems(customer, client, new):
    """Section items the run would create without the options a create needs (Azure AD sync settings without
    application_id and client_secret, a SAML identity provider without its idp_* fields, a DKIM key without its
    private key), found before the first write instead of after the earlier steps wrote. Nothing to read for a new
    organization (every item is a create); on an existing one, one GET per such item, and only for an item that
    lacks an option a create needs."""
    problems, seen = [], {}
    for key, definition, options, name in section_steps(customer):
        index = seen[key] = seen.get(key, -1) + 1
        resource = definition.resource
        missing = [o for o in resource.required_on_create if options.get(o) is None]
        if not resource.creatable or not missing or options.get("state") == "absent":
            continue
        params = resource.clean(ArgumentSpecValidator(definition.argument_spec()).validate(dict(options))
                                .validated_parameters)
        if not new and read(Run(resource, client, params)) is not None:
            continue
        place = "%s[%d]" % (key, index) if name else key
        problems.append("%s: the run would create %s, and creating it needs %s" % (
            place, resource.describe(params), ", ".join(missing)))
    if new:  # every declared user is a create: one the users step would refuse is found before the org is created
        problems += ["users[%d]: the run would create user %s, and a new user needs firstname or surname (is_active: "
                     "false alone never creates one)" % (index, text(item.get("email")))
                     for index, item in enumerate(customer.get("users") or []) if isinstance(item, Mapping)
                     and item.get("state") != "absent" and USERS.resource.create_refusal(item) is not None]
    return problems


ORG_FIELDS = ("type", "country", "stateprov", "address", "postcode", "phone", "www", "send_welcome_email", "is_active")
DOMAIN_FIELDS = ("is_relay", "destination", "failovers", "is_active")
INPUT_SPEC = {"ppe_customer": {"type": "dict", "required": True, "options": CUSTOMER_OPTIONS}}
SKIPPED = {"skipped": True, "changed": False}
INVALID = "The declaration of %s has problems; nothing was changed:\n- %s"


def label(customer):
    """How messages name a customer: its primary domain, or what stands in for it."""
    if isinstance(customer, Mapping) and isinstance(customer.get("domain"), str):
        return customer["domain"]
    return "a customer without a domain"


# -- the input --------------------------------------------------------------------------------------------
def _unknown_keys(value, options, path):
    """Every key that the spec does not know, where it is, with the keys known there."""
    out = []
    if not isinstance(value, Mapping):
        return out
    for key in value:
        if key not in options:
            out.append("%s.%s: unknown key; the known keys are %s" % (path, key, ", ".join(sorted(options))))
        elif options[key].get("options") and isinstance(value[key], Mapping):
            out += _unknown_keys(value[key], options[key]["options"], "%s.%s" % (path, key))
        elif options[key].get("options") and isinstance(value[key], list):
            for index, item in enumerate(value[key]):
                out += _unknown_keys(item, options[key]["options"], "%s.%s[%d]" % (path, key, index))
    return out


def input_errors(customer):
    """(errors, validated declaration): unknown keys where they are, and ansible's type/choice/required messages."""
    unknown = _unknown_keys(customer, CUSTOMER_OPTIONS, "ppe_customer")
    result = ArgumentSpecValidator(INPUT_SPEC).validate({"ppe_customer": customer})
    errors = list(result.error_messages)
    if unknown:  # ansible names a nested unknown key without its place; the walk above says where it is
        errors = [e for e in errors if "Supported parameters include" not in e]
    validated = result.validated_parameters.get("ppe_customer")
    return unknown + errors, _set_only(validated) if isinstance(validated, Mapping) else customer


def _set_only(value):
    """The declaration without the options it leaves unset (the validator fills them with None)."""
    if isinstance(value, Mapping):
        return dict((k, _set_only(v)) for k, v in value.items() if v is not None)
    if isinstance(value, list):
        return [_set_only(v) for v in value]
    return value


# -- the steps ----------------------------------------------------------------------------------------------
def _given(values):
    """The options a step is given: what the declaration sets (the role's default(omit))."""
    return dict((k, v) for k, v in values.items() if v is not None)


def org_options(customer, new):
    org = customer["domain"]
    options = dict((f, customer.get(f)) for f in ORG_FIELDS)
    options.update(domain=org, parent=customer.get("parent"), name=customer.get("name"), on_unapplied="ignore")
    licensing = customer.get("licensing") or {}
    if new:  # only to create the organization; the licensing step converges them on an existing one
        options.update(licensing_package=licensing.get("package"), user_licenses=licensing.get("license_count"),
                       is_on_trial=licensing.get("is_on_trial"))
    admin = customer.get("admin")
    if admin is not None:
        options["admin_user"] = _given({"primary_email": admin.get("email") or "", "firstname": admin.get("firstname"),
                                        "surname": admin.get("surname")})
    extra = [domain(d["name"]) for d in customer.get("domains") or [] if domain(d["name"]) != domain(org)]
    options["domains"] = extra or None
    return _given(options)


def domain_options(customer, item):
    return _given(dict(((f, item.get(f)) for f in DOMAIN_FIELDS), org=customer["domain"], name=item["name"]))


def licensing_options(customer):
    licensing = customer.get("licensing") or {}
    return _given({"org": customer["domain"], "package": licensing.get("package"),
                   "license_count": licensing.get("license_count"), "is_on_trial": licensing.get("is_on_trial")})


def sender_list_options(customer):
    lists = customer.get("sender_lists") or {}
    return _given({"org": customer["domain"], "allow_list": lists.get("allow_list"),
                   "block_list": lists.get("block_list"), "mode": lists.get("mode") or "replace"})


def users_options(customer):
    """The declared users, and the administrator like the other users unless they list it already."""
    users = list(customer.get("users") or [])
    admin = customer.get("admin")
    listed = set(text(u.get("email")).lower() for u in users)
    if admin is not None and text(admin.get("email")).lower() not in listed:
        users.append(_given({"email": admin.get("email"), "type": "organization_admin", "must_exist": False,
                             "firstname": admin.get("firstname"), "surname": admin.get("surname")}))
    return {"org": customer["domain"], "users": users, "purge": bool(customer.get("purge_users"))}


class ReadOnce:
    """The client, answering the org step's GET of the organization with the read the declaration check used.

    Nothing is written between the two, so the second GET would only repeat the first (an audit of 500
    organizations saves 500 requests). Every other request goes to the client.
    """

    def __init__(self, client):
        self.client = client
        self.kept = {}

    def __getattr__(self, name):
        return getattr(self.client, name)

    def keep(self, path):
        """Remember the answer to the next GET of `path` for the one after it."""
        self.kept[path] = None

    def get_or_none(self, path, expect=None):
        if path in self.kept and self.kept[path] is not None:
            return self.kept.pop(path)[0]
        obj = self.client.get_or_none(path, expect=expect)
        if path in self.kept:
            self.kept[path] = (obj,)
        return obj


class Steps:
    """One customer's run: each step validated with its module's argument spec and run by the modules' glue."""

    def __init__(self, client, check_mode, warn):
        self.client = client
        self.check_mode = check_mode
        self.warn = warn

    def run(self, definition, options):
        validation = ArgumentSpecValidator(definition.argument_spec()).validate(dict(options))
        if validation.error_messages:
            return {"failed": True, "msg": "Invalid options: " + "; ".join(validation.error_messages)}
        return execute(definition, validation.validated_parameters, options, self.check_mode, self.warn,
                       lambda _params: self.client)


def converge(customer, client, check_mode, warn):
    """(results, problems, failure): the results of the role's steps for one valid declaration, keyed as the role
    registers them; the problems found before any write; the first failed step's result, which stops the run (as
    it stops the role) and is left out of the results (the task's message carries it), or None."""
    client = ReadOnce(client)
    steps = Steps(client, check_mode, warn)
    results = {}
    problems = []
    if not any(p.startswith("domain: ") for p in _customer.customer_problems(customer, None, limit=0)):
        client.keep(format_path(OrgResource.path, {"domain": customer["domain"]}))
        results["live"] = steps.run(ORG_INFO, {"domain": customer["domain"]})
        if results["live"].get("failed"):
            return results, problems, results.pop("live")
    else:
        results["live"] = dict(SKIPPED)
    live_org = results["live"].get("org")
    new = "org" in results["live"] and live_org is None
    problems = _customer.customer_problems(customer, live_org) + section_errors(customer)
    if not problems:
        problems = creation_problems(customer, client, new)
    if problems:
        return results, problems, None
    pending = check_mode and new

    results["org"] = steps.run(ORG, org_options(customer, new))
    if results["org"].get("failed"):
        return results, problems, results.pop("org")
    if pending:  # the drift predicts its domains and users and notes what was not checked
        return results, problems, None

    loop = []
    results["domains"] = {"results": loop}
    for item in customer.get("domains") or []:
        result = dict(steps.run(DOMAIN, domain_options(customer, item)), item=item)
        loop.append(result)
        if result.get("failed"):
            return results, problems, loop.pop()
    if customer.get("licensing"):
        results["licensing"] = steps.run(LICENSING, licensing_options(customer))
        if results["licensing"].get("failed"):
            return results, problems, results.pop("licensing")
    if customer.get("features"):
        results["features"] = steps.run(FEATURES, {"org": customer["domain"], "features": customer["features"]})
        if results["features"].get("failed"):
            if not (check_mode and _package_changes(results.get("licensing"))):
                return results, problems, results.pop("features")
            # Check mode: a pending package change is not applied yet, so a feature of the new package fails
            # against the old one; a note, not a failure (the declaration check found the features in the new one).
            results["features"] = {"failed": False, "failed_when_result": False, "msg": results["features"]["msg"]}
    lists = customer.get("sender_lists") or {}
    if lists.get("allow_list") is not None or lists.get("block_list") is not None:
        results["sender_lists"] = steps.run(SENDER_LISTS, sender_list_options(customer))
        if results["sender_lists"].get("failed"):
            return results, problems, results.pop("sender_lists")
    # Runs also when no user is declared (one GET): its list of every user shows the unmanaged ones.
    results["users"] = steps.run(USERS, users_options(customer))
    if results["users"].get("failed"):
        return results, problems, results.pop("users")
    for key, definition, options, name in section_steps(customer):
        result = steps.run(definition, options)
        if name:  # a list of items, registered like a loop (one result per item)
            result["item"] = {"name": options.get(name)}
            results.setdefault(key, {"results": []})["results"].append(result)
        else:
            results[key] = result
        if result.get("failed"):
            if name:
                results[key]["results"].pop()
            else:
                results.pop(key)
            return results, problems, result
    return results, problems, None


def _package_changes(licensing):
    diff = (licensing or {}).get("diff") or {}
    return bool((licensing or {}).get("changed")) and \
        (diff.get("before") or {}).get("package") != (diff.get("after") or {}).get("package")


def onboard(customer, client, check_mode, warn):
    """One customer: {"outcome": {"results", "drift"}, "failed", "msg", "changed"}; never raises for the API."""
    errors, customer = input_errors(customer)
    if errors:
        name = customer.get("name") if isinstance(customer, Mapping) else ""
        outcome = _customer.customer_drift({"domain": label(customer), "name": name or ""}, {}, check_mode, errors)
        return {"outcome": outcome, "changed": False, "invalid": "input", "problems": errors}
    try:
        results, problems, failure = converge(customer, client, check_mode, warn)
    except PPEError as exc:  # a step's glue turns API errors into results; this is the client itself failing
        results, problems, failure = {}, [], {"failed": True, "msg": str(exc)}
    outcome = _customer.customer_drift(customer, results, check_mode, problems)
    changed = any(r["changed"] for r in outcome["results"])
    answer = {"outcome": outcome, "changed": changed}
    if problems:
        answer.update(invalid="declaration", problems=problems)
    if failure is not None:
        msg = "%s: %s" % (label(customer), failure.get("msg") or "failed")
        if changed:  # the failed step's own "nothing was written" is not the run's
            msg += (" The steps before it %s their changes; fix this and run again to finish."
                    % ("would have made" if check_mode else "made"))
        answer.update(failed=True, msg=msg)
    return answer


class CustomerDefinition(Definition):
    """ppe_customer: one declaration (customer) or many (customers), each validated before its first request."""

    def options(self):
        return {
            "customer": {"type": "dict"},
            "customers": {"type": "list", "elements": "dict"},
            "on_invalid": {"type": "str", "default": "fail", "choices": ["fail", "record"]},
        }

    def stack_domain(self, params):
        customer = params.get("customer")
        return customer.get("domain") if isinstance(customer, Mapping) else None

    def check(self, params):
        if (params.get("customer") is None) == (params.get("customers") is None):
            return ["customer, customers: set one of them (one declaration, or a list of declarations)"]
        if params["on_invalid"] == "fail":
            invalid = []
            for customer in self.declarations(params):
                errors = input_errors(customer)[0]
                invalid += ["%s: %s" % (label(customer), e) for e in errors] if params.get("customers") else errors
            return invalid
        return []

    def secret_values(self, params):
        """Every no_log value of every step a declaration holds (users' passwords, DKIM keys, the Azure secret)."""
        values = set()
        for customer in self.declarations(params):
            if not isinstance(customer, Mapping) or not isinstance(customer.get("domain"), str):
                continue
            try:
                steps = [(USERS, users_options(customer))] + [(d, o) for _k, d, o, _n in section_steps(customer)]
            except (AttributeError, KeyError, TypeError):
                continue  # a malformed declaration is refused before any step runs; nothing to mask yet
            for definition, options in steps:
                values |= no_log_values(definition.argument_spec(), options)
        return values

    @staticmethod
    def declarations(params):
        return [params["customer"]] if params.get("customer") is not None else list(params.get("customers") or [])

    def run(self, params, client, check_mode, warn):
        answers = [onboard(c, client, check_mode, warn) for c in self.declarations(params)]
        failures = [a["msg"] for a in answers if a.get("failed")]
        if params["on_invalid"] == "fail":
            failures += [INVALID % (a["outcome"]["drift"]["org"], "\n- ".join(a["problems"]))
                         for a in answers if a.get("invalid")]
        result = {"changed": any(a["changed"] for a in answers)}
        if params.get("customer") is not None:
            result.update(answers[0]["outcome"])
            if answers[0].get("invalid"):
                result["invalid"] = answers[0]["invalid"]
        else:
            result["outcomes"] = [a["outcome"] for a in answers]
        if failures:
            result.update(failed=True, msg="\n".join(failures))
        return result
