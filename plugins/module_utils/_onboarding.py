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

import re
from collections.abc import Mapping

from ansible.module_utils.common.arg_spec import ArgumentSpecValidator

from ansible_collections.ppe.essentials.plugins.module_utils import _customer, _standards
from ansible_collections.ppe.essentials.plugins.module_utils._customer_spec import CUSTOMER_OPTIONS, ORG_FIELDS
from ansible_collections.ppe.essentials.plugins.module_utils._engine import (
    Run, read, read_collection, read_facts, write_errors)
from ansible_collections.ppe.essentials.plugins.module_utils._errors import PPEError, capped, first
from ansible_collections.ppe.essentials.plugins.module_utils._fleet import WORKERS_OPTION, each, workers_errors
from ansible_collections.ppe.essentials.plugins.module_utils._licensing import LicensingDefinition
from ansible_collections.ppe.essentials.plugins.module_utils._live_sections import read_live_sections
from ansible_collections.ppe.essentials.plugins.module_utils._module import (
    Definition, InfoDefinition, ResourceDefinition, execute, no_log_values)
from ansible_collections.ppe.essentials.plugins.module_utils._normalize import domain, integer, text
from ansible_collections.ppe.essentials.plugins.module_utils._options import (
    connection_argument_spec, unknown_key, unknown_options)
from ansible_collections.ppe.essentials.plugins.module_utils._preview import PreviewClient, answers_for
from ansible_collections.ppe.essentials.plugins.module_utils._resource import Resource, format_path
from ansible_collections.ppe.essentials.plugins.module_utils._resources.domain import DomainResource
from ansible_collections.ppe.essentials.plugins.module_utils._resources.features import FeaturesResource
from ansible_collections.ppe.essentials.plugins.module_utils._resources.org import OrgResource
from ansible_collections.ppe.essentials.plugins.module_utils._resources.sender_lists import SenderListsResource
from ansible_collections.ppe.essentials.plugins.module_utils._resources.auth_settings import AuthSettingsResource, SamlIdpResource
from ansible_collections.ppe.essentials.plugins.module_utils._resources.azure_sync import (
    AzureSyncExemptionsResource, AzureSyncResource)
from ansible_collections.ppe.essentials.plugins.module_utils._resources.dkim import DkimResource
from ansible_collections.ppe.essentials.plugins.module_utils._resources.domain_verification import DomainVerificationResource
from ansible_collections.ppe.essentials.plugins.module_utils._resources.user import UserResource, odin_errors
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


# -- each section's steps: (customer, new) -> the options of each step (none when the declaration leaves it out) ------
def verification_steps(customer, _new):
    """One ppe_domain_verification per declared domain (the primary domain first): the record each needs."""
    section = customer.get("verification")
    if section is None:
        return []
    names = {}
    for name in [customer["domain"]] + [d["name"] for d in customer.get("domains") or []]:
        names.setdefault(domain(name), name)
    return [dict(section, org=customer["domain"], domain=name) for name in names.values()]


def each_item(key):
    """One step per item of a list section (domains, DKIM keys, SAML identity providers)."""
    return lambda customer, _new: [dict(item, org=customer["domain"]) if isinstance(item, Mapping) else item
                                   for item in customer.get(key) or []]


def settings(key, needs=None):
    """One step of a dict section's keys (without its `exemptions`, `exemptions_mode`: their own step) when it sets
    any (of `needs`, when given)."""
    def steps(customer, _new):
        own = dict((k, v) for k, v in (customer.get(key) or {}).items() if k not in ("exemptions", "exemptions_mode"))
        return [dict(own, org=customer["domain"])] if any(k in own for k in needs or own) else []
    return steps


def exemptions(key):
    def steps(customer, _new):
        section = customer.get(key)
        if not isinstance(section, Mapping) or section.get("exemptions") is None:
            return []
        return [{"org": customer["domain"], "exemptions": section["exemptions"],
                 "mode": section.get("exemptions_mode") or "replace"}]
    return steps


def _given(values):
    """The options a step is given: what the declaration sets (the role's default(omit))."""
    return dict((k, v) for k, v in values.items() if v is not None)


def org_steps(customer, new):
    org = customer["domain"]
    options = dict((f, customer.get(f)) for f in ORG_FIELDS)
    if options["is_active"] is None and not new:  # a declared customer is an active one unless it says otherwise
        options["is_active"] = True
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
    return [_given(options)]


def features_steps(customer, _new):
    return [{"org": customer["domain"], "features": customer["features"]}] if customer.get("features") else []


def users_steps(customer, _new):
    """Runs also when no user is declared (one GET): its list of every user shows the unmanaged ones."""
    return [{"org": customer["domain"], "users": _customer.declared_users(customer),
             "purge": bool(customer.get("purge_users"))}]


class Section:
    """One section of a customer declaration, bound to the module definition that brings it to its state.

    `steps(customer, new)` gives the options of each of its steps (none when the declaration leaves it out), `item`
    the option that names each step of a section run once per item (a step and a record per item), `declared` where
    it is in the declaration (for messages), `renamed` the step options that the declaration calls otherwise and
    `fixed` those the run sets, which the section does not take.
    """

    def __init__(self, key, module, definition, steps, item=None, declared=None, indexed=None, renamed=None,
                 fixed=("org",)):
        self.key = key
        self.record = "domain" if key == "domains" else key  # what its records and drift call it
        self.module = module  # the module whose declaration this is (tests pin that they agree)
        self.definition = definition
        self.steps = steps
        self.item = item
        self.declared = key if declared is None else declared
        self.indexed = bool(item) if indexed is None else indexed
        self.renamed = renamed or {}
        self.fixed = fixed  # the step options the run sets from the declaration's own domains, not from this section

    def place(self, index):
        """Where a step's options are in the declaration, e.g. dkim[1]."""
        return "%s[%d]" % (self.declared, index) if self.indexed else self.declared

    def message(self, index, message):
        """A step's message named with the declaration's keys: licensing.license_count: ... ."""
        message = re.sub(r"^(users\[\d+\]) \([^)]*\) ", r"\1.", message)  # ppe_users names an item by its address
        head, sep, rest = message.partition(": ")
        if sep and head in self.fixed:
            return None  # the declaration's own domain, which its check names already
        if sep and head in self.renamed:
            return "%s: %s" % (self.renamed[head], rest)
        place = self.place(index)
        if sep and re.match(r"^%s\b" % re.escape(self.declared or "-"), head):
            return message  # the step named the declaration's own key already (users[2].email: ...)
        if sep and re.match(r"^[a-z_]+(?:\[\d+\])?$", head):  # an option (or a feature) of the step
            return "%s: %s" % ("%s.%s" % (place, head) if place else head, rest)
        return "%s: %s" % (place or "ppe_customer", message)


ORG_RENAMED = {"admin_user": "admin", "licensing_package": "licensing.package",
               "user_licenses": "licensing.license_count", "is_on_trial": "licensing.is_on_trial"}

# The declaration's sections in the order the run brings them to their state.
SECTIONS = (
    Section("org", "ppe_org", ORG, org_steps, declared="", renamed=ORG_RENAMED, fixed=("domain",)),
    Section("domains", "ppe_domain", DOMAIN, each_item("domains"), item="name"),
    Section("licensing", "ppe_licensing", LICENSING, settings("licensing")),
    Section("features", "ppe_features", FEATURES, features_steps),
    Section("sender_lists", "ppe_sender_lists", SENDER_LISTS, settings("sender_lists", ("allow_list", "block_list"))),
    Section("users", "ppe_users", USERS, users_steps),
    Section("verification", "ppe_domain_verification", ResourceDefinition(DomainVerificationResource()),
            verification_steps, item="domain", indexed=False, fixed=("org", "domain")),
    Section("dkim", "ppe_dkim", ResourceDefinition(DkimResource()), each_item("dkim"), item="selector"),
    Section("email_tagging", "ppe_email_tagging", ResourceDefinition(EmailTaggingResource()), settings("email_tagging")),
    Section("email_tagging_exemptions", "ppe_email_tagging_exemptions",
            ResourceDefinition(EmailTaggingExemptionsResource()), exemptions("email_tagging"), declared="email_tagging",
            renamed={"mode": "email_tagging.exemptions_mode"}),
    Section("azure_sync", "ppe_azure_sync", ResourceDefinition(AzureSyncResource()), settings("azure_sync")),
    Section("azure_sync_exemptions", "ppe_azure_sync_exemptions", ResourceDefinition(AzureSyncExemptionsResource()),
            exemptions("azure_sync"), declared="azure_sync", renamed={"mode": "azure_sync.exemptions_mode"}),
    Section("authentication", "ppe_auth_settings", ResourceDefinition(AuthSettingsResource()),
            settings("authentication")),
    Section("saml_idps", "ppe_saml_idp", ResourceDefinition(SamlIdpResource()), each_item("saml_idps"), item="name"),
)
OPTIONAL = SECTIONS[6:]  # the sections whose options are their modules' own (checked for unknown keys below)


def plan(customer, new):
    """[(section, index, options)]: every step of a declaration, in the order they run."""
    return [(section, index, options) for section in SECTIONS
            for index, options in enumerate(section.steps(customer, new))]


def _declared_keys():
    """CUSTOMER_OPTIONS with the keys each optional section takes (its modules' options and aliases, as the
    declaration names them, without those the run sets), for unknown_options; each step checks their values."""
    spec = dict(CUSTOMER_OPTIONS)
    for section in OPTIONAL:
        keys = dict(spec[section.declared].get("options") or {})
        keys.update((section.renamed.get(name, name).rsplit(".", 1)[-1], {"aliases": option.get("aliases")})
                    for name, option in section.definition.options().items() if name not in section.fixed)
        spec[section.declared] = dict(spec[section.declared], options=keys)
    return spec


DECLARED_KEYS = _declared_keys()


def step_options(definition, options):
    """(errors, validated options) of one step: its module's own argument spec (the connection is the task's,
    resolved once) and its module's checks."""
    validation = ArgumentSpecValidator(definition.options()).validate(dict(options))
    if validation.error_messages:
        return list(validation.error_messages), None
    params = dict(validation.validated_parameters)
    return definition.check(params), params


def step_errors(steps):
    """Every step's options checked as its module checks them (types, choices, bounds, syntax, cross-field rules),
    before any request that writes: a declaration that a late step would refuse fails before the first write."""
    errors = []
    for section, index, options in steps:
        if not isinstance(options, Mapping):
            errors.append("%s: each item must be a mapping, not %r" % (section.place(index), options))
            continue
        errors += [m for m in (section.message(index, m) for m in step_options(section.definition, options)[0])
                   if m is not None]
    return errors


def listed_problems(steps, live_org):
    """What the API would refuse in a domain the run creates or changes (a relay without a destination): ppe_domain's
    own rule (Resource.object_errors), judged against the domain as the organization's record lists it, without a
    request."""
    live = _customer.live_domains(live_org)
    problems = []
    for section, index, options in steps:
        errors, params = step_options(section.definition, options) if section.key == "domains" else (None, None)
        if params is not None and not errors:  # an item its own options refuse is named by step_errors
            resource = section.definition.resource
            run = Run(resource, None, resource.clean(params))
            problems += [m for m in (section.message(index, m) for m in write_errors(run, live.get(domain(
                params["name"])))) if m]
    return problems


def prewrite_problems(planned, customer, live_org, client, new):
    """What a step would refuse after earlier steps wrote, found before the first write, against the state the run
    leaves: its module's rules that need facts (Resource.preflight_errors: the package the run sets, the identity
    providers it has), what a settings write would leave (Resource.object_errors: forcing the Azure AD login without
    allowing it), what a create needs (Azure AD sync without application_id and client_secret, a SAML identity
    provider without its idp_* fields, a DKIM key without its private key, a user without names) and the Odin rights
    a user's type may not hold. Nothing to read for a new organization (every item a create, every setting its
    default); on an existing one, one GET per fact, setting or item, only where a rule needs it."""
    problems, known = [], {"package": _customer.package_after(customer, live_org)}
    if new:
        known.update(idps=[], forced_idp=None)
    for section, index, options in planned:
        resource = section.definition.resource
        run = Run(resource, client, resource.clean(step_options(section.definition, options)[1]))
        names = resource.preflight_facts(run.params)
        known.update(read_facts(run, [name for name in names if name not in known]))
        found = resource.preflight_errors(run.params, known) if names else []
        if not resource.creatable and type(resource).object_errors is not Resource.object_errors:
            found += write_errors(run, resource.predicted({}) if new else read(run))
        problems += [m for m in (section.message(index, m) for m in found) if m]
        missing = [o for o in resource.required_on_create if options.get(o) is None]
        if section in OPTIONAL and resource.creatable and missing and options.get("state") != "absent" and (
                new or read(run) is None):
            problems.append("%s: the run would create %s, and creating it needs %s" % (
                section.place(index), resource.describe(run.params), ", ".join(missing)))
    if new:  # every declared user is a create: one the users step would refuse is found before the org is created
        problems += ["users[%d]: the run would create user %s, and a new user needs firstname or surname (is_active: "
                     "false alone never creates one)" % (index, text(item.get("email")))
                     for index, item in enumerate(customer.get("users") or []) if isinstance(item, Mapping)
                     and item.get("state") != "absent" and USERS.resource.create_refusal(item) is not None]
    return problems + odin_problems(customer, client, new)


def odin_problems(customer, client, new):
    """The Odin rights a user's type may not hold (ppe_users refuses them before its own writes): judged by the
    declared type, else the user's type as it is (one GET of the users, only when such a user declares none), else
    end_user for a user the run creates."""
    declared = [(index, item) for index, item in enumerate(customer.get("users") or []) if isinstance(item, Mapping)
                and item.get("odin_settings") and item.get("state") != "absent"]
    live = {}
    if not new and any(item.get("type") is None for _index, item in declared):
        users = read_collection(Run(UserResource(), client, {"org": customer["domain"]})) or []
        live = dict((text(u.get("primary_email")).lower(), u.get("type")) for u in users if isinstance(u, Mapping))
    return ["users[%d].%s" % (index, error) for index, item in declared
            for error in odin_errors(item.get("type") or live.get(text(item.get("email")).lower()) or "end_user",
                                     item["odin_settings"])]


FEATURES_PREVIEWED = ("features: the values a new organization's features start with are not documented (but "
                      "instant_replay: 30 days); the preview compares the declared ones with off")
MAX_PROBLEMS = 20  # problems a fleet's message names; then how many more
INVALID = "The declaration of %s has problems; nothing was changed:\n- %s"


def connection_of(params):
    """The task's connection options, resolved once (task options, module_defaults, role variables or PPE_*)."""
    return dict((name, params.get(name)) for name in connection_argument_spec())


def diffs(answers):
    """Ansible's before/after (--diff) of every step that changed, or would change, something: one per section item,
    headed with the organization, the section and the item."""
    out = []
    for answer in answers:
        for record in answer["outcome"]["results"]:
            if record["changed"] and record["diff"]:
                header = "%s: %s %s" % (record["org"], record["resource"], record["name"])
                out.append({"before_header": header, "after_header": header,
                            "before": record["diff"].get("before") or {}, "after": record["diff"].get("after") or {}})
    return out


def duplicates(customers):
    """A fleet that declares one organization twice (in any case) flips between the two on every run: refused."""
    seen, errors = {}, []
    for index, customer in enumerate(customers):
        if isinstance(customer, Mapping) and isinstance(customer.get("domain"), str):
            key = domain(customer["domain"])
            if key in seen:
                errors.append("customers[%d]: %s is declared twice (also customers[%d]); keep one declaration"
                              % (index, key, seen[key]))
            seen.setdefault(key, index)
    return errors


def standards_errors(standards):
    """The standards checked as a declaration's sections are (their modules' options, types, bounds), before any
    request; their messages start with `standards.`."""
    if not standards:
        return []
    errors = [unknown_key("standards", key, _standards.SECTIONS) if key not in _standards.SECTIONS else
              "standards.%s: must be a mapping, as in a customer's declaration" % key
              for key, value in standards.items() if key not in _standards.SECTIONS or not isinstance(value, Mapping)]
    if len(_standards.leaves(standards)) > _standards.MAX_STANDARDS:
        errors.append("standards: more than %d values; keep a fleet's baseline short" % _standards.MAX_STANDARDS)
    if errors:
        return errors
    errors, validated = input_errors(dict(standards, domain="standards.invalid", parent="standards.invalid",
                                          name="standards"), "standards")
    if errors:
        return [e if e.startswith("standards.") else "standards: " + e for e in errors]
    steps = [step for step in plan(validated, False) if step[0].declared in standards]
    return ["standards." + e for e in step_errors(steps)]


def not_run(customer, check_mode, problems=()):
    """The outcome of a declaration whose steps did not run (its input invalid, its stack not found)."""
    name = customer.get("name") if isinstance(customer, Mapping) else None
    return _customer.drift({"domain": label(customer), "name": text(name)}, _customer.CustomerRun(), check_mode,
                           problems)


def label(customer):
    """How messages name a customer: its primary domain, or what stands in for it."""
    if isinstance(customer, Mapping) and isinstance(customer.get("domain"), str):
        return customer["domain"]
    return "a customer without a domain"


# -- the input --------------------------------------------------------------------------------------------
def input_errors(customer, name="ppe_customer"):
    """(errors, validated declaration): unknown keys where they are, and ansible's type/choice/required messages,
    naming the declaration `name`."""
    unknown = unknown_options(DECLARED_KEYS, customer, name)
    result = ArgumentSpecValidator({name: {"type": "dict", "required": True, "options": CUSTOMER_OPTIONS}}).validate(
        {name: customer})
    errors = list(result.error_messages)
    if unknown:  # ansible names a nested unknown key without its place; the walk above says where it is
        errors = [e for e in errors if "Supported parameters include" not in e]
    validated = result.validated_parameters.get(name)
    return unknown + errors, _set_only(validated) if isinstance(validated, Mapping) else customer


def _set_only(value):
    """The declaration without the options it leaves unset (the validator fills them with None)."""
    if isinstance(value, Mapping):
        return dict((k, _set_only(v)) for k, v in value.items() if v is not None)
    if isinstance(value, list):
        return [_set_only(v) for v in value]
    return value


class ReadOnce:
    """The client, answering the org step's GET of the organization with the read the declaration check used.

    Nothing is written between the two, so the second GET would only repeat the first (an audit of 500
    organizations saves 500 requests). Every other request goes to the client.
    """

    def __init__(self, client):
        self.client = client
        self.kept = {}
        self.pending = {}

    def __getattr__(self, name):
        return getattr(self.client, name)

    def keep(self, path):
        """Remember the answer to the next GET of `path` for the one after it."""
        self.kept[path] = None

    def predict(self, path, fields):
        """Check mode: later reads of `path` show `fields` as an earlier step of this run would have written them (the
        package the licensing step sets, which the e-mail tagging step's rule is judged against)."""
        self.pending.setdefault(path, {}).update(fields)

    def get_or_none(self, path, expect=None):
        if path in self.kept and self.kept[path] is not None:
            return self._pending(path, self.kept.pop(path)[0])
        obj = self.client.get_or_none(path, expect=expect)
        if path in self.kept:
            self.kept[path] = (obj,)
        return self._pending(path, obj)

    def get(self, path, expect=None):
        return self._pending(path, self.client.get(path, expect=expect))

    def _pending(self, path, obj):
        return dict(obj, **self.pending[path]) if isinstance(obj, dict) and path in self.pending else obj


class Steps:
    """One customer's run: each step validated with its module's own options and run by the modules' glue with the
    task's client (the connection was resolved once, for the task)."""

    def __init__(self, client, check_mode, warn, connection):
        self.client = client
        self.check_mode = check_mode
        self.warn = warn
        self.connection = connection

    def run(self, definition, options):
        errors, params = step_options(definition, options)
        if errors:
            return {"failed": True, "msg": "Invalid options: " + "; ".join(errors)}
        params.update(self.connection)  # the login a step must never delete (ppe_users' purge) is the task's own
        return execute(definition, params, options, self.check_mode, self.warn, lambda _params: self.client)


def converge(customer, client, check_mode, warn, connection, standards=None):
    """(run, problems, failure): what the steps of one valid declaration did (_customer.CustomerRun); the problems
    found before any write; the first failed step's result, which stops the run and is left out of its steps (the
    task's message carries it), or None. The standards are applied under the declaration once the organization's
    package is known (run.declaration: the declaration the steps ran; run.skipped: the standards not applied)."""
    client = ReadOnce(client)
    steps = Steps(client, check_mode, warn, connection)
    run = _customer.CustomerRun()
    if not any(p.startswith("domain: ") for p in _customer.customer_problems(customer, None, limit=0)):
        client.keep(format_path(OrgResource.path, {"domain": customer["domain"]}))
        live = steps.run(ORG_INFO, {"domain": customer["domain"]})
        if live.get("failed"):
            return run, [], live
        run.org, run.read = live.get("org"), True
    new = run.read and run.org is None
    if standards:
        run.skipped = _standards.skipped(standards, customer, _customer.package_after(customer, run.org))
        problems = _standards.exception_problems(standards, customer)
        if problems:
            return run, problems, None
        customer = _standards.apply(standards, customer, run.skipped)
    run.declaration = customer
    planned = plan(customer, new)
    problems = declaration_problems(customer, run.org, planned)
    if not problems:
        problems = prewrite_problems(planned, customer, run.org, client, new)
    if problems:
        return run, list(dict.fromkeys(problems)), None

    for section, index, options in planned:
        if section.key != "org" and check_mode and new and not isinstance(steps.client, PreviewClient):
            # Check mode cannot read what is not there: the steps run against the organization as predicted.
            steps = Steps(PreviewClient(answers_for(planned, run.result("org"))), check_mode, warn, connection)
        result = steps.run(section.definition, options)
        step = (section.record, options.get(section.item) if section.item else customer["domain"], result)
        if section.key == "licensing" and check_mode and _package_changes(result):
            client.predict(format_path(OrgResource.path, {"domain": customer["domain"]}),
                           {"licensing_package": result["diff"]["after"]["package"]})
        if section.key == "features" and isinstance(steps.client, PreviewClient):
            run.unpredictable.append(FEATURES_PREVIEWED)
        if not result.get("failed"):
            run.steps.append(step)
        elif isinstance(steps.client, PreviewClient):  # what the preview cannot know is said, not dropped
            run.unpredictable.append("%s: %s" % (section.place(index), result.get("msg")))
        elif section.key == "features" and check_mode and _package_changes(run.result("licensing")):
            # Check mode: a pending package change is not applied yet, so a feature of the new package fails
            # against the old one; a note, not a failure (the declaration check found the features in the new one).
            run.steps.append((section.record, customer["domain"], {"unchecked": result["msg"]}))
        else:
            return run, problems, result
    if not new:  # what the organization has in the sections and the declaration does not list (unmanaged)
        run.live_sections = read_live_sections(client, customer, run.org)
    return run, problems, None


def declaration_problems(customer, live_org, planned=None, limit=0):
    """Every problem of a well-formed declaration before any write, judged with the organization as read (None when
    it does not exist): the rules that span sections (_customer.py), then each section's own rules, its module's
    (one problem per place); at most `limit` (0: all), then how many more. No request."""
    problems = _customer.customer_problems(customer, live_org, limit=0)
    if planned is None:
        planned = plan(customer, live_org is None)
    named = [_place(p) for p in problems]
    problems += [p for p in step_errors(planned) + listed_problems(planned, live_org)
                 if not any(_within(_place(p), n) or _within(n, _place(p)) for n in named)]
    return first(list(dict.fromkeys(problems)), integer(limit))


def _place(message):
    """Where a problem is: `users[3]` of "users[3] (x@y) alias_emails: ...", `features.dpl` of "features.dpl: ..."."""
    return re.split(r"[: ]", message, 1)[0]


def _within(inner, outer):
    """Whether place `inner` is `outer` or inside it (domains[1].failovers[1] is inside domains[1].failovers)."""
    return inner == outer or inner.startswith(outer + ".") or inner.startswith(outer + "[")


def _package_changes(licensing):
    diff = (licensing or {}).get("diff") or {}
    return bool((licensing or {}).get("changed")) and \
        (diff.get("before") or {}).get("package") != (diff.get("after") or {}).get("package")


def _written(outcome, failure):
    """What the run wrote (or would write) before a step failed, for its message."""
    done = ["%s %s" % (r["resource"], r["name"]) for r in outcome["results"] if r["changed"]]
    if failure.get("changed"):
        done.append("the failed step's own change")
    return done


def onboard(customer, client, check_mode, warn, connection, standards=None):
    """One customer: {"outcome": {"results", "drift"}, "failed", "msg", "changed"}; never raises for the API. With
    standards, the drift holds each standard's state (`standards`)."""
    errors, customer = input_errors(customer)
    if errors:
        return {"outcome": not_run(customer, check_mode, errors), "changed": False, "invalid": "input",
                "problems": errors}
    try:
        run, problems, failure = converge(customer, client, check_mode, warn, connection, standards)
    except PPEError as exc:  # a step's glue turns API errors into results; this is the client itself failing
        run, problems, failure = _customer.CustomerRun(), [], {"failed": True, "msg": str(exc)}
    declaration = run.declaration or customer
    outcome = _customer.drift(declaration, run, check_mode, problems)
    if standards:
        judged = outcome["drift"]["standards"] = [] if problems or failure or not run.read else _standards.judge(
            standards, declaration, outcome["drift"]["changes"], run.skipped)
        outcome["drift"]["notes"] += ["Standard %s not applied: %s" % (j["path"], j["reason"]) for j in judged
                                      if j["state"] == "not_applicable"]
    written = _written(outcome, failure) if failure is not None else []
    changed = bool(written) or any(r["changed"] for r in outcome["results"])
    answer = {"outcome": outcome, "changed": changed}
    if problems:
        answer.update(invalid="declaration", problems=problems)
    if failure is not None:
        msg = "%s: %s" % (label(customer), failure.get("msg") or "failed")
        if written:  # the failed step's own "nothing was written" is not the run's
            msg += (" Before it, the run %s: %s; fix this and run again to finish."
                    % ("would have changed" if check_mode else "changed", ", ".join(written)))
        answer.update(failed=True, msg=msg)
    return answer


class CustomerDefinition(Definition):
    """ppe_customer: one declaration (customer) or many (customers), each validated before its first request."""

    def options(self):
        return {
            "customer": {"type": "dict"},
            "customers": {"type": "list", "elements": "dict"},
            "on_invalid": {"type": "str", "default": "fail", "choices": ["fail", "record"]},
            "workers": dict(WORKERS_OPTION),
            "standards": {"type": "dict"},
        }

    def stack_domain(self, params):
        customer = params.get("customer")
        return customer.get("domain") if isinstance(customer, Mapping) else None

    problem_lead = "\n- "  # a fleet's problems, one per line
    problem_separator = "\n- "

    def check(self, params):
        if (params.get("customer") is None) == (params.get("customers") is None):
            return ["customer, customers: set one of them (one declaration, or a list of declarations)"]
        invalid = (workers_errors(params.get("workers")) + standards_errors(params.get("standards"))
                   + duplicates(self.declarations(params)))
        if params["on_invalid"] == "fail":
            for customer in self.declarations(params):
                errors = input_errors(customer)[0]
                invalid += ["%s: %s" % (label(customer), e) for e in errors] if params.get("customers") else errors
        return invalid

    def secret_values(self, params):
        """Every no_log value of every step a declaration holds (users' passwords, DKIM keys, the Azure secret)."""
        values = set()
        for customer in self.declarations(params):
            if not isinstance(customer, Mapping) or not isinstance(customer.get("domain"), str):
                continue
            try:
                steps = [(section.definition, options) for section, _index, options in plan(customer, False)
                         if section in OPTIONAL or section.key == "users"]
            except (AttributeError, KeyError, TypeError):
                continue  # a malformed declaration is refused before any step runs; nothing to mask yet
            for definition, options in steps:
                values |= no_log_values(definition.argument_spec(), options)
        return values

    @staticmethod
    def onboard(customer, client, params, check_mode, warn):
        """One declaration; with discover_stack on the customers path, on the stack of its own organization."""
        if params.get("discover_stack") and params.get("customers") and isinstance(customer, Mapping) \
                and isinstance(customer.get("domain"), str) and customer["domain"].strip():
            try:
                client.use_stack_of(customer["domain"])
            except PPEError as exc:
                return {"outcome": not_run(customer, check_mode), "changed": False, "failed": True,
                        "msg": "%s: %s" % (label(customer), exc)}
        return onboard(customer, client, check_mode, warn, connection_of(params), params.get("standards"))

    @staticmethod
    def declarations(params):
        return [params["customer"]] if params.get("customer") is not None else list(params.get("customers") or [])

    def run(self, params, client, check_mode, warn):
        answers = each(self.declarations(params), lambda customer, worker: self.onboard(
            customer, worker, params, check_mode, warn), client, params.get("workers") if params.get("customers") else 1)
        failures = [a["msg"] for a in answers if a.get("failed")]
        invalid = [a for a in answers if a.get("invalid")] if params["on_invalid"] == "fail" else []
        if params.get("customers") is None:
            failures += [INVALID % (a["outcome"]["drift"]["org"], capped(a["problems"], sep="\n- ")) for a in invalid]
        else:  # a fleet: one problem per line, the first MAX_PROBLEMS of them, then how many more
            failures += ["%s: %s" % (a["outcome"]["drift"]["org"], p) for a in invalid for p in a["problems"]]
            failures = [capped(failures, MAX_PROBLEMS, sep="\n")] if failures else []
        result = {"changed": any(a["changed"] for a in answers), "diff": diffs(answers)}
        if params.get("customer") is not None:
            result.update(answers[0]["outcome"])
            if answers[0].get("invalid"):
                result["invalid"] = answers[0]["invalid"]
        else:
            result["outcomes"] = [a["outcome"] for a in answers]
        if failures:
            result.update(failed=True, msg="\n".join(failures))
        return result
