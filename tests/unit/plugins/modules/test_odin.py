# -*- coding: utf-8 -*-
# Copyright (c) ppe.essentials contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Odin (issue 25): odin_settings of users (ppe_user, ppe_users, ppe_user_info) and ppe_login_token, in process
against the simulator with its Odin scenario (tests/simulator/odin_scenario.json): a strategic partner that is an
Odin Platform Partner, its admin who can impersonate, and a customer with an imitable organization admin.

Each case is a pair where it writes: check mode, then the real run on the same state, with the request log."""

from __future__ import annotations

import importlib
import json
import os

import pytest
from ansible.module_utils.common.arg_spec import ArgumentSpecValidator

from ansible_collections.ppe.essentials.plugins.module_utils._client import PPEClient
from ansible_collections.ppe.essentials.plugins.module_utils._module import execute
from ansible_collections.ppe.essentials.plugins.plugin_utils._action import censored, definition_of
from tests.simulator import res_users
from tests.unit.plugins.modules.conftest import BASE, run_module, writes

SCENARIO = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))),
                        "simulator", "odin_scenario.json")
USERS = "/api/v1/orgs/tenant.example/users"


def load_odin(store):
    """The demo fixture plus the Odin scenario's organizations."""
    with open(SCENARIO, encoding="utf-8") as handle:
        scenario = json.load(handle)
    state = store.dump()
    state["orgs"] += scenario["orgs"]
    store.load(state)


def partner_client(username="odin@odin-partner.example", password="odin-password"):
    return PPEClient(BASE, username, password, sleep=lambda s: None)


@pytest.fixture
def odin(simulator):
    """(store, client of the Odin partner's admin), the request log empty."""
    store, _client = simulator
    load_odin(store)
    del store.log[:]
    return store, partner_client()


def calls(store):
    return [(e["method"], e["path"]) for e in store.log]


def settings(store, email):
    return store.user_by_email(email)[1]["odin_settings"]


# -- odin_settings on ppe_user -----------------------------------------------------------------------------------
def test_making_an_organization_admin_imitable_is_a_pair_and_idempotent(odin):
    store, client = odin
    options = {"org": "tenant.example", "email": "helpdesk@tenant.example", "odin_settings": {"is_imitable": True}}
    check = run_module("ppe_user", options, True, client)
    assert check["changed"] is True, check
    assert check["diff"] == {"before": {"odin_settings": {"can_impersonate": False, "is_imitable": False}},
                             "after": {"odin_settings": {"can_impersonate": False, "is_imitable": True}}}
    assert calls(store) == [("GET", USERS + "/helpdesk@tenant.example")]
    del store.log[:]
    real = run_module("ppe_user", options, False, client)
    assert real["changed"] is True and real["diff"] == check["diff"], real
    # the PUT sends the whole object (the API replaces it), then one GET checks that the API kept it
    assert calls(store) == [("GET", USERS + "/helpdesk@tenant.example"), ("PUT", USERS + "/helpdesk@tenant.example"),
                            ("GET", USERS + "/helpdesk@tenant.example")]
    assert settings(store, "helpdesk@tenant.example") == {"can_impersonate": False, "is_imitable": True}
    assert real["user"]["odin_settings"] == {"can_impersonate": False, "is_imitable": True}
    del store.log[:]
    again = run_module("ppe_user", dict(options, odin_settings={"is_imitable": True, "can_impersonate": False}), False,
                       client)
    assert again["changed"] is False, again
    assert calls(store) == [("GET", USERS + "/helpdesk@tenant.example")]


def test_only_the_given_sub_key_is_compared(odin):
    store, client = odin
    result = run_module("ppe_user", {"org": "tenant.example", "email": "admin@tenant.example",
                                     "odin_settings": {"is_imitable": True}}, False, client)
    assert result["changed"] is False and writes(store) == []


def test_the_partner_admin_may_impersonate(odin):
    store, client = odin
    options = {"org": "odin-partner.example", "email": "plain@odin-partner.example",
               "odin_settings": {"can_impersonate": True}}
    assert run_module("ppe_user", options, True, client)["changed"] is True
    assert writes(store) == []
    assert run_module("ppe_user", options, False, client)["changed"] is True
    assert settings(store, "plain@odin-partner.example")["can_impersonate"] is True


REFUSED = {
    "is-imitable-for-an-end-user": (
        {"org": "tenant.example", "email": "eve@tenant.example", "odin_settings": {"is_imitable": True}},
        "odin_settings.is_imitable: only an organization_admin can be imitated (this user is end_user)"),
    "can-impersonate-for-an-organization-admin": (
        {"org": "tenant.example", "email": "helpdesk@tenant.example", "odin_settings": {"can_impersonate": True}},
        "odin_settings.can_impersonate: only a strategic_partner_admin or oem_partner_admin can impersonate (this "
        "user is organization_admin)"),
    "is-imitable-with-a-type-change-to-end-user": (
        {"org": "tenant.example", "email": "admin@tenant.example", "type": "end_user",
         "odin_settings": {"is_imitable": True}},
        "odin_settings.is_imitable: only an organization_admin can be imitated (this user is end_user)"),
    "is-imitable-for-a-new-end-user": (
        {"org": "tenant.example", "email": "new@tenant.example", "firstname": "New",
         "odin_settings": {"is_imitable": True}},
        "odin_settings.is_imitable: only an organization_admin can be imitated (this user is end_user)"),
}


@pytest.mark.parametrize("case", sorted(REFUSED))
def test_what_the_api_would_ignore_is_refused_before_any_write(odin, case):
    store, client = odin
    options, message = REFUSED[case]
    check = run_module("ppe_user", options, True, client)
    real = run_module("ppe_user", options, False, client)
    for result in (check, real):
        assert result.get("failed") is True, result
        assert message in result["msg"], result["msg"]
        assert "Nothing was written" in result["msg"]
    assert writes(store) == []


def test_demoting_an_imitable_admin_is_not_refused(odin):
    """The API drops is_imitable when the type changes; a task that does not manage odin_settings may demote."""
    store, client = odin
    options = {"org": "tenant.example", "email": "admin@tenant.example", "type": "end_user"}
    check = run_module("ppe_user", options, True, client)
    assert check["changed"] is True and check["user"]["odin_settings"]["is_imitable"] is False, check
    real = run_module("ppe_user", options, False, client)
    assert real["changed"] is True, real
    assert writes(store) == [("PUT", USERS + "/admin@tenant.example")]
    assert settings(store, "admin@tenant.example")["is_imitable"] is False


def test_a_create_of_an_imitable_admin_sends_both_keys(odin):
    store, client = odin
    options = {"org": "tenant.example", "email": "new@tenant.example", "firstname": "New",
               "type": "organization_admin", "odin_settings": {"is_imitable": True}}
    check = run_module("ppe_user", options, True, client)
    assert check["changed"] is True, check
    assert check["user"]["odin_settings"] == {"can_impersonate": False, "is_imitable": True}, check
    assert writes(store) == []
    real = run_module("ppe_user", options, False, client)
    assert real["changed"] is True and not real.get("failed"), real
    assert writes(store) == [("POST", USERS)]
    assert settings(store, "new@tenant.example") == {"can_impersonate": False, "is_imitable": True}


@pytest.fixture
def ignoring_api(monkeypatch):
    """An API that silently drops every odin_settings value (as the guide says it may: "IGNORED unless allowed")."""
    monkeypatch.setattr(res_users, "_odin", lambda value, user_type, errors, prefix="": {
        "can_impersonate": False, "is_imitable": False})


def test_a_value_the_api_did_not_keep_is_an_error_naming_the_rule(odin, ignoring_api):
    store, client = odin
    options = {"org": "tenant.example", "email": "helpdesk@tenant.example", "odin_settings": {"is_imitable": True}}
    result = run_module("ppe_user", options, False, client)
    assert result.get("failed") is True, result
    assert result["changed"] is True
    assert "the API did not keep odin_settings.is_imitable=true for helpdesk@tenant.example" in result["msg"]
    assert "Odin" in result["msg"] and "organization_admin" in result["msg"]
    assert calls(store)[-1] == ("GET", USERS + "/helpdesk@tenant.example")


# -- ppe_users and ppe_user_info ---------------------------------------------------------------------------------------
def test_ppe_users_items_take_odin_settings(odin):
    store, client = odin
    options = {"org": "tenant.example", "users": [
        {"email": "helpdesk@tenant.example", "odin_settings": {"is_imitable": True}},
        {"email": "admin@tenant.example", "odin_settings": {"is_imitable": True}},
        {"email": "eve@tenant.example"}]}
    check = run_module("ppe_users", options, True, client)
    assert check["changed"] is True and check["updated"] == 1 and check["unchanged"] == 2, check
    assert writes(store) == []
    del store.log[:]
    real = run_module("ppe_users", options, False, client)
    assert real["changed"] is True and real["updated"] == 1 and not real.get("failed"), real
    assert calls(store) == [("GET", USERS), ("PUT", USERS + "/helpdesk@tenant.example"), ("GET", USERS)]
    del store.log[:]
    again = run_module("ppe_users", options, False, client)
    assert again["changed"] is False and calls(store) == [("GET", USERS)]


def test_ppe_users_refuses_what_the_api_would_ignore_before_any_write(odin):
    store, client = odin
    options = {"org": "tenant.example", "users": [
        {"email": "helpdesk@tenant.example", "firstname": "Harold"},
        {"email": "eve@tenant.example", "odin_settings": {"is_imitable": True}}]}
    for check_mode in (True, False):
        result = run_module("ppe_users", options, check_mode, client)
        assert result.get("failed") is True, result
        assert "eve@tenant.example" in result["msg"]
        assert "only an organization_admin can be imitated" in result["msg"]
    assert writes(store) == []


def test_ppe_users_reports_a_value_the_api_did_not_keep(odin, ignoring_api):
    store, client = odin
    options = {"org": "tenant.example", "users": [
        {"email": "helpdesk@tenant.example", "odin_settings": {"is_imitable": True}}]}
    result = run_module("ppe_users", options, False, client)
    assert result.get("failed") is True and result["changed"] is True, result
    assert "the API did not keep odin_settings.is_imitable=true for helpdesk@tenant.example" in result["msg"]


def test_ppe_user_info_returns_odin_settings_as_the_api_gives_them(odin):
    _store, client = odin
    result = run_module("ppe_user_info", {"org": "tenant.example", "email": "admin@tenant.example"}, False, client)
    assert result["user"]["odin_settings"] == {"can_impersonate": False, "is_imitable": True}


# -- ppe_login_token ----------------------------------------------------------------------------------------------
TOKEN = {"org": "tenant.example", "user": "admin@tenant.example"}
PRECONDITION_READS = [("GET", "/api/v1/me"), ("GET", "/api/v1/orgs/odin-partner.example"),
                      ("GET", "/api/v1/orgs/odin-partner.example/users/odin@odin-partner.example"),
                      ("GET", USERS + "/admin@tenant.example")]


def token_run(options, check_mode, client, username="odin@odin-partner.example"):
    """ppe_login_token with the partner admin's login (the module reads the caller's own user by its username)."""
    definition = importlib.import_module("ansible_collections.ppe.essentials.plugins.modules.ppe_login_token")
    definition = definition.DEFINITION
    args = dict(options, url=BASE, username=username, password="unused-here")
    validation = ArgumentSpecValidator(definition.argument_spec()).validate(dict(args))
    assert not validation.error_messages, validation.error_messages
    return execute(definition, validation.validated_parameters, args, check_mode, lambda msg: None, lambda p: client)


def test_a_login_token_check_mode_reads_then_the_run_posts_once(odin):
    store, client = odin
    check = token_run(TOKEN, True, client)
    assert check["changed"] is True and check["auth_token"] is None and check["login_url"] is None, check
    assert "no token was requested" in check["msg"]
    assert calls(store) == PRECONDITION_READS
    del store.log[:]
    real = token_run(TOKEN, False, client)
    assert real["changed"] is True and not real.get("failed"), real
    assert calls(store) == PRECONDITION_READS + [("POST", "/api/v1/token/tenant.example")]
    token = real["auth_token"]
    assert isinstance(token, str) and len(token) > 10
    assert real["login_url"] == BASE + "/app/login.php?auth_token=" + token
    again = token_run(TOKEN, False, client)
    assert again["auth_token"] != token  # a new token each run: not idempotent, as documented


def without_odin_capabilities(store):
    store.org_by_domain("odin-partner.example")["odin_capabilities"] = "none"


def without_can_impersonate(store):
    store.user_by_email("odin@odin-partner.example")[1]["odin_settings"]["can_impersonate"] = False


PRECONDITIONS = {
    "caller-not-a-strategic-or-oem-partner-admin": (
        TOKEN, None, "admin@msp.example",
        "admin@msp.example is a channel_admin: only a strategic or OEM partner admin can get Odin login tokens",
        ["/api/v1/me"]),
    "partner-not-an-odin-platform-partner": (
        TOKEN, without_odin_capabilities, "odin@odin-partner.example",
        "odin-partner.example is not an Odin Platform Partner (its odin_capabilities is 'none')",
        ["/api/v1/me", "/api/v1/orgs/odin-partner.example"]),
    "caller-may-not-impersonate": (
        TOKEN, without_can_impersonate, "odin@odin-partner.example",
        "odin@odin-partner.example may not impersonate (odin_settings.can_impersonate is false): set it with "
        "ppe.essentials.ppe_user", [p for _m, p in PRECONDITION_READS[:3]]),
    "target-not-an-organization-admin": (
        dict(TOKEN, user="eve@tenant.example"), None, "odin@odin-partner.example",
        "eve@tenant.example is a end_user: only an organization_admin can be impersonated", None),
    "target-not-imitable": (
        dict(TOKEN, user="helpdesk@tenant.example"), None, "odin@odin-partner.example",
        "helpdesk@tenant.example is not imitable (odin_settings.is_imitable is false): set it with "
        "ppe.essentials.ppe_user (org: tenant.example, email: helpdesk@tenant.example", None),
    "target-outside-the-hierarchy": (
        {"org": "acme.example", "user": "admin@acme.example"}, None, "odin@odin-partner.example",
        "organization acme.example is outside the hierarchy of odin-partner.example", None),
    "target-missing": (
        dict(TOKEN, user="nobody@tenant.example"), None, "odin@odin-partner.example",
        "organization tenant.example has no user nobody@tenant.example", None),
}


@pytest.mark.parametrize("case", sorted(PRECONDITIONS))
def test_each_precondition_fails_before_the_post_with_what_to_change(odin, case):
    store, _client = odin
    options, setup, username, message, paths = PRECONDITIONS[case]
    if setup:
        setup(store)
    client = partner_client() if username == "odin@odin-partner.example" else PPEClient(
        BASE, username, "demo-password", sleep=lambda s: None)
    for check_mode in (True, False):
        del store.log[:]
        result = token_run(options, check_mode, client, username)
        assert result.get("failed") is True, result
        assert message in result["msg"], result["msg"]
        assert "No token was requested" in result["msg"]
        assert all(method == "GET" for method, _path in calls(store)), calls(store)
        if paths is not None:
            assert [p for _m, p in calls(store)] == paths


def test_a_refused_post_says_what_to_change(odin):
    """The API refuses although the reads said yes (its rules go beyond what the reads show): HTTP 403 mapped."""
    store, client = odin
    store.faults.configure({"next": [{"status": 403, "method": "POST"}]})
    result = token_run(TOKEN, False, client)
    assert result.get("failed") is True, result
    assert "The API refused the token for admin@tenant.example (HTTP 403)" in result["msg"]
    assert "odin_settings.can_impersonate true" in result["msg"] and "Odin Platform Partner" in result["msg"]
    assert calls(store)[-1] == ("POST", "/api/v1/token/tenant.example")


def test_a_token_result_is_censored_by_the_action_plugin_and_a_failure_is_not():
    token = definition_of("ppe_login_token")
    assert censored(token, {"changed": True, "auth_token": "x"})["_ansible_no_log"] is True
    assert "_ansible_no_log" not in censored(token, {"failed": True, "msg": "what to change"})
    assert "_ansible_no_log" not in censored(definition_of("ppe_user"), {"changed": True})


def test_a_create_diff_shows_a_given_password_hidden_and_odin_settings_only_when_given(simulator):
    """created_view keeps the base rule (a secret the task sends is shown as [hidden]) and leaves odin_settings out
    unless the task sets it; the ppe_user scenario playbook caught the first one only on the full test leg."""
    _store, client = simulator
    options = {"org": "acme.example", "email": "dana@acme.example", "firstname": "Dana", "user_password": "S3cret-pw!"}
    result = run_module("ppe_user", options, True, client)
    assert result["diff"]["after"]["password"] == "[hidden]" and "odin_settings" not in result["diff"]["after"]
    result = run_module("ppe_user", dict(options, type="organization_admin", odin_settings={"is_imitable": True}),
                        True, client)
    assert result["diff"]["after"]["odin_settings"] == {"can_impersonate": False, "is_imitable": True}
