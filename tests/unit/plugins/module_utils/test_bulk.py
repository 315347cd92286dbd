# -*- coding: utf-8 -*-
# Copyright (c) ppe.essentials contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The bulk engine with the user resource over a fake HTTP layer: plan, batching, partial failure."""

from __future__ import annotations

import json

import pytest
import responses

from ansible_collections.ppe.essentials.plugins.module_utils import _bulk as bulk
from ansible_collections.ppe.essentials.plugins.module_utils._engine import Run
from ansible_collections.ppe.essentials.plugins.module_utils._client import PPEClient
from ansible_collections.ppe.essentials.plugins.module_utils._errors import PPEError
from ansible_collections.ppe.essentials.plugins.module_utils._resources.user import UserResource, user_item_spec

BASE = "https://stack.ppe.test/api/v1/orgs/a.example/users"
RES = UserResource()
CURRENT = [
    {"primary_email": "Admin@a.example", "type": "organization_admin", "firstname": "Ad", "is_active": True},
    {"primary_email": "alice@a.example", "type": "end_user", "firstname": "Alice", "alias_emails": ["al@a.example"]},
    {"primary_email": "bob@a.example", "type": "end_user", "firstname": "Bob"},
]


def item(**kw):
    base = dict((name, spec.get("default")) for name, spec in user_item_spec().items())
    base.update(org="a.example", **kw)
    return base


@pytest.fixture
def client():
    return PPEClient("https://stack.ppe.test", "admin@a.example", "pw-long-enough", sleep=lambda s: None)


def execute(client, check_mode, items, current, **kw):
    params = {"org": "a.example"}
    return bulk.execute(Run(RES, client, params, check_mode), bulk.make_plan(RES, items, current, params, **kw))


def calls():
    return [(c.request.method, c.request.url.replace("https://stack.ppe.test/api/v1", "")) for c in responses.calls]


def test_plan_sorts_users_into_create_update_delete_unchanged():
    items = [item(email="ALICE@a.example", alias_emails=["AL@a.example"]), item(email="bob@a.example", firstname="Robert"),
             item(email="carol@a.example"), item(email="dave@a.example", state="absent")]
    plan = bulk.make_plan(RES, items, CURRENT, {"org": "a.example"})
    assert [k for k, _i, _b in plan.create] == ["carol@a.example"]
    assert [(k, [f.name for f in w]) for k, _i, _c, w in plan.update] == [("bob@a.example", ["firstname"])]
    assert plan.unchanged == ["alice@a.example"] and plan.delete == []


def test_purge_keeps_the_caller_and_admins_unless_told():
    def keep_admins(user):
        return user["primary_email"].lower() == "admin@a.example" or user.get("type") == "organization_admin"

    plan = bulk.make_plan(RES, [item(email="alice@a.example")], CURRENT, {"org": "a.example"}, purge=True, keep=keep_admins)
    assert [entry[0] for entry in plan.delete] == ["bob@a.example"]
    plan = bulk.make_plan(RES, [item(email="alice@a.example")], CURRENT, {"org": "a.example"}, purge=True, keep=None)
    assert [entry[0] for entry in plan.delete] == ["admin@a.example", "bob@a.example"]


def test_items_are_validated_before_any_request():
    errors = bulk.item_errors(RES, [item(email="ok@a.example"), item(email="bad"), item(email="OK@a.example"),
                                    item(email="c@a.example", safe_list_senders=["10.0.0.0/8"])], "users")
    assert errors == ["users[1] (bad) email: 'bad' is not a valid e-mail address",
                      "users[2] (OK@a.example) is listed more than once",
                      "users[3] (c@a.example) safe_list_senders[0]: '10.0.0.0/8' is not a valid sender-list entry "
                      "(e-mail, domain, *@domain, IPv4 address or network)"]


@responses.activate
def test_creates_go_in_one_batch_and_updates_one_put_each(client):
    responses.post(BASE, status=207, json={"users": [{"primary_email": "carol@a.example", "uid": 9},
                                                     {"primary_email": "dan@a.example", "uid": 10}], "errors": []})
    responses.put(BASE + "/bob@a.example", status=204)
    items = [item(email="carol@a.example", user_password="pw-secret-1"), item(email="dan@a.example"),
             item(email="bob@a.example", is_active=False)]
    out = execute(client, False, items, CURRENT)
    assert calls() == [("POST", "/orgs/a.example/users"), ("PUT", "/orgs/a.example/users/bob@a.example")]
    assert json.loads(responses.calls[0].request.body) == [{"primary_email": "carol@a.example", "password": "pw-secret-1"},
                                                           {"primary_email": "dan@a.example"}]
    assert (out["changed"], out["created"], out["updated"], out["deleted"], out["unchanged"]) == (True, 2, 1, 0, 0)
    emails = [u["primary_email"] for u in out["users"]]
    assert emails == ["Admin@a.example", "alice@a.example", "bob@a.example", "carol@a.example", "dan@a.example"]
    assert out["diff"]["before"]["users"] == {"bob@a.example": {"is_active": True}}
    assert out["diff"]["after"]["users"]["bob@a.example"] == {"is_active": False}
    assert "carol@a.example" in out["diff"]["after"]["users"] and "pw-secret-1" not in json.dumps(out)


@responses.activate
def test_large_creates_are_split_into_batches(client, monkeypatch):
    monkeypatch.setattr(bulk, "BATCH_SIZE", 2)
    responses.post(BASE, status=207, json={"users": [], "errors": []})
    items = [item(email="u%d@a.example" % i) for i in range(5)]
    execute(client, False, items, [])
    assert [len(json.loads(c.request.body)) for c in responses.calls] == [2, 2, 1]


@responses.activate
def test_check_mode_predicts_and_only_the_caller_reads(client):
    items = [item(email="carol@a.example"), item(email="bob@a.example", state="absent")]
    out = execute(client, True, items, CURRENT)
    assert calls() == []
    assert (out["created"], out["deleted"]) == (1, 1)
    assert [u["primary_email"] for u in out["users"]] == ["Admin@a.example", "alice@a.example", "carol@a.example"]
    assert out["diff"]["before"]["users"]["bob@a.example"]["firstname"] == "Bob"


@responses.activate
def test_partial_failure_reports_what_happened_and_what_failed(client):
    responses.post(BASE, status=207, json={
        "users": [{"primary_email": "carol@a.example"}],
        "errors": [{"status": 403, "identifier": "x@other.example",
                    "error_message": "Forbidden: The domain is not registered to this Organization"}]})
    responses.delete(BASE + "/bob@a.example", status=403, json={"status": 403, "error_message": "read-only"})
    items = [item(email="carol@a.example"), item(email="x@other.example"), item(email="bob@a.example", state="absent")]
    out = execute(client, False, items, CURRENT)
    assert out["failed"] and out["changed"] and out["created"] == 1 and out["deleted"] == 0
    assert "2 of 3 users could not be changed" in out["msg"]
    assert "x@other.example: Forbidden: The domain is not registered" in out["msg"]
    assert "bob@a.example: DELETE /orgs/a.example/users/bob@a.example failed with HTTP 403" in out["msg"]
    assert "bob@a.example" in [u["primary_email"] for u in out["users"]]


@responses.activate
def test_conflicts_in_a_retried_batch_are_read_back_as_created(client):
    responses.post(BASE, status=503)
    responses.post(BASE, status=207, json={"users": [], "errors": [
        {"status": 409, "identifier": "carol@a.example", "error_message": "exists"}]})
    responses.get(BASE + "/carol@a.example", json={"primary_email": "carol@a.example", "uid": 5})
    out = execute(client, False, [item(email="carol@a.example")], [])
    assert "failed" not in out and out["created"] == 1
    assert calls()[-1] == ("GET", "/orgs/a.example/users/carol@a.example")


@responses.activate
def test_update_password_always_forces_a_put_without_showing_it(client):
    responses.put(BASE + "/alice@a.example", status=204)
    items = [item(email="alice@a.example", user_password="new-pass-123456", update_password="always")]
    out = execute(client, False, items, CURRENT)
    assert out["updated"] == 1 and json.loads(responses.calls[0].request.body)["password"] == "new-pass-123456"
    assert "new-pass-123456" not in json.dumps(out)


@responses.activate
def test_conflicts_with_a_concurrent_job_are_read_back_with_one_get_and_converged(client):
    """Two jobs creating overlapping users: the batch's conflicts are read back with one GET of the users (one GET
    per user cost 50 round trips for 50 conflicts), then compared like any existing user; a conflicting address that
    the organization does not list (another organization's) stays an error."""
    responses.post(BASE, status=207, json={"users": [{"primary_email": "dan@a.example"}], "errors": [
        {"status": 409, "identifier": "carol@a.example", "error_message": "exists"},
        {"status": 409, "identifier": "erin@a.example", "error_message": "exists"},
        {"status": 409, "identifier": "fay@a.example", "error_message": "exists in another organization"}]})
    responses.get(BASE, json={"users": [{"primary_email": "Carol@a.example", "firstname": "Old"},
                                        {"primary_email": "dan@a.example"},
                                        {"primary_email": "erin@a.example", "firstname": "Erin"}]})
    responses.put(BASE + "/carol@a.example", status=204)
    items = [item(email="carol@a.example", firstname="Carol"), item(email="dan@a.example"),
             item(email="erin@a.example", firstname="Erin"), item(email="fay@a.example")]
    out = execute(client, False, items, [])
    assert calls() == [("POST", "/orgs/a.example/users"), ("GET", "/orgs/a.example/users"),
                       ("PUT", "/orgs/a.example/users/carol@a.example")]
    assert (out["created"], out["updated"], out["unchanged"]) == (1, 1, 1)
    assert out["failed"] and "fay@a.example: exists in another organization" in out["msg"]
    assert json.loads(responses.calls[-1].request.body) == {"firstname": "Carol"}
    assert out["diff"]["after"]["users"]["carol@a.example"] == {"firstname": "Carol"}


@responses.activate
def test_conflict_for_a_user_that_cannot_be_read_stays_an_error(client):
    responses.post(BASE, status=207, json={"users": [], "errors": [
        {"status": 409, "identifier": "carol@a.example", "error_message": "exists elsewhere"}]})
    responses.get(BASE + "/carol@a.example", status=404)
    out = execute(client, False, [item(email="carol@a.example")], [])
    assert out["failed"] and "exists elsewhere" in out["msg"]


@responses.activate
def test_per_user_writes_at_once_go_to_the_organizations_stack():
    """The PUTs and DELETEs run on workers, each with its own client: all of them on the stack that discover_stack
    found for the organization, none on the configured url."""
    client = PPEClient("https://stack.ppe.test", "admin@a.example", "pw-long-enough", sleep=lambda s: None,
                       stack_hosts=["*.ppe.test"])
    responses.get("https://stack.ppe.test/api/v1/endpoints/a.example", json={"endpoints": ["https://eu1.ppe.test"]})
    client.use_stack_of("a.example")
    eu1 = "https://eu1.ppe.test/api/v1/orgs/a.example/users/"
    for name in ("alice", "bob"):
        responses.put(eu1 + name + "@a.example", status=204)
    responses.delete(eu1 + "admin@a.example", status=204)
    responses.delete(eu1 + "carl@a.example", status=204)
    current = CURRENT + [{"primary_email": "carl@a.example", "type": "end_user", "firstname": "Carl"}]
    items = [item(email="alice@a.example", firstname="Alicia"), item(email="bob@a.example", firstname="Robert"),
             item(email="admin@a.example", state="absent"), item(email="carl@a.example", state="absent")]
    out = execute(client, False, items, current)
    assert (out.get("failed"), out["updated"], out["deleted"]) == (None, 2, 2), out.get("msg")
    assert sorted(c.request.method + " " + c.request.url for c in responses.calls[1:]) == [
        "DELETE " + eu1 + "admin@a.example", "DELETE " + eu1 + "carl@a.example",
        "PUT " + eu1 + "alice@a.example", "PUT " + eu1 + "bob@a.example"]


@responses.activate
def test_a_401_on_a_per_user_write_stops_the_run(client):
    """Wrong credentials are wrong for every user: raised (the task fails with the client's message), not recorded
    as one user's failure among the others."""
    for name in ("alice", "bob"):
        responses.put(BASE + "/%s@a.example" % name, status=401, json={"status": 401, "error_message": "Unauthorized"})
    items = [item(email="alice@a.example", firstname="Alicia"), item(email="bob@a.example", firstname="Robert")]
    with pytest.raises(PPEError) as raised:
        execute(client, False, items, CURRENT)
    assert raised.value.status == 401
