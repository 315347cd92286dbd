# -*- coding: utf-8 -*-
# Copyright (c) ppe.essentials contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""What a module does, defined once, and the two ways to run it.

Private to the ppe.essentials collection; not a public API. Each module defines a `Definition`: its
options (`options()`; the connection options are added), the checks of the options before any request
(`check(params)`) and `run(params, client, check_mode, warn)`, which returns the module result or raises a
PPEError. `execute()` runs a definition on validated options and turns errors into a failed result. Two
callers use it, so they cannot disagree:

- the module itself (`run_module`, the `main()` of every file in plugins/modules/), through AnsibleModule;
- its action plugin (plugins/plugin_utils/_action.py), which runs the same definition in the Ansible worker
  process when the task runs on a local connection, without starting a module.
"""

from __future__ import annotations

import binascii
import re
import traceback

from ansible.module_utils.basic import AnsibleModule, missing_required_lib
from ansible.module_utils.common.parameters import remove_values
from ansible.module_utils.common.text.converters import to_text

from ansible_collections.ppe.essentials.plugins.module_utils import _engine as engine
from ansible_collections.ppe.essentials.plugins.module_utils._normalize import strip
from ansible_collections.ppe.essentials.plugins.module_utils._resource import option_errors
from ansible_collections.ppe.essentials.plugins.module_utils._client import (
    HAS_REQUESTS, REQUESTS_IMPORT_ERROR, secret_forms)
from ansible_collections.ppe.essentials.plugins.module_utils._errors import NotFoundError, PPEError, PartialFailureError, capped
from ansible_collections.ppe.essentials.plugins.module_utils._options import (
    client_from_options, connection_argument_spec, explain_missing, explain_unknown)

INVALID_OPTIONS = "Invalid options, nothing was sent to the API: "


class Definition:
    """One module's behaviour: options, checks before any request, and the run itself. Holds no run state."""

    supports_check_mode = True
    problem_lead = ""  # how a list of problems starts and is separated in a message
    problem_separator = "; "

    def options(self):
        """The module's own argument spec (without the connection options)."""
        return {}

    def argument_spec(self):
        """The whole argument spec: the connection options plus the module's own, as a fresh copy."""
        spec = connection_argument_spec()
        own = self.options()
        clash = set(spec) & set(own)
        if clash:  # a module option must never shadow a connection option (e.g. a user's password)
            raise ValueError("module options %s clash with connection options" % ", ".join(sorted(clash)))
        spec.update(own)
        return spec

    def stack_domain(self, params):
        """The domain whose stack discover_stack follows."""
        return params.get("org")

    def check(self, params):
        """Messages for malformed options (each naming its option); may trim values in `params` in place."""
        return []

    def run(self, params, client, check_mode, warn):
        """The module result (a dict with `changed`); raises PPEError on failure."""
        raise NotImplementedError

    def secret_values(self, params):
        """Secrets inside options that carry no `no_log` of their own (a declaration's passwords and keys), to mask
        wherever the options are shown; both execution paths add them to the no_log options' values."""
        return set()


def no_log_values(spec, params):
    """The values of no_log options (also in suboptions), as AnsibleModule collects them to mask in its result."""
    values = set()
    if not isinstance(params, dict):
        return values
    for name, option in spec.items():
        value = params.get(name)
        if option.get("no_log") and value:
            values.update(_texts(value))
        if option.get("options") and value:
            for item in value if isinstance(value, list) else [value]:
                values.update(no_log_values(option["options"], item))
    return values


def _texts(value):
    if isinstance(value, (str, bytes)):
        return [to_text(value, errors="surrogate_or_strict")] if value else []
    if isinstance(value, dict):
        return [text for item in value.values() for text in _texts(item)]
    if isinstance(value, (list, tuple, set, frozenset)):
        return [text for item in value for text in _texts(item)]
    if value is None or isinstance(value, bool):
        return []
    return [to_text(value)]


# -- masking the secrets of a task --------------------------------------------------------------------------
MASK = "********"  # what remove_values puts in place of a no_log value inside a text
FRAGMENT = 8  # the fewest base64 characters of a PEM key's secret part that are masked wherever they show
CUT_PREFIX = 4  # the fewest first characters of a secret that are masked where a shortened text cuts it off
CUT = re.compile(r"\.\.\.|\u2026")  # where a text was shortened: ... or the ellipsis character
PEM_ARMOR = re.compile(r"^-----(BEGIN|END) [A-Z0-9 ]+-----$")
BASE64_RUN = re.compile(r"[A-Za-z0-9+/=]{%d,}" % FRAGMENT)
MANY_FORMS = 200  # above this many forms, texts are searched through an index instead of once per form


class Masker:
    """Masks the secret values of a task in whatever the module returns or logs, also where an API echoed them.

    remove_values() (what AnsibleModule does with no_log values) masks a value only as it was given. A server may
    quote it escaped (JSON, repr, URL encoding: every form secret_forms() knows, which the client masks for the
    connection password, and those forms escaped once more), may quote one line of a multi-line value, or may
    be cut short (the client shortens a body that is not JSON to a gist ending in '...'). So each value is masked
    in every form, each line of a multi-line value too, the first characters of a form that a '...' cuts off,
    and any FRAGMENT or more base64 characters of a PEM key's secret part, wherever they show. The public part
    of an RSA key (modulus and exponent) is not masked: the API derives the DKIM record from it, and the record
    the customer must publish stays readable.
    """

    def __init__(self, values):
        values = [to_text(v, errors="surrogate_or_strict") for v in values if v not in (None, "")]
        forms = set()
        self.keys = []  # (base64 body of a PEM key, offset of its first secret byte, [(line, offset in body)])
        for value in values:
            key = pem_key(value)
            if key:  # the lines that hold a secret byte
                self.keys.append(key)
                lines = [line for line, offset in key[2] if reaches(offset, len(line), key[1])]
            else:
                lines = [line.strip() for line in value.splitlines()] if len(value.splitlines()) > 1 else []
            for form in secret_forms(value):  # a key's pieces are masked as fragments, whatever escapes the rest
                forms.update([form] if key else secret_forms(form))  # else escaped twice too: a JSON body quoted, ...
            for line in lines:
                if len(line) >= FRAGMENT:
                    forms.update(secret_forms(line))
        self.forms = sorted(forms, key=len, reverse=True)
        self.short = [form for form in self.forms if len(form) < FRAGMENT]
        self.index = {}
        self.heads = {}
        for form in self.forms:
            if len(form) >= FRAGMENT:
                self.index.setdefault(form[:FRAGMENT], []).append(form)
            if len(form) > CUT_PREFIX:
                self.heads.setdefault(form[:CUT_PREFIX], []).append(form)
        self.longest = len(self.forms[0]) if self.forms else 0
        # every FRAGMENT characters of a key's body that encode a secret byte
        self.windows = set(body[i:i + FRAGMENT] for body, first_secret, _lines in self.keys
                           for i in range(len(body) - FRAGMENT + 1) if reaches(i, FRAGMENT, first_secret))

    def __bool__(self):
        return bool(self.forms)

    def text(self, value):
        """`value` (a text) with every form of every secret, and every fragment of a key's secret part, masked."""
        if len(self.forms) <= MANY_FORMS:
            for form in self.forms:
                if form in value:
                    value = value.replace(form, MASK)
        else:
            value = self._indexed(value)
        if "..." in value or "\u2026" in value:
            value = self._cut_short(value)
        if self.windows:
            value = BASE64_RUN.sub(lambda match: self._fragments(match.group(0)), value)
        return value

    def data(self, value):
        """`value` with every text in it masked (dict keys too); other types as they are."""
        if isinstance(value, str):
            return self.text(value)
        if isinstance(value, bytes):
            return self.text(to_text(value, errors="surrogate_or_strict"))
        if isinstance(value, dict):
            return dict((self.data(k) if isinstance(k, str) else k, self.data(v)) for k, v in value.items())
        if isinstance(value, (list, tuple, set, frozenset)):
            return [self.data(v) for v in value]
        return value

    def _indexed(self, value):
        for form in self.short:
            if form in value:
                value = value.replace(form, MASK)
        out, start, i = [], 0, 0
        while i <= len(value) - FRAGMENT:
            found = next((f for f in self.index.get(value[i:i + FRAGMENT], ()) if value.startswith(f, i)), None)
            if found:
                out.append(value[start:i] + MASK)
                i = start = i + len(found)
            else:
                i += 1
        return "".join(out) + value[start:]

    def _cut_short(self, value):
        """`value` with the first characters of a secret masked where a '...' cuts them off (the longest such)."""
        out, last = [], 0
        for match in CUT.finditer(value):
            cut = match.start()
            for start in range(max(last, cut - self.longest), cut - CUT_PREFIX + 1):
                piece = value[start:cut]
                if any(form.startswith(piece) for form in self.heads.get(piece[:CUT_PREFIX], ())):
                    out.append(value[last:start] + MASK)
                    last = cut
                    break
        return "".join(out) + value[last:]

    def _fragments(self, run):
        """`run` (base64 characters) with every stretch of overlapping windows of a key's secret part masked."""
        spans = []
        for i in range(len(run) - FRAGMENT + 1):
            if run[i:i + FRAGMENT] in self.windows:
                if spans and i <= spans[-1][1]:
                    spans[-1][1] = i + FRAGMENT
                else:
                    spans.append([i, i + FRAGMENT])
        if not spans:
            return run
        out, last = [], 0
        for start, end in spans:
            out.append(run[last:start] + MASK)
            last = end
        return "".join(out) + run[last:]


def reaches(offset, length, first_secret):
    """Whether base64 characters [offset, offset + length) of a key's body encode a byte at or after first_secret."""
    return length > 0 and (6 * (offset + length) - 1) // 8 >= first_secret


def pem_key(value):
    """(base64 body, offset of its first secret byte, [(line, offset in body)]) of a PEM value, else None."""
    lines = [line.strip() for line in value.splitlines()]
    if not any(PEM_ARMOR.match(line) for line in lines):
        return None
    body, offsets = "", []
    for line in lines:
        if line and not PEM_ARMOR.match(line) and ":" not in line:  # not the armor, not a header (Proc-Type: ...)
            offsets.append((line, len(body)))
            body += line
    if len(body) < FRAGMENT:
        return None
    try:
        first_secret = first_secret_byte(binascii.a2b_base64(body[:len(body) - len(body) % 4]))  # whole quanta
    except (binascii.Error, ValueError):
        first_secret = 0
    return body, first_secret, offsets


def _der(data, pos):
    """(tag, start of the content, end of the content) of the DER element at `pos`; the end may lie beyond the data
    (a key cut short), IndexError when the header does."""
    tag, length, pos = data[pos], data[pos + 1], pos + 2
    if length & 0x80:
        count = length & 0x7F
        if not 0 < count <= 4 or pos + count > len(data):
            raise IndexError("no DER length")
        length, pos = int.from_bytes(data[pos:pos + count], "big"), pos + count
    return tag, pos, pos + length


def first_secret_byte(data):
    """The offset of the first secret byte of a private key in DER (everything before it is public or structure):
    after the modulus and public exponent of an RSA key (PKCS#1, or inside PKCS#8), at the private key of any other
    PKCS#8 key (Ed25519, EC) or of a SEC1 EC key; 0 (all of it) for anything else."""
    try:
        tag, cursor, _end = _der(data, 0)
        if tag != 0x30:
            return 0
        tag, _start, cursor = _der(data, cursor)  # version
        if tag != 0x02:
            return 0
        tag, start, end = _der(data, cursor)
        if tag == 0x30:  # PKCS#8: the algorithm, then the private key in an OCTET STRING
            tag, start, _end = _der(data, end)
            return _rsa_public_end(data, start) or start if tag == 0x04 else 0
        if tag == 0x02:  # PKCS#1: the modulus
            return _rsa_public_end(data, 0) or 0
        return start if tag == 0x04 else 0  # SEC1 (EC PRIVATE KEY): the private key
    except IndexError:
        return 0


def _rsa_public_end(data, pos):
    """The end of the public exponent of a PKCS#1 RSA key at `pos` (the end of the data, when the key ends before);
    None when it is not one."""
    try:
        tag, cursor, _end = _der(data, pos)
        if tag != 0x30:
            return None
        tag, _start, cursor = _der(data, cursor)  # version
        if tag != 0x02:
            return None
        for _integer in ("modulus", "public exponent"):
            if cursor >= len(data):
                return len(data)
            tag, _start, cursor = _der(data, cursor)
            if tag != 0x02:
                return None
        return cursor
    except IndexError:
        return None


def masked(result, secrets):
    """`result` with the no_log `secrets` removed as AnsibleModule removes them, then masked in every other form."""
    result = remove_values(result, secrets)
    masker = Masker(secrets)
    return masker.data(result) if masker else result


class ResourceDefinition(Definition):
    """A module that brings one resource to its state (ppe_domain, ppe_user, ppe_features, ...)."""

    def __init__(self, resource):
        self.resource = resource

    def options(self):
        return self.resource.argument_spec()

    def stack_domain(self, params):
        return self.resource.stack_domain(params)

    def check(self, params):
        return self.resource.validation_errors(self.resource.clean(params))

    def run(self, params, client, check_mode, warn):
        return engine.ensure(engine.Run(self.resource, client, params, check_mode, warn))


def info_argument_spec(resource, list_option=None):
    """An info module's options: where the resource is (its name optional when it has a collection), and filters."""
    spec = dict((name, dict(option)) for name, option in resource.location_options.items())
    if resource.plural and not list_option:
        spec[resource.identity_option]["required"] = False
    if list_option:
        spec[list_option] = {"type": "bool", "default": False}
    spec.update((name, dict(option)) for name, (option, _field) in resource.filters.items())
    return spec


class InfoDefinition(Definition):
    """An info module built from a declaration: one item, or the filtered collection.

    The collection is read when the item's name is not given (or, with `list_option`, when that option is
    true: ppe_org_info's children). A missing organization is an error; a missing item is null.
    """

    def __init__(self, resource, list_option=None):
        self.resource = resource
        self.list_option = list_option

    def options(self):
        return info_argument_spec(self.resource, self.list_option)

    def stack_domain(self, params):
        return self.resource.stack_domain(params)

    def check(self, params):
        for name in self.resource.location_checks:
            params[name] = strip(params.get(name))
        return option_errors(params, list(self.resource.location_checks.items())) + self.resource.location_errors(params)

    def run(self, params, client, check_mode, warn):
        resource, list_option = self.resource, self.list_option

        def matches(obj):
            return all(params.get(name) in (None, [])
                       or (obj.get(field) in params[name] if isinstance(params[name], list)
                           else bool(obj.get(field)) == params[name])
                       for name, (_option, field) in resource.filters.items())

        run = engine.Run(resource, client, params)
        if resource.plural and (params.get(list_option) if list_option else params.get(resource.identity_option) is None):
            return {resource.plural: [obj for obj in engine.read_collection(run) if matches(obj)], "changed": False}
        obj = engine.read_existing(run)
        if obj is None and not resource.creatable:
            raise NotFoundError("%s: the API answered HTTP 404 to GET %s." % (run.describe(), resource.item_path(params)),
                                status=404)
        if not resource.plural:
            out = {resource.result_key: obj, "changed": False}
            if resource.related:
                out.update(engine.read_related(run))
            return out
        obj = obj if obj is not None and matches(obj) else None
        return {resource.result_key: obj, resource.plural: [obj] if obj is not None else [], "changed": False}


def alias_conflicts(spec, given, prefix=""):
    """An option given both by its name and by an alias (also inside list/dict suboptions) is ambiguous."""
    errors = []
    for name, option in spec.items():
        names = [n for n in [name] + list(option.get("aliases") or []) if n in given]
        if len(names) > 1:
            errors.append("%s%s: set as %s; use one of them" % (prefix, name, " and ".join(names)))
        value = given.get(names[0]) if names else None
        if option.get("options") and value:
            items = value if isinstance(value, list) else [value]
            for index, item in enumerate(items):
                if isinstance(item, dict):
                    errors.extend(alias_conflicts(option["options"], item, "%s%s[%d]." % (prefix, name, index)))
    return errors


def connect(definition, params, warn=None, session=None):
    """The client for one task: raises OptionError (naming the option) when the connection options cannot work.

    `session` is a requests.Session to reuse (the action plugin keeps one per connection settings in its process).
    """
    client = client_from_options(params.get, warn=warn, session=session)
    org = definition.stack_domain(params)
    if params.get("discover_stack") and org:
        client.use_stack_of(org)
    return client


def execute(definition, params, given, check_mode, warn, connect_to):
    """Run `definition` on validated `params`; the module result, with failed=True and msg when it failed.

    `given` holds the options as the task gave them (to tell an option set by name and alias from one set once),
    `connect_to(params)` returns the client. Nothing is sent when an option is malformed; API errors and
    partial failures become failed results that still report what happened.
    """
    errors = alias_conflicts(definition.argument_spec(), given) or definition.check(params)
    if errors:
        return {"failed": True, "msg": INVALID_OPTIONS + definition.problem_lead + capped(
            errors, sep=definition.problem_separator)}
    try:
        outcome = definition.run(params, connect_to(params), check_mode, warn)
    except PartialFailureError as exc:
        return dict(exc.to_result(), failed=True, msg=str(exc), changed=bool(exc.succeeded), succeeded=exc.succeeded)
    except PPEError as exc:
        return dict(exc.to_result(), failed=True, msg=str(exc))
    return outcome


class PPEModule(AnsibleModule):
    """An AnsibleModule for a definition: its argument spec, the options as given, and the client."""

    def __init__(self, definition):
        self.definition = definition
        self._given = {}
        self._masker = None
        self._validating = True  # AnsibleModule.__init__ fails there for invalid options
        super().__init__(argument_spec=definition.argument_spec(), supports_check_mode=definition.supports_check_mode)
        self._validating = False
        self.no_log_values.update(definition.secret_values(self.params))

    def masker(self):
        """The Masker of the task's secrets (no_log options and a declaration's), made when first needed: AnsibleModule
        logs the invocation before its __init__ returns."""
        if self._masker is None:
            self._masker = Masker(set(self.no_log_values) | self.definition.secret_values(self.params))
        return self._masker

    def log(self, msg, log_args=None):
        """The invocation that AnsibleModule logs (syslog/journal) shows the options as text, escaped: masked too."""
        super().log(self.masker().text(msg), log_args=self.masker().data(log_args) if log_args else log_args)

    def warn(self, warning):
        super().warn(self.masker().text(warning))

    def exit_json(self, **kwargs):
        super().exit_json(**self.masker().data(kwargs))

    def _load_params(self):
        """Keep the options as the task gave them, to tell an option set twice (by name and alias) from once."""
        super()._load_params()
        self._given = dict(self.params)

    def fail_json(self, msg=None, **kwargs):  # pylint: disable=arguments-differ
        """Failures name an unknown option's place and closest known name, and the PPE_* variables when connection
        options are missing."""
        validation = getattr(self, "validation_result", None)
        if self._validating and validation is not None and validation.errors:
            msg = explain_unknown(self._name, self.argument_spec, self._given, validation.errors) or msg
        super().fail_json(msg=self.masker().text(explain_missing(msg or "")), **self.masker().data(kwargs))

    def connect(self, params):
        if not HAS_REQUESTS:
            self.fail_json(msg=missing_required_lib("requests"), exception=REQUESTS_IMPORT_ERROR)
        return connect(self.definition, params, warn=self.warn)

    def execute(self):
        try:
            result = execute(self.definition, self.params, self._given, self.check_mode, self.warn, self.connect)
        except Exception as exc:  # pylint: disable=broad-exception-caught  # a bug: report it, with secrets masked
            self.fail_json(msg="ppe.essentials.%s failed unexpectedly: %s: %s" % (self._name, type(exc).__name__, exc),
                           exception=traceback.format_exc())
        if result.pop("failed", False):
            self.fail_json(**result)
        self.exit_json(**result)


def run_module(definition):
    """The whole main() of a module."""
    PPEModule(definition).execute()
