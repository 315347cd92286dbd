# -*- coding: utf-8 -*-
# Copyright (c) ppe.essentials contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Benchmark (not a test): list an org of 10,000 users and POST a 1,000-user batch over loopback HTTP.

Run: ``python tests/simulator/benchmark.py [--users 10000] [--batch 1000] [--repeat 5]``.
The server runs in-process (threaded werkzeug on 127.0.0.1, free port); setup goes through the store.
"""

from __future__ import annotations

import argparse
import logging
import os
import statistics
import sys
import threading
import time

if __package__ in (None, ""):
    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

import requests  # noqa: E402  pylint: disable=wrong-import-position
from werkzeug.serving import make_server  # noqa: E402  pylint: disable=wrong-import-position

from simulator.app import create_app  # noqa: E402  pylint: disable=wrong-import-position
from simulator.model import USER_DEFAULTS, with_defaults  # noqa: E402  pylint: disable=wrong-import-position
from simulator.store import Store  # noqa: E402  pylint: disable=wrong-import-position

AUTH = {"X-User": "admin@msp.example", "X-Password": "demo-password"}


def seed_users(store, count):
    """Put count end users into acme.example directly (setup, not measured)."""
    with store.lock:
        org = store.org_by_domain("acme.example")
        for index in range(count):
            user = with_defaults({"primary_email": "bench%05d@acme.example" % index, "firstname": "Bench",
                                  "surname": str(index), "password_hash": ""}, USER_DEFAULTS)
            user["uid"] = store.new_uid()
            store.add_user(org, user)


def timed(func, repeat):
    """Wall times in ms of repeat calls."""
    times = []
    for _round in range(repeat):
        start = time.perf_counter()
        func()
        times.append((time.perf_counter() - start) * 1000)
    return times


def main(argv=None):
    """Run both measurements and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=10000)
    parser.add_argument("--batch", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)
    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    store = Store()
    server = make_server("127.0.0.1", 0, create_app(store, "us1"), threaded=True)
    base = "http://127.0.0.1:%d/api/v1" % server.server_port
    threading.Thread(target=server.serve_forever, daemon=True).start()
    seed_users(store, args.users)
    session = requests.Session()
    session.headers.update(AUTH)

    def list_users():
        resp = session.get(base + "/orgs/acme.example/users", timeout=60)
        assert resp.status_code == 200 and len(resp.json()["users"]) >= args.users

    rounds = iter(range(args.repeat))

    def post_batch():
        batch = next(rounds)
        body = [{"primary_email": "new%d-%05d@acme.example" % (batch, i), "firstname": "New", "surname": str(i)}
                for i in range(args.batch)]
        resp = session.post(base + "/orgs/acme.example/users", json=body, timeout=60)
        assert resp.status_code == 207 and len(resp.json()["users"]) == args.batch, resp.text[:200]

    list_ms = timed(list_users, args.repeat)
    post_ms = timed(post_batch, args.repeat)
    cpus = os.cpu_count()
    print("machine: %d cores, Python %s" % (cpus, sys.version.split()[0]))
    for label, values in (("GET /orgs/acme.example/users (%d+ users)" % args.users, list_ms),
                          ("POST /orgs/acme.example/users batch of %d" % args.batch, post_ms)):
        print("%-48s min %7.1f ms  median %7.1f ms  max %7.1f ms  (n=%d)"
              % (label, min(values), statistics.median(values), max(values), len(values)))
    server.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main())
