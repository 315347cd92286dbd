# -*- coding: utf-8 -*-
# Copyright (c) ppe.essentials contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Authentication settings: MFA policy, login policy and SAML identity providers."""

from __future__ import annotations

import re

AUTH = "/orgs/acme.example/authentication/settings"
CERT = "-----BEGIN CERTIFICATE-----\nMIIBfake\n-----END CERTIFICATE-----"


def idp_body(**extra):
    body = {"name": "Okta", "is_active": True, "description": "Staff SSO", "idp_entity_id": "http://www.okta.com/exk1",
            "idp_login_url": "https://acme.okta.com/app/sso/saml", "idp_public_cert": CERT}
    body.update(extra)
    return body


def test_mfa_defaults_partial_put_and_validation(api, err):
    assert api.get(AUTH + "/mfa").get_json() == {"is_mfa_enabled": False, "mfa_admins_only": False}
    resp = api.put(AUTH + "/mfa", {"is_mfa_enabled": "true"}, as_="acme")
    assert resp.status_code == 204 and resp.data == b""
    assert api.get(AUTH + "/mfa").get_json() == {"is_mfa_enabled": True, "mfa_admins_only": False}
    err(api.put(AUTH + "/mfa", {"is_mfa_enabled": "often", "sms": True}), 422, "is_mfa_enabled", "sms")
    err(api.put(AUTH + "/mfa", {"mfa_admins_only": True}, as_="readonly"), 403, "read-only")
    err(api.get(AUTH + "/mfa", as_="other"), 403)
    err(api.post(AUTH + "/mfa", {}), 405)
    err(api.get("/orgs/nowhere.example/authentication/settings/mfa"), 404)


def test_login_policy(api, err):
    assert api.get(AUTH + "/login").get_json() == {"allow_local_login": True, "idp_for_forced_login": None,
                                                   "allow_azure_login": False, "force_azure_login": False}
    err(api.put(AUTH + "/login", {"force_azure_login": True}), 422, "allow_azure_login")
    assert api.put(AUTH + "/login", {"allow_azure_login": True, "force_azure_login": True}).status_code == 204
    err(api.put(AUTH + "/login", {"idp_for_forced_login": "8c2f0d8e-0000-4000-8000-000000000000"}), 422,
        "idp_for_forced_login")
    err(api.put(AUTH + "/login", {"allow_local_login": 1, "x": True}), 422, "allow_local_login", "x")
    assert api.get(AUTH + "/login").get_json()["force_azure_login"] is True


def test_idp_lifecycle(api, err):
    assert api.get(AUTH + "/idps").get_json() == {"idps": []}
    created = api.post(AUTH + "/idps", idp_body())
    assert created.status_code == 201
    idp = created.get_json()
    assert re.match(r"^[0-9a-f-]{36}$", idp["id"]) and "BEGIN CERTIFICATE" in idp["sp_public_cert"]
    assert idp["name"] == "Okta" and idp["idp_logout_url"] == "" and idp["icon_ref"] == ""
    assert api.get(AUTH + "/idps").get_json() == {"idps": [idp]}
    second = api.post(AUTH + "/idps", idp_body(name="ADFS")).get_json()["id"]
    assert second != idp["id"] and api.delete(AUTH + "/idps/" + second).status_code == 204
    assert api.get(AUTH + "/idps/" + idp["id"]).get_json() == idp
    err(api.post(AUTH + "/idps", idp_body(name="OKTA")), 409, "already exists")
    err(api.post(AUTH + "/idps", {"name": "x", "idp_login_url": "http://plain", "idp_public_cert": "abc", "y": 1}),
        422, "idp_entity_id", "idp_login_url", "idp_public_cert", "y")
    assert api.put(AUTH + "/idps/" + idp["id"], {"description": "Okta SSO", "id": idp["id"]}).status_code == 204
    assert api.get(AUTH + "/idps/" + idp["id"]).get_json()["description"] == "Okta SSO"
    err(api.put(AUTH + "/idps/" + idp["id"], {"name": ""}), 422, "name")
    err(api.put(AUTH + "/idps/" + idp["id"], {"is_active": False}, as_="readonly"), 403)
    # The login policy may force it; then it cannot be deleted.
    assert api.put(AUTH + "/login", {"idp_for_forced_login": idp["id"], "allow_local_login": False}).status_code == 204
    err(api.delete(AUTH + "/idps/" + idp["id"]), 409, "login settings")
    assert api.put(AUTH + "/login", {"idp_for_forced_login": None}).status_code == 204
    assert api.delete(AUTH + "/idps/" + idp["id"]).status_code == 204
    err(api.get(AUTH + "/idps/" + idp["id"]), 404)
    err(api.delete(AUTH + "/idps/" + idp["id"]), 404)
    err(api.patch(AUTH + "/idps/" + idp["id"], {}), 405)


def test_settings_survive_a_state_dump(api):
    api.put(AUTH + "/mfa", {"is_mfa_enabled": True})
    ident = api.post(AUTH + "/idps", idp_body()).get_json()["id"]
    dump = api.client.get("/_sim/state").get_json()
    assert api.client.put("/_sim/state", json=dump).status_code == 204
    assert api.get(AUTH + "/mfa").get_json()["is_mfa_enabled"] is True
    assert api.get(AUTH + "/idps/" + ident).get_json()["name"] == "Okta"
