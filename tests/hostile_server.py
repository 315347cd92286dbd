# -*- coding: utf-8 -*-
# Copyright (c) ppe.essentials contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""A misbehaving HTTP server on loopback, for tests of what the client does with a hostile or odd server.

Standard library only; binds 127.0.0.1 on a free port; started and stopped by the tests (``with HostileServer()
as server``). The first path segment picks the misbehaviour, so one server serves every case and one playbook
can try several: ``url: http://127.0.0.1:<port>/<mode>`` makes the client request ``/<mode>/api/v1/...``.

``Listener`` is the "other host" of a redirect: a second server on another loopback port (another origin) that
records every connection and request it gets (headers and body), and answers 200 ``{}``.

Modes: ``ok`` (a tiny API: GET /orgs/{domain} is an organization, other reads 404, writes 201/204),
``redirect301``/``302``/``303``/``307``/``308`` (every request to the other host, same path), ``writes307`` (reads
like ``ok``, writes redirected with 307), ``same307``/``same302`` (to ``ok`` on this server), ``sameloop`` (to
itself, for ever), ``drip`` (a JSON body one byte every 0.2 s), ``endless`` (a body without end, 0.8 MB/s),
``huge`` (a 200 MB JSON body without Content-Length), ``hugelength`` (one that announces 200 MB), ``gzipbomb``
(0.2 MB of gzip that inflates to 200 MB), ``deep`` (100,000 nested arrays), ``manyobjects`` (3 million empty
objects in 9 MB), ``html`` (200 with a login page), ``htmlerror`` (502 with an HTML page), ``truncated`` (200 with
cut JSON), ``list``, ``null``, ``scalar``, ``empty`` (200 with those bodies), ``slowheaders`` (headers one byte
every 0.2 s).
"""

from __future__ import annotations

import gzip
import http.server
import json
import threading
import time

DRIP_INTERVAL = 0.2
DRIP_LIMIT = 60  # seconds; no test waits that long, but an unbounded client would
HUGE = 200 * 1024 * 1024
ORG = {"primary_domain": "acme.example", "name": "Acme", "eid": 7, "type": "organization", "domains": []}
LOGIN_PAGE = (b"<!DOCTYPE html>\n<html><head><title>Sign in - Corporate Proxy</title></head>\n<body><form>"
              + b"<input name=user>" * 200 + b"</form></body></html>\n")
ERROR_PAGE = b"<html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1>nginx</body></html>"
# The modes that answer one fixed (status, body, content type) to any request: odd answers to a read.
FIXED_ANSWERS = {
    "html": (200, LOGIN_PAGE, "text/html; charset=utf-8"),
    "htmlerror": (502, ERROR_PAGE, "text/html"),
    "truncated": (200, json.dumps(ORG).encode()[:25], "application/json"),
    "list": (200, b"[]", "application/json"),
    "null": (200, b"null", "application/json"),
    "scalar": (200, b'"acme.example"', "application/json"),
    "empty": (200, b"", "application/json"),
}
_BOMB = []


def gzip_bomb():
    """0.2 MB of gzip that inflates to a 200 MB JSON document (made once per process)."""
    if not _BOMB:
        _BOMB.append(gzip.compress(b'{"a":"' + b"a" * (HUGE - 8) + b'"}', compresslevel=9))
    return _BOMB[0]


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, owner, handler):
        self.owner = owner
        super().__init__(("127.0.0.1", 0), handler)

    def get_request(self):
        conn, address = super().get_request()
        self.owner.connections += 1
        if self.owner.ssl_context is not None:
            conn = self.owner.ssl_context.wrap_socket(conn, server_side=True)
        return conn, address

    def handle_error(self, request, client_address):
        """A client that gave up mid-answer is what the tests want; no traceback on stderr."""


class _Base:
    """A server on 127.0.0.1 in a thread; `requests` holds {method, path, time (monotonic), headers, body} of what it
    received, `connections` how many connections it accepted."""

    handler = None

    def __init__(self, ssl_context=None):
        self.ssl_context = ssl_context
        self.connections = 0
        self.requests = []
        self.stopping = threading.Event()
        self._server = _Server(self, self.handler)
        self.port = self._server.server_address[1]
        self.url = "%s://127.0.0.1:%d" % ("https" if ssl_context else "http", self.port)
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)

    def start(self):
        self._thread.start()
        return self

    def stop(self):
        self.stopping.set()
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(5)

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc_info):
        self.stop()


class _Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, format, *args):  # pylint: disable=redefined-builtin
        """Quiet."""

    def _record(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        self.server.owner.requests.append({"method": self.command, "path": self.path, "time": time.monotonic(),
                                           "headers": dict(self.headers.items()), "body": body.decode("latin-1")})

    def _answer(self, status, body=b"", content_type="application/json", headers=(), close=False):
        self.send_response(status)
        if content_type:
            self.send_header("Content-Type", content_type)
        for name, value in headers:
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        if close:
            self.send_header("Connection", "close")
            self.close_connection = True
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):  # pylint: disable=invalid-name
        self._handle()

    do_POST = do_PUT = do_PATCH = do_DELETE = do_GET

    def _handle(self):
        self._record()


class Listener(_Base):
    """The other origin of a redirect: records whatever reaches it (it should be nothing) and answers 200 {}."""

    class handler(_Handler):  # pylint: disable=invalid-name
        def _handle(self):
            self._record()
            self._answer(200, b"{}")


class HostileServer(_Base):
    """The API's address, answering as the mode in the first path segment says; `other` is the redirect target
    (a Listener URL)."""

    def __init__(self, other=None, ssl_context=None):
        self.other = other
        super().__init__(ssl_context)

    class handler(_Handler):  # pylint: disable=invalid-name
        def _handle(self):
            self._record()
            owner = self.server.owner
            mode, _sep, rest = self.path.lstrip("/").partition("/")
            rest = "/" + rest
            if mode in FIXED_ANSWERS:
                status, body, content_type = FIXED_ANSWERS[mode]
                self._answer(status, body, content_type=content_type)
                return
            getattr(self, "mode_" + mode, self.mode_unknown)(owner, rest)

        def mode_unknown(self, owner, rest):
            del owner, rest
            self._answer(404, json.dumps({"status": 404, "error_message": "no such mode"}).encode())

        # -- a tiny API ------------------------------------------------------------------------------------
        def mode_ok(self, owner, rest):
            del owner
            if self.command == "DELETE":
                self._answer(204, content_type=None)
            elif self.command in ("POST", "PUT", "PATCH"):
                self._answer(201, b"{}")
            elif rest.rstrip("/") in ("/api/v1/orgs/acme.example", "/api/v1/me"):
                self._answer(200, json.dumps(ORG).encode())
            else:
                self._answer(404, json.dumps({"status": 404, "error_message": "Not Found"}).encode())

        # -- redirects ---------------------------------------------------------------------------------------
        def _redirect(self, status, location):
            self._answer(status, b"", content_type=None, headers=[("Location", location)])

        def _elsewhere(self, owner, status, rest):
            self._redirect(status, owner.other.rstrip("/") + rest)

        def mode_redirect301(self, owner, rest):
            self._elsewhere(owner, 301, rest)

        def mode_redirect302(self, owner, rest):
            self._elsewhere(owner, 302, rest)

        def mode_redirect303(self, owner, rest):
            self._elsewhere(owner, 303, rest)

        def mode_redirect307(self, owner, rest):
            self._elsewhere(owner, 307, rest)

        def mode_redirect308(self, owner, rest):
            self._elsewhere(owner, 308, rest)

        def mode_writes307(self, owner, rest):
            if self.command == "GET":
                self.mode_ok(owner, rest)
            else:
                self._elsewhere(owner, 307, rest)

        def mode_same307(self, owner, rest):
            del owner
            self._redirect(307, "/ok" + rest)

        def mode_same302(self, owner, rest):
            self._redirect(302, "%s/ok%s" % (owner.url, rest))

        def mode_sameloop(self, owner, rest):
            del owner
            self._redirect(302, "/sameloop" + rest)

        # -- bodies that do not end, or end too late ---------------------------------------------------------
        def _drip(self, owner, data):
            started = time.monotonic()
            for byte in data:
                if owner.stopping.is_set() or time.monotonic() - started > DRIP_LIMIT:
                    return
                self.wfile.write(bytes([byte]))
                time.sleep(DRIP_INTERVAL)

        def mode_drip(self, owner, rest):
            del rest
            body = json.dumps(dict(ORG, padding="x" * 2000)).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.close_connection = True
            self._drip(owner, body)

        def mode_slowheaders(self, owner, rest):
            del rest
            self.wfile.write(b"HTTP/1.1 200 OK\r\n")
            self._drip(owner, b"X-Slow: " + b"z" * 2000 + b"\r\n\r\n{}")
            self.close_connection = True

        def _stream(self, owner, chunks, content_type="application/json", headers=()):
            """A close-delimited body (no Content-Length) from an iterator of byte strings."""
            self.send_response(200)
            self.send_header("Content-Type", content_type)
            for name, value in headers:
                self.send_header(name, value)
            self.send_header("Connection", "close")
            self.end_headers()
            self.close_connection = True
            started = time.monotonic()
            for chunk in chunks:
                if owner.stopping.is_set() or time.monotonic() - started > DRIP_LIMIT:
                    return
                self.wfile.write(chunk)

        def mode_endless(self, owner, rest):
            del rest

            def forever():
                yield b'{"a":"'
                while True:
                    time.sleep(0.02)  # 0.8 MB/s: endless in time, not a memory test (see huge)
                    yield b"a" * 16384
            self._stream(owner, forever())

        def mode_huge(self, owner, rest):
            del rest
            block = b"a" * 65536

            def body():
                yield b'{"a":"'
                for _count in range(HUGE // len(block)):
                    yield block
                yield b'"}'
            self._stream(owner, body())

        def mode_hugelength(self, owner, rest):
            del rest
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(HUGE))
            self.end_headers()
            self.close_connection = True
            block = b" " * 65536
            try:
                for _count in range(HUGE // len(block)):
                    if owner.stopping.is_set():
                        return
                    self.wfile.write(block)
            except OSError:
                return

        def mode_gzipbomb(self, owner, rest):
            del owner, rest
            self._answer(200, gzip_bomb(), headers=[("Content-Encoding", "gzip")])

        # -- answers that are not what the API sends -------------------------------------------------------
        def mode_deep(self, owner, rest):
            del owner, rest
            self._answer(200, b"[" * 100000 + b"]" * 100000)

        def mode_manyobjects(self, owner, rest):
            del owner, rest
            self._answer(200, b"[" + b"{}," * 3000000 + b"{}]")
