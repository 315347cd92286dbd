# -*- coding: utf-8 -*-
# Copyright (c) ppe.essentials contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""discover_stack against a two-stack simulator: requests follow /endpoints to the org's stack."""

from __future__ import annotations

import json
import os
import urllib.request

PLAYBOOK = os.path.join(os.path.dirname(os.path.abspath(__file__)), "files", "stack_discovery.yml")


def control(base, method, path, body=None):
    data = json.dumps(body).encode("utf-8") if body is not None else None
    request = urllib.request.Request(base + path, data=data, method=method, headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=10) as response:
        raw = response.read()
    return json.loads(raw) if raw else None


def test_discover_stack_follows_endpoints(launch_simulator, run_playbook):
    us1, eu1 = launch_simulator("--stacks", "us1,eu1", lines=2)
    state = control(us1, "GET", "/_sim/state")
    for org in state["orgs"]:
        if org["primary_domain"] == "acme.example":
            org["stacks"] = ["eu1"]
    control(us1, "PUT", "/_sim/state", state)
    control(us1, "DELETE", "/_sim/requests")

    run_playbook(PLAYBOOK, extra_vars={"sim_url": us1}, env={"PPE_URL": us1}).assert_ok()

    log = [(e["stack"], e["method"], e["path"], e["status"]) for e in control(us1, "GET", "/_sim/requests")]
    assert log == [
        ("us1", "GET", "/api/v1/orgs/acme.example/domains", 403),
        ("us1", "GET", "/api/v1/endpoints/acme.example", 200),
        ("eu1", "GET", "/api/v1/orgs/acme.example/domains/acme.example", 200),
    ]
    assert eu1 != us1
