# -*- coding: utf-8 -*-
# Copyright (c) ppe.essentials contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Group sender lists: groups named by id or by name, kept per group, in the org's scope."""

from __future__ import annotations

ORG = "/orgs/acme.example"


def test_group_by_id_or_name(api, err):
    assert api.get(ORG + "/groups/502/sender-lists").get_json() == {"allow_list": ["partner.example"], "block_list": []}
    assert api.get(ORG + "/groups/support/sender-lists").get_json()["allow_list"] == ["partner.example"]
    assert api.patch(ORG + "/groups/Sales/sender-lists", {"block_list": ["spam.example"]}, as_="acme").status_code == 204
    assert api.get(ORG + "/groups/501/sender-lists").get_json() == {"allow_list": [], "block_list": ["spam.example"]}
    # Other groups, the org and its users keep their own lists.
    assert api.get(ORG + "/groups/502/sender-lists").get_json()["block_list"] == []
    assert api.get(ORG + "/sender-lists").get_json()["block_list"] == []


def test_group_errors_and_scope(api, err):
    err(api.get(ORG + "/groups/999/sender-lists"), 404, "no group 999")
    err(api.get(ORG + "/groups/Marketing/sender-lists"), 404, "Marketing")
    err(api.get("/orgs/globex.example/groups/501/sender-lists"), 403)
    err(api.patch(ORG + "/groups/501/sender-lists", {"allow_list": ["bad@@x"]}), 422, "bad@@x")
    err(api.patch(ORG + "/groups/501/sender-lists", {"allow_list": []}, as_="readonly"), 403)
    err(api.get(ORG + "/groups/501"), 404)
    err(api.put(ORG + "/groups/501/sender-lists", {"allow_list": []}), 405)


def test_group_lists_survive_a_state_dump(api):
    api.patch(ORG + "/groups/501/sender-lists", {"allow_list": ["friend.example"]})
    dump = api.client.get("/_sim/state").get_json()
    assert api.client.put("/_sim/state", json=dump).status_code == 204
    assert api.get(ORG + "/groups/Sales/sender-lists").get_json()["allow_list"] == ["friend.example"]
