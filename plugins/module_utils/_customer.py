# -*- coding: utf-8 -*-
# Copyright (c) ppe.essentials contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""A customer declaration (ppe_customer): the rules that span its sections, and its drift from a run's typed steps.

Private to the ppe.essentials collection. Used by ppe_customer (module_utils/_onboarding.py) and the filter
customer_problems (plugins/filter/customer.py), so that the role, the audit and the module judge a declaration the
same way.
"""

from __future__ import annotations

from collections.abc import Mapping

from ansible_collections.ppe.essentials.plugins.module_utils._errors import first
from ansible_collections.ppe.essentials.plugins.module_utils._normalize import (
    as_items, as_mapping, boolean, check_domain, check_email, domain, email, integer, is_domain, sender, text)
from ansible_collections.ppe.essentials.plugins.module_utils._vocabulary import (
    ADMIN_TYPES, DEFAULT_PACKAGE, FEATURE_PACKAGES, FEATURES, PACKAGES, package_features)


class DeclarationError(TypeError):
    """A declaration or a result that is not the kind of value it must be (the filters raise AnsibleFilterError)."""


# Organization fields that the role converges with other modules; their ppe_org differences are not drift.
CONVERGED_ELSEWHERE = frozenset(("licensing_package", "user_licenses", "is_on_trial", "safe_list_senders",
                                 "block_list_senders"))
UNCHANGEABLE = "the API cannot change it after creation"


# -- shared helpers ------------------------------------------------------------------------------
def live_domains(org):
    """Name -> domain object of the organization as read (the API lists domains as objects)."""
    out = {}
    for item in as_items(as_mapping(org).get("domains")):
        if isinstance(item, Mapping):
            name = domain(item.get("name"))
            if name:
                out[name] = dict(item)
        elif text(item).strip():
            out[domain(item)] = {"name": text(item)}
    return out


def declared_users(customer):
    """The users the declaration manages (ppe_users' items): users, then the administrator like the other users
    unless users lists it (created when missing, with its names only)."""
    users = [dict(u) for u in as_items(customer.get("users")) if isinstance(u, Mapping)]
    admin = as_mapping(customer.get("admin"))
    if admin.get("email") is not None and email(admin["email"]) not in set(email(u.get("email")) for u in users):
        users.append(dict(((k, admin[k]) for k in ("email", "firstname", "surname") if admin.get(k) is not None),
                          type="organization_admin", must_exist=False))
    return users


# -- customer_problems -----------------------------------------------------------------------------
class _Problems:
    """Collects messages that start with the declaration's own key."""

    def __init__(self):
        self.messages = []

    def add(self, key, message):
        self.messages.append("%s: %s" % (key, message))

    def check(self, key, check, value):
        """Run a normalize.check_* validator; a missing value is reported as required."""
        if value is None or text(value).strip() == "":
            self.add(key, "is required")
            return False
        try:
            check(value)
        except ValueError as exc:
            self.add(key, str(exc))
            return False
        return True


def _listed(domains):
    """The organization's domains for a message: the first ten, sorted, or none."""
    return (", ".join(sorted(domains)[:10]) + (", ..." if len(domains) > 10 else "")) or "none"


def _offered_by(feature):
    """The packages that offer `feature`, in the API's order, for a message."""
    return ", ".join(p for p in PACKAGES if p in FEATURE_PACKAGES[feature])


def _in_domains(problems, key, address, domains):
    name = domain(text(address).rsplit("@", 1)[-1])
    if name not in domains:
        problems.add(key, "%r is not in a domain of the organization (declared or existing: %s); add its domain to "
                          "domains" % (text(address), _listed(domains)))


def _package(customer, org):
    """The package the run leaves the organization with (the declared one, which the input's choices checked, else
    the current one, else the API's default for a new organization), and where that comes from."""
    declared = as_mapping(customer.get("licensing")).get("package")
    if declared is not None:
        return text(declared).lower(), "licensing.package"
    if org and as_mapping(org).get("licensing_package"):
        return text(org["licensing_package"]).lower(), "the organization's current package"
    return DEFAULT_PACKAGE, "the API's default for a new organization"


def package_after(customer, org):
    """The licensing package the run leaves the organization with (_package)."""
    return _package(customer, org)[0]


def _check_features(customer, package, source, problems):
    offered = package_features(package)
    for name in sorted(customer.get("features") or {}, key=text):
        if name in FEATURES and name not in offered:
            problems.add("features.%s" % name, "not available in the %s package (%s); packages that offer it: %s" % (
                package, source, _offered_by(name)))


def _check_sections(customer, domains, problems):
    """What the optional sections need of the rest of the declaration, which their own modules cannot see before the
    run's first write: each DKIM key in a domain the organization has or the run adds. (E-mail tagging in a package
    that offers it is the e-mail tagging declaration's own rule, which ppe_customer checks against the package the
    run sets.)"""
    for index, item in enumerate(as_items(customer.get("dkim"))):
        name = as_mapping(item).get("domain")
        if isinstance(name, str) and is_domain(name) and domain(name) not in domains:
            problems.add("dkim[%d].domain" % index, "%r is not a domain of the organization (declared or existing: %s); "
                                                    "add it to domains" % (name, _listed(domains)))


def _declared_items(customer, name, identity, check, normalize, problems):
    """(key, item, normalized identity or None) of each item of the declaration's list `name` (the input's check
    made each a mapping with its identity); a malformed identity and one listed twice are reported."""
    seen = {}
    for index, item in enumerate(customer.get(name) or []):
        key = "%s[%d]" % (name, index)
        normalized = None
        if problems.check("%s.%s" % (key, identity), check, item.get(identity)):
            normalized = normalize(item[identity])
            if normalized in seen:
                problems.add("%s.%s" % (key, identity), "%r is listed twice (also %s)" % (text(item[identity]), seen[normalized]))
            seen.setdefault(normalized, key)
        yield key, item, normalized


def _check_domains(customer, problems):
    """Every domains[] item's name; returns the declared domain names (normalized). (A relay domain's destination is
    ppe_domain's own rule, judged with the organization as read: _onboarding.listed_problems.)"""
    return set(normalized for _key, _item, normalized in
               _declared_items(customer, "domains", "name", check_domain, domain, problems) if normalized)


def _check_users(customer, domains, problems):
    for key, item, normalized in _declared_items(customer, "users", "email", check_email, email, problems):
        if normalized and text(item.get("state") or "present") != "absent":
            _in_domains(problems, key + ".email", item["email"], domains)


def problems_of(customer, org=None):
    """Every problem of a declaration that passed the input's check (_onboarding.input_errors: its keys, types and
    choices), judged with the organization as read (None when it does not exist)."""
    problems = _Problems()
    if org is not None and not isinstance(org, Mapping):
        raise DeclarationError("customer_problems: org must be the organization as read (a dict) or null, not %s"
                               % type(org).__name__)
    org = as_mapping(org)
    primary_ok = problems.check("domain", check_domain, customer.get("domain"))
    domains = set(live_domains(org)) | _check_domains(customer, problems)
    if primary_ok:
        domains.add(domain(customer.get("domain")))
    admin = customer.get("admin")
    if admin is not None and problems.check("admin.email", check_email, admin.get("email")):
        _in_domains(problems, "admin.email", admin["email"], domains)
    _check_users(customer, domains, problems)
    package, source = _package(customer, org)
    _check_features(customer, package, source, problems)
    _check_sections(customer, domains, problems)
    return problems.messages


def customer_problems(customer, org=None, limit=20):
    """Filter: the problems of a declaration, at most `limit` (0: all) then how many more there are."""
    if not isinstance(customer, Mapping):
        raise DeclarationError("customer_problems: the customer must be a dict, not %s" % type(customer).__name__)
    return first(problems_of(customer, org), integer(limit))


# -- drift ---------------------------------------------------------------------------------------
class CustomerRun:
    """What one customer's run did, typed: the organization as first read (`org`; `read` is False when it was not
    read), each step's (resource, name, result) in the order they ran, what the organization has in the sections
    (`live_sections`) and what a preview could not know (`unpredictable`)."""

    def __init__(self, org=None, read=False, steps=(), live_sections=None, unpredictable=()):
        self.org = org
        self.read = read
        self.steps = list(steps)
        self.live_sections = as_mapping(live_sections)
        self.unpredictable = [text(n) for n in as_items(unpredictable)]
        self.declaration = None  # the declaration the steps ran (the standards applied), once known
        self.skipped = {}  # standards not applied: path -> (state, reason)

    def result(self, resource):
        """The result of a one-step section (org, licensing, users, ...); {} when it did not run."""
        return next((result for kind, _name, result in reversed(self.steps) if kind == resource), {})

    def results(self, resource):
        """Every result of a section run once per item (domains, DKIM keys, ...)."""
        return [result for kind, _name, result in self.steps if kind == resource]


def _record(org, resource, name, result):
    result = as_mapping(result)
    unchecked = text(result.get("unchecked"))  # a step that could not be checked yet (a pending package change)
    return {
        "org": org,
        "resource": resource,
        "name": name,
        "changed": bool(result.get("changed", False)),
        "skipped": bool(result.get("skipped", False)) or not result,
        "failed": bool(result.get("failed", False)) or bool(unchecked),
        "msg": unchecked or text(result.get("msg", "")),
        "diff": dict(as_mapping(result.get("diff"))),
        "warnings": list(as_items(result.get("warnings"))),
    }


def dns_records(run):
    """The DNS records the customer must publish (domain verification, DKIM keys), with whether each is verified."""
    out = []
    for resource in ("verification", "dkim"):
        for result in run.results(resource):
            record = as_mapping(as_mapping(result).get("record"))
            if record:
                out.append(dict(record, purpose="domain verification" if resource == "verification" else "DKIM",
                                verified=bool(as_mapping(result).get("verified"))))
    return out


def _by_email(value):
    if isinstance(value, Mapping):
        return dict(value)
    return dict((email(u.get("primary_email") or u.get("email")), u) for u in as_items(value) if isinstance(u, Mapping))


def _pairs(record):
    before, after = as_mapping(record["diff"].get("before")), as_mapping(record["diff"].get("after"))
    if record["resource"] != "users":
        return [(record["name"], before or None, after or None)]
    before, after = _by_email(before.get("users")), _by_email(after.get("users"))
    names = list(before) + [name for name in after if name not in before]
    return [(name, before.get(name), after.get(name)) for name in names]


def _field_changes(org, resource, name, old, new):
    if old is None or new is None:  # created or deleted: one change, with the item's fields
        return [] if old is new else [{"org": org, "resource": resource, "name": name, "field": "exists",
                                       "old": old is not None, "new": new is not None,
                                       "details": dict(old if new is None else new)}]
    fields = list(old) + [f for f in new if f not in old]
    return [{"org": org, "resource": resource, "name": name, "field": f, "old": old.get(f), "new": new.get(f)}
            for f in fields if old.get(f) != new.get(f)]


def _unapplied(record, org_result, customer):
    """Organization fields the API cannot change and the role does not converge otherwise."""
    changes = []
    for entry in as_items(as_mapping(org_result).get("unapplied")):
        entry = as_mapping(entry)
        field = entry.get("field")
        if not field or field in CONVERGED_ELSEWHERE:
            continue
        note = UNCHANGEABLE + ("; " + text(entry["hint"]) if text(entry.get("hint")).strip() else "")
        changes.append({"org": record["org"], "resource": "org", "name": record["name"], "field": field,
                        "old": entry.get("current"), "new": entry.get("requested"), "note": note})
    return changes


def _view(*keys):
    return lambda item: dict((k, item.get(k)) for k in keys if k in item)


def _not_declared(org, resource, live, declared, identity, name=None, details=None, admin=None, forces=None,
                  mapped=True):
    """The unmanaged items of one kind: the live ones (sorted by identity) whose identity no declared one has. The
    items are mappings (`mapped`) or, exemptions, strings."""
    def kept(items):
        return [as_mapping(i) if mapped else i for i in as_items(items)]
    known = set(identity(d) for d in kept(declared))
    out = []
    for item in sorted(kept(live), key=identity):
        if identity(item) and identity(item) not in known:
            out.append({"org": org, "resource": resource, "name": (name or identity)(item),
                        "admin": bool(admin and admin(item)), "details": details(item) if details else {}})
            if forces:
                out[-1]["forces_login"] = forces(item)
    return out


def _address(user):
    return email(user.get("primary_email") or user.get("email"))


def _idp_name(idp):
    return text(idp.get("name")).strip().lower()


def _dkim_key(key):
    return domain(key.get("domain")), text(key.get("selector")).strip().lower()


def unmanaged_of(customer, run):
    """What the organization has and the declaration does not list: administrators and the identity provider that
    forces the login first, then domains, the other identity providers, DKIM keys (named as their DNS record),
    exemptions, the other users. The sections' items are as _live_sections.read_live_sections normalized them."""
    org, sections, users = domain(customer.get("domain")), run.live_sections, as_mapping(run.result("users"))
    listed = not users.get("skipped") and not users.get("failed") and "users" in users
    found = _not_declared(org, "user", users.get("users") if listed else [], declared_users(customer), _address,
                          details=_view("type", "is_active", "firstname", "surname"),
                          admin=lambda u: text(u.get("type")) in ADMIN_TYPES)
    found += _not_declared(org, "domain", list(live_domains(run.org).values()),
                           [{"name": org}] + list(as_items(customer.get("domains"))), lambda d: domain(d.get("name")),
                           details=_view("is_active", "is_relay", "destination", "failovers"))
    found += _not_declared(org, "saml_idp", sections.get("saml_idps"), customer.get("saml_idps"), _idp_name,
                           name=lambda i: text(i.get("name")), details=_view("id", "is_active", "forces_login"),
                           forces=lambda i: bool(i.get("forces_login")))
    found += _not_declared(org, "dkim", sections.get("dkim"), customer.get("dkim"), _dkim_key,
                           name=lambda k: "%s._domainkey.%s" % _dkim_key(k)[::-1],
                           details=_view("domain", "selector", "is_valid"))
    for key in ("email_tagging", "azure_sync"):
        found += _not_declared(org, key + "_exemption", sections.get(key + "_exemptions"),
                               as_mapping(customer.get(key)).get("exemptions"), sender, name=text, mapped=False)
    return sorted(found, key=lambda u: 0 if u["admin"] or u.get("forces_login") else 1 + (u["resource"] == "user"))


def _org_state(customer, run, exists, changes):
    """A declared organization that is gone (not created by this run's org step) or deactivated, as drift the
    audit counts; the org step's own difference is not repeated."""
    org = domain(customer.get("domain"))
    fields = set(c["field"] for c in changes if c["resource"] == "org")
    if exists is False and "exists" not in fields:
        return [{"org": org, "resource": "org", "name": org, "field": "exists", "old": False, "new": True}]
    live = as_mapping(run.org)
    if exists and "is_active" not in fields and "is_active" in live and customer.get("is_active") is None:
        try:
            active = boolean(live["is_active"])
        except ValueError:
            return []
        if not active:
            return [{"org": org, "resource": "org", "name": org, "field": "is_active", "old": False, "new": True,
                     "note": "the organization is deactivated; declare is_active: false to keep it so"}]
    return []


def _exists(run):
    if run.read:
        return run.org is not None
    diff = as_mapping(run.result("org").get("diff"))
    if "before" in diff:
        return bool(diff["before"])
    return None


def drift(customer, run, check_mode=False, problems=None):
    """The records of one customer's run (CustomerRun) and the drift summary of its organization."""
    org = domain(customer.get("domain"))
    check_mode = boolean(check_mode)
    problems = [text(p) for p in as_items(problems)]
    records = [_record(org, resource, name, result) for resource, name, result in run.steps]
    exists = _exists(run)
    pending = check_mode and exists is False and not problems
    changes, notes = [], []
    if problems:
        notes.append("The declaration is invalid, so nothing was compared or changed; fix the problems listed.")
    for record in records:
        if record["skipped"]:
            continue
        resource = "user" if record["resource"] == "users" else record["resource"]
        for name, old, new in _pairs(record):
            changes += _field_changes(record["org"], resource, name, old, new)
        if record["resource"] == "org":
            changes += _unapplied(record, run.result("org"), customer)
    if not problems:
        changes = _org_state(customer, run, exists, changes) + changes
    notes += ["Not predictable before the organization exists: " + n for n in run.unpredictable]
    notes += ["Not checked before the package change: " + r["msg"] for r in records if r["failed"] and not r["skipped"]]
    notes += ["Not read, so not checked for unmanaged items: " + text(n)
              for n in as_items(run.live_sections.get("unavailable"))]
    summary = {
        "org": org,
        "name": text(customer.get("name")),
        "exists": exists,
        "check_mode": check_mode,
        "changes": changes,
        "unmanaged": [] if problems or pending else unmanaged_of(customer, run),
        "dns_records": dns_records(run),
        "problems": problems,
        "notes": notes,
    }
    return {"results": records, "drift": summary}
