# -*- coding: utf-8 -*-
# Copyright (c) ppe.essentials contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""/_sim/ control endpoints: request log, reset, state, faults, config."""

from __future__ import annotations

import json
import time

import pytest


def test_request_log_contract(api):
    api.get("/orgs/acme.example/domains")
    api.post("/orgs/acme.example/domains", {"name": "log.example"})
    api.client.get("/_sim/health")
    log = api.log()
    assert [{k: e[k] for k in ("method", "path", "status")} for e in log] == [
        {"method": "GET", "path": "/api/v1/orgs/acme.example/domains", "status": 200},
        {"method": "POST", "path": "/api/v1/orgs/acme.example/domains", "status": 201}]
    assert api.client.delete("/_sim/requests").status_code == 204
    assert api.log() == []


def test_log_strips_query_and_decodes(api):
    api.get("/orgs/acme.example/users/bob%40acme.example?x=1")
    assert api.log()[-1]["path"] == "/api/v1/orgs/acme.example/users/bob@acme.example"


def test_passwords_never_in_log_state_or_errors(api):
    api.get("/me", as_=("admin@msp.example", "wrong-secret-1"))
    resp = api.post("/orgs/acme.example/users", {"primary_email": "p@acme.example", "password": "secret-2",
                                                 "type": "wizard"})
    api.post("/orgs/acme.example/users", {"primary_email": "q@acme.example", "password": "secret-3"})
    everything = json.dumps(api.log()) + resp.get_data(as_text=True) + api.client.get("/_sim/state").get_data(True)
    for secret in ("wrong-secret-1", "secret-2", "secret-3", "demo-password", "alice-password"):
        assert secret not in everything


def test_reset_restores_fixture_and_clears_log_faults_config(api):
    api.delete("/orgs/acme.example/users/bob@acme.example")
    api.client.put("/_sim/faults", json={"error_rate": 1})
    api.client.put("/_sim/config", json={"reject_deprecated_terms": True})
    assert api.client.post("/_sim/reset").status_code == 204
    assert api.log() == []
    assert api.client.get("/_sim/faults").get_json()["error_rate"] == 0
    assert api.client.get("/_sim/config").get_json()["reject_deprecated_terms"] is False
    assert api.get("/orgs/acme.example/users/bob@acme.example").status_code == 200


def test_state_dump_and_load(api):
    api.post("/orgs/acme.example/users", {"primary_email": "keep@acme.example", "password": "keep-pw",
                                          "type": "organization_admin"})
    dump = api.client.get("/_sim/state").get_json()
    api.client.post("/_sim/reset")
    assert api.get("/orgs/acme.example/users/keep@acme.example").status_code == 404
    assert api.client.put("/_sim/state", json=dump).status_code == 204
    assert api.get("/me", as_=("keep@acme.example", "keep-pw")).status_code == 200
    created = api.post("/orgs/acme.example/users", {"primary_email": "next@acme.example"}).get_json()
    assert created["uid"] > max(u["uid"] for o in dump["orgs"] for u in o["users"])


def test_state_load_rejects_bad_documents_without_change(api):
    assert api.client.put("/_sim/state", data="{nope").status_code == 400
    resp = api.client.put("/_sim/state", json={"orgs": [{"primary_domain": "x.example", "parent": "missing.example"}]})
    assert resp.status_code == 400 and resp.get_json()["status"] == 400
    assert api.get("/orgs/acme.example").status_code == 200


def test_fault_queue_with_filters(api):
    body = {"next": [{"status": 503}, {"status": 429, "retry_after": 2},
                     {"status": 500, "method": "POST", "path_prefix": "/api/v1/orgs/acme.example/domains"}]}
    assert api.client.put("/_sim/faults", json=body).status_code == 204
    first = api.get("/me")
    assert first.status_code == 503 and first.get_json() == {"status": 503, "error_message": "Simulated server error"}
    second = api.get("/me")
    assert second.status_code == 429 and second.headers["Retry-After"] == "2"
    assert api.get("/orgs/acme.example/domains").status_code == 200
    assert api.post("/orgs/acme.example/domains", {"name": "f.example"}).status_code == 500
    assert api.post("/orgs/acme.example/domains", {"name": "f.example"}).status_code == 201
    assert [e["status"] for e in api.log()] == [503, 429, 200, 500, 201]
    assert api.client.get("/_sim/faults").get_json()["next"] == []


def test_fault_before_auth_and_drop_in_test_client(api):
    api.client.put("/_sim/faults", json={"next": [{"status": 502}, {"drop": True}]})
    assert api.get("/me", as_=None).status_code == 502
    with pytest.raises(ConnectionError):
        api.get("/me")
    assert api.log()[-1]["status"] == 0


def _statuses(api, seed):
    api.client.put("/_sim/faults", json={"seed": seed, "error_rate": 0.3, "error_statuses": [500, 503],
                                         "throttle_rate": 0.2, "retry_after": 3})
    return [api.get("/me").status_code for _i in range(60)]


def test_seeded_rates_are_deterministic(api):
    first = _statuses(api, 7)
    assert _statuses(api, 7) == first
    assert _statuses(api, 8) != first
    assert {200, 429} <= set(first) and set(first) <= {200, 429, 500, 503}
    assert api.client.delete("/_sim/faults").status_code == 204
    assert all(api.get("/me").status_code == 200 for _i in range(20))


def test_latency(api):
    api.client.put("/_sim/faults", json={"latency_ms": 150})
    start = time.monotonic()
    api.get("/me")
    assert time.monotonic() - start >= 0.14


@pytest.mark.parametrize("body", [{"error_rate": 2}, {"bogus": 1}, {"next": [{"status": 200}]}, {"latency_ms": -1},
                                  {"error_statuses": []}, [1]])
def test_fault_config_validation(api, body):
    resp = api.client.put("/_sim/faults", json=body)
    assert resp.status_code == 400 and resp.get_json()["status"] == 400


@pytest.mark.parametrize("body", [{"reject_deprecated_terms": "yes"}, {"nope": 1}, {"report_anchor": "tomorrow"}])
def test_config_validation(api, body):
    assert api.client.put("/_sim/config", json=body).status_code == 400


def test_reads_only_refuses_and_counts_every_write(api):
    assert api.client.get("/_sim/config").get_json()["reads_only"] is False
    assert api.client.put("/_sim/config", json={"reads_only": True}).status_code == 204
    assert api.get("/orgs/acme.example/domains").status_code == 200
    resp = api.post("/orgs/acme.example/domains", {"name": "ro.example"})
    assert resp.status_code == 403
    assert "simulator is in reads-only mode" in resp.get_json()["error_message"]
    api.put("/orgs/acme.example/domains/acme.example", {"is_relay": False})
    api.delete("/orgs/acme.example/users/bob@acme.example", as_=("admin@msp.example", "wrong-password"))
    api.patch("/orgs/acme.example", {"is_active": False})
    refused = api.client.get("/_sim/refused-writes").get_json()
    assert [(r["method"], r["path"]) for r in refused] == [
        ("POST", "/api/v1/orgs/acme.example/domains"), ("PUT", "/api/v1/orgs/acme.example/domains/acme.example"),
        ("DELETE", "/api/v1/orgs/acme.example/users/bob@acme.example"), ("PATCH", "/api/v1/orgs/acme.example")]
    assert [e["status"] for e in api.log()][-4:] == [403] * 4
    # nothing changed
    assert api.get("/orgs/acme.example/domains/ro.example").status_code == 404
    assert api.get("/orgs/acme.example/users/bob@acme.example").status_code == 200
    # off again: writes work, the count stays until cleared
    assert api.client.put("/_sim/config", json={"reads_only": False}).status_code == 204
    assert api.post("/orgs/acme.example/domains", {"name": "ro.example"}).status_code == 201
    assert len(api.client.get("/_sim/refused-writes").get_json()) == 4
    assert api.client.delete("/_sim/refused-writes").status_code == 204
    assert api.client.get("/_sim/refused-writes").get_json() == []


def test_reads_only_is_checked_before_faults_and_cleared_by_reset(api):
    api.client.put("/_sim/config", json={"reads_only": True})
    api.client.put("/_sim/faults", json={"next": [{"status": 503}]})
    assert api.post("/orgs/acme.example/domains", {"name": "x.example"}).status_code == 403
    assert api.get("/orgs/acme.example").status_code == 503  # the queued fault is still there for the next request
    assert api.client.put("/_sim/config", json={"reads_only": "yes"}).status_code == 400
    api.client.post("/_sim/reset")
    assert api.client.get("/_sim/config").get_json()["reads_only"] is False
    assert api.client.get("/_sim/refused-writes").get_json() == []


def test_connections_lists_each_client_connection_once(api):
    """Keep-alive shows as one address:port for many requests; a new connection is a new entry."""
    for port in (50001, 50001, 50002, 50001):
        headers = {"X-User": "admin@msp.example", "X-Password": "demo-password"}
        response = api.client.get("/api/v1/orgs/acme.example", headers=headers,
                                  environ_overrides={"REMOTE_ADDR": "127.0.0.1", "REMOTE_PORT": port})
        assert response.status_code == 200
    api.client.get("/_sim/health", environ_overrides={"REMOTE_PORT": 50003})  # control requests are not counted
    assert api.client.get("/_sim/connections").get_json() == ["127.0.0.1:50001", "127.0.0.1:50002"]
    assert api.client.delete("/_sim/connections").status_code == 204
    assert api.client.get("/_sim/connections").get_json() == []
    api.get("/orgs/acme.example")
    assert len(api.client.get("/_sim/connections").get_json()) == 1
    api.client.post("/_sim/reset")
    assert api.client.get("/_sim/connections").get_json() == []
