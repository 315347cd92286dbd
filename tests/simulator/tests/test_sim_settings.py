# -*- coding: utf-8 -*-
# Copyright (c) ppe.essentials contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Features, licensing, package and sender lists."""

from __future__ import annotations

import pytest

ORG = "/orgs/acme.example"
BUSINESS = {"attachment_defense", "disclaimers", "dlp", "instant_replay", "outbound_relaying", "smtp_discovery",
            "url_defense", "anti_spoofing"}


def test_features_depend_on_package(api):
    feats = api.get(ORG + "/features").get_json()
    assert set(feats) == BUSINESS
    assert feats["instant_replay"] == 30 and feats["url_defense"] is True and feats["dlp"] is False
    api.put(ORG + "/package", {"package": "beginner"})
    assert set(api.get(ORG + "/features").get_json()) == {"disclaimers", "outbound_relaying", "smtp_discovery",
                                                          "anti_spoofing"}
    api.put(ORG + "/package", {"package": "professional_plus"})
    assert len(api.get(ORG + "/features").get_json()) == 15


@pytest.mark.parametrize("package, feature, offered", [
    ("advanced", "email_encryption", True), ("business_plus", "email_encryption", False),
    ("professional", "email_archive", True), ("advanced_plus", "email_archive", False),
    ("advanced_plus", "email_warning_tags", True), ("professional", "email_warning_tags", False),
    ("business_plus", "one_click_remediation", True), ("advanced", "one_click_remediation", False),
    ("professional_plus", "automatic_remediation", True), ("business", "automatic_remediation", False),
])
def test_feature_table(api, package, feature, offered):
    api.put(ORG + "/licensing", {"package": package})
    assert (feature in api.get(ORG + "/features").get_json()) is offered


def test_put_features_partial_with_string_values(api, err):
    resp = api.put(ORG + "/features", {"dlp": "true", "instant_replay": "14"}, as_="acme")
    assert resp.status_code == 204 and resp.data == b""
    feats = api.get(ORG + "/features").get_json()
    assert feats["dlp"] is True and feats["instant_replay"] == 14 and feats["url_defense"] is True
    err(api.put(ORG + "/features", {"teleport": True, "dlp": "sometimes"}), 422, "teleport", "dlp")
    err(api.put(ORG + "/features", {"email_archive": True}), 403, "email_archive", "business")
    err(api.put(ORG + "/features", {"dlp": True}, as_="readonly"), 403)
    err(api.post(ORG + "/features", {"dlp": True}), 405)


def test_licensing_get_put(api, err):
    assert api.get(ORG + "/licensing").get_json() == {"license_count": 25, "package": "business",
                                                      "is_on_trial": False, "is_beginner_plus": False}
    assert api.put(ORG + "/licensing", {"license_count": 40, "is_on_trial": True}).status_code == 204
    org = api.get(ORG).get_json()
    assert org["user_licenses"] == 40 and org["is_on_trial"] is True and org["licensing_package"] == "business"
    assert api.put(ORG + "/licensing", {"package": "advanced", "is_beginner_plus": True}).status_code == 204
    assert api.get(ORG).get_json()["licensing_package"] == "advanced"
    err(api.put(ORG + "/licensing", {"license_count": -1, "package": "gold", "x": 1}), 422, "license_count",
        "package", "x")
    err(api.put(ORG + "/licensing", {"license_count": 1}, as_="acme"), 403, "partner")
    assert api.get(ORG + "/licensing", as_="acme").status_code == 200


def test_package_put_reflected_in_org(api, err):
    api.put(ORG + "/licensing", {"is_on_trial": True})
    resp = api.put(ORG + "/package", {"package": "professional", "is_activated": True, "is_eula_confirmed": True,
                                      "is_trial_extended": False})
    assert resp.status_code == 204
    org = api.get(ORG).get_json()
    assert org["licensing_package"] == "professional" and org["is_on_trial"] is False
    assert api.get(ORG + "/licensing").get_json()["package"] == "professional"
    err(api.get(ORG + "/package"), 405)
    err(api.put(ORG + "/package", {"package": "mega"}), 422, "package")
    err(api.put(ORG + "/package", {}), 422)
    err(api.put(ORG + "/package", {"package": "business"}, as_="acme"), 403)
    err(api.put(ORG + "/package", "{bad json", headers={"Content-Type": "application/json"}), 400)


@pytest.mark.parametrize("path", [ORG + "/sender-lists", ORG + "/users/alice@acme.example/sender-lists",
                                  ORG + "/groups/501/sender-lists"])
def test_sender_lists_crud(api, err, path):
    assert api.get(path).get_json() == {"allow_list": [], "block_list": []}
    resp = api.post(path, {"allow_list": ["friend@partner.example", "*@*.trusted.example", "10.1.*.*"]})
    assert resp.status_code == 201 and resp.get_json()["block_list"] == []
    assert api.patch(path, {"block_list": ["spam.example", "192.0.2.0/24", "*@bad.example"]}).status_code == 204
    assert api.get(path).get_json() == {"allow_list": ["friend@partner.example", "*@*.trusted.example", "10.1.*.*"],
                                        "block_list": ["spam.example", "192.0.2.0/24", "*@bad.example"]}
    body = err(api.patch(path, {"allow_list": ["ok@x.example", "bad@@x", "10.0.0.0/16", "1.2.3.999"]}), 422)
    assert [e["value"] for e in body["errors"]] == ["bad@@x", "10.0.0.0/16", "1.2.3.999"]
    assert api.get(path).get_json()["allow_list"][0] == "friend@partner.example"
    err(api.patch(path, {}), 422, "at least one")
    err(api.patch(path, {"allow_list": "x@y.example"}), 422)
    err(api.put(path, {"allow_list": []}), 405)
    assert api.delete(path, json={"whatever": 1}).status_code == 204
    assert api.get(path).get_json() == {"allow_list": [], "block_list": []}


def test_sender_lists_share_storage_with_org_and_user(api):
    api.patch(ORG + "/sender-lists", {"allow_list": ["a@b.example"]})
    org = api.get(ORG, headers={"X-Terms-Update": "true"}).get_json()
    assert org["safe_list_senders"] == ["a@b.example"]
    api.put(ORG + "/users/bob@acme.example", {"black_list_senders": ["x.example"]})
    assert api.get(ORG + "/users/bob@acme.example/sender-lists").get_json()["block_list"] == ["x.example"]


def test_sender_lists_scope(api, err):
    err(api.get("/orgs/globex.example/sender-lists"), 403)
    err(api.get(ORG + "/users/carol@globex.example/sender-lists"), 404)
    err(api.patch(ORG + "/sender-lists", {"allow_list": []}, as_="readonly"), 403)
    assert api.patch(ORG + "/sender-lists", {"allow_list": []}, as_="acme").status_code == 204
