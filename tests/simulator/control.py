# -*- coding: utf-8 -*-
# Copyright (c) ppe.essentials contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""/_sim/ control endpoints for tests: request log, client connections, reset, state, faults, config, refused writes,
DNS.

No PPE auth.

They are not part of the emulated API and are never written to the request log.
"""

from __future__ import annotations

import datetime
import json

from flask import Blueprint, Response, jsonify, request

from .shapes import shapes_problem
from .store import DEFAULT_CONFIG, published_records


def _error(status, message):
    return Response(json.dumps({"status": status, "error_message": message}), status, mimetype="application/json")


def _json_body():
    try:
        return json.loads(request.get_data() or b"null"), None
    except ValueError:
        return None, _error(400, "Bad Request: malformed JSON")


def make_control(store, stack):
    """Blueprint bound to the shared store."""
    bp = Blueprint("sim_control_" + stack, __name__, url_prefix="/_sim")

    @bp.route("/health", methods=["GET"])
    def health():
        return jsonify({"status": "ok", "stack": stack, "stacks": store.stack_urls})

    def record_list(attribute):
        """GET lists what the store recorded under `attribute`; DELETE clears it (204)."""
        def view():
            with store.lock:
                if request.method == "DELETE":
                    setattr(store, attribute, [])
                    return Response(status=204)
                return jsonify(list(getattr(store, attribute)))
        return view

    bp.add_url_rule("/requests", "requests_log", record_list("log"), methods=["GET", "DELETE"])
    bp.add_url_rule("/refused-writes", "refused_writes", record_list("refused_writes"), methods=["GET", "DELETE"])
    bp.add_url_rule("/connections", "connections", record_list("connections"), methods=["GET", "DELETE"])

    @bp.route("/reset", methods=["POST"])
    def reset():
        store.reset()
        return Response(status=204)

    @bp.route("/state", methods=["GET", "PUT"])
    def state():
        if request.method == "GET":
            return jsonify(store.dump())
        body, err = _json_body()
        if err:
            return err
        try:
            with store.lock:
                store.load(body)
                store.save()
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            return _error(400, "Bad Request: invalid state document (%s)" % exc)
        return Response(status=204)

    @bp.route("/faults", methods=["GET", "PUT", "DELETE"])
    def faults():
        if request.method == "GET":
            return jsonify(store.faults.show())
        if request.method == "DELETE":
            store.faults.clear()
            return Response(status=204)
        body, err = _json_body()
        if err:
            return err
        if not isinstance(body, dict):
            return _error(400, "Bad Request: the body must be a JSON object")
        try:
            store.faults.configure(body)
        except ValueError as exc:
            return _error(400, "Bad Request: %s" % exc)
        return Response(status=204)

    @bp.route("/dns/<name>", methods=["GET", "PUT", "DELETE"])
    def dns(name):
        """What is published in DNS for a domain (verification records, DKIM public keys): the API's verify checks."""
        key = name.lower().rstrip(".")
        with store.lock:
            if request.method == "GET":
                return jsonify(store.dns.get(key, published_records({})))
            if request.method == "DELETE":
                store.dns.pop(key, None)
            else:
                body, err = _json_body()
                if err:
                    return err
                try:
                    store.dns[key] = published_records(body)
                except ValueError as exc:
                    return _error(400, "Bad Request: %s" % exc)
            store.save()
        return Response(status=204)

    @bp.route("/config", methods=["GET", "PUT"])
    def config():
        if request.method == "GET":
            return jsonify(store.config)
        body, err = _json_body()
        if err:
            return err
        problem = _config_problem(body)
        if problem:
            return _error(400, "Bad Request: %s" % problem)
        with store.lock:
            store.config.update(body)
            store.config["shapes"] = list(store.config["shapes"])  # never the default's list
        return Response(status=204)

    return bp


def _config_problem(body):
    if not isinstance(body, dict):
        return "the body must be a JSON object"
    unknown = sorted(set(body) - set(DEFAULT_CONFIG))
    if unknown:
        return "unknown keys: %s" % ", ".join(unknown)
    for flag in ("reject_deprecated_terms", "reads_only"):
        if not isinstance(body.get(flag, False), bool):
            return "%s must be a boolean" % flag
    if "shapes" in body and shapes_problem(body["shapes"]):
        return shapes_problem(body["shapes"])
    try:
        datetime.datetime.strptime(body.get("report_anchor", DEFAULT_CONFIG["report_anchor"]), "%Y-%m-%dT%H:%M:%SZ")
    except (TypeError, ValueError):
        return "report_anchor must look like 2026-01-01T00:00:00Z"
    return None
