# -*- coding: utf-8 -*-
# Copyright (c) ppe.essentials contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Flask app factory: one app per stack, all sharing one Store.

Every /api/... request goes through api.handle (the reads-only switch first, then faults, auth, routing,
handler) and is written to the request log as {method, path, status, stack}; /_sim/ requests are not logged.
A lost answer (fault) is carried out and logged with its status and "lost": true, then dropped. The `shapes`
setting turns some answers into the other plausible shapes (shapes.py).
The client's address:port of each API request is noted once (/_sim/connections), to tell keep-alive from reconnects.
"""

from __future__ import annotations

import json
import socket
import time

from flask import Flask, Response, request

from .api import handle
from .control import make_control
from .shapes import reshape
from .store import READ_METHODS, Store


class DroppedConnection(ConnectionAbortedError):
    """Raised to make the server close the connection without an answer (fault injection)."""


def _drop():
    """Shut the client socket down; werkzeug treats the ConnectionError as a dropped connection."""
    sock = request.environ.get("werkzeug.socket")
    if sock is not None:
        try:
            sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
    raise DroppedConnection("simulated dropped connection")


def _response(status, body, headers):
    if body is None:
        return Response(status=status, headers=headers)
    return Response(json.dumps(body), status=status, headers=headers, mimetype="application/json")


def create_app(store=None, stack="us1", base_url=None):
    """Flask app serving one stack; pass the same store to serve several stacks."""
    store = store if store is not None else Store()
    store.stack_urls[stack] = base_url or store.stack_urls.get(stack) or "http://127.0.0.1"
    app = Flask(__name__)
    app.config["PROPAGATE_EXCEPTIONS"] = True
    app.config["SIM_STORE"] = store
    app.register_blueprint(make_control(store, stack))

    @app.before_request
    def api():
        path = request.path
        if not (path == "/api" or path.startswith("/api/")):
            return None
        method = request.method
        entry = {"method": method, "path": path, "status": 0, "stack": stack, "started": time.monotonic()}
        store.connected("%s:%s" % (request.environ.get("REMOTE_ADDR"), request.environ.get("REMOTE_PORT")))
        if request.query_string:
            entry["query"] = request.query_string.decode("latin-1")
        if store.config.get("reads_only") and method not in READ_METHODS:
            store.refuse_write(entry)
            return _response(403, {"status": 403, "error_message": "simulator is in reads-only mode: %s %s refused, "
                                                                   "nothing was changed" % (method, path)}, {})
        delay = store.faults.latency()
        if delay:
            time.sleep(delay)
        fault = store.faults.pick(method, path)
        if fault is not None and not fault.get("lost"):
            if fault.get("drop"):
                store.record(entry)
                _drop()
            entry["status"] = fault["status"]
            store.record(entry)
            headers = {"Retry-After": str(fault["retry_after"])} if "retry_after" in fault else {}
            message = "Too Many Requests" if fault["status"] == 429 else "Simulated server error"
            return _response(fault["status"], {"status": fault["status"], "error_message": message}, headers)
        with store.lock:
            status, body, headers = handle(store, stack, method, path, request.headers, request.get_data(),
                                           request.args.to_dict())
            entry["status"] = status
            if status == 207 and isinstance(body, dict) and body.get("errors"):
                entry["item_errors"] = [item["status"] for item in body["errors"]]  # a batch's refused items
            if store.config["shapes"]:
                body = reshape(store.config["shapes"], method, path, status, body)
            if fault is not None:  # a lost answer: the request was carried out, its answer never arrives
                entry["lost"] = True
            store.record(entry)
        if fault is not None:
            if "status" not in fault:
                _drop()
            return _response(fault["status"], {"status": fault["status"], "error_message": "Simulated server error"},
                             {})
        return _response(status, body, headers)

    return app
