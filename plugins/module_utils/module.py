# -*- coding: utf-8 -*-
# Copyright (c) ppe.essentials contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Glue between AnsibleModule and the engine, so a module file is only its declaration and docs.

Private to the ppe.essentials collection; not a public API.
"""

from __future__ import annotations

from ansible.module_utils.basic import AnsibleModule, missing_required_lib

from ansible_collections.ppe.essentials.plugins.module_utils.client import HAS_REQUESTS, REQUESTS_IMPORT_ERROR
from ansible_collections.ppe.essentials.plugins.module_utils.engine import ensure
from ansible_collections.ppe.essentials.plugins.module_utils.errors import PPEError, PartialFailureError, capped
from ansible_collections.ppe.essentials.plugins.module_utils.normalize import strip
from ansible_collections.ppe.essentials.plugins.module_utils.options import client_from_options, connection_argument_spec
from ansible_collections.ppe.essentials.plugins.module_utils.resource import option_errors


class PPEModule(AnsibleModule):
    """An AnsibleModule with the connection options, a lazily built client and API-error handling."""

    def __init__(self, argument_spec, **kwargs):
        spec = connection_argument_spec()
        clash = set(spec) & set(argument_spec)
        if clash:  # a module option must never shadow a connection option (e.g. a user's password)
            raise ValueError("module options %s clash with connection options" % ", ".join(sorted(clash)))
        spec.update(argument_spec)
        kwargs.setdefault("supports_check_mode", True)
        self._given = {}
        super().__init__(argument_spec=spec, **kwargs)
        self._client = None
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
            org = self.params.get("org") or self.params.get("domain")
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
    """The whole main() of a CRUD module: options from the declaration, clean, validate, ensure, exit."""
    module = PPEModule(argument_spec=resource.argument_spec())
    module.fail_on_invalid(resource.validation_errors(resource.clean(module.params)))
    module.run(lambda: ensure(resource, module.params, module.client, module.check_mode, module.warn))


def run_info_module(argument_spec, checks, read):
    """The whole main() of an info module: validate, `read(client, params)` -> result keys, never changed."""
    module = PPEModule(argument_spec=argument_spec)
    for name in checks:
        module.params[name] = strip(module.params.get(name))
    module.fail_on_invalid(option_errors(module.params, list(checks.items())))
    module.run(lambda: dict(read(module.client, module.params), changed=False))
