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

from ansible.module_utils.basic import AnsibleModule, missing_required_lib
from ansible.module_utils.common.text.converters import to_text

from ansible_collections.ppe.essentials.plugins.module_utils import _engine as engine
from ansible_collections.ppe.essentials.plugins.module_utils._normalize import strip
from ansible_collections.ppe.essentials.plugins.module_utils._resource import option_errors
from ansible_collections.ppe.essentials.plugins.module_utils._client import HAS_REQUESTS, REQUESTS_IMPORT_ERROR
from ansible_collections.ppe.essentials.plugins.module_utils._errors import NotFoundError, PPEError, PartialFailureError, capped
from ansible_collections.ppe.essentials.plugins.module_utils._options import (
    client_from_options, connection_argument_spec, explain_missing)

INVALID_OPTIONS = "Invalid options, nothing was sent to the API: "


class Definition:
    """One module's behaviour: options, checks before any request, and the run itself. Holds no run state."""

    supports_check_mode = True

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
        return {"failed": True, "msg": INVALID_OPTIONS + capped(errors)}
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
        super().__init__(argument_spec=definition.argument_spec(), supports_check_mode=definition.supports_check_mode)
        self.no_log_values.update(definition.secret_values(self.params))

    def _load_params(self):
        """Keep the options as the task gave them, to tell an option set twice (by name and alias) from once."""
        super()._load_params()
        self._given = dict(self.params)

    def fail_json(self, msg=None, **kwargs):  # pylint: disable=arguments-differ
        """Failures name the PPE_* variables when connection options are missing."""
        super().fail_json(msg=explain_missing(msg or ""), **kwargs)

    def connect(self, params):
        if not HAS_REQUESTS:
            self.fail_json(msg=missing_required_lib("requests"), exception=REQUESTS_IMPORT_ERROR)
        return connect(self.definition, params, warn=self.warn)

    def execute(self):
        result = execute(self.definition, self.params, self._given, self.check_mode, self.warn, self.connect)
        if result.pop("failed", False):
            self.fail_json(**result)
        self.exit_json(**result)


def run_module(definition):
    """The whole main() of a module."""
    PPEModule(definition).execute()
