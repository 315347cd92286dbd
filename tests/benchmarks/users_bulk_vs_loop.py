# -*- coding: utf-8 -*-
# Copyright (c) ppe.essentials contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Benchmark: create N users with one ppe_users task versus a loop of ppe_user, on the simulator.

Not a test: run it by hand (`.venv/bin/python tests/benchmarks/users_bulk_vs_loop.py --users 1000`, add
`--module-path` for the loop through the module path too) and copy the table into the README. For each approach
it reports the wall time and the API requests of the create run and of an unchanged rerun, counted from the
simulator's request log.

`--per-user 500 --latency-ms 0,150` measures instead what has no batch endpoint: one ppe_users task that renames
N users (a PUT each) and one that deletes them (a DELETE each), with the simulator's latency fault set after the
users are created (not timed); the table has the peak of requests in flight from the simulator's log.
"""

from __future__ import annotations

import argparse
import collections
import json
import os
import re
import subprocess
import sys
import tempfile
import time
import urllib.request

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SERVE = os.path.join(REPO, "tests", "simulator", "serve.py")
BIN = os.path.dirname(sys.executable)

BULK = """
- name: Bulk
  hosts: localhost
  gather_facts: false
  tasks:
    - name: All users in one task
      ppe.essentials.ppe_users:
        org: acme.example
        users: "{{ bench_users }}"
"""

LOOP = """
- name: Loop
  hosts: localhost
  gather_facts: false
  tasks:
    - name: One task per user
      ppe.essentials.ppe_user:
        org: acme.example
        email: "{{ item.email }}"
        firstname: "{{ item.firstname }}"
        surname: "{{ item.surname }}"
      loop: "{{ bench_users }}"
"""


PER_USER = """
- name: Per-user writes
  hosts: localhost
  gather_facts: false
  tasks:
    - name: Every user renamed, or deleted
      ppe.essentials.ppe_users:
        org: acme.example
        users: "{{ bench_users }}"
"""


def control(base, method, path, body=None):
    data = json.dumps(body).encode("utf-8") if body is not None else None
    request = urllib.request.Request(base + path, data=data, method=method, headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=30) as response:
        raw = response.read()
    return json.loads(raw) if raw else None


def run(base, env, playbook, users_file, prefix):
    control(base, "DELETE", "/_sim/requests")
    started = time.monotonic()
    completed = subprocess.run(
        [os.path.join(BIN, "ansible-playbook"), "-i", "localhost,", "-c", "local", "-e", "@" + users_file, playbook],
        env=env, capture_output=True, text=True, check=False)
    seconds = time.monotonic() - started
    if completed.returncode != 0:
        sys.exit("%s failed:\n%s\n%s" % (prefix, completed.stdout[-3000:], completed.stderr[-3000:]))
    changed = re.search(r"localhost\s+:.*changed=(\d+)", completed.stdout).group(1)
    log = control(base, "GET", "/_sim/requests")
    kinds = collections.Counter(entry["method"] for entry in log)
    return {"run": prefix, "seconds": round(seconds, 1), "requests": len(log), "by_method": dict(kinds),
            "changed": int(changed), "peak": in_flight(log)}


def in_flight(log):
    """The most requests the simulator answered at once (its log's started/ended times)."""
    events = sorted([(e["started"], 1) for e in log if "ended" in e] + [(e["ended"], -1) for e in log if "ended" in e])
    peak = current = 0
    for _at, step in events:
        current += step
        peak = max(peak, current)
    return peak


def per_user(base, env, workdir, count, latencies):
    """Rename then delete `count` users at each latency: rows with the wall time, requests and peak in flight."""
    users = [{"email": "bench%05d@acme.example" % i, "firstname": "Bench", "surname": "User %d" % i} for i in range(count)]
    playbook = os.path.join(workdir, "per_user.yml")
    with open(playbook, "w", encoding="utf-8") as handle:
        handle.write(PER_USER)
    rows = []
    for latency in latencies:
        control(base, "POST", "/_sim/reset")
        for name, changed in (("create", users), ("rename", [dict(u, firstname="Renamed") for u in users]),
                              ("delete", [dict(u, state="absent") for u in users])):
            users_file = os.path.join(workdir, "%s-%d.json" % (name, latency))
            with open(users_file, "w", encoding="utf-8") as handle:
                json.dump({"bench_users": changed}, handle)
            control(base, "PUT", "/_sim/faults", {"latency_ms": 0 if name == "create" else latency})
            row = run(base, env, playbook, users_file, "%s %d users, %d ms" % (name, count, latency))
            if name != "create":
                rows.append(row)
    control(base, "PUT", "/_sim/faults", {"latency_ms": 0})
    return rows


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=1000)
    parser.add_argument("--module-path", action="store_true",
                        help="also run the loop through the module path (PPE_EXECUTION=module): about 0.35 s per user")
    parser.add_argument("--per-user", type=int, default=0, help="rename and delete this many users instead")
    parser.add_argument("--latency-ms", default="0,150", help="with --per-user: the latencies, comma-separated")
    args = parser.parse_args()
    workdir = tempfile.mkdtemp(prefix="ppe-bench-")
    collections_dir = os.path.join(workdir, "collections", "ansible_collections", "ppe")
    os.makedirs(collections_dir)
    os.symlink(REPO, os.path.join(collections_dir, "essentials"))
    users = [{"email": "bench%05d@acme.example" % i, "firstname": "Bench", "surname": "User %d" % i} for i in range(args.users)]
    users_file = os.path.join(workdir, "users.json")
    with open(users_file, "w", encoding="utf-8") as handle:
        json.dump({"bench_users": users}, handle)
    playbooks = {}
    for name, text in (("bulk", BULK), ("loop", LOOP)):
        playbooks[name] = os.path.join(workdir, name + ".yml")
        with open(playbooks[name], "w", encoding="utf-8") as handle:
            handle.write(text)
    server = subprocess.Popen([sys.executable, SERVE, "--port", "0", "--keep-alive"], stdout=subprocess.PIPE, text=True)  # pylint: disable=consider-using-with
    try:
        base = re.match(r"PPE simulator listening on (\S+)", server.stdout.readline()).group(1)
        env = dict(os.environ, ANSIBLE_COLLECTIONS_PATH=os.path.join(workdir, "collections"), PPE_URL=base,
                   PPE_USERNAME="admin@msp.example", PPE_PASSWORD="demo-password", ANSIBLE_NOCOLOR="1",
                   ANSIBLE_HOME=os.path.join(workdir, "home"), ANSIBLE_LOCAL_TEMP=os.path.join(workdir, "tmp"))
        rows = []
        runs = [("bulk", "bulk", {}), ("loop", "loop, in-process", {})]
        if args.module_path:
            runs.append(("loop", "loop, module path", {"PPE_EXECUTION": "module"}))
        if args.per_user:
            runs = []
            rows = per_user(base, env, workdir, args.per_user, [int(v) for v in args.latency_ms.split(",")])
        for name, label, extra in runs:
            control(base, "POST", "/_sim/reset")
            rows.append(run(base, dict(env, **extra), playbooks[name], users_file, "%s create" % label))
            rows.append(run(base, dict(env, **extra), playbooks[name], users_file, "%s rerun" % label))
    finally:
        server.terminate()
        server.wait(timeout=10)
    print("| run | wall time | API requests | by method | changed (PLAY RECAP) | peak in flight |")
    print("|---|---|---|---|---|---|")
    for row in rows:
        methods = ", ".join("%s %d" % kv for kv in sorted(row["by_method"].items()))
        cells = (row["run"], row["seconds"], row["requests"], methods, row["changed"], row["peak"])
        print("| %s | %.1f s | %d | %s | %d | %d |" % cells)


if __name__ == "__main__":
    main()
