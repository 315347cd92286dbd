# -*- coding: utf-8 -*-
# Copyright (c) ppe.essentials contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""discover_stack against a two-stack simulator: requests follow /endpoints to the org's stack."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import urllib.request

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BIN_DIR = os.path.dirname(sys.executable)
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


ALLOW_LIST_PLAYBOOK = os.path.join(os.path.dirname(os.path.abspath(__file__)), "files", "stack_allow_list.yml")


def two_stacks_with_acme_on_eu1(launch_simulator, also=()):
    us1, eu1 = launch_simulator("--stacks", "us1,eu1", lines=2)
    state = control(us1, "GET", "/_sim/state")
    for org in state["orgs"]:
        if org["primary_domain"] in ("acme.example",) + tuple(also):
            org["stacks"] = ["eu1"]
    control(us1, "PUT", "/_sim/state", state)
    control(us1, "DELETE", "/_sim/requests")
    return us1, eu1


def test_discover_stack_follows_only_allowed_hosts(launch_simulator, run_playbook):
    us1, _eu1 = two_stacks_with_acme_on_eu1(launch_simulator)
    by_name = us1.replace("127.0.0.1", "localhost")  # /endpoints answers 127.0.0.1: another host
    run_playbook(ALLOW_LIST_PLAYBOOK, extra_vars={"sim_url": by_name}, env={"PPE_URL": by_name}).assert_ok()
    log = [(e["stack"], e["method"], e["path"]) for e in control(us1, "GET", "/_sim/requests")]
    assert log == [
        ("us1", "GET", "/api/v1/endpoints/acme.example"),  # refused: nothing reaches eu1
        ("us1", "GET", "/api/v1/endpoints/acme.example"),
        ("eu1", "GET", "/api/v1/orgs/acme.example/domains"),
        ("us1", "GET", "/api/v1/endpoints/acme.example"),
        ("eu1", "GET", "/api/v1/orgs/acme.example/domains"),
    ]


def test_inventory_discover_stack_uses_the_allow_list(launch_simulator, ansible_env, tmp_path):
    us1, _eu1 = two_stacks_with_acme_on_eu1(launch_simulator, also=("msp.example",))
    by_name = us1.replace("127.0.0.1", "localhost")
    env = dict(ansible_env, PPE_URL=by_name)
    env.pop("ANSIBLE_INVENTORY_UNPARSED_FAILED", None)
    source = tmp_path / "stacks.ppe.yml"
    results = []
    for extra in ("", "stack_hosts: [127.0.0.1]\n"):
        source.write_text("plugin: ppe.essentials.orgs\npartner: msp.example\ndiscover_stack: true\n" + extra,
                          encoding="utf-8")
        results.append(subprocess.run([os.path.join(BIN_DIR, "ansible-inventory"), "-i", str(source), "--list"],
                                      cwd=REPO, env=env, stdin=subprocess.DEVNULL, capture_output=True, text=True,
                                      timeout=300, check=False))
    refused, allowed = results
    assert refused.returncode != 0 and "stack_hosts" in refused.stderr, refused.stderr
    assert allowed.returncode == 0, allowed.stderr
    assert sorted(json.loads(allowed.stdout)["_meta"]["hostvars"]) == ["acme.example"]
    log = [(e["stack"], e["method"], e["path"]) for e in control(us1, "GET", "/_sim/requests")]
    assert log == [
        ("us1", "GET", "/api/v1/endpoints/msp.example"),
        ("us1", "GET", "/api/v1/endpoints/msp.example"),
        ("eu1", "GET", "/api/v1/orgs/msp.example"),
        ("eu1", "GET", "/api/v1/orgs/msp.example/orgs"),
    ]
