# -*- coding: utf-8 -*-
# Copyright (c) ppe.essentials contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The engine's less common resource shapes, on the real declarations over a fake HTTP layer: created by PUT,
written with several requests, found by listing, read from several paths, read page by page."""

from __future__ import annotations

import json

import pytest
import responses

from ansible_collections.ppe.essentials.plugins.module_utils._client import PPEClient
from ansible_collections.ppe.essentials.plugins.module_utils._engine import Run, ensure, read
from ansible_collections.ppe.essentials.plugins.module_utils._resources.account import StatsResource
from ansible_collections.ppe.essentials.plugins.module_utils._resources.auth_settings import AuthSettingsResource, SamlIdpResource
from ansible_collections.ppe.essentials.plugins.module_utils._resources.azure_sync import (
    AzureSyncExemptionsResource, AzureSyncResource)

BASE = "https://stack.ppe.test/api/v1"
ORG = BASE + "/orgs/a.example"
SECRET = "Azure-Secret-In-A-Unit-Test"


@pytest.fixture
def client():
    return PPEClient("https://stack.ppe.test", "admin@a.example", "pw-long-enough-123", sleep=lambda s: None)


def calls():
    return [(c.request.method, c.request.url[len(BASE):], json.loads(c.request.body) if c.request.body else None)
            for c in responses.calls]


def spec_params(resource, **given):
    params = dict((name, option.get("default")) for name, option in resource.argument_spec().items())
    params.update(given)
    return params


@responses.activate
def test_settings_created_by_put_of_their_path_with_the_secret(client):
    resource = AzureSyncResource()
    responses.get(ORG + "/settings/azure", status=404, json={"status": 404, "error_message": "Not Found"})
    responses.get(ORG, json={"primary_domain": "a.example"})
    responses.put(ORG + "/settings/azure", status=204)
    out = ensure(Run(resource, client, spec_params(resource, org="a.example", application_id="app",
                                                   client_secret=SECRET, sync_frequency=3)))
    assert out["changed"] and calls()[-1] == ("PUT", "/orgs/a.example/settings/azure",
                                              {"application_id": "app", "ad_key": SECRET, "sync_frequency": 3})
    assert SECRET not in json.dumps(out) and out["diff"]["after"]["ad_key"] == "[hidden]"


@responses.activate
def test_secret_is_not_sent_to_existing_settings_unless_always(client):
    resource = AzureSyncResource()
    responses.get(ORG + "/settings/azure", json={"application_id": "app", "sync_frequency": 3})
    responses.put(ORG + "/settings/azure", status=204)
    out = ensure(Run(resource, client, spec_params(resource, org="a.example", client_secret=SECRET, sync_frequency=4)))
    assert out["changed"] and calls()[-1][2] == {"sync_frequency": 4}
    out = ensure(Run(resource, client, spec_params(resource, org="a.example", client_secret=SECRET,
                                                   update_secret="always")))
    assert out["changed"] and calls()[-1][2] == {"ad_key": SECRET} and SECRET not in json.dumps(out)


@responses.activate
def test_exemptions_write_the_difference(client):
    resource = AzureSyncExemptionsResource()
    path = ORG + "/settings/azure/exemptions"
    responses.get(path, json=[{"email": "a@a.example"}, {"email": "b@a.example"}])
    responses.put(path, status=204)
    responses.delete(path + "/a@a.example", status=204)
    responses.delete(path, status=204)
    out = ensure(Run(resource, client, spec_params(resource, org="a.example", exemptions=["B@a.example", "c@a.example"])))
    assert out["changed"] and calls()[1:] == [("DELETE", "/orgs/a.example/settings/azure/exemptions/a@a.example", None),
                                              ("PUT", "/orgs/a.example/settings/azure/exemptions",
                                               {"emails": ["c@a.example"]})]
    responses.calls.reset()
    ensure(Run(resource, client, spec_params(resource, org="a.example", exemptions=[])))
    assert calls()[1:] == [("DELETE", "/orgs/a.example/settings/azure/exemptions", None)]


@responses.activate
def test_found_by_listing_and_addressed_by_id(client):
    resource = SamlIdpResource()
    idps = ORG + "/authentication/settings/idps"
    listed = [{"id": "id-1", "name": "Other"}, {"id": "id-2", "name": "Okta", "description": ""}]
    responses.get(idps, json={"idps": listed})
    responses.put(idps + "/id-2", status=204)
    responses.delete(idps + "/id-2", status=204)
    responses.get(ORG + "/authentication/settings/login", json={"idp_for_forced_login": "id-1"})  # not forced on it
    out = ensure(Run(resource, client, spec_params(resource, org="a.example", name="OKTA", description="SSO")))
    assert out["changed"] and calls() == [("GET", "/orgs/a.example/authentication/settings/idps", None),
                                          ("PUT", "/orgs/a.example/authentication/settings/idps/id-2",
                                           {"description": "SSO"})]
    assert "id" not in out["diff"]["after"]
    responses.calls.reset()
    out = ensure(Run(resource, client, spec_params(resource, org="a.example", name="okta", state="absent")))
    assert out["changed"] and calls()[-1][:2] == ("DELETE", "/orgs/a.example/authentication/settings/idps/id-2")
    # A bare list answer is read too.
    responses.replace(responses.GET, idps, json=[{"id": "id-3", "name": "Bare"}])
    assert read(Run(resource, client, spec_params(resource, org="a.example", name="bare")))["id"] == "id-3"


@responses.activate
def test_only_the_paths_of_managed_fields_are_read(client):
    resource = AuthSettingsResource()
    auth = ORG + "/authentication/settings/"
    responses.get(auth + "mfa", json={"is_mfa_enabled": False, "mfa_admins_only": False})
    responses.get(auth + "login", json={"allow_local_login": True, "force_azure_login": False,
                                        "allow_azure_login": False, "idp_for_forced_login": None})
    responses.put(auth + "login", status=204)
    out = ensure(Run(resource, client, spec_params(resource, org="a.example", allow_local_login=False)))
    assert calls() == [("GET", "/orgs/a.example/authentication/settings/login", None),
                       ("PUT", "/orgs/a.example/authentication/settings/login", {"allow_local_login": False})]
    assert "is_mfa_enabled" not in out["auth_settings"]
    responses.calls.reset()
    assert set(read(Run(resource, client, {"org": "a.example"}))) >= {"is_mfa_enabled", "allow_local_login"}
    assert [c[1] for c in calls()] == ["/orgs/a.example/authentication/settings/mfa",
                                       "/orgs/a.example/authentication/settings/login"]


def stats_answer(page, size, rows, total=True):
    items = rows[(page - 1) * size:page * size]
    answer = {"period": "7d", "page": page, "page_size": size, "stats": items}
    if total:
        answer["total"] = len(rows)
    return answer


@pytest.mark.parametrize("size, total, pages, cap", [(5, True, 3, None), (7, True, 2, None), (7, False, 3, None),
                                                     (50, True, 1, None), (5, True, 5, 3)])
def test_every_page_is_read(client, size, total, pages, cap):
    rows = [{"n": n} for n in range(14)]
    resource = StatsResource()
    with responses.RequestsMock() as mock:
        def answer(request):
            query = dict(part.split("=") for part in request.url.split("?", 1)[1].split("&"))
            # A server that caps the page size at 3 still gives every row when it says how many there are.
            served = min(int(query["page_size"]), cap or 50000)
            return 200, {}, json.dumps(stats_answer(int(query["page"]), served, rows, total))
        mock.add_callback(responses.GET, BASE + "/stats/a.example/partner/orgs", callback=answer)
        out = read(Run(resource, client, spec_params(resource, org="a.example", children=True, period="7d",
                                                     page_size=size)))
        assert out == {"period": "7d", "total": 14, "stats": rows} if total else {"period": "7d", "stats": rows}
        assert len(mock.calls) == pages
        assert "page=1&page_size=%d" % size in mock.calls[0].request.url
