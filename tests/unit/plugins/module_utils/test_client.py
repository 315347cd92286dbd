# -*- coding: utf-8 -*-
# Copyright (c) ppe.essentials contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""PPEClient against a fake HTTP layer (responses): headers, retries, error mapping, secret hygiene."""

from __future__ import annotations

import random

import pytest
import requests
import responses

from ansible_collections.ppe.essentials.plugins.module_utils import errors
from ansible_collections.ppe.essentials.plugins.module_utils.client import PPEClient, api_path, parse_retry_after
from ansible_collections.ppe.essentials.plugins.module_utils.version import COLLECTION_VERSION

BASE = "https://us1.ppe.test"
SECRET = "s3cret-Pa55word-that-must-not-leak"


class Recorder:
    def __init__(self):
        self.warnings = []
        self.sleeps = []

    def warn(self, msg):
        self.warnings.append(msg)

    def sleep(self, seconds):
        self.sleeps.append(seconds)


@pytest.fixture
def rec():
    return Recorder()


@pytest.fixture
def client(rec):
    return PPEClient(BASE, "admin@msp.example", SECRET, retries=3, retry_max_delay=10,
                     warn=rec.warn, sleep=rec.sleep, rng=random.Random(7))


def url(path):
    return BASE + "/api/v1" + path


@responses.activate
def test_sends_auth_terms_and_user_agent_headers(client):
    responses.get(url("/me"), json={"type": "channel_admin"})
    assert client.get("/me") == {"type": "channel_admin"}
    sent = responses.calls[0].request.headers
    assert sent["X-User"] == "admin@msp.example"
    assert sent["X-Password"] == SECRET
    assert sent["X-Terms-Update"] == "true"
    assert sent["User-Agent"].startswith("ppe.essentials/%s" % COLLECTION_VERSION)


@pytest.mark.parametrize("given", [BASE, BASE + "/", BASE + "/api/v1", BASE + "/api/v1/"])
def test_base_url_gets_api_prefix_exactly_once(given):
    assert PPEClient(given, "u@x.example", "p").base_url == BASE


def test_api_path_quotes_segments_but_keeps_at_sign():
    assert api_path("orgs", "acme.example", "users", "Bob Smith@acme.example") == \
        "/orgs/acme.example/users/Bob%20Smith@acme.example"


@responses.activate
def test_one_session_is_reused_for_keep_alive(client):
    responses.get(url("/me"), json={})
    session = client.session
    client.get("/me")
    client.get("/me")
    assert client.session is session and isinstance(session, requests.Session)


@responses.activate
def test_retries_5xx_with_backoff_then_succeeds(client, rec):
    responses.get(url("/orgs/a.example"), status=503, json={"status": 503, "error_message": "busy"})
    responses.get(url("/orgs/a.example"), status=502)
    responses.get(url("/orgs/a.example"), json={"primary_domain": "a.example"})
    assert client.get("/orgs/a.example") == {"primary_domain": "a.example"}
    assert len(responses.calls) == 3
    assert len(rec.warnings) == 2 and "HTTP 503" in rec.warnings[0] and "retry 1 of 3" in rec.warnings[0]
    # exponential with jitter: attempt n waits within [base*2^(n-1)/2, base*2^(n-1)]
    assert 0.5 <= rec.sleeps[0] <= 1.0 and 1.0 <= rec.sleeps[1] <= 2.0


@responses.activate
def test_gives_up_after_the_retry_budget(client, rec):
    responses.get(url("/me"), status=500, json={"status": 500, "error_message": "boom"})
    with pytest.raises(errors.ServerError) as info:
        client.get("/me")
    assert len(responses.calls) == 4  # first try + 3 retries
    assert "GET /me failed with HTTP 500: boom" in str(info.value)
    assert info.value.after_retry


@responses.activate
def test_429_honours_retry_after_capped(client, rec):
    responses.get(url("/me"), status=429, headers={"Retry-After": "2"})
    responses.get(url("/me"), status=429, headers={"Retry-After": "3600"})
    responses.get(url("/me"), json={})
    client.get("/me")
    assert rec.sleeps == [2.0, 10.0]


def test_retry_after_parses_http_dates():
    assert parse_retry_after("Wed, 21 Oct 2015 07:28:10 GMT", now=1445412480.0) == 10.0
    assert parse_retry_after("garbage") is None
    assert parse_retry_after(None) is None


@pytest.mark.parametrize("status", [400, 401, 403, 404, 409, 422])
@responses.activate
def test_no_retry_on_4xx(client, rec, status):
    responses.get(url("/orgs/a.example"), status=status, json={"status": status, "error_message": "nope"})
    with pytest.raises(errors.PPEError) as info:
        client.get("/orgs/a.example")
    assert len(responses.calls) == 1 and not rec.warnings
    assert info.value.status == status


@pytest.mark.parametrize("status, cls, hint", [
    (401, errors.AuthenticationError, "Check username and password"),
    (403, errors.PermissionDeniedError, "outside your account's hierarchy"),
    (404, errors.NotFoundError, "does not exist"),
    (409, errors.ConflictError, "unique across the whole"),
    (422, errors.ValidationError, "correct the values"),
    (400, errors.BadRequestError, "could not parse"),
])
@responses.activate
def test_errors_are_typed_and_actionable(client, status, cls, hint):
    body = None if status == 401 else {"status": status, "error_message": "API says no"}
    responses.put(url("/orgs/a.example/features"), status=status, json=body)
    with pytest.raises(cls) as info:
        client.request("PUT", "/orgs/a.example/features", {"dlp": True})
    message = str(info.value)
    assert message.startswith("PUT /orgs/a.example/features failed with HTTP %d" % status)
    assert hint in message
    if body:
        assert "API says no" in message


@responses.activate
def test_422_lists_the_offending_items(client):
    responses.post(url("/orgs/a.example/domains"), status=422, json={
        "status": 422, "error_message": "Invalid data",
        "errors": [{"identifier": "destination", "error_message": "not a host"}]})
    with pytest.raises(errors.ValidationError) as info:
        client.request("POST", "/orgs/a.example/domains", {"name": "x.example"})
    assert "destination: not a host" in str(info.value)
    assert info.value.errors[0]["identifier"] == "destination"


@responses.activate
def test_post_is_not_retried_on_5xx_unless_safe(client):
    responses.post(url("/token/a.example"), status=503)
    with pytest.raises(errors.ServerError):
        client.request("POST", "/token/a.example", {"user_to_impersonate": "x@a.example"})
    assert len(responses.calls) == 1


@responses.activate
def test_post_is_retried_on_429(client):
    responses.post(url("/token/a.example"), status=429)
    responses.post(url("/token/a.example"), status=201, json={"auth_token": "t"})
    assert client.request("POST", "/token/a.example", {}).data == {"auth_token": "t"}


@responses.activate
def test_safe_post_retried_and_conflict_marked_after_retry(client):
    responses.post(url("/orgs/a.example/domains"), status=502)
    responses.post(url("/orgs/a.example/domains"), status=409, json={"status": 409, "error_message": "exists"})
    with pytest.raises(errors.ConflictError) as info:
        client.request("POST", "/orgs/a.example/domains", {"name": "n.example"}, retry_unsafe=True)
    assert info.value.after_retry and len(responses.calls) == 2


@responses.activate
def test_connection_errors_are_retried_then_reported(client, rec):
    responses.get(url("/me"), body=requests.exceptions.ConnectionError("refused"))
    with pytest.raises(errors.PPEConnectionError) as info:
        client.get("/me")
    assert len(responses.calls) == 4 and len(rec.warnings) == 3
    assert "could not connect" in str(info.value) and "PPE_URL" in str(info.value)


@responses.activate
def test_207_with_errors_raises_partial_failure_with_created_items(client):
    responses.post(url("/orgs/a.example/users"), status=207, json={
        "users": [{"primary_email": "ok@a.example"}],
        "errors": [{"status": 409, "identifier": "dup@a.example", "error_message": "exists"}]})
    with pytest.raises(errors.PartialFailureError) as info:
        client.request("POST", "/orgs/a.example/users", [{}, {}])
    assert info.value.succeeded == [{"primary_email": "ok@a.example"}]
    assert "dup@a.example: exists (HTTP 409)" in str(info.value)


@responses.activate
def test_207_without_errors_is_success(client):
    responses.post(url("/orgs/a.example/users"), status=207, json={"users": [{"primary_email": "a@a.example"}], "errors": []})
    assert client.request("POST", "/orgs/a.example/users", [{}]).status == 207


@responses.activate
def test_get_or_none_maps_404_only(client):
    responses.get(url("/orgs/a.example/domains/x.example"), status=404, json={"status": 404, "error_message": "Not Found"})
    assert client.get_or_none("/orgs/a.example/domains/x.example") is None


@responses.activate
def test_password_never_appears_in_errors_or_warnings(client, rec):
    # A hostile or buggy server echoes the password back; the client must scrub it everywhere.
    responses.get(url("/me"), status=503, json={"error_message": "bad password %s" % SECRET})
    responses.get(url("/me"), status=403, json={"status": 403, "error_message": "denied for %s" % SECRET})
    with pytest.raises(errors.PermissionDeniedError) as info:
        client.get("/me")
    texts = [str(info.value), repr(info.value), info.value.api_message, str(info.value.to_result())] + rec.warnings
    assert all(SECRET not in t for t in texts)
    assert "********" in str(info.value)


@pytest.mark.parametrize("options, expected", [({"ca_path": "/etc/ca.pem"}, "/etc/ca.pem"),
                                               ({"validate_certs": False}, False),
                                               ({}, True)])
@responses.activate
def test_ca_path_and_validate_certs_win_over_ca_bundle_variables(monkeypatch, options, expected):
    # requests would otherwise let these variables override a session-level verify setting
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", "/env/bundle.pem")
    monkeypatch.setenv("CURL_CA_BUNDLE", "/env/curl.pem")
    responses.get(url("/me"), json={})
    PPEClient(BASE, "u@x.example", "p", **options).get("/me")
    sent = responses.calls[0].request.req_kwargs["verify"]
    assert sent == (expected if expected is not True else "/env/bundle.pem")


@responses.activate
def test_stack_discovery_follows_endpoints_once_per_client(client):
    responses.get(url("/endpoints/acme.example"), json={"endpoints": ["https://eu1.ppe.test", "https://us9.ppe.test"]})
    assert client.use_stack_of("ACME.example") == "https://eu1.ppe.test"
    assert client.use_stack_of("acme.example") == "https://eu1.ppe.test"
    assert len(responses.calls) == 1
    responses.get("https://eu1.ppe.test/api/v1/orgs/acme.example", json={"primary_domain": "acme.example"})
    assert client.get("/orgs/acme.example") == {"primary_domain": "acme.example"}


@responses.activate
def test_stack_discovery_keeps_the_url_when_it_serves_the_org_or_the_org_is_new(client):
    responses.get(url("/endpoints/acme.example"), json={"endpoints": ["https://eu1.ppe.test", BASE + "/"]})
    responses.get(url("/endpoints/new.example"), status=404, json={"status": 404, "error_message": "Not Found"})
    assert client.use_stack_of("acme.example") == BASE
    assert client.use_stack_of("new.example") == BASE
