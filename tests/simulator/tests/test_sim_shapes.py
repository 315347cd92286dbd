# -*- coding: utf-8 -*-
# Copyright (c) ppe.essentials contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""A lost answer (the request is carried out, its answer never arrives) and the `shapes` setting (the other plausible
answers where the simulator's shape is inferred)."""

from __future__ import annotations

import pytest

DOMAINS = "/orgs/acme.example/domains"


def test_a_lost_answer_is_carried_out_then_dropped_or_answered_with_an_error(api):
    api.client.put("/_sim/faults", json={"next": [{"lost": True, "method": "POST"},
                                                  {"lost": True, "status": 502, "method": "POST"}]})
    with pytest.raises(ConnectionError):
        api.post(DOMAINS, {"name": "lost.example"})
    answer = api.post(DOMAINS, {"name": "lost-too.example"})
    assert answer.status_code == 502 and answer.get_json()["error_message"] == "Simulated server error"
    assert api.get(DOMAINS + "/lost.example").status_code == 200
    assert api.get(DOMAINS + "/lost-too.example").status_code == 200
    assert [(e["status"], e.get("lost")) for e in api.log()] == [(201, True), (201, True), (200, None), (200, None)]


@pytest.mark.parametrize("shapes", [["bogus"], "bare_lists", [1], ["bare_lists", "items_lists"]])
def test_shapes_validation(api, shapes):
    assert api.client.put("/_sim/config", json={"shapes": shapes}).status_code == 400
    assert api.client.get("/_sim/config").get_json()["shapes"] == []


def test_no_is_verified_hides_the_state_only(api):
    api.client.put("/_sim/dns/acme.example", json={"verification": ["TXT"]})
    api.client.put("/_sim/config", json={"shapes": ["no_is_verified"]})
    assert api.put(DOMAINS + "/acme.example/verify/TXT").status_code == 204
    assert "is_verified" not in api.get(DOMAINS + "/acme.example").get_json()
    assert all("is_verified" not in d for d in api.get(DOMAINS).get_json()["domains"])
    api.client.put("/_sim/config", json={"shapes": []})
    assert api.get(DOMAINS + "/acme.example").get_json()["is_verified"] is True


def test_azure_unset_200_answers_empty_fields_and_a_put_still_creates(api):
    api.client.put("/_sim/config", json={"shapes": ["azure_unset_200"]})
    unset = api.get("/orgs/acme.example/settings/azure")
    assert unset.status_code == 200 and unset.get_json()["application_id"] == ""
    assert api.put("/orgs/acme.example/settings/azure", {"application_id": "app"}).status_code == 422  # no ad_key
    assert api.put("/orgs/acme.example/settings/azure", {"application_id": "app", "ad_key": "k"}).status_code == 204
    assert api.get("/orgs/acme.example/settings/azure").get_json()["application_id"] == "app"


@pytest.mark.parametrize("shape, products, keypairs", [
    ("bare_lists", lambda b: b, lambda b: b),
    ("items_lists", lambda b: b["items"], lambda b: b["items"]),
])
def test_list_shapes(api, shape, products, keypairs):
    api.client.put("/_sim/config", json={"shapes": [shape]})
    listed = api.get("/orgs/acme.example/products").get_json()
    assert [p["label"] for p in products(listed)] == ["Email_Security", "Email_Archive", "Security_Awareness"]
    assert keypairs(api.get(DOMAINS + "/acme.example/dkim").get_json()) == []
    assert "domains" in api.get(DOMAINS).get_json()  # a documented key stays
    stats = api.get("/stats/msp.example/partner?period=1d").get_json()
    assert (isinstance(stats, list) if shape == "bare_lists" else stats["total"] == len(stats["items"]) == 1)
