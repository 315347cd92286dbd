# -*- coding: utf-8 -*-
# Copyright (c) ppe.essentials contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Email tagging: GET/PUT/PATCH /orgs/{d}/email-tagging and GET/POST/DELETE .../email-tagging/exemptions."""

from __future__ import annotations

import copy
import json

import pytest

TAGS = "/orgs/acme.example/email-tagging"
EXEMPT = TAGS + "/exemptions"


@pytest.fixture
def plus(api):
    """acme.example on a package that offers email warning tags."""
    assert api.put("/orgs/acme.example/licensing", {"package": "advanced_plus"}).status_code == 204
    return api


def test_defaults_and_patch_merges_at_any_depth(plus, err):
    tags = plus.get(TAGS, as_="acme").get_json()
    assert tags["email_subject_tags"] == {"is_enabled": False, "content": "[External]"}
    assert tags["email_warning_tags"]["warning_tags"] == {"dmarc_failure": False, "domain_age_failure": False,
                                                          "geo_ip_failure": False}
    resp = plus.patch(TAGS, {"email_warning_tags": {"is_enabled": True, "warning_tags": {"geo_ip_failure": "true"}}})
    assert resp.status_code == 204 and resp.data == b""
    after = plus.get(TAGS).get_json()
    expected = copy.deepcopy(tags)
    expected["email_warning_tags"]["is_enabled"] = True
    expected["email_warning_tags"]["warning_tags"]["geo_ip_failure"] = True
    assert after == expected


def test_put_replaces_and_needs_every_field(plus, err):
    whole = plus.get(TAGS).get_json()
    whole["email_subject_tags"] = {"is_enabled": True, "content": "[EXT]"}
    assert plus.put(TAGS, whole).status_code == 204
    assert plus.get(TAGS).get_json() == whole
    err(plus.put(TAGS, {"email_subject_tags": {"is_enabled": True, "content": "x"}}), 422, "email_warning_tags")


def test_validation(plus, err):
    err(plus.patch(TAGS, {"email_warning_tags": {"warning_tags": {"geo_ip_failure": "maybe", "moon_phase": True}},
                          "email_subject_tags": {"content": 5}, "colour": "red"}), 422,
        "email_warning_tags.warning_tags.geo_ip_failure", "email_warning_tags.warning_tags.moon_phase",
        "email_subject_tags.content", "colour")
    err(plus.patch(TAGS, {"email_warning_tags": True}), 422, "email_warning_tags")
    err(plus.patch(TAGS, {"email_subject_tags": {"content": "x" * 101}}), 422, "at most 100")
    err(plus.patch(TAGS, [1]), 400)
    assert plus.get(TAGS).get_json()["email_subject_tags"]["content"] == "[External]"


def test_package_scope_and_permissions(api, err):
    assert api.get(TAGS).status_code == 200
    err(api.patch(TAGS, {"email_subject_tags": {"is_enabled": True}}), 403, "business package")
    err(api.post(EXEMPT, {"exemptions": ["a@b.example"]}), 403, "business package")
    api.put("/orgs/acme.example/licensing", {"package": "professional_plus"})
    err(api.patch(TAGS, {"email_subject_tags": {"is_enabled": True}}, as_="readonly"), 403, "read-only")
    err(api.patch(TAGS, {"email_subject_tags": {"is_enabled": True}}, as_="alice"), 403)
    err(api.get("/orgs/globex.example/email-tagging"), 403)
    err(api.get("/orgs/nowhere.example/email-tagging"), 404)
    assert api.get(TAGS, as_=None).status_code == 401
    err(api.post(TAGS, {}), 405)
    err(api.put(EXEMPT, {"exemptions": []}), 405)
    assert api.patch(TAGS, {"email_subject_tags": {"is_enabled": True}}, as_="acme").status_code == 204


def test_exemptions_add_remove(plus, err):
    assert plus.get(EXEMPT).get_json() == {"exemptions": []}
    resp = plus.post(EXEMPT, {"exemptions": ["Boss@Partner.example", "vendor.example", "*@news.example"]})
    assert resp.status_code == 201
    assert resp.get_json() == {"exemptions": ["Boss@Partner.example", "vendor.example", "*@news.example"]}
    assert plus.post(EXEMPT, {"exemptions": ["boss@partner.example", "new.example"]}).get_json()["exemptions"] == [
        "Boss@Partner.example", "vendor.example", "*@news.example", "new.example"]
    resp = plus.call("DELETE", EXEMPT, data=json.dumps({"exemptions": ["VENDOR.example", "absent.example"]}),
                     headers={"Content-Type": "application/json"})
    assert resp.status_code == 204
    assert plus.get(EXEMPT).get_json()["exemptions"] == ["Boss@Partner.example", "*@news.example", "new.example"]
    err(plus.post(EXEMPT, {"exemptions": ["not an address", "10.0.0.1"], "extra": 1}), 422, "not an address",
        "10.0.0.1", "extra")
    err(plus.post(EXEMPT, {"exemptions": []}), 422, "exemptions")
    err(plus.delete(EXEMPT), 422, "exemptions")
    err(plus.call("DELETE", EXEMPT, data="{bad", headers={"Content-Type": "application/json"}), 400)
    assert len(plus.get(EXEMPT).get_json()["exemptions"]) == 3


def test_state_keeps_tagging_and_new_orgs_get_defaults(plus):
    plus.patch(TAGS, {"email_subject_tags": {"content": "[Outside]"}})
    plus.post(EXEMPT, {"exemptions": ["kept.example"]})
    state = plus.client.get("/_sim/state").get_json()
    assert plus.client.put("/_sim/state", json=state).status_code == 204
    assert plus.get(TAGS).get_json()["email_subject_tags"]["content"] == "[Outside]"
    assert plus.get(EXEMPT).get_json() == {"exemptions": ["kept.example"]}
    assert plus.post("/orgs/msp.example/orgs", {"primary_domain": "fresh.example", "name": "Fresh"}).status_code == 201
    assert plus.get("/orgs/fresh.example/email-tagging").get_json()["email_subject_tags"]["content"] == "[External]"
