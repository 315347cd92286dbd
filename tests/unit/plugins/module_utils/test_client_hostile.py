# -*- coding: utf-8 -*-
# Copyright (c) ppe.essentials contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""PPEClient against a hostile or odd server (tests/hostile_server.py, loopback only): credentials stay on the API's
origin, every attempt is bounded in time and size, and an answer that is not what the API sends is an error that
says what arrived."""

from __future__ import annotations

import importlib
import os
import ssl
import time

import pytest
import requests
import responses
import trustme
from ansible.module_utils.common.arg_spec import ArgumentSpecValidator

from ansible_collections.ppe.essentials.plugins.module_utils import _client
from ansible_collections.ppe.essentials.plugins.module_utils import _errors as errors
from ansible_collections.ppe.essentials.plugins.module_utils._client import PPEClient
from ansible_collections.ppe.essentials.plugins.module_utils._module import execute
from tests.hostile_server import HostileServer, Listener
from tests.support import Recorder

SECRET = "Hostile-Secret-4711"
USER_SECRET = "User-Pa55-0815"


@pytest.fixture
def rec():
    return Recorder()


@pytest.fixture
def other():
    """The other origin a redirect points at: it must receive nothing."""
    with Listener() as listener:
        yield listener


@pytest.fixture
def server(other):
    with HostileServer(other=other.url) as hostile:
        yield hostile


def client_for(url, rec, **kwargs):
    kwargs.setdefault("retries", 0)
    return PPEClient(url, "admin@msp.example", SECRET, warn=rec.warn, sleep=rec.sleep, **kwargs)


def failure(call, *args, **kwargs):
    """The PPEError `call` raises; its message never holds the password."""
    with pytest.raises(errors.PPEError) as info:
        call(*args, **kwargs)
    message = str(info.value)
    assert SECRET not in message and USER_SECRET not in message
    return info.value


def assert_nothing_reached(listener):
    assert listener.connections == 0 and listener.requests == [], listener.requests


# -- credentials stay on their origin ---------------------------------------------------------------
@pytest.mark.parametrize("status", [301, 302, 303, 307, 308])
def test_a_read_redirected_to_another_origin_sends_nothing_there(server, other, rec, status):
    client = client_for("%s/redirect%d" % (server.url, status), rec, retries=3)
    error = failure(client.get, "/orgs/acme.example")
    message = str(error)
    assert_nothing_reached(other)
    assert "HTTP %d" % status in message and "127.0.0.1:%d" % other.port in message
    assert "url (PPE_URL)" in message and "nothing was sent there" in message
    assert len(server.requests) == 1 and not rec.warnings  # not retried: another attempt would be the same


@pytest.mark.parametrize("status", [307, 308, 302])
def test_a_write_redirected_to_another_origin_does_not_send_its_body_there(server, other, rec, status):
    client = client_for("%s/redirect%d" % (server.url, status), rec)
    body = {"primary_email": "new@acme.example", "user_password": USER_SECRET}
    error = failure(client.request, "POST", "/orgs/acme.example/users", body, retry_unsafe=True)
    assert_nothing_reached(other)
    assert "127.0.0.1:%d" % other.port in str(error)
    assert [r["method"] for r in server.requests] == ["POST"]


@pytest.fixture(scope="module")
def tls(tmp_path_factory):
    """(server SSL context, CA file) of a trustme test CA that issued a certificate for 127.0.0.1."""
    authority = trustme.CA()
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    authority.issue_cert("127.0.0.1").configure_cert(context)
    ca_file = tmp_path_factory.mktemp("ca") / "ca.pem"
    authority.cert_pem.write_to_path(str(ca_file))
    return context, str(ca_file)


def test_https_redirected_to_plain_http_is_never_followed(other, rec, tls):
    with HostileServer(other=other.url, ssl_context=tls[0]) as server:
        client = client_for("%s/redirect307" % server.url, rec, ca_path=tls[1])
        error = failure(client.request, "PUT", "/orgs/acme.example/users/a@acme.example",
                        {"user_password": USER_SECRET})
        assert len(server.requests) == 1
    assert_nothing_reached(other)
    message = str(error)
    assert "plain http" in message and "127.0.0.1:%d" % other.port in message
    assert "set url (PPE_URL) to http:" not in message


@responses.activate
def test_a_downgrade_to_http_on_the_same_host_is_refused_too():
    client = PPEClient("https://us1.ppe.test", "u@x.example", SECRET, retries=0)
    responses.get("https://us1.ppe.test/api/v1/me", status=301, headers={"Location": "http://us1.ppe.test/api/v1/me"})
    responses.get("http://us1.ppe.test/api/v1/me", json={})
    error = failure(client.get, "/me")
    assert [c.request.url for c in responses.calls] == ["https://us1.ppe.test/api/v1/me"]
    assert "plain http" in str(error)


@responses.activate
def test_a_redirect_from_http_to_https_names_the_url_to_set():
    client = PPEClient("http://us1.ppe.test", "u@x.example", SECRET, retries=0)
    responses.get("http://us1.ppe.test/api/v1/me", status=301, headers={"Location": "https://us1.ppe.test/api/v1/me"})
    error = failure(client.get, "/me")
    assert len(responses.calls) == 1
    assert "Set url (PPE_URL) to https://us1.ppe.test if that is the API's address" in str(error)


def test_a_same_origin_redirect_is_followed_with_the_method_it_allows(server, other, rec):
    client = client_for("%s/same307" % server.url, rec)
    assert client.get("/orgs/acme.example")["primary_domain"] == "acme.example"
    assert client.request("PUT", "/orgs/acme.example/users/a@acme.example", {"is_active": False}).status == 201
    assert [(r["method"], r["path"], r["headers"].get("X-Password")) for r in server.requests] == [
        ("GET", "/same307/api/v1/orgs/acme.example", SECRET), ("GET", "/ok/api/v1/orgs/acme.example", SECRET),
        ("PUT", "/same307/api/v1/orgs/acme.example/users/a@acme.example", SECRET),
        ("PUT", "/ok/api/v1/orgs/acme.example/users/a@acme.example", SECRET)]
    assert server.requests[3]["body"] == '{"is_active": false}'
    assert_nothing_reached(other)


def test_a_302_to_a_write_is_not_followed_even_on_the_same_origin(server, rec):
    client = client_for("%s/same302" % server.url, rec)
    assert client.get("/me")["primary_domain"] == "acme.example"
    error = failure(client.request, "POST", "/orgs/acme.example/domains", {"name": "n.example"})
    assert "HTTP 302" in str(error) and "POST" in str(error)
    assert [r["path"] for r in server.requests][2:] == ["/same302/api/v1/orgs/acme.example/domains"]


def test_redirects_are_bounded(server, rec):
    client = client_for("%s/sameloop" % server.url, rec, retries=3)
    error = failure(client.get, "/me")
    assert "redirect" in str(error) and len(server.requests) == _client.MAX_REDIRECTS + 1


# -- every attempt is bounded in time ---------------------------------------------------------------
@pytest.mark.parametrize("mode", ["drip", "slowheaders", "endless"])
def test_a_slow_answer_cannot_hold_the_task_beyond_the_timeout(server, rec, mode):
    client = client_for("%s/%s" % (server.url, mode), rec, timeout=1)
    started = time.monotonic()
    error = failure(client.get, "/orgs/acme.example")
    elapsed = time.monotonic() - started
    assert isinstance(error, errors.PPEConnectionError)
    assert elapsed < 5, elapsed  # timeout 1 s, no retry: about 1 s (today: until the server gives up, 60 s)
    assert "timed out after 1 s" in str(error) and "timeout (PPE_TIMEOUT)" in str(error)


def test_a_timed_out_attempt_is_retried_and_each_attempt_is_bounded(server, rec):
    client = client_for("%s/drip" % server.url, rec, timeout=1, retries=1)
    started = time.monotonic()
    failure(client.get, "/orgs/acme.example")
    assert time.monotonic() - started < 8
    assert len(server.requests) == 2 and len(rec.warnings) == 1 and "timed out after 1 s" in rec.warnings[0]


@pytest.mark.filterwarnings("ignore::DeprecationWarning")  # Python 3.12 warns about fork() with threads running
def test_the_bound_holds_in_a_forked_worker(server, rec):
    """Ansible forks its workers after the inventory plugin read through the client (the watchdog thread was started
    in the parent): a worker's requests are bounded too."""
    client_for("%s/ok" % server.url, rec).get("/me")
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the worker: report the elapsed time of a dripping read, then leave at once
        elapsed = 99.0
        try:
            started = time.monotonic()
            try:
                client_for("%s/drip" % server.url, Recorder(), timeout=1).get("/me")
            except errors.PPEConnectionError:
                elapsed = time.monotonic() - started
        finally:
            os.write(write_end, str(elapsed).encode())
            os._exit(0)  # pylint: disable=protected-access
    os.close(write_end)
    with os.fdopen(read_end) as answer:
        elapsed = float(answer.read() or 99)
    os.waitpid(pid, 0)
    assert elapsed < 5, elapsed  # without a watchdog of its own: until the server gives up, 60 s


# -- and in size and depth ----------------------------------------------------------------------------
@pytest.mark.parametrize("mode, words", [
    ("huge", ["larger than 32 MiB"]),
    ("hugelength", ["larger than 32 MiB", "announced"]),
    ("gzipbomb", ["larger than 32 MiB", "decompressed"]),
    ("deep", ["nested deeper than 100 levels"]),
    ("manyobjects", ["more than 1000000 objects and arrays"]),
])
def test_an_oversized_or_too_deep_answer_is_refused_and_not_retried(server, rec, mode, words):
    client = client_for("%s/%s" % (server.url, mode), rec, retries=3, timeout=30)
    started = time.monotonic()
    error = failure(client.get, "/orgs/acme.example")
    assert time.monotonic() - started < 20
    assert not isinstance(error, errors.PPEConnectionError) and error.status == 200
    for word in words:
        assert word in str(error), str(error)
    assert len(server.requests) == 1 and not rec.warnings


# -- an answer that is not what the API sends -------------------------------------------------------
@pytest.mark.parametrize("mode, words", [
    ("html", ["HTTP 200 with text/html, not JSON", "is url (PPE_URL) the API's address?"]),
    ("truncated", ["HTTP 200 with application/json that is not valid JSON"]),
    ("null", ["JSON null"]),
    ("empty", ["an empty body"]),
])
def test_a_read_answered_with_something_else_than_json_is_an_error_never_not_found(server, rec, mode, words):
    client = client_for("%s/%s" % (server.url, mode), rec, retries=3)
    error = failure(client.get_or_none, "/orgs/acme.example")
    message = str(error)
    assert error.status == 200 and "404" not in message and "<html" not in message.lower()
    for word in words:
        assert word in message, message
    assert len(server.requests) == 1


@pytest.mark.parametrize("mode, answer, kind", [
    ("list", [], "a JSON array"), ("scalar", "acme.example", "a JSON string"), ("null", None, "JSON null")])
def test_another_json_value_is_an_error_where_an_object_is_expected(server, rec, mode, answer, kind):
    client = client_for("%s/%s" % (server.url, mode), rec)
    if answer is not None:  # some reads answer a bare list (exemptions) or a bare string (a verification code)
        assert client.get("/orgs/acme.example/users") == answer
    error = failure(client.get_or_none, "/orgs/acme.example", expect=dict)
    assert "%s where an object was expected" % kind in str(error) and error.status == 200


def test_an_error_status_with_an_html_page_keeps_its_status_and_says_it_was_not_json(server, rec):
    client = client_for("%s/htmlerror" % server.url, rec, retries=1)
    error = failure(client.get, "/orgs/acme.example")
    message = str(error)
    assert error.status == 502 and "HTTP 502" in message and "text/html, not JSON" in message
    assert "502 Bad Gateway" in message and "<" not in message and len(message) < 400
    assert len(server.requests) == 2  # a 5xx stays transient


def test_a_write_with_an_html_answer_is_an_error(server, rec):
    client = client_for("%s/html" % server.url, rec)
    error = failure(client.request, "POST", "/orgs/acme.example/domains", {"name": "n.example"})
    assert "text/html, not JSON" in str(error) and "may have been applied" in str(error)


def test_answers_without_a_body_stay_fine_for_writes(server, rec):
    client = client_for("%s/ok" % server.url, rec)
    assert client.request("DELETE", "/orgs/acme.example/domains/n.example").data is None


# -- keep-alive stays -----------------------------------------------------------------------------------
def test_one_connection_serves_the_requests_of_clients_sharing_a_session(server, rec):
    session = requests.Session()
    for _count in range(2):
        client = PPEClient("%s/ok" % server.url, "admin@msp.example", SECRET, session=session, warn=rec.warn)
        client.get("/me")
        client.get("/me")
    assert server.connections == 1 and len(server.requests) == 4
    assert len([a for a in session.adapters.values() if isinstance(a, _client.BoundedAdapter)]) == 2


# -- what a module makes of it (the user's case: org null with rc=0, or "HTTP 404" for a write) ---------
def run_module(name, options, url, check_mode=False):
    definition = importlib.import_module("ansible_collections.ppe.essentials.plugins.modules." + name).DEFINITION
    args = dict(options, url=url, username="admin@msp.example", password=SECRET, retries=0)
    validation = ArgumentSpecValidator(definition.argument_spec()).validate(dict(args))
    assert not validation.error_messages, validation.error_messages
    client = PPEClient(url, "admin@msp.example", SECRET, retries=0, sleep=lambda s: None)
    return execute(definition, validation.validated_parameters, args, check_mode, lambda msg: None, lambda p: client)


@pytest.mark.parametrize("mode", ["html", "truncated", "null", "list"])
@pytest.mark.parametrize("check_mode", [True, False])
def test_modules_fail_on_an_odd_answer_and_never_say_not_found(server, mode, check_mode):
    url = "%s/%s" % (server.url, mode)
    info = run_module("ppe_org_info", {"domain": "acme.example"}, url, check_mode)
    assert info.get("failed") and "HTTP 200" in info["msg"] and "org" not in info, info
    domain = run_module("ppe_domain", {"org": "acme.example", "name": "n.example"}, url, check_mode)
    assert domain.get("failed") and "HTTP 200" in domain["msg"] and "404" not in domain["msg"], domain
    assert [r["method"] for r in server.requests] == ["GET", "GET"]
