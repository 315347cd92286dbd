# -*- coding: utf-8 -*-
# Copyright (c) ppe.essentials contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""PPEClient against a fake HTTP layer (responses): headers, retries, error mapping, secret hygiene."""

from __future__ import annotations

import http.client
import json
import random
import re
import socket
import ssl
from urllib.parse import quote, quote_plus

import pytest
import requests
import responses
import urllib3

from ansible_collections.ppe.essentials.plugins.module_utils import _errors as errors
from ansible_collections.ppe.essentials.plugins.module_utils._client import PPEClient, api_path, parse_retry_after
from ansible_collections.ppe.essentials.plugins.module_utils._version import COLLECTION_VERSION
from tests.support import Recorder

BASE = "https://us1.ppe.test"
SECRET = "s3cret-Pa55word-that-must-not-leak"


def NO_SLEEP(seconds):  # pylint: disable=invalid-name
    """A sleep that does not wait."""
    del seconds


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
    with pytest.raises(errors.PPEError) as info:
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
    (401, errors.PPEError, "Check username and password"),
    (403, errors.PermissionDeniedError, "does not include the feature"),
    (404, errors.NotFoundError, "does not exist"),
    (409, errors.PPEError, "unique across the whole"),
    (422, errors.PPEError, "correct the values"),
    (400, errors.PPEError, "could not parse"),
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
    with pytest.raises(errors.PPEError) as info:
        client.request("POST", "/orgs/a.example/domains", {"name": "x.example"})
    assert "destination: not a host" in str(info.value)
    assert info.value.errors[0]["identifier"] == "destination"


@responses.activate
def test_post_is_not_retried_on_5xx_unless_safe(client):
    responses.post(url("/token/a.example"), status=503)
    with pytest.raises(errors.PPEError):
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
    with pytest.raises(errors.PPEError) as info:
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


@pytest.mark.parametrize("options, expected", [({"ca_path": "ca.pem"}, "ca.pem"),
                                               ({"validate_certs": False}, False),
                                               ({}, True)])
@responses.activate
def test_ca_path_and_validate_certs_win_over_ca_bundle_variables(monkeypatch, tmp_path, options, expected):
    # requests would otherwise let these variables override a session-level verify setting
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", "/env/bundle.pem")
    monkeypatch.setenv("CURL_CA_BUNDLE", "/env/curl.pem")
    monkeypatch.chdir(tmp_path)
    (tmp_path / "ca.pem").write_text("PEM", encoding="utf-8")
    responses.get(url("/me"), json={})
    PPEClient(BASE, "u@x.example", "p", **options).get("/me")
    sent = responses.calls[0].request.req_kwargs["verify"]
    assert sent == (expected if expected is not True else "/env/bundle.pem")


@responses.activate
def test_stack_discovery_follows_endpoints_once_per_client(rec):
    client = PPEClient(BASE, "admin@msp.example", SECRET, warn=rec.warn, stack_hosts=["*.ppe.test"])
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


# -- credentials that cannot be sent as a header ----------------------------------------------------
ODD_SECRETS = ["Trail-Secret-77\n", "Multi\nLine-Secret-88", "Euro-Secret-\u20ac-99", "Tab\tSecret-55",
               "Nul\x00Secret-44", " Lead-Secret-33", "Trail-Space-Secret-22 ", "Crlf-Secret-11\r\n", "C1\x85Secret-10"]


def _fragments(secret):
    """Distinctive parts of a secret, in the forms a message could carry them."""
    parts = [p for p in re.split(r"[\x00-\x1f\x7f-\x9f \u20ac]", secret) if len(p) >= 4]
    return parts + [repr(secret)[1:-1], json.dumps(secret)[1:-1], quote(secret, safe="")]


@pytest.mark.parametrize("secret", ODD_SECRETS)
@responses.activate
def test_password_that_cannot_be_a_header_fails_before_any_request_without_showing_it(secret):
    with pytest.raises(errors.OptionError) as info:
        PPEClient(BASE, "admin@msp.example", secret)
    message = str(info.value)
    assert not responses.calls
    assert "password (PPE_PASSWORD)" in message and "nothing was sent" in message
    for fragment in _fragments(secret) + ["position", "\\u20ac", "20ac"]:
        assert fragment not in message, fragment
    if secret.endswith("\n"):
        assert "|-" in message  # the YAML block scalar that does not add the newline


@pytest.mark.parametrize("username", ["admin@msp.example\n", "admin\u20ac@msp.example", " admin@msp.example"])
@responses.activate
def test_username_that_cannot_be_a_header_fails_before_any_request(username):
    with pytest.raises(errors.OptionError) as info:
        PPEClient(BASE, username, "pw")
    assert not responses.calls
    assert "username (PPE_USERNAME)" in str(info.value)
    assert "admin" not in str(info.value)


@pytest.mark.parametrize("secret", ["Quote\"Back\\slash-Secret-66", "L\u00e4tin-1-Secret-\u00e9", "plain-Secret-1"])
@responses.activate
def test_printable_latin_1_passwords_are_sent_unchanged(secret):
    responses.get(url("/me"), json={})
    PPEClient(BASE, "u@x.example", secret).get("/me")
    assert responses.calls[0].request.headers["X-Password"] == secret


QUOTE_SECRET = "Quote\"Back\\slash-Secret-66"


@pytest.mark.parametrize("form", [
    QUOTE_SECRET,
    repr(QUOTE_SECRET)[1:-1],  # as in requests' and Python's messages
    json.dumps(QUOTE_SECRET)[1:-1],  # as in a JSON body echoed back
    quote(QUOTE_SECRET, safe=""),  # URL-encoded
    quote(QUOTE_SECRET, safe="").lower(),
    quote_plus(QUOTE_SECRET),
    repr(QUOTE_SECRET.encode("utf-8"))[2:-1],
])
def test_scrub_masks_every_form_of_the_password(form):
    client = PPEClient(BASE, "u@x.example", QUOTE_SECRET)
    scrubbed = client._scrub("before %s after" % form)  # pylint: disable=protected-access
    assert "Secret-66" not in scrubbed and "slash" not in scrubbed
    assert scrubbed.startswith("before ") and scrubbed.endswith(" after")


def test_scrub_masks_escaped_forms_of_a_non_ascii_password():
    secret = "L\u00e4tin-\u00e9-Secret-9"
    client = PPEClient(BASE, "u@x.example", secret)
    for form in (json.dumps(secret)[1:-1], quote(secret, safe=""), repr(secret.encode("latin-1"))[2:-1],
                 repr(secret.encode("utf-8"))[2:-1], ascii(secret)[1:-1]):
        assert "Secret-9" not in client._scrub("x %s y" % form), form  # pylint: disable=protected-access


@responses.activate
def test_escaped_password_echoed_by_the_server_is_masked(rec):
    client = PPEClient(BASE, "admin@msp.example", QUOTE_SECRET, retries=1, warn=rec.warn, sleep=rec.sleep)
    responses.get(url("/me"), status=503, body="oops %s" % quote(QUOTE_SECRET))
    responses.get(url("/me"), status=500, body='{"broken json": "%s"' % json.dumps(QUOTE_SECRET)[1:-1])
    with pytest.raises(errors.PPEError) as info:
        client.get("/me")
    texts = [str(info.value), info.value.api_message or ""] + rec.warnings
    assert all("Secret-66" not in t for t in texts), texts


@responses.activate
def test_exception_text_with_the_escaped_password_is_masked():
    client = PPEClient(BASE, "admin@msp.example", QUOTE_SECRET, retries=0, sleep=NO_SLEEP)
    responses.get(url("/me"), body=requests.exceptions.ConnectionError("echo %r" % QUOTE_SECRET))
    with pytest.raises(errors.PPEConnectionError) as info:
        client.get("/me")
    assert "Secret-66" not in str(info.value)


# -- option bounds and the URL, checked before any request -------------------------------------------
@pytest.mark.parametrize("options, named", [
    ({"timeout": 0}, "timeout (PPE_TIMEOUT)"),
    ({"timeout": -5}, "timeout (PPE_TIMEOUT)"),
    ({"timeout": 3601}, "timeout (PPE_TIMEOUT)"),
    ({"retries": -1}, "retries (PPE_RETRIES)"),
    ({"retries": 11}, "retries (PPE_RETRIES)"),
    ({"retries": 10 ** 9}, "retries (PPE_RETRIES)"),
    ({"retry_max_delay": -1}, "retry_max_delay (PPE_RETRY_MAX_DELAY)"),
    ({"retry_max_delay": 301}, "retry_max_delay (PPE_RETRY_MAX_DELAY)"),
    ({"ca_path": "/nonexistent/ca.pem"}, "ca_path (PPE_CA_PATH)"),
])
@responses.activate
def test_out_of_bounds_options_fail_before_any_request(options, named):
    with pytest.raises(errors.OptionError) as info:
        PPEClient(BASE, "u@x.example", "pw", sleep=NO_SLEEP, **options)
    assert not responses.calls
    assert named in str(info.value) and "nothing was sent" in str(info.value)


def test_bounds_are_inclusive():
    client = PPEClient(BASE, "u@x.example", "pw", timeout=3600, retries=10, retry_max_delay=300)
    assert (client.timeout, client.retries, client.retry_max_delay) == (3600, 10, 300.0)
    client = PPEClient(BASE, "u@x.example", "pw", timeout=1, retries=0, retry_max_delay=0)
    assert (client.timeout, client.retries, client.retry_max_delay) == (1, 0, 0.0)


def test_every_problem_is_named_at_once():
    with pytest.raises(errors.OptionError) as info:
        PPEClient("us1.ppe.test", "u@x.example", "pw\n", timeout=0, retries=99)
    message = str(info.value)
    for named in ("url (PPE_URL)", "password (PPE_PASSWORD)", "timeout (PPE_TIMEOUT)", "retries (PPE_RETRIES)"):
        assert named in message


@pytest.mark.parametrize("given", [
    "us1.proofpointessentials.com", "ftp://us1.ppe.test", "https://", "https:///api/v1", "https//us1.ppe.test",
    "https://us1.ppe.test:99999", "https://us1 .ppe.test", "https://us1.ppe.test/\n", "",
    "https://us1.ppe.test/?x=1", "https://us1.ppe.test/#frag",
])
@responses.activate
def test_url_needs_http_or_https_and_a_host(given):
    with pytest.raises(errors.OptionError) as info:
        PPEClient(given, "u@x.example", "pw", sleep=NO_SLEEP)
    assert not responses.calls
    assert "url (PPE_URL)" in str(info.value)


def test_url_with_credentials_is_refused_without_showing_them():
    with pytest.raises(errors.OptionError) as info:
        PPEClient("https://admin:Url-Secret-12@us1.ppe.test", "u@x.example", "pw")
    assert "url (PPE_URL)" in str(info.value) and "Url-Secret" not in str(info.value)


@pytest.mark.parametrize("given", ["http://127.0.0.1:8443", "https://[::1]:8443/api/v1", "HTTPS://US1.PPE.TEST/"])
def test_valid_urls(given):
    assert PPEClient(given, "u@x.example", "pw").base_url.lower().startswith(("http://", "https://"))


def test_existing_ca_path_file_or_directory_is_accepted(tmp_path):
    (tmp_path / "ca.pem").write_text("not checked here", encoding="utf-8")
    assert PPEClient(BASE, "u@x.example", "pw", ca_path=str(tmp_path / "ca.pem")).verify == str(tmp_path / "ca.pem")
    assert PPEClient(BASE, "u@x.example", "pw", ca_path=str(tmp_path)).verify == str(tmp_path)


# -- only transient connection errors are retried ---------------------------------------------------
def _max_retry(reason, cause=None):
    if cause is not None:
        reason.__cause__ = cause
    return urllib3.exceptions.MaxRetryError(None, "/api/v1/me", reason)


def certificate_error():
    verify = ssl.SSLCertVerificationError(1, "[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: "
                                             "unable to get local issuer certificate (_ssl.c:1006)")
    verify.verify_message = "unable to get local issuer certificate"
    return requests.exceptions.SSLError(_max_retry(urllib3.exceptions.SSLError(verify)))


def resolution_error():
    cause = socket.gaierror(socket.EAI_NONAME, "Name or service not known")
    reason = urllib3.exceptions.NameResolutionError("us1.ppe.test", None, cause)
    return requests.exceptions.ConnectionError(_max_retry(reason, cause))


def refused_error():
    reason = urllib3.exceptions.NewConnectionError(None, "Failed to establish a new connection: [Errno 111] Connection refused")
    return requests.exceptions.ConnectionError(_max_retry(reason, ConnectionRefusedError(111, "Connection refused")))


@pytest.mark.parametrize("make, words", [
    (certificate_error, ["certificate", "unable to get local issuer certificate", "ca_path (PPE_CA_PATH)",
                         "validate_certs"]),
    (resolution_error, ["resolve", "us1.ppe.test", "url (PPE_URL)"]),
    (refused_error, ["refused", "port", "url (PPE_URL)"]),
])
@responses.activate
def test_errors_that_cannot_heal_fail_at_once_with_a_specific_hint(client, rec, make, words):
    responses.get(url("/me"), body=make())
    with pytest.raises(errors.PPEConnectionError) as info:
        client.get("/me")
    message = str(info.value)
    assert len(responses.calls) == 1 and not rec.warnings and not rec.sleeps
    for word in words:
        assert word in message, (word, message)
    assert "Max retries exceeded" not in message and "retrying" not in message


@responses.activate
def test_temporary_name_resolution_failure_is_retried(client, rec):
    cause = socket.gaierror(socket.EAI_AGAIN, "Temporary failure in name resolution")
    reason = urllib3.exceptions.NameResolutionError("us1.ppe.test", None, cause)
    responses.get(url("/me"), body=requests.exceptions.ConnectionError(_max_retry(reason, cause)))
    responses.get(url("/me"), json={})
    assert client.get("/me") == {}
    assert len(responses.calls) == 2 and len(rec.warnings) == 1


@responses.activate
def test_read_timeout_says_timed_out_after_n_seconds(rec):
    client = PPEClient(BASE, "u@x.example", SECRET, timeout=7, retries=2, warn=rec.warn, sleep=rec.sleep)
    responses.get(url("/me"), body=requests.exceptions.ReadTimeout("Read timed out. (read timeout=7)"))
    with pytest.raises(errors.PPEConnectionError) as info:
        client.get("/me")
    assert len(responses.calls) == 3  # a timeout is transient: retried
    assert "timed out after 7 s" in str(info.value) and "could not connect" not in str(info.value)
    assert "timed out after 7 s" in rec.warnings[0]


@responses.activate
def test_post_read_timeout_is_not_retried(client):
    responses.post(url("/token/a.example"), body=requests.exceptions.ReadTimeout("Read timed out."))
    with pytest.raises(errors.PPEConnectionError) as info:
        client.request("POST", "/token/a.example", {})
    assert len(responses.calls) == 1 and "timed out after 30 s" in str(info.value)


@responses.activate
def test_connect_timeout_is_retried_and_says_so(client, rec):
    responses.get(url("/me"), body=requests.exceptions.ConnectTimeout("connect timeout"))
    responses.get(url("/me"), json={})
    assert client.get("/me") == {}
    assert "timed out after 30 s" in rec.warnings[0]


@pytest.mark.parametrize("exc", [
    requests.exceptions.ConnectionError(urllib3.exceptions.ProtocolError(
        "Connection aborted.", ConnectionResetError(104, "Connection reset by peer"))),
    requests.exceptions.ConnectionError(urllib3.exceptions.ProtocolError(
        "Connection aborted.", http.client.RemoteDisconnected("Remote end closed connection without response"))),
])
@responses.activate
def test_transient_connection_errors_keep_the_retry_policy(client, rec, exc):
    responses.get(url("/me"), body=exc)
    responses.get(url("/me"), json={"ok": True})
    assert client.get("/me") == {"ok": True}
    assert len(responses.calls) == 2 and len(rec.warnings) == 1


# -- discover_stack follows only allowed endpoints --------------------------------------------------
@pytest.mark.parametrize("endpoint", ["https://evil.example", "http://eu1.ppe.test", "https://eu1.ppe.test.evil.example",
                                      "https://proofpointessentials.com.evil.example", "ftp://eu1.proofpointessentials.com"])
@responses.activate
def test_stack_discovery_refuses_a_foreign_or_downgraded_endpoint_and_sends_nothing_there(rec, endpoint):
    client = PPEClient(BASE, "admin@msp.example", SECRET, warn=rec.warn, stack_hosts=["*.proofpointessentials.com"])
    responses.get(url("/endpoints/acme.example"), json={"endpoints": [endpoint]})
    with pytest.raises(errors.OptionError) as info:
        client.use_stack_of("acme.example")
        client.get("/orgs/acme.example")
    message = str(info.value)
    assert [c.request.url for c in responses.calls] == [url("/endpoints/acme.example")]
    assert "stack_hosts (PPE_STACK_HOSTS)" in message and "nothing was sent" in message
    assert client.base_url == BASE


@responses.activate
def test_stack_discovery_follows_allowed_hosts(rec):
    client = PPEClient("https://us1.proofpointessentials.com", "admin@msp.example", SECRET, warn=rec.warn)
    responses.get("https://us1.proofpointessentials.com/api/v1/endpoints/acme.example",
                  json={"endpoints": ["https://EU1.proofpointessentials.com/api/v1/"]})
    assert client.use_stack_of("acme.example") == "https://eu1.proofpointessentials.com"


@responses.activate
def test_stack_discovery_skips_a_foreign_endpoint_when_an_allowed_one_serves_the_org(rec):
    client = PPEClient(BASE, "admin@msp.example", SECRET, warn=rec.warn, stack_hosts=["eu*.ppe.test"])
    responses.get(url("/endpoints/acme.example"), json={"endpoints": ["https://evil.example", "https://eu1.ppe.test"]})
    assert client.use_stack_of("acme.example") == "https://eu1.ppe.test"
    assert any("evil.example" in w for w in rec.warnings)


@responses.activate
def test_stack_discovery_allows_other_ports_of_the_url_host_by_default(rec):
    client = PPEClient("http://127.0.0.1:8443", "admin@msp.example", SECRET, warn=rec.warn)
    responses.get("http://127.0.0.1:8443/api/v1/endpoints/acme.example", json={"endpoints": ["http://127.0.0.1:8444"]})
    assert client.use_stack_of("acme.example") == "http://127.0.0.1:8444"


@pytest.mark.parametrize("status", [422, 207])
@responses.activate
def test_password_echoed_in_error_items_is_masked_in_the_result(client, status):
    # the items go to the module result (errors=...), so they are scrubbed like the message
    item = {"identifier": "x@a.example", "field": "password", "status": 422, "value": SECRET,
            "error_message": "password: %r is too weak" % SECRET, "errors": [{"value": quote(SECRET)}]}
    body = {"status": status, "error_message": "Invalid data", "errors": [item]}
    if status == 207:
        body["users"] = []
    responses.post(url("/orgs/a.example/users"), status=status, json=body)
    with pytest.raises(errors.PPEError) as info:
        client.request("POST", "/orgs/a.example/users", [{}])
    everything = json.dumps([str(info.value), info.value.to_result(), info.value.errors])
    assert SECRET not in everything and "Pa55word" not in everything
    assert info.value.errors[0]["identifier"] == "x@a.example"


@pytest.mark.parametrize("path, message, expected, absent", [
    ("/orgs/a.example/domains", "Conflict: the domain x.example already exists", "another organization already has",
     "users are unique"),
    ("/orgs/a.example/users", "Conflict: a user exists", "unique by primary e-mail", "Domains are unique"),
    ("/orgs/g.example/domains", "Forbidden: outside your account's hierarchy", "a partner above it", "licensing package"),
    ("/orgs/g.example/features", "Forbidden: feature(s) dlp not available", "change the package", "hierarchy"),
])
@responses.activate
def test_hints_name_only_the_cause_that_applies(client, path, message, expected, absent):
    status = 409 if "Conflict" in message else 403
    responses.post(url(path), status=status, json={"status": status, "error_message": message})
    with pytest.raises(errors.PPEError) as info:
        client.request("POST", path, {})
    assert expected in str(info.value) and absent not in str(info.value)


@responses.activate
def test_a_422_reason_is_not_repeated(client):
    responses.put(url("/orgs/a.example/domains/x.example"), status=422, json={
        "status": 422, "error_message": "Unprocessable Entity: destination: is required",
        "errors": [{"field": "destination", "error_message": "is required"}]})
    with pytest.raises(errors.PPEError) as info:
        client.request("PUT", "/orgs/a.example/domains/x.example", {})
    assert str(info.value).count("destination: is required") == 1
