# -*- coding: utf-8 -*-
# Copyright (c) ppe.essentials contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""PPEClient against real sockets on loopback: which connection failures are retried and what they say.

Only loopback addresses are targeted. Name resolution uses a host under ``.invalid`` (RFC 6761), which
never resolves, so no traffic leaves the machine.
"""

from __future__ import annotations

import socket
import ssl
import threading
import time

import pytest
import trustme

from ansible_collections.ppe.essentials.plugins.module_utils import _errors as errors
from ansible_collections.ppe.essentials.plugins.module_utils._client import PPEClient
from tests.support import Recorder, closed_port

OK_RESPONSE = b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}"


class ScriptedServer:
    """A loopback TCP server; each accepted connection follows the next step: 'ok', 'close' or 'hang'."""

    def __init__(self, steps, ssl_context=None):
        self.steps = list(steps)
        self.accepted = 0
        self.ssl_context = ssl_context
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(8)
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.stop = threading.Event()
        self.open = []
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self):
        while not self.stop.is_set():
            try:
                conn, _addr = self.sock.accept()
            except OSError:
                continue
            self.accepted += 1
            step = self.steps.pop(0) if self.steps else "ok"
            threading.Thread(target=self._handle, args=(conn, step), daemon=True).start()

    def _handle(self, conn, step):
        try:
            if self.ssl_context is not None:
                conn = self.ssl_context.wrap_socket(conn, server_side=True)
            if step == "close":
                conn.close()
                return
            conn.settimeout(5)
            data = b""
            while b"\r\n\r\n" not in data:
                chunk = conn.recv(4096)
                if not chunk:
                    break
                data += chunk
            if step == "hang":
                self.open.append(conn)
                self.stop.wait(10)
                return
            conn.sendall(OK_RESPONSE)
        except (OSError, ssl.SSLError):
            pass
        finally:
            try:
                conn.close()
            except OSError:
                pass

    def close(self):
        self.stop.set()
        self.sock.close()
        self.thread.join(5)


@pytest.fixture
def rec():
    return Recorder()


@pytest.fixture
def serve():
    servers = []

    def start(steps, ssl_context=None):
        server = ScriptedServer(steps, ssl_context)
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.close()


def client_for(url, rec, **kwargs):
    kwargs.setdefault("retries", 3)
    return PPEClient(url, "admin@msp.example", "pw-for-tests", warn=rec.warn, sleep=rec.sleep, **kwargs)


def test_connection_refused_fails_at_once_with_a_hint(rec):
    client = client_for("http://127.0.0.1:%d" % closed_port(), rec)
    started = time.monotonic()
    with pytest.raises(errors.PPEConnectionError) as info:
        client.get("/me")
    message = str(info.value)
    assert not rec.warnings and not rec.sleeps
    assert time.monotonic() - started < 5
    assert "refused" in message and "port" in message and "url (PPE_URL)" in message
    assert "Max retries exceeded" not in message


def test_unresolvable_host_fails_at_once_with_a_hint(rec):
    client = client_for("https://ppe-stack.invalid", rec)
    with pytest.raises(errors.PPEConnectionError) as info:
        client.get("/me")
    message = str(info.value)
    assert not rec.warnings
    assert "ppe-stack.invalid" in message and "resolve" in message and "url (PPE_URL)" in message


@pytest.fixture(scope="module")
def tls(tmp_path_factory):
    """(server SSL context, CA file) of a trustme test CA that issued a certificate for 127.0.0.1."""
    ca = trustme.CA()
    cert = ca.issue_cert("127.0.0.1", "localhost")
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    cert.configure_cert(context)
    ca_file = tmp_path_factory.mktemp("ca") / "ca.pem"
    ca.cert_pem.write_to_path(str(ca_file))
    return context, str(ca_file)


@pytest.mark.filterwarnings("ignore::urllib3.exceptions.InsecureRequestWarning")
def test_certificate_failure_fails_at_once_with_a_hint(rec, serve, tls, monkeypatch):
    monkeypatch.delenv("REQUESTS_CA_BUNDLE", raising=False)
    monkeypatch.delenv("CURL_CA_BUNDLE", raising=False)
    server = serve(["ok"] * 5, ssl_context=tls[0])
    client = client_for("https://127.0.0.1:%d" % server.port, rec)
    with pytest.raises(errors.PPEConnectionError) as info:
        client.get("/me")
    message = str(info.value)
    assert not rec.warnings
    assert "certificate" in message and "ca_path (PPE_CA_PATH)" in message and "validate_certs" in message
    # the same server with the test CA, and without verification
    assert client_for("https://127.0.0.1:%d" % server.port, rec, ca_path=tls[1]).get("/me") == {}
    assert client_for("https://127.0.0.1:%d" % server.port, rec, validate_certs=False).get("/me") == {}


def test_https_to_a_plain_http_port_fails_at_once(rec, serve):
    server = serve(["ok"] * 5)
    client = client_for("https://127.0.0.1:%d" % server.port, rec)
    with pytest.raises(errors.PPEConnectionError) as info:
        client.get("/me")
    assert not rec.warnings
    assert "TLS" in str(info.value)


def test_read_timeout_is_retried_and_says_timed_out_after_n_seconds(rec, serve):
    server = serve(["hang", "hang"])
    client = client_for("http://127.0.0.1:%d" % server.port, rec, timeout=1, retries=1)
    with pytest.raises(errors.PPEConnectionError) as info:
        client.get("/me")
    message = str(info.value)
    assert server.accepted == 2 and len(rec.warnings) == 1
    assert "timed out after 1 s" in message and "timeout (PPE_TIMEOUT)" in message
    assert "could not connect" not in message


def test_dropped_connection_is_transient_and_retried(rec, serve):
    server = serve(["close", "ok"])
    client = client_for("http://127.0.0.1:%d" % server.port, rec)
    assert client.get("/me") == {}
    assert server.accepted == 2 and len(rec.warnings) == 1


def test_a_write_is_not_retried_after_a_dropped_connection(rec, serve):
    server = serve(["close", "ok"])
    client = client_for("http://127.0.0.1:%d" % server.port, rec)
    with pytest.raises(errors.PPEConnectionError):
        client.request("POST", "/token/acme.example", {"user_to_impersonate": "a@acme.example"})
    assert server.accepted == 1 and not rec.warnings
