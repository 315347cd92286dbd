# -*- coding: utf-8 -*-
# Copyright (c) ppe.essentials contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The action plugins' base class (plugins/plugin_utils/_action.py) without ansible-playbook.

Option validation, environment fallbacks from the task's `environment:`, no_log masking, the switch and the
cases that must run the module, keep-alive across loop items, and the same result as the module for the same
options (the module run in-process through AnsibleModule, its JSON output parsed).
"""

from __future__ import annotations

import http.server
import importlib
import json
import os
import threading
from types import SimpleNamespace
from unittest import mock

import pytest
import responses
from ansible import constants as C
from ansible.errors import AnsibleActionFail

from ansible_collections.ppe.essentials.plugins.action import ppe_dkim as dkim_action
from ansible_collections.ppe.essentials.plugins.action import ppe_domain as domain_action
from ansible_collections.ppe.essentials.plugins.action import ppe_user as user_action
from ansible_collections.ppe.essentials.plugins.action import ppe_users as users_action
from ansible_collections.ppe.essentials.plugins.modules import ppe_dkim, ppe_domain, ppe_user, ppe_users
from ansible_collections.ppe.essentials.plugins.plugin_utils import _action

from tests.support import patch_module_args

SECRET = "correct-horse-battery-staple-42"
USER_SECRET = "user-secret-Tr0ub4dor-and-3"
BASE = "https://us1.ppe.test"
ITEM = BASE + "/api/v1/orgs/acme.example/domains/acme.example"
ORG = BASE + "/api/v1/orgs/acme.example"
VARS = {"ansible_inject_invocation": True}  # ansible-core 2.21 adds invocation only when asked
DOMAIN = {"name": "acme.example", "is_active": True, "is_relay": False, "destination": "mail.acme.example",
          "failovers": []}


class Shell:
    tmpdir = None

    @staticmethod
    def env_prefix(**kwargs):
        return " ".join("%s=%s" % item for item in kwargs.items())


class Templar:
    @staticmethod
    def template(value):
        return value


def make_action(plugin, args, environment=None, transport="local", check_mode=False, async_val=0, become=False,
                action="ppe.essentials.ppe_domain"):
    task = SimpleNamespace(args=args, action=action, async_val=async_val, check_mode=check_mode, diff=False,
                           environment=environment or [], no_log=False, delegate_to=None)
    connection = SimpleNamespace(transport=transport, _shell=Shell())
    return plugin.ActionModule(task, connection, SimpleNamespace(become=become), loader=None, templar=Templar(),
                               shared_loader_obj=None)


def connection(**extra):
    args = {"url": BASE, "username": "admin@msp.example", "password": SECRET, "retries": 0}
    args.update(extra)
    return args


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch):
    for name in ("PPE_URL", "PPE_USERNAME", "PPE_PASSWORD", "PPE_TIMEOUT", "PPE_EXECUTION"):
        monkeypatch.delenv(name, raising=False)
    _action._SESSIONS.clear()  # pylint: disable=protected-access
    yield
    _action._SESSIONS.clear()  # pylint: disable=protected-access


def run_module(module, args):
    """The module's own result for `args`: AnsibleModule's JSON output, as the controller would parse it."""
    if "INJECT_INVOCATION" in C.config.get_configuration_definitions():
        args = dict(args, _ansible_inject_invocation=True)
    output = []
    with patch_module_args(args), mock.patch("builtins.print", lambda *a, **k: output.append(a[0])):
        with pytest.raises(SystemExit):
            module.main()
    return json.loads(output[-1])


# -- option validation -----------------------------------------------------------------------------------
@responses.activate
def test_unsupported_option_fails_like_the_module_before_any_request():
    result = make_action(domain_action, connection(org="acme.example", name="acme.example", colour="red")).run(task_vars=VARS)
    assert result["failed"] and len(responses.calls) == 0
    assert result["msg"].startswith(
        "Unsupported parameters for (ppe.essentials.ppe_domain) module: colour: unknown (known: ")
    assert result["invocation"]["module_args"]["colour"] == "red"


@responses.activate
@pytest.mark.parametrize("module, plugin, args, expected", [
    (ppe_dkim, dkim_action, {"org": "acme.example", "domain": "acme.example", "selecter": "s1"},
     ["selecter: unknown; did you mean selector? (known: ca_path, "]),
    (ppe_users, users_action,
     {"org": "acme.example", "users": [{"email": "a@acme.example"}, {"emial": "b@acme.example", "frist_name": "B"}]},
     ["users[1].emial: unknown; did you mean email? (known: alias_emails, ",
      "users[1].frist_name: unknown; did you mean firstname? (known: "]),
])
def test_a_misspelt_option_is_named_with_its_place_and_the_closest_one_on_both_paths(module, plugin, args, expected):
    """ansible said only "missing required arguments: selector": the typo that caused it was never named."""
    name = "ppe.essentials." + module.__name__.rsplit(".", 1)[-1]
    from_module = run_module(module, dict(connection(**args), _ansible_module_name=name))
    result = make_action(plugin, connection(**args), action=name).run(task_vars=VARS)
    assert result["failed"] and len(responses.calls) == 0
    assert result["msg"].startswith("Unsupported parameters for (%s) module: %s" % (name, expected[0]))
    assert all(text in result["msg"] for text in expected) and "Also: missing required arguments: " in result["msg"]
    assert from_module["msg"] == result["msg"]


@responses.activate
def test_missing_required_option_and_wrong_type_fail_like_the_module():
    result = make_action(domain_action, connection(name="acme.example")).run(task_vars=VARS)
    assert result["failed"] and result["msg"] == "missing required arguments: org" and len(responses.calls) == 0
    result = make_action(domain_action, connection(org="acme.example", name="acme.example", is_relay="maybe")).run(
        task_vars=VARS)
    assert result["failed"] and "is_relay" in result["msg"] and len(responses.calls) == 0


@responses.activate
def test_the_collection_checks_run_before_any_request():
    result = make_action(domain_action, connection(org="acme.example", name="not a domain")).run(task_vars=VARS)
    assert result["failed"] and result["msg"].startswith("Invalid options, nothing was sent to the API")
    assert len(responses.calls) == 0


@responses.activate
def test_an_option_given_by_name_and_alias_warns_and_fails_like_the_module():
    args = connection(org="acme.example", email="a@acme.example", primary_email="a@acme.example")
    expected = run_module(ppe_user, dict(args))
    result = make_action(user_action, dict(args), action="ppe.essentials.ppe_user").run(task_vars=VARS)
    assert result["failed"] and "set as email and primary_email" in result["msg"] and len(responses.calls) == 0
    assert result["warnings"] == ["Both option email and its alias primary_email are set."]
    result.pop("warnings")
    expected.pop("warnings", None)  # AnsibleModule in this (controller) process displays them instead
    assert result == expected


# -- environment ---------------------------------------------------------------------------------------
@responses.activate
def test_connection_options_come_from_the_task_environment():
    responses.get(ITEM, json=DOMAIN)
    environment = [{"PPE_URL": "https://ignored.example"},  # the play's; the task's wins
                   {"PPE_URL": BASE, "PPE_USERNAME": "admin@msp.example", "PPE_PASSWORD": SECRET}]
    result = make_action(domain_action, {"org": "acme.example", "name": "acme.example"}, environment=environment).run(
        task_vars=VARS)
    assert result["changed"] is False and result["domain"]["name"] == "acme.example"
    assert responses.calls[0].request.headers["X-Password"] == SECRET
    assert result["invocation"]["module_args"]["url"] == BASE
    assert result["invocation"]["module_args"]["password"] == "VALUE_SPECIFIED_IN_NO_LOG_PARAMETER"


@responses.activate
def test_the_task_environment_overrides_the_controller_environment(monkeypatch):
    monkeypatch.setenv("PPE_URL", "https://controller.example")
    monkeypatch.setenv("PPE_USERNAME", "admin@msp.example")
    monkeypatch.setenv("PPE_PASSWORD", SECRET)
    monkeypatch.setenv("PPE_TIMEOUT", "7")
    responses.get(ITEM, json=DOMAIN)
    result = make_action(domain_action, {"org": "acme.example", "name": "acme.example"},
                         environment=[{"PPE_URL": BASE, "PPE_RETRIES": 0}]).run(task_vars=VARS)
    args = result["invocation"]["module_args"]
    assert (args["url"], args["timeout"], args["retries"]) == (BASE, 7, 0)
    assert "PPE_URL" not in _action.os.environ or _action.os.environ["PPE_URL"] == "https://controller.example"


@responses.activate
def test_missing_connection_options_fail_like_the_module():
    result = make_action(domain_action, {"org": "acme.example", "name": "acme.example"}).run(task_vars=VARS)
    assert result["failed"] and result["msg"] == run_module(ppe_domain, {"org": "acme.example", "name": "acme.example"})["msg"]


# -- secrets --------------------------------------------------------------------------------------------
@responses.activate
def test_passwords_are_masked_in_invocation_messages_and_diffs():
    responses.get(BASE + "/api/v1/orgs/acme.example/users/new%40acme.example", status=404)
    responses.get(ORG, json={"primary_domain": "acme.example", "domains": [{"name": "acme.example"}]})
    responses.post(BASE + "/api/v1/orgs/acme.example/users", status=422,
                   json={"status": 422, "error_message": "bad %s and %s" % (SECRET, USER_SECRET)})
    args = connection(org="acme.example", email="new@acme.example", user_password=USER_SECRET)
    result = make_action(user_action, args, action="ppe.essentials.ppe_user").run(task_vars=VARS)
    text = json.dumps(result)
    assert result["failed"] and SECRET not in text and USER_SECRET not in text
    assert result["invocation"]["module_args"]["user_password"] == "VALUE_SPECIFIED_IN_NO_LOG_PARAMETER"
    assert result["invocation"]["module_args"]["password"] == "VALUE_SPECIFIED_IN_NO_LOG_PARAMETER"


@responses.activate
def test_bulk_user_passwords_are_masked():
    responses.get(BASE + "/api/v1/orgs/acme.example/users", json={"users": []})
    responses.get(ORG, json={"primary_domain": "acme.example", "domains": [{"name": "acme.example"}]})
    args = connection(org="acme.example", users=[{"email": "a@acme.example", "user_password": USER_SECRET}])
    result = make_action(users_action, args, check_mode=True, action="ppe.essentials.ppe_users").run(task_vars=VARS)
    assert result["changed"] and result["created"] == 1
    assert USER_SECRET not in json.dumps(result)
    assert [r.request.method for r in responses.calls] == ["GET", "GET"]  # check mode only reads


# -- the same result as the module -----------------------------------------------------------------------
@responses.activate
@pytest.mark.parametrize("extra, check_mode", [
    ({}, False),
    ({"is_relay": True, "destination": "mx.acme.example", "failovers": ["b.example", "a.example"]}, True),
    ({"is_relay": True}, False),
    ({"state": "absent"}, True),
])
def test_same_result_as_the_module(extra, check_mode):
    responses.get(ITEM, json=DOMAIN)
    args = connection(org="acme.example", name="acme.example", **extra)
    if check_mode:
        args_for_module = dict(args, _ansible_check_mode=True)
    else:
        args_for_module = args
    expected = run_module(ppe_domain, dict(args_for_module))
    expected.pop("warnings", None)
    result = make_action(domain_action, dict(args), check_mode=check_mode).run(task_vars=VARS)
    assert result == expected


# -- which path ----------------------------------------------------------------------------------------
@pytest.mark.parametrize("kwargs, task_vars, environ", [
    ({}, {"ppe_execution": "module"}, {}),
    ({}, {"ppe_execution": " Module "}, {}),
    ({}, {}, {"PPE_EXECUTION": "module"}),
    ({"async_val": 30}, {}, {}),
    ({"transport": "ssh"}, {}, {}),
    ({"transport": "ansible.builtin.ssh"}, {}, {}),
    ({"become": True}, {}, {}),
])
def test_the_module_runs_when_it_must(kwargs, task_vars, environ, monkeypatch):
    for name, value in environ.items():
        monkeypatch.setenv(name, value)
    action = make_action(domain_action, connection(org="acme.example", name="acme.example"), **kwargs)
    with mock.patch.object(_action.ModuleAction, "run_module", return_value={"ran": "module"}) as module, \
            mock.patch.object(_action.ModuleAction, "run_in_process") as in_process:
        assert action.run(task_vars=task_vars) == {"ran": "module"}
    assert module.call_count == 1 and in_process.call_count == 0


@pytest.mark.parametrize("task_vars, environ", [
    ({}, {}),
    ({"ppe_execution": "auto"}, {}),
    ({"ppe_execution": "auto"}, {"PPE_EXECUTION": "module"}),  # the var wins
    ({}, {"PPE_EXECUTION": ""}),
])
def test_in_process_by_default_on_a_local_connection(task_vars, environ, monkeypatch):
    for name, value in environ.items():
        monkeypatch.setenv(name, value)
    action = make_action(domain_action, connection(org="acme.example", name="acme.example"))
    with mock.patch.object(_action.ModuleAction, "run_module") as module, \
            mock.patch.object(_action.ModuleAction, "run_in_process", return_value={"ran": "in-process"}):
        assert action.run(task_vars=task_vars) == {"ran": "in-process"}
    assert module.call_count == 0


def test_missing_requests_in_the_controller_runs_the_module(monkeypatch):
    monkeypatch.setattr(_action._client, "HAS_REQUESTS", False)  # pylint: disable=protected-access
    action = make_action(domain_action, connection(org="acme.example", name="acme.example"))
    with mock.patch.object(_action.ModuleAction, "run_module", return_value={"ran": "module"}):
        assert action.run(task_vars=VARS) == {"ran": "module"}


@pytest.mark.parametrize("task_vars, environ", [({"ppe_execution": "modul"}, {}), ({}, {"PPE_EXECUTION": "fast"})])
def test_a_typo_in_the_switch_fails_the_task(task_vars, environ, monkeypatch):
    for name, value in environ.items():
        monkeypatch.setenv(name, value)
    with pytest.raises(AnsibleActionFail, match="use one of: auto, module"):
        make_action(domain_action, connection(org="acme.example", name="acme.example")).run(task_vars=task_vars)


# -- keep-alive ----------------------------------------------------------------------------------------
def test_one_session_per_connection_settings_and_never_the_password_in_its_key():
    first = _action.session_for(connection())
    assert _action.session_for(connection()) is first
    assert _action.session_for(connection(password="another-password-123")) is not first
    assert _action.session_for(connection(timeout=5)) is not first
    assert SECRET not in repr(list(_action._SESSIONS))  # pylint: disable=protected-access


def test_the_session_cache_is_bounded():
    sessions = [_action.session_for(connection(username="u%d@msp.example" % i)) for i in range(_action.MAX_SESSIONS + 3)]
    assert len(_action._SESSIONS) == _action.MAX_SESSIONS  # pylint: disable=protected-access
    assert _action.session_for(connection(username="u0@msp.example")) is not sessions[0]


class _Counting(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    connections = 0
    requests = 0

    def setup(self):
        type(self).connections += 1
        super().setup()

    def do_GET(self):  # noqa: N802  pylint: disable=invalid-name
        type(self).requests += 1
        body = json.dumps(DOMAIN).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):  # pylint: disable=arguments-differ
        pass


def test_a_loop_reuses_one_connection():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Counting)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        url = "http://127.0.0.1:%d" % server.server_address[1]
        for _item in range(5):  # five loop items in one worker process
            result = make_action(domain_action, connection(url=url, org="acme.example", name="acme.example")).run(
                task_vars=VARS)
            assert result["changed"] is False
    finally:
        server.shutdown()
        server.server_close()
    assert _Counting.requests == 5 and _Counting.connections == 1


# -- every module ------------------------------------------------------------------------------------------
MODULES = sorted(name[:-3] for name in os.listdir(os.path.join(os.path.dirname(_action.__file__), "..", "modules"))
                 if name.startswith("ppe_") and name.endswith(".py"))


def _options(spec):
    for name, option in spec.items():
        yield name, option
        yield from _options(option.get("options") or {})


def test_every_module_has_its_action_plugin_and_a_definition_the_in_process_path_can_run():
    """One test over all modules (their action plugins are one file, see tests/unit/test_plugin_imports.py)."""
    assert len(MODULES) > 30
    wrong = []
    for name in MODULES:
        plugin = importlib.import_module("ansible_collections.ppe.essentials.plugins.action." + name)
        if make_action(plugin, {}, action="ppe.essentials." + name).module_name() != name:
            wrong.append("%s: its action plugin runs another module" % name)
        definition = _action.definition_of(name)
        spec = definition.argument_spec()
        # The in-process path reports the deprecations AnsibleModule makes for deprecated aliases and options only
        # by not having any: keep it that way, or teach plugin_utils/_action.py to report them.
        deprecated = [option_name for option_name, option in _options(spec) if option.get("deprecated_aliases")
                      or option.get("removed_in_version") or option.get("removed_at_date")]
        # Secrets are masked because they are no_log options, the connection password included.
        if not definition.supports_check_mode or deprecated or spec["password"].get("no_log") is not True:
            wrong.append("%s: check mode %s, deprecated options %s, password no_log %s" % (
                name, definition.supports_check_mode, deprecated, spec["password"].get("no_log")))
    assert not wrong, wrong


def test_task_arguments_reach_the_definition_as_json_types_like_a_module_gets_them():
    import datetime  # pylint: disable=import-outside-toplevel
    from ansible.utils.unsafe_proxy import AnsibleUnsafeText  # pylint: disable=import-outside-toplevel
    value = {"when": datetime.date(2026, 1, 2), "name": AnsibleUnsafeText("acme.example"), "items": ("a", "b")}
    assert _action.plain(value) == {"when": "2026-01-02", "name": "acme.example", "items": ["a", "b"]}
    assert type(_action.plain(value)["name"]) is str  # pylint: disable=unidiomatic-typecheck


def test_env_fallbacks_read_the_given_environment_only():
    spec = _action.with_environment(_action.definition_of("ppe_domain").argument_spec(), {"PPE_URL": BASE})
    validated = _action.ArgumentSpecValidator(spec).validate({"org": "acme.example", "name": "acme.example"})
    assert validated.validated_parameters["url"] == BASE
    assert validated.error_messages == ["missing required arguments: password, username"]
