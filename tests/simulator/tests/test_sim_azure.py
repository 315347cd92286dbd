# -*- coding: utf-8 -*-
# Copyright (c) ppe.essentials contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Azure AD sync settings and sync exemptions, including the calls of public clients of the API."""

from __future__ import annotations

ORG = "/orgs/acme.example"
AZURE = ORG + "/settings/azure"
EXEMPT = AZURE + "/exemptions"
APP_ID = "0f8fad5b-d9cb-469f-a165-70867728950e"


def psp_body(app_id=APP_ID, secret="s3cret-value"):
    """The body PSProofpoint's Set-ProofpointAzureSync sends (the whole object; JSON booleans, an int)."""
    return {"primary_domain": "acme.example", "application_id": app_id, "ad_key": secret, "disable_login": False,
            "default_user_role_name": "silent_User", "sync_frequency": 1, "sync_active_users": True,
            "sync_distribution_groups": False, "sync_security_groups": True, "add_users": True,
            "update_users": True, "remove_deleted_users": False, "add_groups": False, "update_groups": False,
            "remove_deleted_groups": False}


def test_not_set_up_is_404_and_put_creates(api, err):
    err(api.get(AZURE), 404, "not set up")
    err(api.put(AZURE, {"sync_frequency": 2}), 422, "application_id", "ad_key")
    assert api.get(AZURE).status_code == 404
    resp = api.put(AZURE, psp_body(), as_="acme")
    assert resp.status_code == 204 and resp.data == b""
    got = api.get(AZURE).get_json()
    assert got["application_id"] == APP_ID and got["default_user_role_name"] == "silent_user"
    assert got["sync_security_groups"] is True and got["sync_frequency"] == 1
    assert "ad_key" not in got and "s3cret-value" not in api.get(AZURE).get_data(as_text=True)
    assert set(got) >= {"primary_domain", "application_id", "secret_expiry", "last_successful_sync"}


def test_partial_put_merges_and_validates(api, err):
    api.put(AZURE, psp_body())
    assert api.put(AZURE, {"sync_frequency": "6", "add_groups": True}).status_code == 204
    got = api.get(AZURE).get_json()
    assert got["sync_frequency"] == 6 and got["add_groups"] is True and got["add_users"] is True
    err(api.put(AZURE, {"sync_frequency": 0, "default_user_role_name": "admin", "colour": "red",
                        "primary_domain": "globex.example", "ad_key": "", "add_users": "maybe"}), 422,
        "sync_frequency", "default_user_role_name", "colour", "primary_domain", "ad_key", "add_users")
    err(api.put(AZURE, [1]), 400)
    assert api.get(AZURE).get_json()["sync_frequency"] == 6


def test_delete_resets_and_permissions(api, err):
    api.put(AZURE, psp_body())
    err(api.put(AZURE, {"add_users": False}, as_="readonly"), 403, "read-only")
    err(api.delete(AZURE, as_="readonly"), 403)
    err(api.get(AZURE, as_="other"), 403, "outside")
    err(api.get("/orgs/nowhere.example/settings/azure"), 404)
    err(api.post(AZURE, psp_body()), 405)
    assert api.delete(AZURE).status_code == 204
    err(api.get(AZURE), 404)
    assert api.delete(AZURE).status_code == 204


def test_exemptions_add_list_remove(api, err):
    assert api.get(EXEMPT).get_json() == []
    assert api.put(EXEMPT, {"emails": ["Room1@acme.example", "scanner@acme.example"]}).status_code == 204
    assert api.put(EXEMPT, {"exemptions": "room1@ACME.example, printer@acme.example"}).status_code == 204
    assert api.put(EXEMPT, [{"email": "fax@acme.example"}]).status_code == 204
    assert [e["email"] for e in api.get(EXEMPT).get_json()] == [
        "Room1@acme.example", "scanner@acme.example", "printer@acme.example", "fax@acme.example"]
    err(api.put(EXEMPT, {"emails": ["not-an-address"], "x": 1}), 422, "not-an-address", "x")
    err(api.put(EXEMPT, {}), 422, "emails")
    err(api.put(EXEMPT, None), 422, "emails")
    assert api.delete(EXEMPT + "/room1@acme.example").status_code == 204
    assert api.delete(EXEMPT + "/scanner%40acme.example").status_code == 204
    err(api.delete(EXEMPT + "/room1@acme.example"), 404, "not exempt")
    err(api.put(EXEMPT, {"emails": ["a@acme.example"]}, as_="readonly"), 403)
    err(api.get(EXEMPT + "/fax@acme.example"), 405)
    assert api.delete(EXEMPT).status_code == 204
    assert api.get(EXEMPT).get_json() == []


def test_public_clients_get_the_answers_they_expect(api):
    """Replays the calls of the public clients that use these endpoints, checking what each one reads.

    PSProofpoint (Midnigh7/PSProofpoint): Set-ProofpointAzureSync PUTs its whole body, Get-ProofpointAzureSync
    returns the GET answer. codieg0/proofpoint-essentials-api: get_azure_details.sh prints four fields with jq,
    get_exempt_azure.sh runs ``jq -r '.[].email'``. A read-only sync checker (Coretelligent.Proofpoint module)
    treats a 404 of the settings as "sync not set up", reads sync_frequency, last_successful_sync and
    remove_deleted_users, and takes exemptions as an array of strings or of objects with ``email``.
    The MCP server generated from the spec (MSPbotsAI/proofpoint-mcp) calls each path and method.
    """
    # Coretelligent: 404 before anything is set up -> $null -> "sync not enabled".
    assert api.get(AZURE).status_code == 404
    # PSProofpoint Set-ProofpointAzureSync (its body, with the application id its typo leaves empty filled in).
    assert api.put(AZURE, psp_body()).status_code == 204
    # PSProofpoint Get-ProofpointAzureSync / codieg0 get_azure_details.sh.
    answer = api.get(AZURE).get_json()
    for field in ("primary_domain", "application_id", "secret_expiry", "last_successful_sync"):
        assert field in answer and answer[field] is not None
    assert answer["primary_domain"] == "acme.example"
    # Coretelligent: sync_frequency non-zero means enabled; remove_deleted_users is a boolean.
    assert str(answer["sync_frequency"]) not in ("", "0") and isinstance(answer["remove_deleted_users"], bool)
    # MSP77 put_azure_exemptions, then codieg0 get_exempt_azure.sh: jq -r '.[].email'.
    assert api.put(EXEMPT, {"emails": "room1@acme.example,room2@acme.example"}).status_code == 204
    listing = api.get(EXEMPT).get_json()
    assert isinstance(listing, list)
    assert [item["email"] for item in listing] == ["room1@acme.example", "room2@acme.example"]
    # MSP77 delete_azure_exemptions (one), delete_all_azure_exemptions, delete_azure_settings.
    assert api.delete(EXEMPT + "/room1@acme.example").status_code == 204
    assert api.delete(EXEMPT).status_code == 204 and api.get(EXEMPT).get_json() == []
    assert api.delete(AZURE).status_code == 204 and api.get(AZURE).status_code == 404


def test_settings_survive_a_state_dump(api):
    api.put(AZURE, psp_body())
    api.put(EXEMPT, {"emails": ["room1@acme.example"]})
    dump = api.client.get("/_sim/state").get_json()
    assert "s3cret-value" not in str(dump)
    assert api.client.put("/_sim/state", json=dump).status_code == 204
    assert api.get(AZURE).get_json()["application_id"] == APP_ID
    assert api.get(EXEMPT).get_json() == [{"email": "room1@acme.example"}]
