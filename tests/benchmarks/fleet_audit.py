# -*- coding: utf-8 -*-
# Copyright (c) ppe.essentials contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Benchmark: audit a fleet of N customer organizations, and 100-item loops, on the simulator (issues 13, 23).

Not a test: run it by hand and copy the tables into the README ("Performance"):

    .venv/bin/python tests/benchmarks/fleet_audit.py --orgs 50,200,500
    .venv/bin/python tests/benchmarks/fleet_audit.py --orgs 50 --module-path-orgs 50 --loops   # a quick run
    .venv/bin/python tests/benchmarks/fleet_audit.py --orgs 50 --fleet-report-only             # the fleet report
    .venv/bin/python tests/benchmarks/fleet_audit.py --orgs 500 --latency-ms 0,150 --fleet-report-only --export \
        --inventory-report-orgs 0                                                       # export (issue 24)
    # the README's 0 ms / 150 ms table (issue 23): audit.yml in-process and the fleet report on localhost at 100
    # and 500 organizations, the fleet report through the inventory plugin at 100 only
    .venv/bin/python tests/benchmarks/fleet_audit.py --orgs 100,500 --latency-ms 0,150 --fleet-report \
        --module-path-orgs 0 --inventory-audit-orgs 0 --inventory-report-orgs 100

Latency (--latency-ms 0,150 runs every case at each): after the fleet is loaded (not timed), the simulator's
latency fault is set (PUT /_sim/faults {"latency_ms": L}), so every API request waits L ms before it is answered,
as a request to the API over the internet does. Each row then also shows the one-after-another reference, requests
x L (what a client that waits for each answer before the next request needs at least), and wall / reference.

Workers (--workers W, default 48, ppe_customer's default): passed to both playbooks as -e ppe_audit_workers=W
-e ppe_fleet_workers=W (organizations read at once by the one ppe_customer / ppe_fleet_info task); the
inventory-plugin runs use forks instead (--forks). "Peak in flight" is the most requests the simulator was answering
at once, from its request log's started/ended times (tests.support.in_flight).

Simulator threads (--threads T, default 64): the simulator (serve.py --keep-alive, cheroot) answers T requests at
once, and a request waiting out the latency fault holds one of them, so it cannot answer more than T / latency
requests a second (16 threads, serve.py's default, at 150 ms: about 107 a second). That is a limit of the test
server, not of the API; the benchmark starts it with 64 threads, the most workers ppe_customer allows, so that the
clients, not the server, are measured. Keep T >= W (and >= the forks).

For each N the simulator is loaded (through its control API, PUT /_sim/state, not timed) with N customer
organizations under the partner msp.example, each with 2 domains, 10 users, features, licensing and sender lists,
and a customers file declares exactly that state. Then the audit runs over all of them:

- `audit.yml, module path`: playbooks/audit.yml as shipped (one ppe_customer task on localhost for the whole
  fleet) with PPE_EXECUTION=module, i.e. the module started as a separate process, as before the action plugins;
- `audit.yml, in-process`: the same playbook through the action plugins' in-process path;
- `inventory plugin, forks F`: one host per organization from the ppe.essentials.orgs inventory plugin (the
  declaration of each in host_vars/), the role once per host, F forks, in-process.

Fleet report (--fleet-report, or --fleet-report-only without the audit runs): playbooks/fleet_report.yml over the
same N organizations, on localhost with ppe_fleet_partner (one ppe_fleet_info task, W workers; no declaration: the
report's own reads), and with the inventory plugin and F forks (the declarations in host_vars/, so each
organization's drift is checked too); the GET requests per organization are counted from the simulator's log (the
fixed ones, the partner's list of organizations and the inventory plugin's, are left out), and the report's figures
are checked against the load.

Loops (--loops): 100 items of an unchanged ppe.essentials.ppe_domain (in-process, and with PPE_EXECUTION=module),
of ansible.builtin.uri GETs of the same domain, and of ansible.builtin.debug; plus the time of the 100 GETs alone
(a Python loop over one requests.Session). The loop time is measured inside the playbook (now() before and after
the loop task), so it leaves out ansible-playbook's start-up; the other columns are for the whole run.

The simulator runs with --keep-alive (cheroot), which keeps HTTP/1.1 connections open as the API does, so a
client that reuses its connection is measured as it would be against the API.

Skipping long cases: --module-path-orgs N, --inventory-audit-orgs N and --inventory-report-orgs N run those
cases only up to N organizations (0: never); --fleet-report-only leaves out every audit.

Columns: wall time; CPU time of ansible-playbook and its children (user + sys); peak memory (the largest
maximum resident set size of one process, resource.getrusage(RUSAGE_CHILDREN).ru_maxrss, measured in a
separate process per run); API requests from the simulator's log (every run must make only GET requests; a
write stops the benchmark); peak requests in flight; latency, reference and wall / reference; workers (or forks)
and the simulator's threads. With several latencies a second table shows them side by side.
"""

from __future__ import annotations

import argparse
import collections
import json
import os
import platform
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SERVE = os.path.join(REPO, "tests", "simulator", "serve.py")
BIN = os.path.dirname(sys.executable)
AUDIT = os.path.join(REPO, "playbooks", "audit.yml")
FLEET_REPORT = os.path.join(REPO, "playbooks", "fleet_report.yml")
EXPORT = os.path.join(REPO, "playbooks", "export.yml")
PARTNER = "msp.example"
USERNAME = "admin@msp.example"
PASSWORD = "demo-password"

INVENTORY_AUDIT = """
- name: Audit every customer organization, one inventory host each
  hosts: "cust*"
  gather_facts: false
  check_mode: true
  tasks:
    - name: Compare the customer with its live state (check mode)
      ansible.builtin.include_role:
        name: ppe.essentials.onboard_customer
      vars:
        onboard_customer_on_invalid: record

- name: Summarize the drift of all organizations
  hosts: localhost
  connection: local
  gather_facts: false
  tasks:
    - name: Count the organizations and their drifted fields
      ansible.builtin.debug:
        msg: >-
          FLEET orgs={{ summary | length }}
          drifted_fields={{ summary | map(attribute='changes') | map('length') | sum }}
          unmanaged={{ summary | map(attribute='unmanaged') | map('length') | sum }}
      vars:
        summary: >-
          {{ groups['all'] | map('extract', hostvars, 'onboard_customer_drift') | select('defined') | flatten }}
"""

LOOP = """
- name: A 100-item loop
  hosts: localhost
  connection: local
  gather_facts: false
  tasks:
    - name: Start
      ansible.builtin.set_fact:
        bench_started: "{{ now().timestamp() }}"
    - name: The loop
      %(task)s
      loop: "{{ range(%(items)d) | list }}"
    - name: Stop
      ansible.builtin.debug:
        msg: "LOOP_SECONDS={{ now().timestamp() - bench_started | float }}"
"""

LOOP_TASKS = {
    "ppe_domain": """ppe.essentials.ppe_domain:
        org: acme.example
        name: acme.example
        destination: mail.acme.example""",
    "uri": """ansible.builtin.uri:
        url: "{{ lookup('ansible.builtin.env', 'PPE_URL') }}/api/v1/orgs/acme.example/domains/acme.example"
        headers:
          X-User: "{{ lookup('ansible.builtin.env', 'PPE_USERNAME') }}"
          X-Password: "{{ lookup('ansible.builtin.env', 'PPE_PASSWORD') }}"
          X-Terms-Update: "true"
      no_log: true""",
    "debug": """ansible.builtin.debug:
        msg: "item {{ item }}\"""",
}


# -- the simulator -----------------------------------------------------------------------------------------
def control(base, method, path, body=None):
    data = json.dumps(body).encode("utf-8") if body is not None else None
    request = urllib.request.Request(base + path, data=data, method=method,
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=300) as response:
        raw = response.read()
    return json.loads(raw) if raw.strip() else None


def customer(index):
    """One customer organization: its simulator record and its declaration (the same state, so no drift)."""
    domain = "cust%04d.example" % index
    relay = "cust%04d-mail.example" % index
    users = [{"email": "user%02d@%s" % (u, domain), "firstname": "User", "surname": "Number %d" % u}
             for u in range(1, 10)]
    admin = {"email": "admin@%s" % domain, "firstname": "Ada", "surname": "Admin"}
    features = {"dlp": True, "instant_replay": 30, "disclaimers": True}
    record = {
        "primary_domain": domain, "name": "Customer %04d" % index, "type": "organization", "parent": PARTNER,
        "stacks": ["us1"], "licensing_package": "business", "user_licenses": 25, "country": "US", "stateprov": "NY",
        "domains": [{"name": domain, "is_active": True, "is_relay": False, "destination": "mail." + domain,
                     "failovers": []},
                    {"name": relay, "is_active": True, "is_relay": True, "destination": "mx1." + domain,
                     "failovers": ["mx2." + domain]}],
        "users": [{"primary_email": admin["email"], "type": "organization_admin", "firstname": "Ada",
                   "surname": "Admin"}] + [{"primary_email": u["email"], "type": "end_user",
                                            "firstname": u["firstname"], "surname": u["surname"]} for u in users],
        "features": dict(features, attachment_defense=True, url_defense=True, anti_spoofing=True),
        "safe_list_senders": ["partner.example"], "block_list_senders": ["203.0.113.0/24"],
    }
    declaration = {
        "domain": domain, "parent": PARTNER, "name": record["name"], "country": "US", "stateprov": "NY",
        "admin": admin, "licensing": {"package": "business", "license_count": 25},
        "domains": [{"name": domain, "destination": "mail." + domain},
                    {"name": relay, "is_relay": True, "destination": "mx1." + domain, "failovers": ["mx2." + domain]}],
        "features": features,
        "sender_lists": {"allow_list": ["partner.example"], "block_list": ["203.0.113.0/24"]},
        "users": users,
    }
    return record, declaration


def load_fleet(base, orgs, workdir, latency_ms=0):
    """Put N customers into the simulator; write the customers file and the inventory (host_vars per org); then
    set the latency fault (after the load, so the load is not slowed down; /_sim/reset clears it)."""
    control(base, "POST", "/_sim/reset")
    state = control(base, "GET", "/_sim/state")
    declarations = []
    for index in range(1, orgs + 1):
        record, declaration = customer(index)
        state["orgs"].append(record)
        declarations.append(declaration)
    control(base, "PUT", "/_sim/state", state)
    fleet = os.path.join(workdir, "fleet-%d-%dms" % (orgs, latency_ms))
    host_vars = os.path.join(fleet, "host_vars")
    os.makedirs(host_vars)
    with open(os.path.join(fleet, "customers.json"), "w", encoding="utf-8") as handle:
        json.dump({"ppe_customers": declarations}, handle)
    for declaration in declarations:
        with open(os.path.join(host_vars, declaration["domain"] + ".json"), "w", encoding="utf-8") as handle:
            json.dump({"ppe_customer": declaration}, handle)
    with open(os.path.join(fleet, "fleet.ppe.yml"), "w", encoding="utf-8") as handle:
        handle.write("plugin: ppe.essentials.orgs\npartner: %s\ntypes: [organization]\n" % PARTNER)
    set_latency(base, latency_ms)
    return fleet


def set_latency(base, latency_ms):
    """Every API request waits latency_ms before it is answered (the simulator's latency fault)."""
    control(base, "PUT", "/_sim/faults", {"latency_ms": latency_ms})
    if control(base, "GET", "/_sim/faults")["latency_ms"] != latency_ms:
        sys.exit("the simulator did not take the latency %d ms" % latency_ms)


def peak_in_flight(log):
    """The most requests the simulator answered at once (tests.support.in_flight: one definition for tests and
    benchmark)."""
    if REPO not in sys.path:
        sys.path.insert(0, REPO)
    from tests.support import in_flight  # pylint: disable=import-outside-toplevel
    return in_flight(log)


def mean_in_flight(log):
    """Requests in flight on average between the first request and the last answer (the sum of their times over
    that span): how busy the workers kept the server, where the peak only says how many they were."""
    timed = [entry for entry in log if "ended" in entry]
    if not timed:
        return 0.0
    span = max(entry["ended"] for entry in timed) - min(entry["started"] for entry in timed)
    return sum(entry["ended"] - entry["started"] for entry in timed) / span if span > 0 else 0.0


# -- one measured run ----------------------------------------------------------------------------------------
def measure_child(argv):
    """Run in a separate process: run the command, then print its rusage (children: the command and its workers)."""
    log = argv[0]
    cmd = argv[1:]
    started = time.monotonic()
    with open(log, "w", encoding="utf-8") as handle:
        rc = subprocess.call(cmd, stdout=handle, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    wall = time.monotonic() - started
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    print(json.dumps({"rc": rc, "wall": wall, "cpu": usage.ru_utime + usage.ru_stime, "maxrss_kb": usage.ru_maxrss}))


def run(base, env, cmd, log, label, setting):
    """One measured ansible-playbook run; setting: {"latency_ms", "workers" (or None), "forks" (or None),
    "threads"}. Stops the benchmark on a failure or on any request other than a GET."""
    control(base, "DELETE", "/_sim/requests")
    completed = subprocess.run([sys.executable, os.path.abspath(__file__), "--measure-child", log] + cmd, env=env,
                               capture_output=True, text=True, check=False)
    figures = json.loads(completed.stdout.strip().splitlines()[-1])
    requests = control(base, "GET", "/_sim/requests")
    with open(log, encoding="utf-8") as handle:
        output = handle.read()
    if figures["rc"] != 0:
        sys.exit("%s failed (exit code %s), see %s:\n%s" % (label, figures["rc"], log, output[-4000:]))
    methods = collections.Counter(entry["method"] for entry in requests)
    writes = dict((m, n) for m, n in methods.items() if m != "GET")
    if writes:
        sys.exit("%s made writes: %s" % (label, writes))
    loop = re.search(r"LOOP_SECONDS=([0-9.]+)", output)
    fleet = re.search(r"FLEET orgs=(\d+) drifted_fields=(\d+)", output)
    row = dict(setting, run=label, wall=figures["wall"], cpu=figures["cpu"], maxrss_mb=figures["maxrss_kb"] / 1024.0,
               requests=len(requests), methods=dict(methods), loop=float(loop.group(1)) if loop else None,
               fleet=fleet.groups() if fleet else None, peak=peak_in_flight(requests), mean=mean_in_flight(requests),
               reference=len(requests) * setting["latency_ms"] / 1000.0)
    print("  %-58s %4d ms %7.1f s wall %7.1f s CPU %6.0f MB %6d GET, in flight peak %3d mean %5.1f%s%s" % (
        label, row["latency_ms"], row["wall"], row["cpu"], row["maxrss_mb"], row["requests"], row["peak"], row["mean"],
        ", reference %.1f s (wall/ref %.2f)" % (row["reference"], row["wall"] / row["reference"])
        if row["reference"] else "", " loop %.2f s" % row["loop"] if loop else ""), flush=True)
    return row


def playbook_cmd(*args):
    return [os.path.join(BIN, "ansible-playbook")] + list(args)


def audit_rows(base, env, workdir, orgs, options, latency_ms):
    """audit.yml (module path up to --module-path-orgs, in-process) and the inventory-plugin audit (up to
    --inventory-audit-orgs) over N organizations at one latency."""
    fleet = load_fleet(base, orgs, workdir, latency_ms)
    rows = []
    workers = ["-e", "ppe_audit_workers=%d" % options.workers, "-e", "ppe_fleet_workers=%d" % options.workers]
    local = dict(latency_ms=latency_ms, workers=options.workers, forks=None, threads=options.threads)
    audit_args = ["-i", "localhost,", "--check", "--diff", AUDIT, "-e", "ppe_customers_file=%s/customers.json" % fleet,
                  "-e", "ppe_audit_report_dir=%s/reports" % fleet, "-e", "ppe_audit_report_name=audit"] + workers
    if orgs <= options.module_path_orgs:
        rows.append(run(base, dict(env, PPE_EXECUTION="module"), playbook_cmd(*audit_args),
                        os.path.join(fleet, "audit-module.log"), "%d orgs: audit.yml, module path" % orgs, local))
    rows.append(run(base, env, playbook_cmd(*audit_args), os.path.join(fleet, "audit-in-process.log"),
                    "%d orgs: audit.yml, in-process" % orgs, local))
    playbook = os.path.join(fleet, "fleet_audit.yml")
    with open(playbook, "w", encoding="utf-8") as handle:
        handle.write(INVENTORY_AUDIT)
    for count in options.forks if orgs <= options.inventory_audit_orgs else []:
        rows.append(run(base, env, playbook_cmd("-i", os.path.join(fleet, "fleet.ppe.yml"), "-i", "localhost,",
                                                "-f", str(count), playbook),
                        os.path.join(fleet, "inventory-f%d.log" % count),
                        "%d orgs: inventory plugin, forks %d, in-process" % (orgs, count),
                        dict(local, workers=None, forks=count)))
    report = os.path.join(fleet, "reports", "audit.json")
    if os.path.exists(report):
        with open(report, encoding="utf-8") as handle:
            summary = json.load(handle)["summary"]
        print("  audit report: %s" % summary, flush=True)
    return rows


def fleet_report_rows(base, env, workdir, orgs, options, latency_ms):
    """playbooks/fleet_report.yml over N organizations at one latency (through the inventory plugin up to
    --inventory-report-orgs); adds the GET requests per organization to each row."""
    fleet = load_fleet(base, orgs, workdir, latency_ms)
    rows = []
    local = dict(latency_ms=latency_ms, workers=options.workers, forks=None, threads=options.threads)
    runs = [("localhost", ["-i", "localhost,", "-e", "ppe_fleet_partner=%s" % PARTNER], 2,
             "%d orgs: fleet_report.yml, localhost (partner), no declaration" % orgs, local)]
    for count in options.forks if orgs <= options.inventory_report_orgs else []:
        runs.append(("inventory-f%d" % count, ["-i", os.path.join(fleet, "fleet.ppe.yml"), "-f", str(count)], 3,
                     "%d orgs: fleet_report.yml, inventory plugin, forks %d, with drift" % (orgs, count),
                     dict(local, workers=None, forks=count)))
    workers = ["-e", "ppe_audit_workers=%d" % options.workers, "-e", "ppe_fleet_workers=%d" % options.workers]
    for name, args, fixed, label, setting in runs:
        out = os.path.join(fleet, "fleet-report-%s" % name)
        row = run(base, env, playbook_cmd(*(args + workers + ["-e", "ppe_fleet_report_dir=%s" % out, FLEET_REPORT])),
                  os.path.join(fleet, "fleet-report-%s.log" % name), label, setting)
        with open(os.path.join(out, "fleet-report.json"), encoding="utf-8") as handle:
            summary = json.load(handle)["summary"]
        if summary["orgs"] != orgs + 1 or summary["licences"] != 25 * orgs + 25:  # and the simulator's acme.example
            sys.exit("%s: the report does not show the load: %s" % (label, summary))
        row["per_org"] = (row["requests"] - fixed) / float(orgs + 1)
        print("  %s: %.2f GET per organization (%d GETs; %d orgs incl. acme.example; %d fixed); summary %s" % (
            label, row["per_org"], row["requests"], orgs + 1, fixed, summary), flush=True)
        rows.append(row)
    return rows


def export_rows(base, env, workdir, orgs, options, latency_ms):
    """playbooks/export.yml of the partner's N organizations at one latency (one ppe_customer_info task on
    localhost); the file must hold every organization (and the simulator's acme.example)."""
    fleet = load_fleet(base, orgs, workdir, latency_ms)
    out = os.path.join(fleet, "exported.yml")
    label = "%d orgs: export.yml, localhost (partner)" % orgs
    row = run(base, env, playbook_cmd("-i", "localhost,", "-e", "ppe_fleet_partner=%s" % PARTNER, "-e",
                                      "ppe_export_file=%s" % out, "-e", "ppe_export_force=true", "-e",
                                      "ppe_export_workers=%d" % options.workers, EXPORT),
              os.path.join(fleet, "export.log"), label,
              dict(latency_ms=latency_ms, workers=options.workers, forks=None, threads=options.threads))
    import yaml  # pylint: disable=import-outside-toplevel
    with open(out, encoding="utf-8") as handle:
        exported = yaml.safe_load(handle)["ppe_customers"]
    if len(exported) != orgs + 1:
        sys.exit("%s: the file holds %d organizations, not %d" % (label, len(exported), orgs + 1))
    row["per_org"] = row["requests"] / float(orgs + 1)
    print("  %s: %.2f GET per organization, %d in the file" % (label, row["per_org"], len(exported)), flush=True)
    return [row]


def requests_alone(base, items):
    """Seconds for `items` GETs of the domain over one keep-alive session, without Ansible."""
    import requests  # pylint: disable=import-outside-toplevel
    session = requests.Session()
    session.headers.update({"X-User": USERNAME, "X-Password": PASSWORD, "X-Terms-Update": "true"})
    started = time.monotonic()
    for _item in range(items):
        session.get(base + "/api/v1/orgs/acme.example/domains/acme.example", timeout=30).raise_for_status()
    return time.monotonic() - started


def loop_rows(base, env, workdir, items, options, latency_ms):
    control(base, "POST", "/_sim/reset")
    set_latency(base, latency_ms)
    os.makedirs(workdir, exist_ok=True)
    rows = []
    setting = dict(latency_ms=latency_ms, workers=None, forks=None, threads=options.threads)
    for name, extra, label in (("ppe_domain", {}, "ppe_domain, in-process"),
                               ("ppe_domain", {"PPE_EXECUTION": "module"}, "ppe_domain, module path"),
                               ("uri", {}, "ansible.builtin.uri GET"),
                               ("debug", {}, "ansible.builtin.debug")):
        playbook = os.path.join(workdir, "loop-%s.yml" % name)
        with open(playbook, "w", encoding="utf-8") as handle:
            handle.write(LOOP % {"task": LOOP_TASKS[name], "items": items})
        log = os.path.join(workdir, "loop-%s%s-%dms.log" % (name, "-module" if extra else "", latency_ms))
        rows.append(run(base, dict(env, **extra), playbook_cmd("-i", "localhost,", playbook), log,
                        "%d-item loop: %s" % (items, label), setting))
    control(base, "DELETE", "/_sim/requests")
    alone = requests_alone(base, items)
    print("  %d GETs alone (one requests.Session) at %d ms: %.2f s" % (items, latency_ms, alone), flush=True)
    return rows, alone


def concurrency(row):
    if row["workers"] is not None:
        return "%d workers" % row["workers"]
    return "forks %d" % row["forks"] if row["forks"] is not None else "-"


def markdown(rows):
    """Every run, one row each."""
    lines = ["| run | latency | wall time | one after another (requests x latency) | wall / that | API requests "
             "| in flight: peak (mean) | workers / forks | simulator threads | CPU time | peak memory |",
             "|---|---|---|---|---|---|---|---|---|---|---|"]
    for row in rows:
        lines.append("| %s | %d ms | %.1f s%s | %s | %s | %d GET%s | %d (%.1f) | %s | %d | %.1f s | %.0f MB |" % (
            row["run"], row["latency_ms"], row["wall"],
            " (loop %.2f s)" % row["loop"] if row["loop"] is not None else "",
            "%.1f s" % row["reference"] if row["reference"] else "-",
            "%.2f" % (row["wall"] / row["reference"]) if row["reference"] else "-",
            row["requests"], " (%.1f per org)" % row["per_org"] if row.get("per_org") else "", row["peak"],
            row["mean"], concurrency(row), row["threads"], row["cpu"], row["maxrss_mb"]))
    return "\n".join(lines)


def side_by_side(rows, latencies):
    """The same runs at each latency in one row (the README's Performance table)."""
    runs = []
    by_run = {}
    for row in rows:
        if row["run"] not in by_run:
            runs.append(row["run"])
        by_run.setdefault(row["run"], {})[row["latency_ms"]] = row
    header = ["run", "workers / forks", "API requests"]
    for latency in latencies:
        header += ["%d ms: wall" % latency, "%d ms: peak in flight" % latency]
        if latency:
            header += ["%d ms: one after another" % latency, "%d ms: wall / that" % latency]
    lines = ["| %s |" % " | ".join(header), "|%s" % ("---|" * len(header))]
    for name in runs:
        cells = by_run[name]
        first = cells[min(cells)]
        counts = sorted({cell["requests"] for cell in cells.values()})
        line = [name, concurrency(first), " / ".join("%d" % n for n in counts) + " GET"]
        for latency in latencies:
            cell = cells.get(latency)
            line += ["%.1f s" % cell["wall"] if cell else "-", "%d" % cell["peak"] if cell else "-"]
            if latency:
                line += ["%.1f s" % cell["reference"] if cell and cell["reference"] else "-",
                         "%.2f" % (cell["wall"] / cell["reference"]) if cell and cell["reference"] else "-"]
        lines.append("| %s |" % " | ".join(line))
    return "\n".join(lines)


def numbers(text):
    return [int(n) for n in text.split(",") if n.strip()]


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--orgs", default="50,200,500", help="fleet sizes, comma-separated (default 50,200,500)")
    parser.add_argument("--latency-ms", default="0",
                        help="the simulator's latency per API request in ms, comma-separated; each case runs at each "
                             "(default 0; e.g. 0,150)")
    parser.add_argument("--workers", type=int, default=48,
                        help="organizations at once: -e ppe_audit_workers=W -e ppe_fleet_workers=W (default 48, the "
                             "modules' default)")
    parser.add_argument("--threads", type=int, default=64,
                        help="the simulator's threads (serve.py --threads; default 64): requests it answers at once")
    parser.add_argument("--module-path-orgs", type=int, default=500,
                        help="run the module-path audit only up to this fleet size (default 500; 0: never)")
    parser.add_argument("--inventory-audit-orgs", type=int, default=sys.maxsize,
                        help="run the inventory-plugin audit only up to this fleet size (default: always; 0: never)")
    parser.add_argument("--inventory-report-orgs", type=int, default=sys.maxsize,
                        help="run the inventory-plugin fleet report only up to this fleet size (default: always; "
                             "0: never)")
    parser.add_argument("--forks", default="20", help="forks for the inventory-plugin runs, comma-separated")
    parser.add_argument("--loops", action="store_true", help="also run the 100-item loops (at each latency)")
    parser.add_argument("--loops-only", action="store_true", help="only run the 100-item loops")
    parser.add_argument("--fleet-report", action="store_true", help="also run the fleet report")
    parser.add_argument("--fleet-report-only", action="store_true", help="only run the fleet report")
    parser.add_argument("--export", action="store_true", help="also run the export (playbooks/export.yml)")
    parser.add_argument("--items", type=int, default=100)
    parser.add_argument("--keep", action="store_true", help="keep the working directory (logs, reports)")
    args = parser.parse_args()
    args.forks = numbers(args.forks)
    args.latencies = numbers(args.latency_ms)
    if not args.latencies or not all(0 <= latency <= 60000 for latency in args.latencies):
        parser.error("--latency-ms: numbers between 0 and 60000")
    if not 1 <= args.workers <= 64:
        parser.error("--workers: 1 to 64 (ppe_customer's bounds)")
    if args.threads < max([args.workers] + args.forks):
        parser.error("--threads %d is fewer than the workers or forks: the simulator would queue their requests"
                     % args.threads)
    return args


def main():
    if len(sys.argv) > 1 and sys.argv[1] == "--measure-child":
        measure_child(sys.argv[2:])
        return
    args = parse_args()
    workdir = tempfile.mkdtemp(prefix="ppe-fleet-")
    collections_dir = os.path.join(workdir, "collections", "ansible_collections", "ppe")
    os.makedirs(collections_dir)
    os.symlink(REPO, os.path.join(collections_dir, "essentials"))
    server = subprocess.Popen(  # pylint: disable=consider-using-with
        [sys.executable, SERVE, "--port", "0", "--keep-alive", "--threads", str(args.threads)],
        stdout=subprocess.PIPE, text=True)
    rows = []
    alone = {}
    try:
        base = re.match(r"PPE simulator listening on (\S+)", server.stdout.readline()).group(1)
        env = dict((k, v) for k, v in os.environ.items() if not k.startswith(("ANSIBLE_", "PPE_")))
        env.update(ANSIBLE_COLLECTIONS_PATH=os.path.join(workdir, "collections"), PPE_URL=base, PPE_USERNAME=USERNAME,
                   PPE_PASSWORD=PASSWORD, ANSIBLE_NOCOLOR="1", ANSIBLE_HOME=os.path.join(workdir, "home"),
                   ANSIBLE_LOCAL_TEMP=os.path.join(workdir, "tmp"), ANSIBLE_HOST_KEY_CHECKING="0",
                   PATH=BIN + os.pathsep + os.environ.get("PATH", ""),
                   # the module path needs a Python with requests; the in-process path ignores it
                   ANSIBLE_PYTHON_INTERPRETER=sys.executable)
        print("ansible-playbook %s, Python %s, %d CPUs, load average %s at start; simulator threads %d, workers %d, "
              "latency %s ms" % (
                  subprocess.run([os.path.join(BIN, "ansible-playbook"), "--version"], capture_output=True, text=True,
                                 check=False, env=env).stdout.split("\n")[0], platform.python_version(),
                  os.cpu_count(), " ".join("%.2f" % x for x in os.getloadavg()), args.threads, args.workers,
                  ",".join("%d" % latency for latency in args.latencies)), flush=True)
        for latency in args.latencies if args.loops or args.loops_only else []:
            loops, alone[latency] = loop_rows(base, env, os.path.join(workdir, "loops"), args.items, args, latency)
            rows.extend(loops)
        for orgs in numbers(args.orgs) if not args.loops_only else []:
            for latency in args.latencies:
                if not args.fleet_report_only:
                    rows.extend(audit_rows(base, env, workdir, orgs, args, latency))
                if args.fleet_report or args.fleet_report_only:
                    rows.extend(fleet_report_rows(base, env, os.path.join(workdir, "report"), orgs, args, latency))
                if args.export:
                    rows.extend(export_rows(base, env, os.path.join(workdir, "export"), orgs, args, latency))
    finally:
        if server.poll() is not None:
            print("the simulator exited early, exit code %s" % server.returncode, flush=True)
        server.terminate()
        server.wait(timeout=10)
        print("load average at end %s" % " ".join("%.2f" % x for x in os.getloadavg()))
        if args.keep:
            print("working directory: %s" % workdir)
        else:
            shutil.rmtree(workdir, ignore_errors=True)
    print()
    print(markdown(rows))
    if len(args.latencies) > 1:
        print()
        print(side_by_side(rows, args.latencies))
    print("\nsimulator: serve.py --keep-alive --threads %d" % args.threads)
    for latency, seconds in sorted(alone.items()):
        print("%d GETs alone over one keep-alive session at %d ms: %.2f s" % (args.items, latency, seconds))


if __name__ == "__main__":
    main()
