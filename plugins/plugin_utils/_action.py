# -*- coding: utf-8 -*-
# Copyright (c) ppe.essentials contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The action plugin behind every module: run the module's definition in the Ansible worker process.

Private to the ppe.essentials collection; not a public API. Every module has an action plugin of the same
name (plugins/action/ppe_*.py, each re-exporting the one implementation, plugin_utils/_action_plugin.py, a
subclass of `ModuleAction` that runs the task's module). The modules only talk to a REST API, so on a local
connection nothing needs a separate Python per task: the action plugin validates the task's options
with the module's own argument spec (ArgumentSpecValidator), runs the same definition (module_utils/_module.py)
in the worker and returns the result the module would return (invocation with no_log values masked, warnings,
failures). That saves the module start-up of every task and loop item (building and copying the AnsiballZ
payload, a new Python, importing requests), and a loop reuses one HTTP session per connection settings.

The module runs as before (through ansible.legacy.normal) when the connection is not local (a remote
`connection`, `delegate_to` a host that is reached over SSH), the task is async or uses become, `requests` is
missing in the controller's Python, or the switch says so: `ppe_execution: module` as a task/play/host var,
or PPE_EXECUTION=module in the controller's environment.

Only public interfaces of ansible-core are used: ActionBase and its helpers, the action plugin loader,
module_utils.common.arg_spec.ArgumentSpecValidator and module_utils.common.parameters.
"""

from __future__ import annotations

import collections
import hashlib
import hmac
import importlib
import json
import os
import pkgutil
import sys
import traceback

from ansible import constants as C
from ansible.errors import AnsibleActionFail
from ansible.module_utils.common.arg_spec import ArgumentSpecValidator
from ansible.module_utils.common.parameters import env_fallback
from ansible.module_utils.common.text.converters import to_bytes, to_text
from ansible.module_utils.common.warnings import get_warning_messages
from ansible.module_utils.errors import AnsibleFallbackNotFound, UnsupportedError
from ansible.plugins.action import ActionBase
from ansible.plugins.loader import action_loader
from ansible.utils.display import Display

from ansible_collections.ppe.essentials.plugins.module_utils import _client
from ansible_collections.ppe.essentials.plugins.module_utils import _module as glue
from ansible_collections.ppe.essentials.plugins.module_utils._options import explain_missing, explain_unknown

display = Display()

SWITCH_VAR = "ppe_execution"
SWITCH_ENV = "PPE_EXECUTION"
MODES = ("auto", "module")
LOCAL_TRANSPORTS = frozenset(("local", "ansible.builtin.local", "ansible.legacy.local"))
MODULES_PACKAGE = "ansible_collections.ppe.essentials.plugins.modules"

# Keep-alive: one requests.Session per connection settings in this worker process, so the items of a loop
# reuse their connections. The key holds a salted HMAC of the password, never the password.
MAX_SESSIONS = 8
_SESSIONS = collections.OrderedDict()
_SALT = os.urandom(16)


def session_key(params):
    """What a session may be shared by: same process, stack, credentials, TLS, timeout and retry settings."""
    secret = hmac.new(_SALT, to_bytes(params.get("password") or "", errors="surrogate_or_strict"), hashlib.sha256)
    return (os.getpid(), params.get("url"), params.get("username"), secret.hexdigest(), params.get("validate_certs"),
            params.get("ca_path"), params.get("timeout"), params.get("retries"), params.get("retry_max_delay"),
            tuple(params.get("stack_hosts") or ()))


def session_for(params):
    """The kept requests.Session for these connection settings (a new one the first time), without cookies."""
    key = session_key(params)
    session = _SESSIONS.pop(key, None)
    if session is None:
        session = _client.requests.Session()
        while len(_SESSIONS) >= MAX_SESSIONS:
            _SESSIONS.popitem(last=False)[1].close()
    else:
        session.cookies.clear()  # like a new module: nothing but the connection carries over
    _SESSIONS[key] = session
    return session


def preload_definitions():
    """Import every module's definition: ansible loads an action plugin in the main process before it forks a worker
    per task, so the workers find the definitions (and requests) already imported (about 60 ms, once)."""
    package = importlib.import_module(MODULES_PACKAGE)
    for found in pkgutil.iter_modules(package.__path__):
        if not found.name.startswith("_"):
            definition_of(found.name)


def definition_of(module_name):
    """The Definition of a module of this collection (plugins/modules/<name>.py, DEFINITION)."""
    return importlib.import_module("%s.%s" % (MODULES_PACKAGE, module_name)).DEFINITION


def plain(data):
    """`data` as a module sees or returns it, through JSON: no tagged, unsafe or vault types, dates as ISO text."""
    return json.loads(json.dumps(data, default=_json_default))


def _json_default(value):
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if isinstance(value, (set, frozenset)):
        return list(value)
    return to_text(value, errors="surrogate_or_strict")


def with_environment(spec, environment):
    """A copy of `spec` whose env_fallback options read `environment` instead of os.environ (same semantics)."""

    def fallback(*names, **_kwargs):
        for name in names:
            if name in environment:
                return environment[name]
        raise AnsibleFallbackNotFound

    copy = {}
    for name, option in spec.items():
        option = dict(option)
        chosen = option.get("fallback")
        if chosen and chosen[0] is env_fallback:
            option["fallback"] = (fallback,) + tuple(chosen[1:])
        if option.get("options"):
            option["options"] = with_environment(option["options"], environment)
        copy[name] = option
    return copy


def alias_warnings(spec, given):
    """The warnings AnsibleModule adds when an option is given by its name and by an alias."""
    return ["Both option %s and its alias %s are set." % (name, alias)
            for name, option in spec.items() for alias in option.get("aliases") or ()
            if alias in given and name in given]


def invocation_wanted(task_vars):
    """Whether a module adds `invocation` to its result: always before ansible-core 2.21, then INJECT_INVOCATION."""
    if "INJECT_INVOCATION" not in C.config.get_configuration_definitions():
        return True
    return bool(C.config.get_config_value("INJECT_INVOCATION", variables=task_vars))


def module_result(result, params, warnings, secrets, invocation=True):
    """What AnsibleModule.exit_json/fail_json would return: invocation, warnings, no_log values masked (also in the
    forms an API may echo them in, see _module.Masker), JSON types."""
    if invocation:
        result.setdefault("invocation", {"module_args": params})
    if warnings:
        result["warnings"] = list(warnings)
    preserved = dict((key, value) for key, value in result.items() if value is None or isinstance(value, bool))
    result = glue.masked(result, secrets)
    result.update(preserved)
    return plain(result)


def censored(definition, result):
    """A successful result that holds a credential (Definition.credential_result: ppe_login_token's token) is marked
    _ansible_no_log, so Ansible censors it wherever it shows a result (any verbosity) like a no_log task's, while a
    registered variable still holds it. A failure, which holds none, stays readable."""
    if getattr(definition, "credential_result", False) and not result.get("failed"):
        result["_ansible_no_log"] = True
    return result


class ModuleAction(ActionBase):
    """Base of the collection's action plugin; the module it runs is the one the task names."""

    _supports_check_mode = True
    _supports_async = True  # async tasks run the module (run_module), which supports it

    def module_name(self):
        """The module of the task (its resolved FQCN, else the action as written): ppe_domain of
        ppe.essentials.ppe_domain. Every plugins/action/<module>.py is the one ActionModule of _action_plugin.py."""
        action = getattr(self._task, "resolved_action", None) or self._task.action
        return to_text(action).rsplit(".", 1)[-1]

    def run(self, tmp=None, task_vars=None):
        task_vars = {} if task_vars is None else task_vars
        name = self.module_name()
        reason = self.module_path_reason(task_vars)
        if reason:
            display.vvv("ppe.essentials.%s runs as a module: %s" % (name, reason))
            return censored(definition_of(name), self.run_module(task_vars))
        super().run(tmp, task_vars)
        del tmp
        display.vvv("ppe.essentials.%s runs in the Ansible worker process (%s=module or %s: module runs it as a module)"
                    % (name, SWITCH_ENV, SWITCH_VAR))
        return censored(definition_of(name), self.run_in_process(definition_of(name), task_vars))

    # -- which path --------------------------------------------------------------------------------------
    def execution_mode(self, task_vars):
        """`auto` or `module`, from the ppe_execution var, else the controller's PPE_EXECUTION."""
        if task_vars.get(SWITCH_VAR) is not None:
            where, value = SWITCH_VAR, self._templar.template(task_vars[SWITCH_VAR])
        else:
            where, value = SWITCH_ENV, os.environ.get(SWITCH_ENV)
        mode = to_text(value if value is not None else "auto").strip().lower() or "auto"
        if mode not in MODES:
            raise AnsibleActionFail("%s is %r; use one of: %s (module forces the module path)."
                                    % (where, to_text(value), ", ".join(MODES)))
        return mode

    def module_path_reason(self, task_vars):
        """Why this task must run the module instead of the in-process path, or None."""
        if self.execution_mode(task_vars) == "module":
            return "%s or %s is 'module'" % (SWITCH_VAR, SWITCH_ENV)
        if self._task.async_val:
            return "the task is async"
        transport = getattr(self._connection, "transport", None)
        if transport not in LOCAL_TRANSPORTS:
            return "the connection is %s, not local" % transport
        if self._play_context.become:
            return "the task uses become"
        if not _client.HAS_REQUESTS:
            return "the Python library requests is missing in the controller's Python %s" % sys.executable
        return None

    # -- the module path ---------------------------------------------------------------------------------
    def run_module(self, task_vars):
        """Run the module exactly as a task without this action plugin would (ansible.legacy.normal)."""
        normal = action_loader.get("ansible.legacy.normal", task=self._task, connection=self._connection,
                                   play_context=self._play_context, loader=self._loader, templar=self._templar,
                                   shared_loader_obj=self._shared_loader_obj)
        return normal.run(task_vars=task_vars)

    # -- the in-process path -----------------------------------------------------------------------------
    def task_environment(self):
        """The environment the module would see: the controller's, with the task's `environment:` over it."""
        task_env = {}
        self._compute_environment_string(task_env)
        environment = dict(os.environ)
        environment.update((to_text(key), to_text(value)) for key, value in task_env.items())
        return environment

    def run_in_process(self, definition, task_vars):
        spec = with_environment(definition.argument_spec(), self.task_environment())
        given = plain(self._task.args)
        params = dict(given)
        warnings = []
        seen = len(get_warning_messages())  # ansible-core < 2.19 keeps suboption alias warnings there
        validation = ArgumentSpecValidator(spec).validate(params)
        params.update(validation.validated_parameters)
        warnings.extend(get_warning_messages()[seen:])
        warnings.extend(alias_warnings(spec, given))
        if validation.error_messages:
            msg = validation.errors.msg
            if isinstance(validation.errors[0], UnsupportedError):
                msg = "Unsupported parameters for (%s) module: %s" % (self._task.action, msg)
            msg = explain_unknown(self._task.action, spec, given, validation.errors) or msg
            result = {"failed": True, "msg": explain_missing(msg)}  # as PPEModule.fail_json
        else:
            result = self.execute(definition, params, given, warnings)
        secrets = glue.no_log_values(spec, params) | definition.secret_values(params)
        return module_result(result, params, warnings, secrets, invocation_wanted(task_vars))

    def execute(self, definition, params, given, warnings):
        def connect_to(options):
            return glue.connect(definition, options, warn=warnings.append, session=session_for(options))

        try:
            return glue.execute(definition, params, given, bool(self._task.check_mode), warnings.append, connect_to)
        except Exception as exc:  # pylint: disable=broad-exception-caught  # a bug: report it, with secrets masked
            result = {"failed": True, "msg": "ppe.essentials.%s failed unexpectedly in the Ansible worker process: %s: %s. "
                                             "Setting %s=module runs it as a module instead." % (
                                                 self.module_name(), type(exc).__name__, exc, SWITCH_ENV)}
            if display.verbosity >= 3:
                result["exception"] = traceback.format_exc()
            return result
