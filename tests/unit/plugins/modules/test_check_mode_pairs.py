# -*- coding: utf-8 -*-
# Copyright (c) ppe.essentials contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Check mode predicts what the real run meets (issue 10): each case is a pair, the check-mode answer and then the
real run on the same state, with the simulator's log of writes; and one diff for one change in ppe_user and
ppe_users, in check mode and in a real run."""

from __future__ import annotations

import pytest

from tests.unit.plugins.modules.conftest import run_module, writes

# (module, options, what both runs must say): refused by the API, so refused before any write in both modes.
REFUSED = {
    "feature-outside-the-package": (
        "ppe_features", {"org": "acme.example", "features": {"email_encryption": True}},
        "email_encryption"),
    "relay-without-a-destination": (
        "ppe_domain", {"org": "acme.example", "name": "relay.acme.example", "is_relay": True},
        "destination"),
    "user-outside-the-organizations-domains": (
        "ppe_user", {"org": "acme.example", "email": "bob@initrode.example", "firstname": "Bob"},
        "initrode.example"),
    "organization-create-without-parent-and-name": (
        "ppe_org", {"domain": "hooli.example", "country": "US", "stateprov": "CA"},
        "creating it needs parent, name"),
}


@pytest.mark.parametrize("case", sorted(REFUSED))
def test_what_the_real_run_refuses_check_mode_refuses_too(simulator, case):
    store, client = simulator
    module, options, named = REFUSED[case]
    check = run_module(module, options, True, client)
    real = run_module(module, options, False, client)
    for result in (check, real):
        assert result.get("failed") is True, result
        assert named in result["msg"], result["msg"]
    assert check["msg"] == real["msg"]
    assert writes(store) == []


def test_a_predicted_create_is_what_the_real_run_does(simulator):
    store, client = simulator
    options = {"org": "acme.example", "name": "new.acme.example", "destination": "mx.acme.example"}
    check = run_module("ppe_domain", options, True, client)
    assert check["changed"] is True and writes(store) == []
    real = run_module("ppe_domain", options, False, client)
    assert real["changed"] is True
    assert writes(store) == [("POST", "/api/v1/orgs/acme.example/domains")]
    assert real["diff"] == check["diff"]
    again = run_module("ppe_domain", options, False, client)
    assert again["changed"] is False and len(writes(store)) == 1


@pytest.mark.parametrize("check_mode", [True, False], ids=["check", "run"])
def test_ppe_user_and_ppe_users_show_one_diff_for_one_change(simulator, check_mode):
    store, client = simulator
    change = {"email": "alice@acme.example", "firstname": "Alicia", "surname": "Anders"}
    single = run_module("ppe_user", dict(change, org="acme.example"), check_mode, client)
    if not check_mode:  # back to the state the bulk module starts from
        run_module("ppe_user", dict(change, org="acme.example", firstname="Alice"), False, client)
    bulk = run_module("ppe_users", {"org": "acme.example", "users": [change]}, check_mode, client)
    assert single["changed"] is bulk["changed"] is True
    before, after = single["diff"]["before"], single["diff"]["after"]
    assert before != after and "password" not in before and "password" not in after
    assert bulk["diff"]["before"]["users"] == {"alice@acme.example": before}
    assert bulk["diff"]["after"]["users"] == {"alice@acme.example": after}
    assert len(writes(store)) == (0 if check_mode else 3)
