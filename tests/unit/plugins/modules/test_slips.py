# -*- coding: utf-8 -*-
# Copyright (c) ppe.essentials contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The commonest slips (issue 20): a leaver's misspelt address must not create a new, billable user, and fewer
licences than the organization's active billable users must be said. Each case is a pair (check mode, then the real
run on the same state) against the simulator in process, with its request log."""

from __future__ import annotations

import importlib

import pytest
from ansible.module_utils.common.arg_spec import ArgumentSpecValidator

from ansible_collections.ppe.essentials.plugins.module_utils._module import execute
from tests.simulator.model import USER_DEFAULTS, with_defaults
from tests.unit.plugins.modules.conftest import BASE, writes

ORG = "acme.example"  # the simulator's organization: admin@, alice@ and bob@acme.example, 25 licences
API = "/api/v1/orgs/" + ORG


def run(name, options, check_mode, client):
    """(result, warnings) of the module `name` run through the modules' glue, as conftest.run_module does."""
    definition = importlib.import_module("ansible_collections.ppe.essentials.plugins.modules." + name).DEFINITION
    args = dict(options, url=BASE, username="admin@msp.example", password="demo-password")
    validation = ArgumentSpecValidator(definition.argument_spec()).validate(dict(args))
    assert not validation.error_messages, validation.error_messages
    warnings = []
    result = execute(definition, validation.validated_parameters, args, check_mode, warnings.append, lambda p: client)
    return result, warnings


def requests(store, since=0):
    return ["%s %s" % (e["method"], e["path"]) for e in store.log[since:]]


def pair(store, client, name, options):
    """The check-mode answer, then the real run's on the same state: [(result, warnings, requests)] * 2."""
    out = []
    for check_mode in (True, False):
        since = len(store.log)
        result, warnings = run(name, options, check_mode, client)
        out.append((result, warnings, requests(store, since)))
    return out


# -- ppe_user never creates a user the task did not ask to create -------------------------------------------------
# A task that only changes a user, for an address that does not exist (here a typo of alice@).
UPDATES = {
    "leaver": {"is_active": False},
    "leaver-with-a-name": {"is_active": False, "firstname": "Alice"},
    "alias": {"alias_emails": ["ally@acme.example"]},
    "service-account": {"type": "functional_account", "is_billable": False},
    "password-reset": {"user_password": "New-Passw0rd-1", "update_password": "always"},
}


@pytest.mark.parametrize("case", sorted(UPDATES))
def test_a_change_for_a_misspelt_user_fails_and_names_the_closest_address(simulator, case):
    store, client = simulator
    (check, _w, check_log), (real, _w2, real_log) = pair(store, client, "ppe_user",
                                                         dict(UPDATES[case], org=ORG, email="alcie@acme.example"))
    for result in (check, real):
        assert result.get("failed") is True, result
        assert "user alcie@acme.example of organization acme.example does not exist" in result["msg"]
        assert "closest: alice@acme.example" in result["msg"], result["msg"]
        assert "Nothing was written" in result["msg"]
    assert check["msg"] == real["msg"]
    # the user, the organization (a missing user or a missing organization?), then the users only to name the closest
    assert check_log == real_log == ["GET %s/users/alcie@acme.example" % API, "GET " + API, "GET %s/users" % API]
    assert writes(store) == []


def test_must_exist_still_refuses_a_create_and_names_the_closest_address(simulator):
    store, client = simulator
    (check, _w, _l), (real, _w2, _l2) = pair(store, client, "ppe_user", {
        "org": ORG, "email": "bbo@acme.example", "firstname": "Bob", "must_exist": True})
    for result in (check, real):
        assert "must_exist is set, so it is not created" in result["msg"]
        assert "closest: bob@acme.example" in result["msg"]
    assert writes(store) == []


def test_a_misspelt_address_with_nothing_close_says_so(simulator):
    store, client = simulator
    result, _w = run("ppe_user", {"org": ORG, "email": "zed@acme.example", "is_active": False}, False, client)
    assert result.get("failed") is True
    assert "no address of the organization is close" in result["msg"], result["msg"]
    assert writes(store) == []


# A task that asks for a new user: it names the person, sets what only a create uses, or says must_exist: false.
CREATES = {
    "firstname": {"firstname": "Dana"},
    "surname": {"surname": "Doe"},
    "initial-password": {"user_password": "Initial-Passw0rd-1"},
    "welcome-email": {"send_welcome_email": False},
    "inactive-on-purpose": {"is_active": False, "must_exist": False},
}


@pytest.mark.parametrize("case", sorted(CREATES))
def test_a_task_that_asks_for_a_new_user_creates_it(simulator, case):
    store, client = simulator
    (check, _w, check_log), (real, _w2, real_log) = pair(store, client, "ppe_user",
                                                         dict(CREATES[case], org=ORG, email="dana@acme.example"))
    assert check["changed"] is real["changed"] is True, (check, real)
    assert check["diff"] == real["diff"]
    assert "GET %s/users" % API not in check_log + real_log  # the users are read only to name a typo's closest
    assert writes(store) == [("POST", API + "/users")]
    assert store.orgs[101]["users"]["dana@acme.example"].get("is_active", True) is (case != "inactive-on-purpose")


def test_an_existing_user_is_changed_by_a_task_that_only_changes_it(simulator):
    store, client = simulator
    options = {"org": ORG, "email": "Alice@acme.example", "is_active": False}
    (check, _w, check_log), (real, _w2, real_log) = pair(store, client, "ppe_user", options)
    assert check["changed"] is real["changed"] is True
    assert check_log == ["GET %s/users/Alice@acme.example" % API]
    assert writes(store) == [("PUT", API + "/users/Alice@acme.example")]


def test_ppe_users_refuses_the_same_slips_before_any_write(simulator):
    store, client = simulator
    users = [{"email": "alcie@acme.example", "is_active": False}, {"email": "dana@acme.example", "firstname": "Dana"},
             {"email": "bbo@acme.example", "alias_emails": ["robert@acme.example"]},
             {"email": "bob@acme.example", "firstname": "Robert"}]
    (check, _w, check_log), (real, _w2, real_log) = pair(store, client, "ppe_users", {"org": ORG, "users": users})
    for result in (check, real):
        assert result.get("failed") is True, result
        assert "alcie@acme.example does not exist" in result["msg"] and "closest: alice@acme.example" in result["msg"]
        assert "bbo@acme.example does not exist" in result["msg"] and "closest: bob@acme.example" in result["msg"]
        assert "dana@" not in result["msg"]
    assert check["msg"] == real["msg"]
    assert check_log == real_log == ["GET %s/users" % API]  # the closest addresses come from that one read
    assert writes(store) == []  # neither Dana's create nor Bob's update: the whole task is refused


def test_ppe_users_creates_what_the_items_ask_for(simulator):
    store, client = simulator
    users = [{"email": "dana@acme.example", "firstname": "Dana"},
             {"email": "erin@acme.example", "is_active": False, "must_exist": False},
             {"email": "bob@acme.example", "is_active": False, "must_exist": True}]
    (check, _w, _l), (real, _w2, _l2) = pair(store, client, "ppe_users", {"org": ORG, "users": users})
    for result in (check, real):
        assert result["changed"] is True and result["created"] == 2 and result["updated"] == 1, result
    assert writes(store) == [("POST", API + "/users"), ("PUT", API + "/users/bob@acme.example")]
    missing = {"org": ORG, "users": [{"email": "frank@acme.example", "firstname": "Frank", "must_exist": True}]}
    result, _w = run("ppe_users", missing, False, client)
    assert result.get("failed") is True and "must_exist is set" in result["msg"], result
    assert len(writes(store)) == 2


@pytest.mark.parametrize("address, addresses, expected", [
    ("alcie@acme.example", ["alice@acme.example", "bob@acme.example", "admin@acme.example"], ["alice@acme.example"]),
    ("alice@acme.exmaple", ["alice@acme.example", "bob@acme.example"], ["alice@acme.example"]),
    ("j.smyth@umbrella.example", ["j.smith@umbrella.example", "a.jones@umbrella.example", "j.smit@umbrella.example"],
     ["j.smith@umbrella.example", "j.smit@umbrella.example"]),
    ("bob@umbrella-corporation.example", ["alice@umbrella-corporation.example"], []),  # a long shared domain is no help
    ("x@acme.example", [], []),
])
def test_closest_addresses(address, addresses, expected):
    from ansible_collections.ppe.essentials.plugins.module_utils._resources.user import closest_addresses
    assert closest_addresses(address, addresses) == expected


# -- licences below the active billable users are said -----------------------------------------------------------
def add_users(store, active_billable, inactive=0, service_accounts=0):
    """Users of acme.example beyond its three: active billable ones, inactive ones and non-billable ones."""
    org = store.orgs[101]
    for index in range(active_billable + inactive + service_accounts):
        store.add_user(org, with_defaults({
            "uid": store.new_uid(), "primary_email": "u%02d@acme.example" % index, "firstname": "U",
            "surname": str(index), "password_hash": "", "is_active": index < active_billable + service_accounts,
            "is_billable": not active_billable <= index < active_billable + service_accounts}, USER_DEFAULTS))


def test_fewer_licences_than_active_billable_users_warn_with_both_numbers(simulator):
    store, client = simulator
    add_users(store, 14, inactive=4, service_accounts=1)  # 3 + 14 = 17 active billable users
    (check, check_warnings, check_log), (real, real_warnings, real_log) = pair(
        store, client, "ppe_licensing", {"org": ORG, "license_count": 5})
    assert check["changed"] is real["changed"] is True
    for warnings in (check_warnings, real_warnings):
        assert len(warnings) == 1, warnings
        assert "5 licences" in warnings[0] and "17 active billable users" in warnings[0], warnings
        assert "organization acme.example" in warnings[0]
    assert check_log == ["GET %s/licensing" % API, "GET %s/users" % API]
    assert real_log == ["GET %s/licensing" % API, "PUT %s/licensing" % API, "GET %s/users" % API]


def test_enough_licences_do_not_warn_and_an_unchanged_count_reads_no_users(simulator):
    store, client = simulator
    add_users(store, 14)
    (check, check_warnings, _l), (real, real_warnings, real_log) = pair(
        store, client, "ppe_licensing", {"org": ORG, "license_count": 17})
    assert check["changed"] is real["changed"] is True
    assert check_warnings == real_warnings == []
    assert real_log == ["GET %s/licensing" % API, "PUT %s/licensing" % API, "GET %s/users" % API]
    store.orgs[101]["user_licenses"] = 5  # below the users, but no longer changed by the task: no read, no word
    (check, check_warnings, check_log), (real, real_warnings, real_log) = pair(
        store, client, "ppe_licensing", {"org": ORG, "license_count": 5, "is_on_trial": False})
    assert check["changed"] is real["changed"] is False
    assert check_warnings == real_warnings == []
    assert check_log == real_log == ["GET %s/licensing" % API]


def test_the_customer_declarations_licensing_warns_too(simulator, monkeypatch):
    store, client = simulator
    customer_env(monkeypatch)
    add_users(store, 14)
    customer = {"domain": ORG, "name": "Acme Corporation", "parent": "msp.example", "licensing": {"license_count": 5}}
    (check, check_warnings, _l), (real, real_warnings, real_log) = pair(store, client, "ppe_customer",
                                                                        {"customer": customer})
    assert not check.get("failed") and not real.get("failed"), (check.get("msg"), real.get("msg"))
    for warnings in (check_warnings, real_warnings):
        assert [w for w in warnings if "5 licences" in w and "17 active billable users" in w], warnings
    assert ("PUT", API + "/licensing") in writes(store)


def customer_env(monkeypatch):
    for name, value in (("URL", BASE), ("USERNAME", "admin@msp.example"), ("PASSWORD", "demo-password")):
        monkeypatch.setenv("PPE_" + name, value)  # each step checks its options with the connection's (as the role)


def test_a_new_customers_user_that_would_be_refused_fails_before_the_organization_is_created(simulator, monkeypatch):
    store, client = simulator
    customer_env(monkeypatch)
    customer = {"domain": "hooli.example", "name": "Hooli", "parent": "msp.example",
                "users": [{"email": "richard@hooli.example", "firstname": "Richard"},
                          {"email": "gavin@hooli.example", "is_active": False}]}
    (check, _w, _l), (real, _w2, _l2) = pair(store, client, "ppe_customer", {"customer": customer})
    for result in (check, real):
        assert result.get("failed") is True, result
        assert "users[1]: the run would create user gavin@hooli.example" in result["msg"], result["msg"]
    assert writes(store) == []


def test_a_declared_administrator_is_created_without_a_name(simulator, monkeypatch):
    store, client = simulator
    customer_env(monkeypatch)
    customer = {"domain": ORG, "name": "Acme Corporation", "parent": "msp.example",
                "admin": {"email": "it@acme.example"}}
    (check, _w, _l), (real, _w2, _l2) = pair(store, client, "ppe_customer", {"customer": customer})
    assert not check.get("failed") and not real.get("failed"), (check.get("msg"), real.get("msg"))
    assert writes(store) == [("POST", API + "/users")]


def test_odd_user_items_are_neither_close_nor_counted():
    from ansible_collections.ppe.essentials.plugins.module_utils._resources.user import UserResource, active_billable
    listed = ["alice@acme.example", None, {"primary_email": "alice@acme.example"}, {"primary_email": 7}]
    assert UserResource().closest({"email": "alcie@acme.example"}, listed) == " (closest: alice@acme.example)"
    assert active_billable(listed + [{"is_active": "maybe"}, {"is_billable": False}, {}]) == 3  # the dicts but two
