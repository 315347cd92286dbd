# -*- coding: utf-8 -*-
# Copyright (c) ppe.essentials contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Odin (issue 25): odin_settings of users (ppe_user, ppe_users, ppe_user_info) and ppe_login_token, in process
against the simulator with its Odin scenario (tests/simulator/odin_scenario.json): a strategic partner that is an
Odin Platform Partner, its admin who can impersonate, and a customer with an imitable organization admin.

Each case is a pair where it writes: check mode, then the real run on the same state, with the request log."""

from __future__ import annotations

import json
import os

import pytest

from ansible_collections.ppe.essentials.plugins.module_utils._client import PPEClient
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
    assert check["changed"] is True and check["user"]["odin_settings"] == {"can_impersonate": False,
                                                                            "is_imitable": True}, check
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
