# -*- coding: utf-8 -*-
# Copyright (c) ppe.essentials contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Two ansible-playbook runs at once against the same organization, as AWX runs jobs (issue 11).

The simulator's latency fault stretches every request, so the two runs' reads happen before either
run's writes: what one run writes must never undo the other's change (lost updates), and a create
that the other run made first must converge instead of failing (create races).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import urllib.request

import yaml
from tests.integration import guard

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BIN_DIR = os.path.dirname(os.path.abspath(sys.executable))
ONBOARD = os.path.join(REPO, "playbooks", "onboard_customer.yml")
USERS = 200


def api(simulator, method, path, body=None):
    request = urllib.request.Request(
        simulator.url + "/api/v1" + path, data=None if body is None else json.dumps(body).encode("utf-8"),
        method=method, headers={"Content-Type": "application/json", "X-User": "admin@msp.example",
                                "X-Password": "demo-password"})
    with urllib.request.urlopen(request, timeout=60) as response:
        content = response.read()
    return json.loads(content) if content.strip() else None


def write_playbook(tmp_path, name, tasks):
    path = tmp_path / name
    path.write_text(yaml.safe_dump([{
        "name": name, "hosts": "localhost", "gather_facts": False,
        "vars": {"ansible_python_interpreter": "{{ ansible_playbook_python }}"}, "tasks": tasks}]), encoding="utf-8")
    return str(path)


def launch(ansible_env, runs):
    """Start every (playbook, extra_vars) at once; return [(rc, output)] when all have finished."""
    started = []
    for index, (playbook, extra_vars) in enumerate(runs):
        cmd = [os.path.join(BIN_DIR, "ansible-playbook"), "-i", "localhost,", "-c", "local",
               "-e", json.dumps(extra_vars or {}), playbook]
        env = dict(ansible_env, ANSIBLE_LOCAL_TEMP=os.path.join(ansible_env["ANSIBLE_LOCAL_TEMP"], str(index)))
        started.append(guard.popen(cmd, cwd=REPO, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                   stderr=subprocess.STDOUT, text=True))
    outputs = [p.communicate(timeout=600)[0] for p in started]
    return [(p.returncode, out) for p, out in zip(started, outputs)]


def users_state(simulator):
    state = simulator._call("GET", "/_sim/state")  # pylint: disable=protected-access
    org = next(o for o in state["orgs"] if o["primary_domain"] == "acme.example")
    return dict((u["primary_email"], u) for u in org["users"])


def test_two_jobs_changing_different_fields_of_the_same_users_lose_nothing(simulator, ansible_env, tmp_path):
    simulator.reset()
    api(simulator, "POST", "/orgs/acme.example/users",
        [{"primary_email": "u%03d@acme.example" % i, "firstname": "Old", "surname": "Old"} for i in range(USERS)])
    emails = ["u%03d@acme.example" % i for i in range(USERS)]
    playbook = write_playbook(tmp_path, "users.yml", [{
        "name": "Set one field of every user", "register": "result",
        "ppe.essentials.ppe_users": {"org": "acme.example", "users": "{{ people }}"}}])
    simulator.put_faults({"latency_ms": 10})
    try:
        outcomes = launch(ansible_env, [
            (playbook, {"people": [{"email": e, "firstname": "First"} for e in emails]}),
            (playbook, {"people": [{"email": e, "surname": "Last"} for e in emails]}),
        ])
    finally:
        simulator.clear_faults()
    for rc, output in outcomes:
        assert rc == 0, output
        assert "changed=1" in output, output
    users = users_state(simulator)
    lost = [e for e in emails if (users[e]["firstname"], users[e]["surname"]) != ("First", "Last")]
    assert lost == [], "%d of %d users lost one of the two changes" % (len(lost), USERS)


def test_two_jobs_changing_different_fields_of_the_same_domain_lose_nothing(simulator, ansible_env, tmp_path):
    simulator.reset()
    playbook = write_playbook(tmp_path, "domain.yml", [{
        "name": "Set one field of the domain",
        "ppe.essentials.ppe_domain": {"org": "acme.example", "name": "acme.example", "destination": "{{ dest | default(omit) }}",
                                      "failovers": "{{ fail | default(omit) }}"}}])
    simulator.put_faults({"latency_ms": 2000})  # both reads happen before either write
    try:
        outcomes = launch(ansible_env, [(playbook, {"dest": "mx-a.acme.example"}), (playbook, {"fail": ["mx-b.acme.example"]})])
    finally:
        simulator.clear_faults()
    for rc, output in outcomes:
        assert rc == 0, output
    domain = api(simulator, "GET", "/orgs/acme.example/domains/acme.example")
    assert (domain["destination"], domain["failovers"]) == ("mx-a.acme.example", ["mx-b.acme.example"])


def test_two_jobs_creating_overlapping_users_both_succeed(simulator, ansible_env, tmp_path):
    simulator.reset()
    playbook = write_playbook(tmp_path, "create.yml", [{
        "name": "Create users", "ppe.essentials.ppe_users": {"org": "acme.example", "users": "{{ people }}"}}])
    first = [{"email": "n%03d@acme.example" % i, "firstname": "N"} for i in range(0, 100)]
    second = [{"email": "n%03d@acme.example" % i, "firstname": "N"} for i in range(50, 150)]
    simulator.put_faults({"latency_ms": 1500})
    try:
        outcomes = launch(ansible_env, [(playbook, {"people": first}), (playbook, {"people": second})])
    finally:
        simulator.clear_faults()
    for rc, output in outcomes:
        assert rc == 0, output
    users = users_state(simulator)
    assert all("n%03d@acme.example" % i in users for i in range(150))
    # the race happened: both jobs read before either wrote, and a batch create met the other job's users (409 items)
    refused = [status for r in simulator.requests() if r["method"] == "POST" for status in r.get("item_errors", [])]
    assert refused and set(refused) == {409}, refused
    # the conflicts were read back with one GET of the users, not one GET per user (50 round trips)
    reads = [r["path"].split("?")[0] for r in simulator.requests() if r["method"] == "GET"]
    assert reads.count("/api/v1/orgs/acme.example/users") == 3 and not [
        p for p in reads if p.startswith("/api/v1/orgs/acme.example/users/")], reads


def test_two_onboardings_of_the_same_customer_both_succeed(simulator, ansible_env, tmp_path):
    simulator.reset()
    customers = tmp_path / "one_customer.yml"
    with open(os.path.join(REPO, "playbooks", "vars", "customers.yml"), encoding="utf-8") as source:
        first = yaml.safe_load(source)["ppe_customers"][0]
    customers.write_text(yaml.safe_dump({"ppe_customers": [first]}), encoding="utf-8")
    simulator.put_faults({"latency_ms": 300})
    try:
        outcomes = launch(ansible_env, [(ONBOARD, {"ppe_customers_file": str(customers)})] * 2)
    finally:
        simulator.clear_faults()
    for rc, output in outcomes:
        assert rc == 0, output
    rerun = launch(ansible_env, [(ONBOARD, {"ppe_customers_file": str(customers)})])
    assert rerun[0][0] == 0 and "changed=0" in rerun[0][1], rerun[0][1]
