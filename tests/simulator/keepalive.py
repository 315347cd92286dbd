# -*- coding: utf-8 -*-
# Copyright (c) ppe.essentials contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""serve.py --keep-alive: the simulator on cheroot, an HTTP/1.1 server that keeps connections open.

Werkzeug's development server answers every request with ``Connection: close``, so a client that keeps one
connection alive (a requests.Session, as the modules use) cannot show it there. The real API keeps
connections alive; this server lets the keep-alive test and the benchmarks see the clients' connections as the
API would. Werkzeug stays the default: its socket is what the ``drop`` fault shuts down, which cheroot does not
hand to the application (a ``drop`` fault answers 500 here).

cheroot answers ``threads`` requests at once (16 unless serve.py --threads says otherwise); a request waiting out
the latency fault holds its thread, so with latency L the server answers at most threads / L requests a second.
That cap is the test server's, not the API's: the benchmarks start it with more threads than their workers.
"""

from __future__ import annotations


class KeepAliveServer:
    """The interface serve.py uses of werkzeug's server (server_port, serve_forever, shutdown), on cheroot."""

    THREADS = 16

    def __init__(self, host, port, app, ssl_context=None, threads=THREADS):
        from cheroot import wsgi  # imported here: only --keep-alive needs cheroot

        self._server = wsgi.Server((host, port), app, numthreads=threads, timeout=30)
        if ssl_context:
            from cheroot.ssl.builtin import BuiltinSSLAdapter

            self._server.ssl_adapter = BuiltinSSLAdapter(*ssl_context)
        self._server.prepare()  # binds, so the port is known and accepting before serve.py prints it
        self.server_port = self._server.bind_addr[1]

    def serve_forever(self):
        self._server.serve()

    def shutdown(self):
        self._server.stop()
