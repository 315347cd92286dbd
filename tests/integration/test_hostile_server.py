# -*- coding: utf-8 -*-
# Copyright (c) ppe.essentials contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""A hostile or odd server gets nothing, through the real ansible-playbook and ansible-inventory: a redirect to another
origin sends no credential and no body there, a dripping or huge answer is a bounded failure, and an answer that is not
JSON is an error that says so. The server is tests/hostile_server.py on loopback; the unit tests
(tests/unit/plugins/module_utils/test_client_hostile.py) cover every case, these two runs the paths through Ansible."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time

import pytest

from tests.hostile_server import HostileServer, Listener
from tests.integration import guard

FILES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "files")
BIN_DIR = os.path.dirname(sys.executable)
SECRET = "Hostile-Integration-Secret-6174"


@pytest.fixture
def servers():
    """(hostile server, the other origin its redirects point at)."""
    with Listener() as other, HostileServer(other=other.url) as hostile:
        yield hostile, other


def assert_nothing_reached(listener):
    assert listener.connections == 0 and listener.requests == [], listener.requests


def test_a_playbook_against_a_hostile_server(servers, run_playbook, tmp_path):
    hostile, other = servers
    results_file = tmp_path / "results.json"
    started = time.monotonic()
    result = run_playbook(os.path.join(FILES, "hostile_transport.yml"), extra_vars={
        "hostile_url": hostile.url, "hostile_password": SECRET, "results_file": str(results_file)}).assert_ok()
    elapsed = time.monotonic() - started
    results = json.loads(results_file.read_text(encoding="utf-8"))
    assert_nothing_reached(other)
    assert SECRET not in result.stdout + result.stderr + results_file.read_text(encoding="utf-8")
    for name in results:
        assert results[name].get("failed") and "org" not in results[name] and "domain" not in results[name], name
    where = "127.0.0.1:%d" % other.port
    assert "HTTP 302, a redirect to http://%s" % where in results["read_redirected"]["msg"]
    assert "nothing was sent there" in results["read_redirected"]["msg"]
    assert "POST /orgs/acme.example/domains: the API answered HTTP 307" in results["write_redirected"]["msg"]
    assert "Set url (PPE_URL) to http://%s" % where in results["write_redirected"]["msg"]
    assert "timed out after 1 s" in results["dripped"]["msg"] and "(after 1 retries)" in results["dripped"]["msg"]
    assert "larger than 32 MiB" in results["huge"]["msg"]
    assert "HTTP 200 with text/html, not JSON" in results["html"]["msg"]
    # what the API's address received: the reads of the write task and the write itself, each once; two bounded
    # attempts of the dripping read; one of each other read (none of these failures is retried)
    modes = [(r["path"].split("/")[1], r["method"]) for r in hostile.requests]
    assert modes == [("redirect302", "GET"), ("writes307", "GET"), ("writes307", "GET"), ("writes307", "POST"),
                     ("drip", "GET"), ("drip", "GET"), ("huge", "GET"), ("html", "GET")], modes
    drip = [r["time"] for r in hostile.requests if r["path"].startswith("/drip/")]
    after = next(r["time"] for r in hostile.requests if r["path"].startswith("/huge/"))
    # two attempts of 1 s and a pause of at most 1 s, plus the module's start (today: 2 x 60 s)
    assert after - drip[0] < 15, after - drip[0]
    assert elapsed < 60, elapsed


def test_the_inventory_plugin_against_a_redirecting_server(servers, ansible_env, tmp_path):
    hostile, other = servers
    source = tmp_path / "hostile.ppe.yml"
    source.write_text("plugin: ppe.essentials.orgs\n", encoding="utf-8")
    env = dict(ansible_env, PPE_URL=hostile.url + "/redirect307", PPE_PASSWORD=SECRET)
    cmd = [os.path.join(BIN_DIR, "ansible-inventory"), "-i", str(source), "--list"]
    completed = guard.run(cmd, ansible_env["PPE_URL"], cwd=tmp_path, env=env, stdin=subprocess.DEVNULL,
                          capture_output=True, text=True, timeout=300)
    output = completed.stdout + completed.stderr
    assert completed.returncode != 0, output
    message = " ".join(output.split())  # Ansible wraps its warnings
    assert "GET /me: the API answered HTTP 307, a redirect to http://127.0.0.1:%d" % other.port in message
    assert SECRET not in output
    assert_nothing_reached(other)
    assert [r["path"] for r in hostile.requests] == ["/redirect307/api/v1/me"]
