# -*- coding: utf-8 -*-
# Copyright (c) ppe.essentials contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Resource declarations: what the API holds, described as data the engine acts on.

Private to the ppe.essentials collection; not a public API. A declaration (one file per resource in
_resources/) names its paths and lists its Fields; it holds no run state, and its hooks are pure
functions of the options and the objects read. The engine (_engine.py) does every read, compare and
write, so modules, info modules, the bulk module and the inventory plugin are built from one place.

Two kinds: an item (created, updated, deleted: domains, users, orgs) and settings (`creatable = False`:
read and updated only, such as features, licensing and sender lists).
"""

from __future__ import annotations

from ansible_collections.ppe.essentials.plugins.module_utils import _normalize as norm
from ansible_collections.ppe.essentials.plugins.module_utils._client import api_path
from ansible_collections.ppe.essentials.plugins.module_utils._errors import PPEError

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
    "dict": lambda value: value,
}
_OPTION_TYPES = {"domain": "str", "email": "str", "host": "str", "sender": "str", "upper": "str"}
# Bounds on what an option may hold, so a runaway value fails with the option's name instead of reaching the API:
# characters of a text, items of a list. The API documents none; these are far above any real value.
MAX_LENGTH = {"str": 255, "domain": 253, "host": 253, "email": 254, "sender": 255, "upper": 255}
MAX_ITEMS = 1000
_TRIMMED = frozenset(("domain", "email", "host", "sender", "upper"))


def answer_shape(answer):
    """What an answer looked like, for messages: its JSON type and, for an object, its keys (never its values)."""
    if isinstance(answer, dict):
        keys = sorted(repr(str(key)) for key in answer)
        more = " and %d more" % (len(keys) - 20) if len(keys) > 20 else ""
        return "an object with the keys %s%s" % (", ".join(keys[:20]), more) if keys else "an empty object"
    if isinstance(answer, list):
        return "a list"
    if answer is None:
        return "no JSON"
    return "a JSON %s" % ("boolean" if isinstance(answer, bool) else "string" if isinstance(answer, str) else "number")


def listed(answer, key, path=None):
    """The list of an answer: under `key`, or the answer itself when it is a bare list (the shape several clients
    read). Any other shape is an error naming the key and what arrived; never an empty list, which would read as
    "none" (and make a write module create or add again)."""
    if isinstance(answer, list):
        return answer
    if isinstance(answer, dict) and isinstance(answer.get(key), list):
        return answer[key]
    raise PPEError("The API answered %s%s where a list under %r (or a bare list) was expected. The API does not "
                   "document this answer's shape and the collection does not know this one; please report it." % (
                       "GET %s with " % path if path else "", answer_shape(answer), key),
                   method="GET" if path else None, path=path)


def option_errors(params, checks):
    """Run (option name, validator) pairs on the options that are set; one message per bad option."""
    errors = []
    for name, check in checks:
        if params.get(name) is None:
            continue
        try:
            check(params[name])
        except norm.ItemErrors as exc:
            errors.extend("%s[%d]: %s" % (name, index, message) for index, message in exc.problems)
        except ValueError as exc:
            errors.append("%s: %s" % (name, exc))
    return errors


class Field:
    """One API field that a module option manages.

    kind: str, bool, int, domain, email, host, sender, upper, raw (compared as is), list (then `elements`
    names the item kind and the list compares order-insensitively), or dict (nested settings: only the sub-keys
    the user sets are compared, and an update sends only the changed leaves; `spec` gives the suboptions). `spec` overrides the generated
    argument spec entry (for dicts with suboptions); `to_api` maps the option value to the API's shape;
    `normalize` replaces the kind's normalizer. `default` is the value the API assumes when the field is
    missing, so a missing field and its default compare equal. `derive` computes the value from the object
    when the API has no such field (and `implies` is what writing it does to other fields).

    How a field is written: by default it is compared and written when it differs. `create_only` fields are
    sent on create and never compared; `write_only` fields cannot be read back, so they are never compared and
    are sent with every write to their `endpoint`; `secret` fields are also never shown; `immutable` fields
    are compared, and a difference is returned as unapplied (`immutable_hint` says what can change it).
    `endpoint` names another path of the resource that takes this field; `in_every_write` fields are sent
    with every write to their endpoint (the desired or the current value).
    """

    def __init__(self, name, kind="str", elements=None, api_name=None, default=None, choices=None,
                 validate=None, secret=False, create_only=False, write_only=False, immutable=False,
                 immutable_hint=None, spec=None, to_api=None, aliases=None, normalize=None, max_items=MAX_ITEMS,
                 derive=None, implies=None, endpoint=None, in_every_write=False):
        self.name = name
        self.kind = kind
        self.elements = elements
        self.api_name = api_name or name
        self.default = default
        self.choices = choices
        self.validate = validate
        self.secret = secret
        self.create_only = create_only or (secret and not write_only)
        self.write_only = write_only
        self.immutable = immutable
        self.immutable_hint = immutable_hint
        self.spec = spec
        self.to_api = to_api or (lambda value: value)
        self.aliases = aliases
        self.max_items = max_items
        self.derive = derive
        self.implies = implies
        self.endpoint = endpoint
        self.in_every_write = in_every_write
        if normalize:
            self.normalize = normalize
        elif kind == "list":
            self.normalize = norm.unordered(_NORMALIZERS[elements or "str"])
        else:
            self.normalize = _NORMALIZERS[kind]

    @property
    def compared(self):
        return not (self.create_only or self.write_only)

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
        if self.derive:
            return self.normalize(self.derive(obj or {}))
        value = obj.get(self.api_name) if obj else None
        return self.normalize(self.default if value is None else value)


class Resource:
    """Base of every declaration. Class attributes describe the resource; hooks are pure functions."""

    result_key = None           # result key and diff subject, e.g. "domain"
    noun = None                 # how messages name it, e.g. "domain"
    plural = None               # key of the collection in list answers, e.g. "domains"
    path = None                 # item path template, e.g. "orgs/{org}/domains/{name}"
    collection = None           # collection path template, e.g. "orgs/{org}/domains"
    endpoints = {}              # other paths that take some fields: endpoint name -> template
    location_options = {}       # argument spec of the options that locate the resource (org, name)
    location_checks = {}        # option name -> validator, run before any request
    identity_option = None      # the option that names one item of the collection, e.g. "email"
    identity_field = None       # the same in the API object, e.g. "primary_email"
    identity_normalize = staticmethod(norm.text)
    extra_options = {}          # argument spec of behaviour options that are not API fields
    required_on_create = ()     # options that must be set when the resource does not exist yet
    creatable = True            # False for settings: read and update only
    entries_option = None       # settings whose option is a dict of field values, e.g. "features"
    fields = ()                 # Field instances
    update_method = "PUT"
    create_method = "POST"      # a create is POST on the collection; settings created by PUT on their path say "PUT"
    found_by_listing = False    # addressed by an id the API assigns: found by listing, then `locate` puts the id in the path
    read_endpoints = ()         # settings spread over several paths: the endpoint names (None: the item path) to read
    page_size_option = None     # paged reads: the option holding the page size (see page_path, page_items)
    filters = {}                # info modules: option name -> (argument spec, field to match)
    related = {}                # result key -> endpoint read along with the object by info modules and verification
    verify_endpoint = None      # endpoint of a check (204 passes, 409 not yet): adds verify, verify_retries/_delay
    item_answer = dict          # a GET of a read path answers an object; None: an object or a bare list
    names_closest = False       # a refused create (create_refusal) lists the collection to name the closest items

    # -- paths --------------------------------------------------------------------------------------
    def item_path(self, params):
        return format_path(self.path, params)

    def collection_path(self, params):
        return format_path(self.collection, params)

    def endpoint_path(self, endpoint, params):
        return format_path(self.endpoints[endpoint], params) if endpoint else self.item_path(params)

    def create_path(self, params):
        """Where a create goes: the collection, or the item's own path (settings created by PUT; a DKIM key by
        selector overrides this)."""
        return self.item_path(params) if self.create_method == "PUT" else self.collection_path(params)

    def read_paths(self, params):
        """The paths one read GETs and merges: the item path, or the `read_endpoints` that hold a managed field
        (all of them when none is managed, as in an info module)."""
        if not self.read_endpoints:
            return [self.item_path(params)]
        wanted = set(f.endpoint for f in self.managed(self.spread(params)))
        return [self.endpoint_path(e, params) for e in self.read_endpoints if not wanted or e in wanted]

    def locate(self, params, current):
        """The options with what the item path needs from the object read (found_by_listing: the API's id)."""
        return params

    def listed_items(self, listing, path=None):
        """The objects of a list answer: under `plural`, or the answer itself when it is a bare list (else an error
        naming both, see listed)."""
        return listed(listing, self.plural, path)

    def unset(self, obj):
        """Whether an object read stands for "not set up" (settings that some APIs answer with empty fields rather
        than 404): the engine reads it as missing."""
        return False

    # -- paged reads (page_size_option) ----------------------------------------------------------------
    def page_path(self, params, page):
        raise NotImplementedError

    def page_items(self, answer, path=None):
        return []

    def page_total(self, answer):
        """The number of items of all pages when the answer says it, else None."""
        return None

    def joined_pages(self, first, items):
        """One object from the first page's answer and the items of every page."""
        return items

    def parents(self, params, creating=False):
        """(description, path) of what must exist for this resource to exist, outermost first.

        Resources inside an organization have the organization; a 404 for the resource itself is then
        told apart from a missing organization with one GET (engine.read_existing).
        """
        return [("organization %s" % params["org"], api_path("orgs", params["org"]))]

    def stack_domain(self, params):
        """The domain whose stack discover_stack follows."""
        return params.get("org")

    # -- options ------------------------------------------------------------------------------------
    def argument_spec(self):
        spec = dict(self.location_options)
        spec.update(self.extra_options)
        if self.entries_option:
            spec[self.entries_option] = {"type": "dict", "required": True}
        if self.immutable_fields():
            spec["on_unapplied"] = {"type": "str", "default": "warn", "choices": ["warn", "ignore", "fail"]}
        if self.creatable:
            spec["state"] = {"type": "str", "default": "present", "choices": ["present", "absent"]}
        if self.verify_endpoint:
            spec.update(verify={"type": "bool", "default": False}, verify_retries={"type": "int", "default": 0},
                        verify_delay={"type": "int", "default": 10})
        if not self.entries_option:
            for field in self.fields:
                spec[field.name] = field.option_spec()
        return spec

    def clean(self, params):
        """Trim the options that name things (org, domain, e-mail) and name/address/host fields in place: one value is
        both validated and sent."""
        for name in set(self.location_options) | set(self.location_checks):
            if name in params:
                params[name] = norm.strip(params[name])
        for field in self.fields:
            if field.name in params:
                params[field.name] = field.clean(params[field.name])
        return params

    def validation_errors(self, params):
        """Every malformed option, each message naming the option, so users fix them in one go."""
        params = self.spread(params)
        checks = list(self.location_checks.items()) + [(f.name, f.validate) for f in self.fields if f.validate]
        limits = [error for f in self.managed(params) for error in f.limit_errors(params[f.name])]
        return limits + option_errors(params, checks) + self.location_errors(params) + self.cross_errors(params)

    def location_errors(self, params):
        """Rules between the options that locate the resource (user or group); info modules check them too."""
        return []

    def cross_errors(self, params):
        """Rules that involve several options; messages name the options."""
        errors = []
        if self.verify_endpoint:
            errors.extend("%s: %s must be between 0 and %d" % (name, params[name], top) for name, top in
                          (("verify_retries", 100), ("verify_delay", 3600)) if not 0 <= (params.get(name) or 0) <= top)
        return errors

    def spread(self, params):
        """Settings given as one dict option (features) become one option per field."""
        if not self.entries_option:
            return params
        return dict(params, **(params.get(self.entries_option) or {}))

    def managed(self, params):
        """The fields the user set; None means unmanaged."""
        return [f for f in self.fields if params.get(f.name) is not None]

    def immutable_fields(self):
        return [f for f in self.fields if f.immutable]

    # -- related reads and verification (engine.verification) -----------------------------------------
    def related_value(self, key, data):
        """The result value of a related read (the API's answer as is by default)."""
        return data

    def verified(self, obj):
        """Whether the object read shows the check passed: True, False, or None when the API does not say."""
        return None

    def after_verify(self, obj):
        """The object once the check passed, fit for output."""
        return obj

    def record(self, params, obj, related):
        """What must be published for the check to pass, as data (a DNS record), or None when unknown."""
        return None

    def unverified_message(self, params, record, attempts):
        """Why the check failed, in plain words: what to publish, where."""
        return "%s: the API still answers HTTP 409 (not able to verify) after %d attempt(s)" % (
            self.describe(params), attempts)

    # -- messages -----------------------------------------------------------------------------------
    def describe(self, params):
        """How messages name this resource: 'domain x.example of organization acme.example'."""
        name = params.get(self.identity_option) if self.identity_option else None
        return "%s%s of organization %s" % (self.noun, " %s" % name if name else "", params["org"])

    def unavailable(self, params, missing, current):
        """The message for managed settings the current object does not offer (keys come from `current`)."""
        return "%s not available; available: %s" % (", ".join(f.name for f in missing), ", ".join(sorted(current)))

    def refused_hint(self, params, current):
        """Extra words for a 403 on a write, where the declaration knows the likely cause."""
        return None

    # -- judging a run (pure: options and objects read) -------------------------------------------------
    def desired(self, params, current):
        """The options to compare against `current` (sender lists in append mode merge with it).

        A dict field becomes the current nested object with the sub-keys the user set laid over it, so only those
        are compared (and merged() predicts the whole object).
        """
        desired = self.spread(params)
        nested = [f for f in self.managed(desired) if f.kind == "dict"]
        if nested:
            desired = dict(desired)
            for field in nested:
                desired[field.name] = norm.merge_given((current or {}).get(field.api_name), desired[field.name])
        return desired

    def asks_for_create(self, params):
        """Whether the options set a field only a create can set; if not, a missing resource is reported as
        missing (a typo?) rather than as a create that lacks options."""
        return any(params.get(f.name) is not None for f in self.fields if f.immutable or f.create_only)

    def create_refusal(self, params):
        """Why a missing item is not created, in words ('' for none in particular), or None to create it.

        By default: must_exist is set, or the options lack what a create needs and set nothing only a create uses,
        so the item is reported as missing (a typo?) instead of being created (users have a stricter rule).
        """
        if params.get("must_exist"):
            return "must_exist is set, so it is not created"
        missing = [name for name in self.required_on_create if params.get(name) is None]
        return "" if missing and not self.asks_for_create(params) else None

    def closest(self, params, listed):
        """Words naming the items of `listed` (the collection as read) closest to a missing one; the engine reads the
        collection for it only when `names_closest` is set, and only when a create is refused."""
        return ""

    def creation_errors(self, params, parent):
        """What the API would refuse in a create, judged from the options and the parent object read."""
        return []

    def object_errors(self, obj):
        """What the API would refuse in the object a write leaves (for example a relay without destination)."""
        return []

    def preflight_facts(self, params):
        """The names of the facts about the organization that a write with `params` must be checked against, read
        only when a write would happen (engine.read_facts): "package" (its licensing package), "idps" (its SAML
        identity providers, [{"id", "name"}]) and "forced_idp" (the id of the provider that forces its login, or
        None)."""
        return ()

    def preflight_errors(self, params, facts):
        """What the API would refuse in a write with `params`, given `facts` ({name: value}, at least the names
        preflight_facts returns); each message starts with the option's name. Pure: the engine passes facts it
        read, the customer layer facts it knows from the declaration, so the rules live here only."""
        return []

    def always_write(self, params):
        """Fields to write even when they compare equal (a password with update_password=always)."""
        return []

    def is_same(self, obj, params):
        """Whether an object read back is the one `params` name (an org can be read by any of its domains)."""
        return True

    def in_collection(self, obj, params):
        """Whether a listed object belongs in the answer (a partner's org list starts with the partner)."""
        return True

    def differences(self, params, current):
        """Fields whose normalized desired value differs from the API's: (field, before, after)."""
        result = []
        for field in self.managed(params):
            if not field.compared:
                continue
            before = field.api_value(current)
            after = field.normalize(params[field.name])
            if before != after:
                result.append((field, before, after))
        return result

    def unapplied(self, params, current):
        """Differences the API cannot apply, as data: [{field, current, requested, hint}]."""
        return [{"field": f.name, "current": before, "requested": after, "hint": f.immutable_hint or ""}
                for f, before, after in self.differences(params, current) if f.immutable]

    def writable_differences(self, params, current):
        """The fields an update must write: mutable differences plus forced writes."""
        writable = [f for f, _before, _after in self.differences(params, current) if not f.immutable]
        writable.extend(f for f in self.always_write(params) if f not in writable)
        return writable

    # -- bodies and objects -------------------------------------------------------------------------
    def identity_key(self, params):
        return self.identity_normalize(params[self.identity_option])

    def object_key(self, obj):
        return self.identity_normalize(obj.get(self.identity_field))

    def create_body(self, params):
        body = {self.identity_field: params[self.identity_option]} if self.identity_field else {}
        for field in self.managed(params):
            body[field.api_name] = field.to_api(params[field.name])
        return body

    def update_requests(self, params, current, writable):
        """[(method, path, body)]: the requests that write `writable` (by default one per endpoint, see update_bodies).

        Settings whose API adds and removes entries with separate calls (sync exemptions, e-mail tagging exemptions)
        override this.
        """
        return [(self.update_method, self.endpoint_path(endpoint, params), body)
                for endpoint, body in self.update_bodies(params, current, writable).items()]

    def update_bodies(self, params, current, writable):
        """{endpoint: body}: only the fields this run changes, grouped by the path that takes them.

        The path identifies the object and the API merges the body. Evidence that every update endpoint merges
        a partial body: users (PUT) and domains (PUT/PATCH) per the API reference (MUN and PSP clients send
        partial bodies), features (PSP sends only changed keys), sender lists (PATCH replaces only the lists
        given), the org (PATCH of is_active), licensing and package (PUT of the fields given). Sending what we
        read back instead would undo a concurrent job's change to another field.
        """
        bodies = {}
        for field in writable:
            value = params[field.name]
            if field.kind == "dict":  # only the changed leaves (the API merges nested settings)
                value = norm.changed_leaves(current.get(field.api_name), value)
            bodies.setdefault(field.endpoint, {})[field.api_name] = field.to_api(value)
        for field in self.fields:
            if field.endpoint in bodies and field.api_name not in bodies[field.endpoint]:
                if field.write_only and params.get(field.name) is not None:
                    bodies[field.endpoint][field.api_name] = field.to_api(params[field.name])
                elif field.in_every_write:
                    value = params.get(field.name)
                    bodies[field.endpoint][field.api_name] = field.to_api(value) if value is not None else current.get(
                        field.api_name)
        return bodies

    def merged(self, current, params, writable):
        """The object after writing `writable` fields over `current`, fit for output."""
        obj = dict(current)
        for field in writable:
            obj[field.api_name] = field.to_api(params[field.name])
            if field.implies:
                obj.update(field.implies(params[field.name]))
        return self.public(obj)

    def predicted(self, body):
        """What the API will hold after creating `body`: check mode returns this instead of a write."""
        obj = dict((f.api_name, f.default) for f in self.fields if f.default is not None and not f.secret)
        obj.update(body)
        return self.public(obj)

    def public(self, obj):
        """An API object fit for output: current term names, derived fields, no secrets."""
        if not isinstance(obj, dict):
            return obj
        obj = norm.rename_deprecated(obj)
        for field in self.fields:
            if field.secret or field.write_only:
                obj.pop(field.api_name, None)
            elif field.derive:
                obj[field.api_name] = field.api_value(obj)
        return obj

    # -- diffs: one builder for single and bulk modules; a secret shows only where it is written ----------
    def view(self, obj, fields):
        """Normalized values of `fields` in `obj`, for diffs that don't flap on case or order."""
        return dict((f.api_name, HIDDEN if f.secret else f.api_value(obj)) for f in fields)

    def change_views(self, current, params, writable):
        """(before, after) of an update: the managed fields, plus a hidden secret in `after` when one is written."""
        managed = [f for f in self.managed(params) if f.compared]
        before = self.view(current, managed)
        after = self.view(self.merged(current, params, writable), managed) if writable else dict(before)
        after.update((f.api_name, HIDDEN) for f in writable if f.secret)
        return before, after

    def created_view(self, obj, body):
        return self.view(obj, [f for f in self.fields if not (f.secret or f.write_only) or f.api_name in body])

    def deleted_view(self, current):
        return self.view(current, [f for f in self.fields if not (f.secret or f.write_only)])


def format_path(template, params):
    """A path from a template such as 'orgs/{org}/domains/{name}', each option quoted as one segment."""
    return api_path(*[segment.format(**params) if "{" in segment else segment for segment in template.split("/")])
