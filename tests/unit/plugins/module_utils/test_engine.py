# -*- coding: utf-8 -*-
# Copyright (c) ppe.essentials contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The engine on a toy resource over a fake HTTP layer: requests made, changed, result and diff."""

from __future__ import annotations

import json

import pytest
import responses

from ansible_collections.ppe.essentials.plugins.module_utils._client import PPEClient
from ansible_collections.ppe.essentials.plugins.module_utils._engine import Run, ensure
from ansible_collections.ppe.essentials.plugins.module_utils._errors import NotFoundError, OptionError
from ansible_collections.ppe.essentials.plugins.module_utils._normalize import check_email
from ansible_collections.ppe.essentials.plugins.module_utils._resource import HIDDEN, Field, Resource

BASE = "https://stack.ppe.test/api/v1"
ITEM = BASE + "/orgs/a.example/things/t1"
COLL = BASE + "/orgs/a.example/things"
ORG = BASE + "/orgs/a.example"
ORG_OBJECT = {"primary_domain": "a.example", "domains": [{"name": "a.example"}]}
SECRET = "hunter2-but-much-longer-secret"


class Thing(Resource):
    result_key = noun = "thing"
    path = "orgs/{org}/things/{name}"
    collection = "orgs/{org}/things"
    identity_option = identity_field = "name"
    location_options = {"org": {"type": "str"}, "name": {"type": "str"}}
    fields = (
        Field("enabled", "bool", default=True),
        Field("owner", "email", validate=check_email),
        Field("members", "list", elements="email", default=[]),
        Field("safe_list_senders", "list", elements="sender", default=[]),
        Field("plan", "str", immutable=True, immutable_hint="use ppe_licensing"),
        Field("password", "str", secret=True),
    )


CURRENT = {"name": "t1", "enabled": True, "owner": "Boss@A.example", "members": ["b@a.example", "A@a.example"],
           "white_list_senders": ["x.example"], "plan": "business"}


def params(**kw):
    base = dict(org="a.example", name="t1", state="present", enabled=None, owner=None, members=None,
                safe_list_senders=None, plan=None, password=None)
    base.update(kw)
    return base


@pytest.fixture
def client():
    return PPEClient("https://stack.ppe.test", "admin@a.example", SECRET, sleep=lambda s: None)


def methods():
    return [c.request.method for c in responses.calls]


def run_warn(client, check=False, **kw):
    warnings = []
    out = ensure(Run(Thing(), client, params(**kw), check, warnings.append))
    return out, warnings


def run(client, check=False, **kw):
    return run_warn(client, check, **kw)[0]


@responses.activate
def test_unchanged_when_equal_after_normalization(client):
    responses.get(ITEM, json=CURRENT)
    out, warnings = run_warn(client, owner="boss@a.example", members=["a@A.EXAMPLE", "B@a.example", "a@a.example"],
                             safe_list_senders=["X.example"], enabled=True)
    assert out["changed"] is False and methods() == ["GET"] and not warnings
    assert out["diff"]["before"] == out["diff"]["after"]
    assert out["thing"]["safe_list_senders"] == ["x.example"] and "white_list_senders" not in out["thing"]


@responses.activate
def test_update_writes_only_the_changed_fields_once_and_diffs_managed_fields(client):
    responses.get(ITEM, json=CURRENT)
    responses.put(ITEM, status=204)
    out = run(client, enabled=False, owner="boss@a.example")
    assert out["changed"] is True and methods() == ["GET", "PUT"]
    body = json.loads(responses.calls[1].request.body)
    assert body == {"enabled": False}  # never what was read: that would undo a concurrent job's change
    assert out["diff"] == {"before": {"enabled": True, "owner": "boss@a.example"},
                           "after": {"enabled": False, "owner": "boss@a.example"}}
    assert out["thing"]["enabled"] is False


@responses.activate
def test_check_mode_update_predicts_without_writing(client):
    responses.get(ITEM, json=CURRENT)
    out = run(client, check=True, members=["c@a.example"])
    assert out["changed"] is True and methods() == ["GET"]
    assert out["diff"]["after"] == {"members": ["c@a.example"]}
    assert out["thing"]["members"] == ["c@a.example"]


@responses.activate
def test_create_sends_identity_and_set_options_only(client):
    responses.get(ITEM, status=404, json={"status": 404, "error_message": "Not Found"})
    responses.get(ORG, json=ORG_OBJECT)
    responses.post(COLL, status=201, json={"name": "t1", "enabled": True, "owner": "o@a.example", "members": [],
                                           "safe_list_senders": [], "plan": ""})
    out = run(client, owner="o@a.example", password=SECRET)
    assert out["changed"] and methods() == ["GET", "GET", "POST"]
    assert json.loads(responses.calls[2].request.body) == {"name": "t1", "owner": "o@a.example", "password": SECRET}
    assert out["diff"]["before"] == {}
    assert out["diff"]["after"]["owner"] == "o@a.example" and out["diff"]["after"]["password"] == HIDDEN
    assert SECRET not in json.dumps(out)


@responses.activate
def test_check_mode_create_predicts_api_defaults(client):
    responses.get(ITEM, status=404)
    responses.get(ORG, json=ORG_OBJECT)
    out = run(client, check=True, owner="o@a.example")
    assert out["changed"] and methods() == ["GET", "GET"]
    assert out["thing"] == {"name": "t1", "owner": "o@a.example", "enabled": True, "members": [], "safe_list_senders": []}


@responses.activate
def test_conflict_after_a_retried_create_reads_the_resource_back(client):
    responses.get(ITEM, status=404)
    responses.get(ORG, json=ORG_OBJECT)
    responses.post(COLL, status=503)
    responses.post(COLL, status=409, json={"status": 409, "error_message": "exists"})
    responses.get(ITEM, json=dict(CURRENT, name="t1"))
    out = run(client, owner="boss@a.example")
    assert out["changed"] and methods() == ["GET", "GET", "POST", "POST", "GET"]
    assert out["thing"]["name"] == "t1"


@responses.activate
def test_plain_conflict_is_an_error(client):
    responses.get(ITEM, status=404)
    responses.get(ORG, json=ORG_OBJECT)
    responses.post(COLL, status=409, json={"status": 409, "error_message": "Domain already exists"})
    with pytest.raises(Exception) as info:
        run(client)
    assert "HTTP 409: Domain already exists" in str(info.value)


@responses.activate
def test_absent_deletes_and_reports_the_full_object(client):
    responses.get(ITEM, json=CURRENT)
    responses.delete(ITEM, status=204)
    out = run(client, state="absent")
    assert out["changed"] and methods() == ["GET", "DELETE"]
    assert out["thing"] is None and out["diff"]["after"] == {}
    assert out["diff"]["before"]["owner"] == "boss@a.example" and "password" not in out["diff"]["before"]


@responses.activate
def test_absent_when_gone_and_check_mode_absent_make_no_write(client):
    responses.get(ITEM, status=404)
    responses.get(ORG, json=ORG_OBJECT)
    out = run(client, state="absent")
    assert out["changed"] is False and methods() == ["GET", "GET"]
    responses.replace(responses.GET, ITEM, json=CURRENT)
    out = run(client, check=True, state="absent")
    assert out["changed"] is True and methods() == ["GET", "GET", "GET"]


@responses.activate
@pytest.mark.parametrize("check", [True, False])
@pytest.mark.parametrize("state", ["present", "absent"])
def test_missing_organization_is_an_error_in_both_modes(client, check, state):
    responses.get(ITEM, status=404)
    responses.get(ORG, status=404)
    with pytest.raises(NotFoundError) as info:
        run(client, check=check, state=state, owner="o@a.example")
    assert "organization a.example does not exist" in str(info.value)
    assert methods() == ["GET", "GET"]


@responses.activate
def test_not_found_after_a_retried_delete_is_success(client):
    responses.get(ITEM, json=CURRENT)
    responses.delete(ITEM, status=504)
    responses.delete(ITEM, status=404)
    out = run(client, state="absent")
    assert out["changed"] and methods() == ["GET", "DELETE", "DELETE"]


@responses.activate
def test_immutable_difference_warns_and_is_not_a_change(client):
    responses.get(ITEM, json=CURRENT)
    out, warnings = run_warn(client, plan="professional")
    assert out["changed"] is False and methods() == ["GET"]
    assert out["unapplied"] == [{"field": "plan", "current": "business", "requested": "professional",
                                 "hint": "use ppe_licensing"}]
    assert len(warnings) == 1 and "plan is 'business', 'professional' was requested" in warnings[0]
    assert "use ppe_licensing" in warnings[0]


@responses.activate
def test_unapplied_difference_can_be_ignored_or_fail_before_any_write(client):
    responses.get(ITEM, json=CURRENT)
    out, warnings = run_warn(client, plan="professional", enabled=False, on_unapplied="ignore", check=True)
    assert out["changed"] is True and warnings == [] and out["unapplied"][0]["field"] == "plan"
    with pytest.raises(OptionError) as info:
        run(client, plan="professional", enabled=False, on_unapplied="fail")
    assert "plan" in str(info.value) and methods() == ["GET", "GET"]


@responses.activate
def test_object_errors_fail_in_check_mode_like_a_real_run(client):
    class Strict(Thing):
        def object_errors(self, obj):
            return ["owner: needed when disabled"] if not obj.get("enabled") and not obj.get("owner") else []
    responses.get(ITEM, json={"name": "t1", "enabled": True})
    for check in (True, False):
        with pytest.raises(OptionError) as info:
            ensure(Run(Strict(), client, params(enabled=False), check))
        assert "owner: needed when disabled" in str(info.value)
    assert methods() == ["GET", "GET"]


@responses.activate
def test_secret_is_never_compared_or_returned(client):
    responses.get(ITEM, json=dict(CURRENT, password="whatever"))
    out = run(client, password=SECRET)
    assert out["changed"] is False and methods() == ["GET"]
    assert "password" not in out["thing"] and SECRET not in json.dumps(out)


def test_validation_errors_name_every_bad_option():
    errors = Thing().validation_errors(params(owner="not-an-email"))
    assert errors == ["owner: 'not-an-email' is not a valid e-mail address"]


def test_argument_spec_marks_secrets_no_log_and_defaults_to_unmanaged():
    spec = Thing().argument_spec()
    assert spec["password"]["no_log"] is True
    assert spec["owner"] == {"type": "str"}
    assert spec["members"] == {"type": "list", "elements": "str"}
    assert spec["state"]["default"] == "present"


@responses.activate
def test_conflict_with_a_concurrent_job_converges_instead_of_failing(client):
    responses.get(ITEM, status=404)
    responses.get(ORG, json=ORG_OBJECT)
    responses.post(COLL, status=409, json={"status": 409, "error_message": "exists"})
    responses.get(ITEM, json={"name": "t1", "enabled": True, "owner": "other@a.example"})
    responses.put(ITEM, status=204)
    out = run(client, owner="o@a.example")
    assert out["changed"] and methods() == ["GET", "GET", "POST", "GET", "PUT"]
    assert json.loads(responses.calls[-1].request.body) == {"owner": "o@a.example"}
    assert out["diff"] == {"before": {"owner": "other@a.example"}, "after": {"owner": "o@a.example"}}


@responses.activate
def test_conflict_for_an_object_created_equal_by_a_concurrent_job_is_no_change(client):
    responses.get(ITEM, status=404)
    responses.get(ORG, json=ORG_OBJECT)
    responses.post(COLL, status=409, json={"status": 409, "error_message": "exists"})
    responses.get(ITEM, json={"name": "t1", "owner": "o@a.example"})
    out = run(client, owner="o@a.example")
    assert out["changed"] is False and methods() == ["GET", "GET", "POST", "GET"]
