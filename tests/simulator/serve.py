# -*- coding: utf-8 -*-
# Copyright (c) ppe.essentials contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Start contract: ``python tests/simulator/serve.py --port PORT`` prints, per stack, exactly
``PPE simulator listening on http://127.0.0.1:PORT`` once the socket accepts connections.

Options: --port 0 (free port), --stacks us1,eu1 (one port each: P, P+1, ... or free ports with 0),
--tls-cert/--tls-key (HTTPS), --state FILE (persistent, atomic writes), --fixture FILE,
--host (loopback addresses only), --keep-alive (cheroot, which keeps HTTP/1.1 connections open as the API does;
werkzeug, the default, closes each one), --threads N (cheroot's worker threads, default 16: requests answered at once;
a request waiting out the latency fault holds one, so a benchmark with more workers than that needs more).
"""

from __future__ import annotations

import argparse
import logging
import os
import signal
import sys
import threading

if __package__ in (None, ""):
    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from werkzeug.serving import make_server  # noqa: E402  pylint: disable=wrong-import-position

from simulator.app import create_app  # noqa: E402  pylint: disable=wrong-import-position
from simulator.keepalive import KeepAliveServer  # noqa: E402  pylint: disable=wrong-import-position
from simulator.loopback import is_loopback  # noqa: E402  pylint: disable=wrong-import-position
from simulator.store import Store, load_fixture_file  # noqa: E402  pylint: disable=wrong-import-position


def parse_args(argv):
    """Command-line options."""
    parser = argparse.ArgumentParser(description="Proofpoint Essentials API v1 simulator (loopback only)")
    parser.add_argument("--port", type=int, default=8443, help="port of the first stack; 0 picks free ports")
    parser.add_argument("--host", default="127.0.0.1", help="loopback address to bind (default 127.0.0.1)")
    parser.add_argument("--stacks", default="us1", help="comma-separated stack names, one port each")
    parser.add_argument("--state", help="JSON state file, loaded at start and rewritten after each change")
    parser.add_argument("--fixture", help="JSON fixture to load instead of the built-in demo fixture")
    parser.add_argument("--tls-cert", help="PEM certificate: serve HTTPS")
    parser.add_argument("--tls-key", help="PEM private key for --tls-cert")
    parser.add_argument("--verbose", action="store_true", help="log each request to stderr")
    parser.add_argument("--keep-alive", action="store_true",
                        help="serve with cheroot, which keeps connections alive (werkzeug closes each one)")
    parser.add_argument("--threads", type=int,
                        help="with --keep-alive: requests answered at once (cheroot's worker threads, default %d)"
                        % KeepAliveServer.THREADS)
    args = parser.parse_args(argv)
    if args.threads is not None and not args.keep_alive:
        parser.error("--threads needs --keep-alive (werkzeug starts one thread per request)")
    if args.threads is not None and not 1 <= args.threads <= 1024:
        parser.error("--threads must be between 1 and 1024")
    if not is_loopback(args.host):
        parser.error("refusing to listen on non-loopback address %s" % args.host)
    if bool(args.tls_cert) != bool(args.tls_key):
        parser.error("--tls-cert and --tls-key go together")
    args.stacks = [s.strip() for s in args.stacks.split(",") if s.strip()]
    if not args.stacks or len(set(args.stacks)) != len(args.stacks):
        parser.error("--stacks needs distinct stack names")
    return args


def main(argv=None):
    """Bind every stack, print the contract lines, serve until SIGINT/SIGTERM."""
    args = parse_args(argv)
    if not args.verbose:
        logging.getLogger("werkzeug").setLevel(logging.ERROR)
    fixture = load_fixture_file(args.fixture) if args.fixture else None
    store = Store(fixture=fixture, state_file=args.state)
    ssl_context = (args.tls_cert, args.tls_key) if args.tls_cert else None
    scheme = "https" if ssl_context else "http"
    servers = []
    for index, stack in enumerate(args.stacks):
        port = args.port + index if args.port else 0
        app = create_app(store, stack)
        if args.keep_alive:
            server = KeepAliveServer(args.host, port, app, ssl_context=ssl_context,
                                     threads=args.threads or KeepAliveServer.THREADS)
        else:
            server = make_server(args.host, port, app, threaded=True, ssl_context=ssl_context)
        host = "[%s]" % args.host if ":" in args.host else args.host
        url = "%s://%s:%d" % (scheme, host, server.server_port)
        store.stack_urls[stack] = url
        servers.append((server, url))
    for server, url in servers:
        threading.Thread(target=server.serve_forever, daemon=True).start()
    for _server, url in servers:
        sys.stdout.write("PPE simulator listening on %s\n" % url)
    sys.stdout.flush()
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    while not stop.wait(0.5):
        pass
    for server, _url in servers:
        server.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main())
