# -*- coding: utf-8 -*-
# Copyright (c) ppe.essentials contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Glue between AnsibleModule and the engine, so a module file is only its declaration and docs.

Private to the ppe.essentials collection; not a public API.
"""

from __future__ import annotations

from ansible.module_utils.basic import AnsibleModule, missing_required_lib

from ansible_collections.ppe.essentials.plugins.module_utils import _engine as engine
from ansible_collections.ppe.essentials.plugins.module_utils._normalize import strip
from ansible_collections.ppe.essentials.plugins.module_utils._resource import option_errors
from ansible_collections.ppe.essentials.plugins.module_utils._client import HAS_REQUESTS, REQUESTS_IMPORT_ERROR
from ansible_collections.ppe.essentials.plugins.module_utils._errors import NotFoundError, PPEError, PartialFailureError, capped
from ansible_collections.ppe.essentials.plugins.module_utils._options import client_from_options, connection_argument_spec


class PPEModule(AnsibleModule):
    """An AnsibleModule with the connection options, a lazily built client and API-error handling."""

    def __init__(self, argument_spec, stack_domain=None, **kwargs):
        """`stack_domain(params)` names the organization whose stack discover_stack follows."""
        spec = connection_argument_spec()
        clash = set(spec) & set(argument_spec)
        if clash:  # a module option must never shadow a connection option (e.g. a user's password)
            raise ValueError("module options %s clash with connection options" % ", ".join(sorted(clash)))
        spec.update(argument_spec)
        kwargs.setdefault("supports_check_mode", True)
        self._given = {}
        super().__init__(argument_spec=spec, **kwargs)
        self._client = None
        self._stack_domain = stack_domain or (lambda params: params.get("org"))
        self.fail_on_invalid(alias_conflicts(spec, self._given))

    def _load_params(self):
        """Keep the options as the task gave them, to tell an option set twice (by name and alias) from once."""
        super()._load_params()
        self._given = dict(self.params)

    @property
    def client(self):
        if self._client is None:
            if not HAS_REQUESTS:
                self.fail_json(msg=missing_required_lib("requests"), exception=REQUESTS_IMPORT_ERROR)
            self._client = client_from_options(self.params.get, warn=self.warn)
            org = self._stack_domain(self.params)
            if self.params.get("discover_stack") and org:
                self._client.use_stack_of(org)
        return self._client

    def fail_on_invalid(self, errors):
        """Stop before any request when options are malformed, naming every bad option (the first 20 of them)."""
        if errors:
            self.fail_json(msg="Invalid options, nothing was sent to the API: " + capped(errors))

    def run(self, action):
        """Call `action()` and exit with its result, turning API errors into actionable failures.

        A partial failure still reports what happened (changed, the items that succeeded).
        """
        try:
            outcome = action()
        except PartialFailureError as exc:
            self.fail_json(msg=str(exc), changed=bool(exc.succeeded), succeeded=exc.succeeded, **exc.to_result())
        except PPEError as exc:
            self.fail_json(msg=str(exc), **exc.to_result())
        if outcome.pop("failed", False):
            self.fail_json(**outcome)
        self.exit_json(**outcome)


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


def run_resource_module(resource):
    """The whole main() of a module that manages a resource: options from the declaration, clean, validate, ensure."""
    module = PPEModule(argument_spec=resource.argument_spec(), stack_domain=resource.stack_domain)
    module.fail_on_invalid(resource.validation_errors(resource.clean(module.params)))
    module.run(lambda: engine.ensure(engine.Run(resource, module.client, module.params, module.check_mode, module.warn)))


def info_argument_spec(resource, list_option=None):
    """An info module's options: where the resource is (its name optional when it has a collection), and filters."""
    spec = dict((name, dict(option)) for name, option in resource.location_options.items())
    if resource.plural and not list_option:
        spec[resource.identity_option]["required"] = False
    if list_option:
        spec[list_option] = {"type": "bool", "default": False}
    spec.update((name, dict(option)) for name, (option, _field) in resource.filters.items())
    return spec


def run_info_module(resource, list_option=None):
    """The whole main() of an info module, built from the declaration: one item, or the filtered collection.

    The collection is read when the item's name is not given (or, with `list_option`, when that option is
    true: ppe_org_info's children). A missing organization is an error; a missing item is null.
    """
    module = PPEModule(argument_spec=info_argument_spec(resource, list_option), supports_check_mode=True,
                       stack_domain=resource.stack_domain)
    params = module.params
    for name in resource.location_checks:
        params[name] = strip(params.get(name))
    module.fail_on_invalid(option_errors(params, list(resource.location_checks.items())))

    def matches(obj):
        return all(params.get(name) in (None, []) or (obj.get(field) in params[name] if isinstance(params[name], list)
                                                     else bool(obj.get(field)) == params[name])
                   for name, (_option, field) in resource.filters.items())

    def read():
        run = engine.Run(resource, module.client, params)
        if resource.plural and (params.get(list_option) if list_option else params.get(resource.identity_option) is None):
            return {resource.plural: [obj for obj in engine.read_collection(run) if matches(obj)]}
        obj = engine.read_existing(run)
        if obj is None and not resource.creatable:
            raise NotFoundError("%s: the API answered HTTP 404 to GET %s." % (run.describe(), resource.item_path(params)),
                                status=404)
        if not resource.plural:
            return {resource.result_key: obj}
        obj = obj if obj is not None and matches(obj) else None
        return {resource.result_key: obj, resource.plural: [obj] if obj is not None else []}

    module.run(lambda: dict(read(), changed=False))
