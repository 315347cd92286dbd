# -*- coding: utf-8 -*-
# Copyright (c) ppe.essentials contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Real-server tests of serve.py: start contract, ports, state file, TLS, stacks, drops, threads."""

from __future__ import annotations

import json
import os
import queue
import re
import socket
import subprocess
import sys
import threading

import pytest
import requests
import trustme

SERVE = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "serve.py")
LINE = re.compile(r"^PPE simulator listening on (https?)://127\.0\.0\.1:(\d+)\n$")
AUTH = {"X-User": "admin@msp.example", "X-Password": "demo-password"}


class Server:
    """serve.py as a subprocess, started from an unrelated cwd."""

    def __init__(self, cwd, *args, lines=1):
        self.proc = subprocess.Popen([sys.executable, SERVE] + list(args), cwd=str(cwd), stdout=subprocess.PIPE,
                                     stderr=subprocess.PIPE, text=True)
        self.queue = queue.Queue()
        self.rest = []
        threading.Thread(target=self._pump, daemon=True).start()
        self.lines = [self._readline() for _i in range(lines)]
        self.urls = []
        for line in self.lines:
            match = LINE.match(line)
            assert match, repr(line)
            self.urls.append("%s://127.0.0.1:%s" % match.groups())
        self.url = self.urls[0]

    def _pump(self):
        for line in self.proc.stdout:
            self.queue.put(line)
        self.queue.put("")

    def _readline(self):
        try:
            line = self.queue.get(timeout=15)
        except queue.Empty:
            line = None
        if not line:
            self.proc.kill()
            raise AssertionError("no start line; stderr: %s" % self.proc.stderr.read())
        return line

    def stop(self):
        """Terminate and return whatever else was printed on stdout."""
        self.proc.terminate()
        self.proc.wait(timeout=10)
        rest = []
        while True:
            line = self.queue.get(timeout=5)
            if not line:
                return "".join(rest)
            rest.append(line)


@pytest.fixture
def start(tmp_path):
    servers = []

    def run(*args, lines=1):
        server = Server(tmp_path, *args, lines=lines)
        servers.append(server)
        return server
    yield run
    for server in servers:
        if server.proc.poll() is None:
            server.stop()


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_start_contract_port_zero(start):
    server = start("--port", "0")
    assert requests.get(server.url + "/api/v1/me", headers=AUTH, timeout=5).json()["primary_email"] == \
        "admin@msp.example"
    assert server.stop() == ""


def test_explicit_port(start):
    port = free_port()
    server = start("--port", str(port))
    assert server.lines == ["PPE simulator listening on http://127.0.0.1:%d\n" % port]


def test_state_file_survives_restart(start, tmp_path):
    state = tmp_path / "state.json"
    server = start("--port", "0", "--state", str(state))
    resp = requests.post(server.url + "/api/v1/orgs/acme.example/users", headers=AUTH, timeout=5,
                         json={"primary_email": "persist@acme.example", "password": "persist-pw",
                               "type": "organization_admin"})
    assert resp.status_code == 201
    server.stop()
    text = state.read_text()
    assert "persist@acme.example" in text and "persist-pw" not in text
    assert not [p for p in os.listdir(tmp_path) if p.startswith(".ppe-sim-")]
    server = start("--port", "0", "--state", str(state))
    me = requests.get(server.url + "/api/v1/me", timeout=5,
                      headers={"X-User": "persist@acme.example", "X-Password": "persist-pw"})
    assert me.status_code == 200


def test_tls(start, tmp_path):
    ca = trustme.CA()
    cert = ca.issue_cert("127.0.0.1", "localhost")
    cert_file, key_file, ca_file = tmp_path / "c.pem", tmp_path / "k.pem", tmp_path / "ca.pem"
    cert.cert_chain_pems[0].write_to_path(str(cert_file))
    cert.private_key_pem.write_to_path(str(key_file))
    ca.cert_pem.write_to_path(str(ca_file))
    server = start("--port", "0", "--tls-cert", str(cert_file), "--tls-key", str(key_file))
    assert server.url.startswith("https://")
    resp = requests.get(server.url + "/api/v1/endpoints/acme.example", headers=AUTH, verify=str(ca_file), timeout=5)
    assert resp.json() == {"endpoints": [server.url]}


def test_multiple_stacks(start, tmp_path, demo_fixture):
    demo_fixture["orgs"].append({"eid": 120, "parent": "msp.example", "stacks": ["eu1"], "primary_domain": "eu.example",
                                 "name": "EU Only"})
    demo_fixture["orgs"].append({"eid": 121, "parent": "msp.example", "stacks": ["us1", "eu1"],
                                 "primary_domain": "both.example", "name": "Both"})
    fixture = tmp_path / "fixture.json"
    fixture.write_text(json.dumps(demo_fixture))
    server = start("--port", "0", "--stacks", "us1,eu1", "--fixture", str(fixture), lines=2)
    us1, eu1 = server.urls
    assert us1 != eu1

    def get(base, path):
        return requests.get(base + "/api/v1" + path, headers=AUTH, timeout=5)
    assert get(us1, "/endpoints/eu.example").json() == {"endpoints": [eu1]}
    assert get(eu1, "/endpoints/both.example").json() == {"endpoints": [us1, eu1]}
    resp = get(us1, "/orgs/eu.example")
    assert resp.status_code == 403 and "another stack" in resp.json()["error_message"]
    assert get(eu1, "/orgs/eu.example").status_code == 200
    assert get(eu1, "/orgs/acme.example").status_code == 403
    assert [o["primary_domain"] for o in get(us1, "/orgs/msp.example/orgs").json()["orgs"]] == [
        "msp.example", "acme.example", "both.example"]
    log = requests.get(eu1 + "/_sim/requests", timeout=5).json()
    assert [e["stack"] for e in log] == ["us1", "eu1", "us1", "eu1", "eu1", "us1"]


def free_port_pair():
    """A port P with P+1 also free (bounded attempts)."""
    for _attempt in range(50):
        port = free_port()
        with socket.socket() as sock:
            try:
                sock.bind(("127.0.0.1", port + 1))
            except OSError:
                continue
        return port
    raise AssertionError("no two consecutive free ports in 50 attempts")


def test_stacks_with_explicit_port(start):
    port = free_port_pair()
    server = start("--port", str(port), "--stacks", "us1,eu1", lines=2)
    assert server.urls == ["http://127.0.0.1:%d" % port, "http://127.0.0.1:%d" % (port + 1)]


def test_dropped_connection(start):
    server = start("--port", "0")
    requests.put(server.url + "/_sim/faults", json={"next": [{"drop": True}]}, timeout=5)
    with pytest.raises(requests.exceptions.ConnectionError):
        requests.get(server.url + "/api/v1/me", headers=AUTH, timeout=5)
    assert requests.get(server.url + "/api/v1/me", headers=AUTH, timeout=5).status_code == 200
    assert [e["status"] for e in requests.get(server.url + "/_sim/requests", timeout=5).json()] == [0, 200]


def test_threaded_writes_are_consistent(start):
    server = start("--port", "0")
    statuses = []

    def worker(index):
        with requests.Session() as session:
            for j in range(5):
                resp = session.post(server.url + "/api/v1/orgs/acme.example/users", headers=AUTH, timeout=10,
                                    json={"primary_email": "t%d-%d@acme.example" % (index, j)})
                statuses.append(resp.status_code)
    threads = [threading.Thread(target=worker, args=(i,)) for i in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert statuses == [201] * 40
    users = requests.get(server.url + "/api/v1/orgs/acme.example/users", headers=AUTH, timeout=5).json()["users"]
    assert len(users) == 43 and len({u["uid"] for u in users}) == 43


def test_refuses_non_loopback_host(tmp_path):
    proc = subprocess.run([sys.executable, SERVE, "--port", "0", "--host", "0.0.0.0"], cwd=str(tmp_path),
                          capture_output=True, text=True, timeout=15, check=False)
    assert proc.returncode == 2 and "non-loopback" in proc.stderr and proc.stdout == ""


def test_keep_alive_threads_bound_the_requests_in_flight(start):
    """--threads N: cheroot answers N requests at once; a request waiting out the latency fault holds a thread, so
    the benchmarks start it with more threads than workers (the default, 16, would cap them)."""
    server = start("--port", "0", "--keep-alive", "--threads", "3")
    requests.put(server.url + "/_sim/faults", json={"latency_ms": 300}, timeout=5).raise_for_status()
    statuses = []

    def worker():
        with requests.Session() as session:
            statuses.append(session.get(server.url + "/api/v1/me", headers=AUTH, timeout=30).status_code)
    threads = [threading.Thread(target=worker) for _i in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert statuses == [200] * 6
    log = requests.get(server.url + "/_sim/requests", timeout=5).json()
    events = sorted([(e["started"], 1) for e in log] + [(e["ended"], -1) for e in log])
    peak = current = 0
    for _at, step in events:
        current += step
        peak = max(peak, current)
    assert peak == 3  # 6 clients at once, 3 threads: never more, and all 3 busy together


def test_threads_need_keep_alive(tmp_path):
    proc = subprocess.run([sys.executable, SERVE, "--port", "0", "--threads", "4"], cwd=str(tmp_path),
                          capture_output=True, text=True, timeout=15, check=False)
    assert proc.returncode == 2 and "--threads needs --keep-alive" in proc.stderr and proc.stdout == ""
