# -*- coding: utf-8 -*-
# Copyright (c) ppe.essentials contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Resource declarations: what a module manages, described as data the engine can act on.

Private to the ppe.essentials collection; not a public API. A module subclasses Resource, names its
paths and lists its Fields; the engine (engine.py) does the read, compare, write and diff.
"""

from __future__ import annotations

from ansible_collections.ppe.essentials.plugins.module_utils import normalize as norm
from ansible_collections.ppe.essentials.plugins.module_utils.client import api_path
from ansible_collections.ppe.essentials.plugins.module_utils.errors import AlreadyExists, PPEError

HIDDEN = "[hidden]"

_NORMALIZERS = {
    "str": norm.text,
    "bool": norm.boolean,
    "int": norm.integer,
    "domain": norm.domain,
    "email": norm.email,
    "host": norm.host,
    "sender": norm.sender,
    "upper": norm.upper,
    "raw": lambda value: value,
}
_OPTION_TYPES = {"domain": "str", "email": "str", "host": "str", "sender": "str", "upper": "str"}
# Bounds on what an option may hold, so a runaway value fails with the option's name instead of reaching the API:
# characters of a text, items of a list. The API documents none; these are far above any real value.
MAX_LENGTH = {"str": 255, "domain": 253, "host": 253, "email": 254, "sender": 255, "upper": 255}
MAX_ITEMS = 1000
_TRIMMED = frozenset(("domain", "email", "host", "sender", "upper"))


def option_errors(params, checks):
    """Run (option name, validator) pairs on the options that are set; one message per bad option."""
    errors = []
    for name, check in checks:
        if params.get(name) is None:
            continue
        try:
            check(params[name])
        except ValueError as exc:
            errors.append("%s: %s" % (name, exc))
    return errors


class Field:
    """One API field that a module option manages.

    kind: str, bool, int, domain, email, host, sender, upper, raw (compared as is), or list (then `elements`
    names the item kind and the list compares order-insensitively). `spec` overrides the generated
    argument spec entry (for dicts with suboptions); `to_api` maps the option value to the API's shape;
    `normalize` replaces the kind's normalizer. `default` is the value the API assumes when the field is
    missing, so a missing field and its default compare equal. `secret` fields are never compared,
    returned or shown in a diff; `create_only` fields are sent on create and never compared;
    `immutable` fields are compared, and a difference is a warning (`immutable_hint` says what to use).
    """

    def __init__(self, name, kind="str", elements=None, api_name=None, default=None, choices=None,
                 validate=None, secret=False, create_only=False, immutable=False, immutable_hint=None,
                 spec=None, to_api=None, aliases=None, normalize=None, max_items=MAX_ITEMS):
        self.name = name
        self.max_items = max_items
        self.aliases = aliases
        self.spec = spec
        self.to_api = to_api or (lambda value: value)
        self.kind = kind
        self.elements = elements
        self.api_name = api_name or name
        self.default = default
        self.choices = choices
        self.validate = validate
        self.secret = secret
        self.create_only = create_only or secret
        self.immutable = immutable
        self.immutable_hint = immutable_hint
        if normalize:
            self.normalize = normalize
        elif kind == "list":
            self.normalize = norm.unordered(_NORMALIZERS[elements or "str"])
        else:
            self.normalize = _NORMALIZERS[kind]

    def clean(self, value):
        """Names, addresses and hosts lose surrounding white space before they are checked and sent."""
        return norm.strip(value) if (self.elements if self.kind == "list" else self.kind) in _TRIMMED else value

    def limit_errors(self, value):
        """Length and size bounds; messages name the option and never echo a runaway value."""
        kind = (self.elements or "str") if self.kind == "list" else self.kind
        values = value if self.kind == "list" else [value]
        errors = []
        if self.kind == "list" and len(value) > self.max_items:
            errors.append("%s: %d items, at most %d are allowed" % (self.name, len(value), self.max_items))
        longest = max((len(v) for v in values if isinstance(v, str)), default=0)
        if kind in MAX_LENGTH and longest > MAX_LENGTH[kind]:
            errors.append("%s: a value of %d characters, at most %d are allowed" % (self.name, longest, MAX_LENGTH[kind]))
        return errors

    def option_spec(self):
        """The AnsibleModule argument spec entry; options default to None, meaning 'not managed'."""
        if self.spec:
            return dict(self.spec)
        spec = {"type": _OPTION_TYPES.get(self.kind, self.kind)}
        if self.kind == "list":
            spec["elements"] = _OPTION_TYPES.get(self.elements or "str", self.elements or "str")
        if self.choices:
            spec["choices"] = list(self.choices)
        if self.secret:
            spec["no_log"] = True
        if self.aliases:
            spec["aliases"] = list(self.aliases)
        return spec

    def api_value(self, obj):
        """The field's normalized value in an API object, the API default standing in for a missing one."""
        value = obj.get(self.api_name) if obj else None
        return self.normalize(self.default if value is None else value)


class Resource:
    """Base of every resource declaration; subclasses set the class attributes and the two paths."""

    key = None                  # result key and diff subject, e.g. "domain"
    identity_options = {}       # argument spec of the options that identify the resource
    identity_checks = {}        # option name -> validator, run before any request
    extra_options = {}          # argument spec of behaviour options that are not API fields
    required_on_create = ()     # options that must be set when the resource does not exist yet
    creatable = True            # False for settings of an org (features, licensing): read and update only
    noun = None                 # how messages name the resource, e.g. "domain"
    plural = None               # key of the collection in list answers, e.g. "users"
    identity_option = None      # the option that identifies one item of a collection, e.g. "email"
    identity_field = None       # the same in the API object, e.g. "primary_email"
    key_normalize = staticmethod(norm.text)
    fields = ()                 # Field instances
    update_method = "PUT"

    # -- declaration hooks ----------------------------------------------------------------------
    def item_path(self, params):
        raise NotImplementedError

    def collection_path(self, params):
        raise NotImplementedError

    def identity_body(self, params):
        """Fields that identify the resource in a create or full update body."""
        return {}

    def parents(self, params, creating=False):
        """(description, path) of what must exist for this resource to exist, outermost first.

        Resources inside an organization have the organization; a 404 for the resource itself is then
        told apart from a missing organization with one GET (engine.read_existing).
        """
        return [("organization %s" % params["org"], api_path("orgs", params["org"]))]

    def describe(self, params):
        """How messages name this resource: 'domain x.example of organization acme.example'."""
        name = params.get(self.identity_option) if self.identity_option else None
        return "%s%s of organization %s" % (self.noun or self.key, " %s" % name if name else "", params["org"])

    def asks_for_create(self, params):
        """Whether the options only make sense for a creation (they set a field only a create can set).

        When they do not, a missing resource is reported as missing (a typo?) rather than as a create that
        lacks options.
        """
        return any(params.get(f.name) is not None for f in self.fields if f.immutable or f.create_only)

    def creation_errors(self, params, parent):
        """What the API would refuse in a create, judged from the options and the parent object read."""
        return []

    def object_errors(self, obj):
        """What the API would refuse in the object a write leaves (for example a relay without destination)."""
        return []

    # -- derived ----------------------------------------------------------------------------------
    def argument_spec(self):
        spec = dict(self.identity_options)
        spec.update(self.extra_options)
        if self.immutable_fields():
            spec["on_unapplied"] = {"type": "str", "default": "warn", "choices": ["warn", "ignore", "fail"]}
        if self.creatable:
            spec["state"] = {"type": "str", "default": "present", "choices": ["present", "absent"]}
        for field in self.fields:
            spec[field.name] = field.option_spec()
        return spec

    def clean(self, params):
        """Trim identity options and name/address/host fields in place: one value is both validated and sent."""
        for name, spec in self.identity_options.items():
            if spec.get("type", "str") == "str":
                params[name] = norm.strip(params.get(name))
        for field in self.fields:
            params[field.name] = field.clean(params.get(field.name))
        return params

    def validation_errors(self, params):
        """Every malformed option, each message naming the option, so users fix them in one go."""
        checks = list(self.identity_checks.items()) + [(f.name, f.validate) for f in self.fields if f.validate]
        limits = [error for f in self.managed(params) for error in f.limit_errors(params[f.name])]
        return limits + option_errors(params, checks) + self.cross_errors(params)

    def cross_errors(self, params):
        """Rules that involve several options; messages name the options."""
        return []

    def managed(self, params):
        """The fields the user set; None means unmanaged."""
        return [f for f in self.fields if params.get(f.name) is not None]

    def desired(self, params, current):
        """The options to compare against `current`; settings that merge with the current value override it."""
        return params

    def always_write(self, params):
        """Fields to write even when they compare equal (a password with update_password=always)."""
        return []

    def differences(self, params, current):
        """Fields whose normalized desired value differs from the API's: (field, before, after)."""
        result = []
        for field in self.managed(params):
            if field.create_only:
                continue
            before = field.api_value(current)
            after = field.normalize(params[field.name])
            if before != after:
                result.append((field, before, after))
        return result

    def immutable_fields(self):
        return [f for f in self.fields if f.immutable]

    def unapplied(self, params, current):
        """Differences the API cannot apply, as data: [{field, current, requested, hint}]."""
        return [{"field": f.name, "current": before, "requested": after, "hint": f.immutable_hint or ""}
                for f, before, after in self.differences(params, current) if f.immutable]

    def writable_differences(self, params, current):
        """The fields an update must write: mutable differences plus forced writes."""
        writable = [f for f, _before, _after in self.differences(params, current) if not f.immutable]
        writable.extend(f for f in self.always_write(params) if f not in writable)
        return writable

    def merged(self, current, params, writable):
        """The object after writing `writable` fields over `current`, fit for output."""
        return self.public(dict(current, **dict((f.api_name, f.to_api(params[f.name])) for f in writable)))

    def identity_key(self, params):
        return self.key_normalize(params[self.identity_option])

    def object_key(self, obj):
        return self.key_normalize(obj.get(self.identity_field))

    def create_body(self, params):
        body = dict(self.identity_body(params))
        for field in self.managed(params):
            body[field.api_name] = field.to_api(params[field.name])
        return body

    def update_body(self, params, current, changed_fields):
        """Only the fields this run changes: the path identifies the object and the API merges the body.

        Evidence that every update endpoint merges a partial body: users (PUT) and domains (PUT/PATCH) per the
        API reference (MUN and PSP clients send partial bodies; the vendor's samples PUT subsets), features (PSP
        sends only changed keys), sender lists (PATCH replaces only the lists given) and the org (PATCH of
        is_active). Sending what we read back instead would undo a concurrent job's change to another field.
        """
        return dict((f.api_name, f.to_api(params[f.name])) for f in changed_fields)

    def predicted(self, body):
        """What the API will hold after creating `body`: check mode returns this instead of a write."""
        obj = dict((f.api_name, f.default) for f in self.fields if f.default is not None and not f.secret)
        obj.update(body)
        return self.public(obj)

    def public(self, obj):
        """An API object fit for output: current term names, no secrets."""
        if obj is None:
            return None
        obj = norm.rename_deprecated(obj)
        for field in self.fields:
            if field.secret:
                obj.pop(field.api_name, None)
        return obj

    def view(self, obj, fields):
        """Normalized values of `fields` in `obj`, for diffs that don't flap on case or order."""
        return dict((f.api_name, HIDDEN if f.secret else f.api_value(obj)) for f in fields)

    # -- diffs: one builder for single and bulk modules; a secret shows only where it is written ----------
    def change_views(self, current, params, writable):
        """(before, after) of an update: the managed fields, plus a hidden secret in `after` when one is written."""
        managed = [f for f in self.managed(params) if not f.create_only]
        before = self.view(current, managed)
        after = self.view(self.merged(current, params, writable), managed) if writable else dict(before)
        after.update((f.api_name, HIDDEN) for f in writable if f.secret)
        return before, after

    def created_view(self, obj, body):
        return self.view(obj, [f for f in self.fields if not f.secret or f.api_name in body])

    def deleted_view(self, current):
        return self.view(current, [f for f in self.fields if not f.secret])

    # -- API calls (override when a resource's API differs) -------------------------------------------
    def read(self, client, params):
        return self.public(client.get_or_none(self.item_path(params)))

    def create(self, client, params, body):
        """POST the new object; a 409 is read back: our own retried attempt, or a concurrent job, created it.

        Raises AlreadyExists(obj) when another job created it first, so the engine converges it like any
        existing object; a 409 for an object that is not ours to read (e.g. a domain of another organization)
        stays an error.
        """
        try:
            response = client.request("POST", self.collection_path(params), body, retry_unsafe=True)
        except PPEError as exc:
            if exc.status != 409:
                raise
            existing = self.read(client, params)
            if existing is None or not self.is_same(existing, params):
                raise
            if exc.after_retry:
                return existing  # our first, retried attempt created it
            raise AlreadyExists(existing) from exc
        return self.public(response.data) if isinstance(response.data, dict) else None

    def is_same(self, obj, params):
        """Whether an object read back is the one `params` identify (an org can be read by any of its domains)."""
        return True

    def update(self, client, params, body):
        client.request(self.update_method, self.item_path(params), body)

    def delete(self, client, params):
        try:
            client.request("DELETE", self.item_path(params))
        except PPEError as exc:
            if not (exc.status == 404 and exc.after_retry):
                raise
