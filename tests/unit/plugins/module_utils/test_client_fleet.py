# -*- coding: utf-8 -*-
# Copyright (c) ppe.essentials contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""PPEClient for concurrent fleet work (issue 23): one sibling client per worker, and a 429 that pauses them all."""

from __future__ import annotations

import json
import random
import threading
import time

import pytest
import requests
import responses

from ansible_collections.ppe.essentials.plugins.module_utils import _errors as errors
from ansible_collections.ppe.essentials.plugins.module_utils._client import BoundedAdapter, PPEClient, SharedPause
from tests.hostile_server import HostileServer
from tests.support import Recorder

BASE = "https://us1.ppe.test"
SECRET = "Fleet-Secret-4711-must-not-leak"


def url(path):
    return BASE + "/api/v1" + path


class Clock:
    """A monotonic clock that only the fake sleeps advance."""

    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


class Sleeper:
    """One client's sleep: records what it waited and advances the shared clock by it."""

    def __init__(self, clock, during=None):
        self.clock = clock
        self.sleeps = []
        self.during = during  # called once, inside the first sleep: what other workers do meanwhile

    def __call__(self, seconds):
        self.sleeps.append(seconds)
        if self.during is not None:
            during, self.during = self.during, None
            during()
        self.clock.now += seconds


def make(rec, sleeper, pause=None, **kwargs):
    kwargs.setdefault("retries", 0)
    return PPEClient(BASE, "admin@msp.example", SECRET, retry_max_delay=30, warn=rec.warn, sleep=sleeper,
                     rng=random.Random(3), pause=pause, **kwargs)


def sent_at(clock, times):
    """A responses callback that answers 200 {} and records the fake time of each request."""
    def answer(_request):
        times.append(clock.now)
        return 200, {}, "{}"
    return answer


# -- the shared pause -------------------------------------------------------------------------------
@responses.activate
def test_a_429_pauses_every_client_sharing_the_pause_and_no_other():
    clock, rec = Clock(), Recorder()
    pause = SharedPause(clock=clock)
    a, b, c = Sleeper(clock), Sleeper(clock), Sleeper(clock)
    got, other = make(rec, a, pause), make(rec, b, pause)
    alone = make(rec, c)
    responses.get(url("/orgs/a.example"), status=429, headers={"Retry-After": "7"})
    times = []
    responses.add_callback(responses.GET, url("/orgs/b.example"), callback=sent_at(clock, times))
    with pytest.raises(errors.PPEError) as info:
        got.get("/orgs/a.example")  # retries=0: not retried, but the pause holds
    assert info.value.status == 429
    alone.get("/orgs/b.example")
    assert c.sleeps == [] and times == [1000.0]  # a client without the shared pause does not wait
    other.get("/orgs/b.example")
    assert b.sleeps == [7.0] and times[-1] == 1007.0  # B saw no 429 and still waited before its request
    other.get("/orgs/b.example")
    assert b.sleeps == [7.0] and times[-1] == 1007.0  # the pause is over
    assert rec.warnings == []  # the one that got the 429 was not retrying; the waiting is silent


@responses.activate
def test_a_later_shorter_429_does_not_shorten_the_hold():
    clock, rec = Clock(), Recorder()
    pause = SharedPause(clock=clock)
    got, in_flight, waiter = Sleeper(clock), Sleeper(clock), Sleeper(clock)
    a, b, c = make(rec, got, pause), make(rec, in_flight, pause), make(rec, waiter, pause)

    def late_answer(_request):
        """B's request is on its way when A's 429 (Retry-After: 7) arrives; then B gets one with Retry-After: 2."""
        with pytest.raises(errors.PPEError):
            a.get("/orgs/a.example")
        return 429, {"Retry-After": "2"}, "{}"

    responses.get(url("/orgs/a.example"), status=429, headers={"Retry-After": "7"})
    responses.add_callback(responses.GET, url("/orgs/b.example"), callback=late_answer)
    responses.get(url("/orgs/c.example"), json={})
    with pytest.raises(errors.PPEError):
        b.get("/orgs/b.example")
    assert pause.until == 1007.0
    assert pause.hold(2) is False and pause.until == 1007.0  # within a pause: no new one, nothing shortened
    c.get("/orgs/c.example")
    assert waiter.sleeps == [7.0] and got.sleeps == [] and in_flight.sleeps == []


@responses.activate
def test_the_client_that_got_the_429_waits_once_warns_once_and_the_others_then_go_on():
    clock, rec = Clock(), Recorder()
    pause = SharedPause(clock=clock)
    a, b = Sleeper(clock), Sleeper(clock)
    got, other = make(rec, a, pause, retries=3), make(rec, b, pause, retries=3)
    responses.get(url("/orgs/a.example"), status=429, headers={"Retry-After": "7"})
    responses.get(url("/orgs/a.example"), json={"primary_domain": "a.example"})
    responses.get(url("/orgs/b.example"), json={})
    assert got.get("/orgs/a.example") == {"primary_domain": "a.example"}
    assert a.sleeps == [7.0]
    assert len(rec.warnings) == 1 and "retrying in 7.0 s (retry 1 of 3)" in rec.warnings[0]
    assert "every connection of this task waits" in rec.warnings[0] and SECRET not in rec.warnings[0]
    other.get("/orgs/b.example")
    assert b.sleeps == []


@responses.activate
def test_a_waiting_client_waits_again_when_the_pause_is_extended_meanwhile():
    clock, rec = Clock(), Recorder()
    pause = SharedPause(clock=clock)
    waiter = Sleeper(clock, during=lambda: pause.hold(10))  # at 1000: another worker's 429, Retry-After: 10
    client = make(rec, waiter, pause)
    responses.get(url("/me"), json={})
    pause.hold(4)
    client.get("/me")
    assert waiter.sleeps == [4.0, 6.0]


@responses.activate
def test_retries_stay_bounded_with_a_shared_pause():
    clock, rec = Clock(), Recorder()
    sleeper = Sleeper(clock)
    client = make(rec, sleeper, SharedPause(clock=clock), retries=3)
    responses.get(url("/me"), status=429, json={"status": 429, "error_message": "Too Many Requests"})
    with pytest.raises(errors.PPEError) as info:
        client.get("/me")
    assert len(responses.calls) == 4  # first try + 3 retries
    assert info.value.status == 429 and info.value.after_retry
    assert "GET /me failed with HTTP 429" in str(info.value)
    # no Retry-After: the client's own exponential backoff with jitter, as without a shared pause
    assert len(sleeper.sleeps) == 3
    assert 0.5 <= sleeper.sleeps[0] <= 1.0 and 1.0 <= sleeper.sleeps[1] <= 2.0 and 2.0 <= sleeper.sleeps[2] <= 4.0
    assert len(rec.warnings) == 3  # each retry started a new pause (the previous one was over)


@responses.activate
def test_retry_after_beyond_retry_max_delay_is_capped_in_the_shared_pause():
    clock, rec = Clock(), Recorder()
    pause = SharedPause(clock=clock)
    client = make(rec, Sleeper(clock), pause)
    responses.get(url("/me"), status=429, headers={"Retry-After": "3600"})
    with pytest.raises(errors.PPEError):
        client.get("/me")
    assert pause.remaining() == 30.0


# -- siblings ---------------------------------------------------------------------------------------
def test_a_sibling_has_its_own_session_and_the_same_settings_and_pause(tmp_path):
    ca = tmp_path / "ca.pem"
    ca.write_text("placeholder")
    rec = Recorder()
    parent = PPEClient(BASE + "/api/v1/", "admin@msp.example", SECRET, timeout=17, ca_path=str(ca), retries=5,
                       retry_max_delay=12, warn=rec.warn, sleep=rec.sleep, stack_hosts=["*.ppe.test"])
    assert parent.pause is None
    first, second = parent.sibling(), parent.sibling()
    assert isinstance(parent.pause, SharedPause)
    assert first.pause is parent.pause and second.pause is parent.pause
    sessions = {id(parent.session), id(first.session), id(second.session)}
    assert len(sessions) == 3 and isinstance(first.session, requests.Session)
    assert isinstance(first.session.adapters["https://"], BoundedAdapter)
    assert isinstance(first.session.adapters["http://"], BoundedAdapter)
    for sibling in (first, second):
        assert sibling.base_url == sibling.configured_url == BASE
        assert (sibling.timeout, sibling.retries, sibling.retry_max_delay) == (17, 5, 12.0)
        assert sibling.verify == str(ca) and sibling.session.verify == str(ca)
        assert sibling.stack_hosts == parent.stack_hosts
        assert sibling.session.headers == parent.session.headers
        sibling._warn("hello")  # pylint: disable=protected-access
        sibling._sleep(2)  # pylint: disable=protected-access
    assert rec.warnings == ["hello", "hello"] and rec.sleeps == [2, 2]
    assert SECRET not in repr(first) and SECRET not in str(first)


def test_a_sibling_of_a_client_without_certificate_checks_has_none_either():
    parent = PPEClient(BASE, "admin@msp.example", SECRET, validate_certs=False)
    assert parent.sibling().verify is False and parent.sibling().session.verify is False


@responses.activate
def test_a_sibling_starts_at_the_configured_url_after_use_stack_of():
    parent = PPEClient(BASE, "admin@msp.example", SECRET, stack_hosts=["*.ppe.test"])
    responses.get(url("/endpoints/acme.example"), json={"endpoints": ["https://eu1.ppe.test"]})
    assert parent.use_stack_of("acme.example") == "https://eu1.ppe.test"
    sibling = parent.sibling()
    assert sibling.base_url == BASE
    responses.get(url("/orgs/other.example"), json={"primary_domain": "other.example"})
    assert sibling.get("/orgs/other.example") == {"primary_domain": "other.example"}
    # its own stack cache: it asks for acme.example itself
    responses.get(url("/endpoints/acme.example"), json={"endpoints": ["https://eu1.ppe.test"]})
    assert sibling.use_stack_of("acme.example") == "https://eu1.ppe.test"
    assert [c.request.url for c in responses.calls].count(url("/endpoints/acme.example")) == 2


@responses.activate
def test_an_unknown_org_after_another_orgs_stack_goes_to_the_configured_url():
    """One worker serves many organizations: an organization about to be created must not land on the stack of the
    organization the worker served before."""
    client = PPEClient(BASE, "admin@msp.example", SECRET, stack_hosts=["*.ppe.test"])
    responses.get(url("/endpoints/acme.example"), json={"endpoints": ["https://eu1.ppe.test"]})
    responses.get("https://eu1.ppe.test/api/v1/endpoints/new.example", status=404,
                  json={"status": 404, "error_message": "Not Found"})
    responses.get("https://eu1.ppe.test/api/v1/endpoints/both.example",
                  json={"endpoints": ["https://eu1.ppe.test", BASE]})
    assert client.use_stack_of("acme.example") == "https://eu1.ppe.test"
    assert client.use_stack_of("new.example") == BASE
    client.use_stack_of("acme.example")
    assert client.use_stack_of("both.example") == BASE  # the configured url serves it: the same for every worker


# -- real threads on loopback -----------------------------------------------------------------------
class ThrottleOnce(HostileServer):
    """Answers 200 {} to every request, except the `nth` request, which gets 429 with Retry-After: 1."""

    def __init__(self, nth):
        self.nth = nth
        self.throttled_at = None
        self.lock = threading.Lock()
        super().__init__()

    class handler(HostileServer.handler):  # pylint: disable=invalid-name
        def _handle(self):
            self._record()
            owner = self.server.owner
            with owner.lock:
                throttle = len(owner.requests) == owner.nth
                if throttle:
                    owner.throttled_at = owner.requests[-1]["time"]
            if throttle:
                self._answer(429, json.dumps({"status": 429, "error_message": "Too Many Requests"}).encode(),
                             headers=[("Retry-After", "1")])
            else:
                self._answer(200, b"{}")


def test_threads_with_siblings_all_pause_after_one_429():
    """Six workers, each with its own sibling, send requests until 1.6 s have passed; the 10th request gets a 429
    with Retry-After: 1. Requests that were already on their way may still arrive just after it; after that, no
    worker sends anything until the second is over, and then every worker goes on."""
    workers, spell, window = 6, 1.6, 1.0
    rec = Recorder()
    with ThrottleOnce(nth=10) as server:
        parent = PPEClient(server.url, "admin@msp.example", SECRET, retries=2, warn=rec.warn)
        siblings = [parent.sibling() for _worker in range(workers)]
        done = time.monotonic() + spell
        failures = []

        def work(client):
            try:
                while time.monotonic() < done:
                    client.get("/me")
                    time.sleep(0.01)
            except Exception as exc:  # pylint: disable=broad-except  # reported by the assertion below
                failures.append(exc)
            finally:
                client.close()

        threads = [threading.Thread(target=work, args=(c,)) for c in siblings]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(10)
        assert not failures and not any(t.is_alive() for t in threads)
        start = server.throttled_at
        assert start is not None
        times = [r["time"] - start for r in server.requests]
    inside = [t for t in times if 0.25 < t < window - 0.1]  # before 0.25 s: requests already on their way
    assert inside == [], "requests inside the pause: %s" % inside
    assert len([t for t in times if t >= window - 0.1]) >= workers  # every worker went on after the pause
    assert len(rec.warnings) == 1 and "HTTP 429" in rec.warnings[0]


def test_many_threads_with_concurrent_watches_each_attempt_is_cut_at_its_own_deadline():
    """The one watchdog thread of the process serves every worker: while twelve workers add and remove watches with
    every quick request, the dripping answers of four others are still cut when their 1 s are up."""
    rec = Recorder()
    with HostileServer() as server:
        parent = PPEClient(server.url + "/ok", "admin@msp.example", SECRET, retries=0, warn=rec.warn)
        quick = [parent.sibling() for _worker in range(12)]
        slow = [PPEClient(server.url + "/drip", "admin@msp.example", SECRET, timeout=1, retries=0, warn=rec.warn,
                          pause=parent.pause) for _reader in range(4)]
        slow_done = threading.Event()
        results, counts, failures = [], [], []

        def drip(client):
            started = time.monotonic()
            try:
                client.get("/me")
            except errors.PPEConnectionError as exc:
                results.append((time.monotonic() - started, str(exc)))
            finally:
                client.close()

        def ask(client):
            count = 0
            try:
                while not slow_done.is_set():
                    client.get("/orgs/acme.example")
                    count += 1
            except Exception as exc:  # pylint: disable=broad-except  # reported by the assertion below
                failures.append(exc)
            finally:
                counts.append(count)
                client.close()

        askers = [threading.Thread(target=ask, args=(c,)) for c in quick]
        drippers = [threading.Thread(target=drip, args=(c,)) for c in slow]
        for thread in askers + drippers:
            thread.start()
        for thread in drippers:
            thread.join(10)
        slow_done.set()
        for thread in askers:
            thread.join(10)
    assert len(results) == 4 and all("timed out after 1 s" in message for _took, message in results)
    assert all(0.9 <= took < 2.5 for took, _message in results), results
    assert not failures and len(counts) == 12 and all(count > 0 for count in counts)
