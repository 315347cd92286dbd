# -*- coding: utf-8 -*-
# Copyright (c) ppe.essentials contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Users: GET/POST /orgs/{d}/users and GET/PUT/POST/DELETE /orgs/{d}/users/{email}."""

from __future__ import annotations

import pytest

BASE = "/orgs/acme.example/users"
USER_KEYS = {"uid", "primary_email", "is_active", "type", "send_welcome_email", "firstname", "surname", "alias_emails",
             "safe_list_senders", "block_list_senders", "is_billable", "odin_settings", "read_only_user"}


def test_list_users_shape(api):
    users = api.get(BASE).get_json()["users"]
    assert [u["primary_email"] for u in users] == ["admin@acme.example", "alice@acme.example", "bob@acme.example"]
    assert set(users[1]) == USER_KEYS | {"white_list_senders", "black_list_senders"}
    assert users[1]["firstname"] == "Alice" and users[1]["surname"] == "Anders" and users[1]["type"] == "end_user"
    assert users[2]["odin_settings"] == {"can_impersonate": False, "is_imitable": False}
    assert "password" not in str(users) and "password_hash" not in str(users)
    assert set(api.get(BASE, headers={"X-Terms-Update": "TRUE"}).get_json()["users"][0]) == USER_KEYS


def test_create_single_201_defaults(api):
    resp = api.post(BASE, {"primary_email": "Dave@Acme.example", "firstname": "Dave", "password": "s3cret",
                           "send_welcome_email": True})
    assert resp.status_code == 201
    user = resp.get_json()
    assert user["type"] == "end_user" and user["is_billable"] is True and user["is_active"] is True
    assert user["read_only_user"] is False and user["alias_emails"] == [] and user["surname"] == ""
    assert user["uid"] >= 1000 and user["send_welcome_email"] is True and "password" not in user
    assert api.get(BASE + "/dave@acme.example").get_json()["uid"] == user["uid"]


def test_user_path_accepts_percent_40_and_raw_at(api):
    assert api.get(BASE + "/alice%40acme.example").get_json()["firstname"] == "Alice"
    assert api.get(BASE + "/ALICE@acme.example/").status_code == 200
    assert api.log()[-2]["path"] == "/api/v1/orgs/acme.example/users/alice@acme.example"


def test_created_admin_can_log_in_with_password(api):
    api.post(BASE, {"primary_email": "admin2@acme.example", "type": "organization_admin", "password": "pw2"})
    assert api.get("/me", as_=("admin2@acme.example", "pw2")).status_code == 200
    api.put(BASE + "/admin2@acme.example", {"password": "pw3"})
    assert api.get("/me", as_=("admin2@acme.example", "pw2")).status_code == 401
    assert api.get("/me", as_=("admin2@acme.example", "pw3")).status_code == 200


def test_create_at_item_path(api, err):
    assert api.post(BASE + "/erin@acme.example", {"firstname": "Erin"}).status_code == 201
    err(api.post(BASE + "/x@acme.example", {"primary_email": "y@acme.example"}), 422, "primary_email")


def test_batch_207_with_domain_403_item(api):
    body = [{"primary_email": "u1@acme.example"}, {"primary_email": "sue@unknowndomain.com"},
            {"primary_email": "alice@acme.example"}, {"primary_email": "u2@acme.example", "type": "wizard"}]
    resp = api.post(BASE, body)
    assert resp.status_code == 207
    data = resp.get_json()
    assert [u["primary_email"] for u in data["users"]] == ["u1@acme.example"]
    assert data["errors"][0] == {"status": 403, "identifier": "sue@unknowndomain.com",
                                 "error_message": "Forbidden: The domain is not registered to this Organization"}
    assert [e["status"] for e in data["errors"]] == [403, 409, 422]
    # the request log says which items were refused (a race between two jobs shows as 409 items)
    assert api.store.log[-1]["item_errors"] == [403, 409, 422]


def test_single_create_errors(api, err):
    err(api.post(BASE, {"primary_email": "x@globex.example"}), 403, "not registered")
    err(api.post(BASE, {"primary_email": "CAROL@globex.example"}), 403)
    err(api.post("/orgs/globex.example/users", {"primary_email": "carol@globex.example"}, as_="other"), 409)
    err(api.post(BASE, {"primary_email": "ALICE@acme.example"}), 409, "already exists")
    err(api.post(BASE, []), 422)
    err(api.post(BASE, "just a string"), 400)


@pytest.mark.parametrize("body, field", [
    ({}, "primary_email"), ({"primary_email": "no-at.example"}, "primary_email"),
    ({"primary_email": "a@acme.example", "type": "god"}, "type"),
    ({"primary_email": "a@acme.example", "type": "channel_admin"}, "type"),
    ({"primary_email": "a@acme.example", "is_billable": "perhaps"}, "is_billable"),
    ({"primary_email": "a@acme.example", "alias_emails": ["nope"]}, "alias_emails"),
    ({"primary_email": "a@acme.example", "safe_list_senders": ["1.2.3.4/8"]}, "1.2.3.4/8"),
    ({"primary_email": "a@acme.example", "odin_settings": "yes"}, "odin_settings"),
    ({"primary_email": "a@acme.example", "odin_settings": {"fly": True}}, "odin_settings.fly"),
    ({"primary_email": "a@acme.example", "lastname": "x"}, "lastname"),
    ({"primary_email": "a@acme.example", "safe_list_senders": ["a@b.example"], "white_list_senders": []},
     "conflicts"),
])
def test_create_422(api, err, body, field):
    err(api.post(BASE, body), 422, field)
    assert api.get(BASE + "/a@acme.example").status_code == 404


def test_odin_settings_ignored_unless_allowed(api):
    both = {"can_impersonate": True, "is_imitable": True}
    user = api.post(BASE, {"primary_email": "o@acme.example", "odin_settings": both}).get_json()
    assert user["odin_settings"] == {"can_impersonate": False, "is_imitable": False}
    admin = api.post(BASE, {"primary_email": "oa@acme.example", "type": "organization_admin",
                            "odin_settings": {"can_impersonate": True, "is_imitable": True}}).get_json()
    assert admin["odin_settings"] == {"can_impersonate": False, "is_imitable": True}


def test_put_partial_merge_old_and_new_names(api, err):
    resp = api.put(BASE + "/bob@acme.example", {"uid": 212, "surname": "Browne", "white_list_senders": ["*@ok.example"],
                                                "send_welcome_email": True})
    assert resp.status_code == 204 and resp.data == b""
    bob = api.get(BASE + "/bob@acme.example").get_json()
    assert bob["surname"] == "Browne" and bob["firstname"] == "Bob"
    assert bob["safe_list_senders"] == bob["white_list_senders"] == ["*@ok.example"]
    assert bob["send_welcome_email"] is False
    err(api.put(BASE + "/bob@acme.example", {"primary_email": "robert@acme.example"}), 422, "cannot be changed")
    err(api.put(BASE + "/bob@acme.example", {"type": "oem_partner_admin"}), 422, "type")
    err(api.put(BASE + "/nobody@acme.example", {"surname": "x"}), 404)
    err(api.put(BASE + "/carol@globex.example", {"surname": "x"}), 404)


def test_org_admin_manages_own_users(api, err):
    assert api.post(BASE, {"primary_email": "f@acme.example", "type": "silent_user"}, as_="acme").status_code == 201
    assert api.put(BASE + "/f@acme.example", {"is_billable": False}, as_="acme").status_code == 204
    assert api.delete(BASE + "/f@acme.example", as_="acme").status_code == 204
    err(api.post("/orgs/globex.example/users", {"primary_email": "z@globex.example"}, as_="acme"), 403)
    err(api.delete(BASE + "/admin@acme.example", as_="acme"), 403, "own user")


def test_delete_with_body_and_content_type(api, err):
    resp = api.delete(BASE + "/bob@acme.example", json={"primary_email": "bob@acme.example"})
    assert resp.status_code == 204
    err(api.get(BASE + "/bob@acme.example"), 404)
    assert api.post(BASE, {"primary_email": "bob@acme.example"}).status_code == 201


def test_get_with_content_type_and_empty_body(api):
    resp = api.get(BASE, headers={"Content-Type": "application/json"})
    assert resp.status_code == 200


def test_users_405(api, err):
    err(api.delete(BASE), 405)
    err(api.patch(BASE + "/bob@acme.example", {"surname": "x"}), 405)
