# -*- coding: utf-8 -*-
# Copyright (c) ppe.essentials contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Benchmark: audit a fleet of N customer organizations, and 100-item loops, on the simulator (issue 13).

Not a test: run it by hand and copy the tables into the README ("Performance"):

    .venv/bin/python tests/benchmarks/fleet_audit.py --orgs 50,200,500
    .venv/bin/python tests/benchmarks/fleet_audit.py --orgs 50 --module-path-orgs 50 --loops   # a quick run
    .venv/bin/python tests/benchmarks/fleet_audit.py --orgs 50 --fleet-report-only             # the fleet report

For each N the simulator is loaded (through its control API, PUT /_sim/state, not timed) with N customer
organizations under the partner msp.example, each with 2 domains, 10 users, features, licensing and sender lists,
and a customers file declares exactly that state. Then the audit runs over all of them:

- `audit.yml, module path`: playbooks/audit.yml as shipped (one play on localhost, the role in a loop) with
  PPE_EXECUTION=module, i.e. one module start per module task, as before the action plugins;
- `audit.yml, in-process`: the same playbook through the action plugins' in-process path;
- `inventory plugin, forks F`: one host per organization from the ppe.essentials.orgs inventory plugin (the
  declaration of each in host_vars/), the role once per host, F forks, in-process.

Fleet report (--fleet-report, or --fleet-report-only without the audit runs): playbooks/fleet_report.yml over the
same N organizations, on localhost with ppe_fleet_partner (no declaration: the report's own reads), and with the
inventory plugin and F forks (the declarations in host_vars/, so each organization's drift is checked too); the
GET requests per organization are counted from the simulator's log (the fixed ones, the partner's list of
organizations and the inventory plugin's, are left out), and the report's figures are checked against the load.

Loops (--loops): 100 items of an unchanged ppe.essentials.ppe_domain (in-process, and with PPE_EXECUTION=module),
of ansible.builtin.uri GETs of the same domain, and of ansible.builtin.debug; plus the time of the 100 GETs alone
(a Python loop over one requests.Session). The loop time is measured inside the playbook (now() before and after
the loop task), so it leaves out ansible-playbook's start-up; the other columns are for the whole run.

The simulator runs with --keep-alive (cheroot), which keeps HTTP/1.1 connections open as the API does, so a
client that reuses its connection is measured as it would be against the API.

Columns: wall time; CPU time of ansible-playbook and its children (user + sys); peak memory (the largest
maximum resident set size of one process, resource.getrusage(RUSAGE_CHILDREN).ru_maxrss, measured in a
separate process per run); API requests from the simulator's log (every run must make only GET requests).
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
        summary: "{{ groups['all'] | map('extract', hostvars, 'onboard_customer_drift') | select('defined') | flatten }}"
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
    request = urllib.request.Request(base + path, data=data, method=method, headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=300) as response:
        raw = response.read()
    return json.loads(raw) if raw.strip() else None


def customer(index):
    """One customer organization: its simulator record and its declaration (the same state, so no drift)."""
    domain = "cust%04d.example" % index
    relay = "cust%04d-mail.example" % index
    users = [{"email": "user%02d@%s" % (u, domain), "firstname": "User", "surname": "Number %d" % u} for u in range(1, 10)]
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
                   "surname": "Admin"}] + [{"primary_email": u["email"], "type": "end_user", "firstname": u["firstname"],
                                            "surname": u["surname"]} for u in users],
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


def load_fleet(base, orgs, workdir):
    """Put N customers into the simulator; write the customers file and the inventory (host_vars per org)."""
    control(base, "POST", "/_sim/reset")
    state = control(base, "GET", "/_sim/state")
    declarations = []
    for index in range(1, orgs + 1):
        record, declaration = customer(index)
        state["orgs"].append(record)
        declarations.append(declaration)
    control(base, "PUT", "/_sim/state", state)
    fleet = os.path.join(workdir, "fleet-%d" % orgs)
    host_vars = os.path.join(fleet, "host_vars")
    os.makedirs(host_vars)
    with open(os.path.join(fleet, "customers.json"), "w", encoding="utf-8") as handle:
        json.dump({"ppe_customers": declarations}, handle)
    for declaration in declarations:
        with open(os.path.join(host_vars, declaration["domain"] + ".json"), "w", encoding="utf-8") as handle:
            json.dump({"ppe_customer": declaration}, handle)
    with open(os.path.join(fleet, "fleet.ppe.yml"), "w", encoding="utf-8") as handle:
        handle.write("plugin: ppe.essentials.orgs\npartner: %s\ntypes: [organization]\n" % PARTNER)
    return fleet


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


def run(base, env, cmd, log, label):
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
    loop = re.search(r"LOOP_SECONDS=([0-9.]+)", output)
    fleet = re.search(r"FLEET orgs=(\d+) drifted_fields=(\d+)", output)
    row = {"run": label, "wall": figures["wall"], "cpu": figures["cpu"], "maxrss_mb": figures["maxrss_kb"] / 1024.0,
           "requests": len(requests), "methods": dict(methods), "loop": float(loop.group(1)) if loop else None,
           "fleet": fleet.groups() if fleet else None}
    print("  %-44s %7.1f s wall %7.1f s CPU %6.0f MB %6d requests %s%s" % (
        label, row["wall"], row["cpu"], row["maxrss_mb"], row["requests"], dict(methods),
        " loop %.2f s" % row["loop"] if loop else ""), flush=True)
    return row


def playbook_cmd(*args):
    return [os.path.join(BIN, "ansible-playbook")] + list(args)


def audit_rows(base, env, workdir, orgs, module_path, forks):
    fleet = load_fleet(base, orgs, workdir)
    rows = []
    audit_args = ["-i", "localhost,", "--check", "--diff", AUDIT, "-e", "ppe_customers_file=%s/customers.json" % fleet,
                  "-e", "ppe_audit_report_dir=%s/reports" % fleet, "-e", "ppe_audit_report_name=audit"]
    if module_path:
        rows.append(run(base, dict(env, PPE_EXECUTION="module"), playbook_cmd(*audit_args),
                        os.path.join(fleet, "audit-module.log"), "%d orgs: audit.yml, module path" % orgs))
    rows.append(run(base, env, playbook_cmd(*audit_args), os.path.join(fleet, "audit-in-process.log"),
                    "%d orgs: audit.yml, in-process" % orgs))
    playbook = os.path.join(fleet, "fleet_audit.yml")
    with open(playbook, "w", encoding="utf-8") as handle:
        handle.write(INVENTORY_AUDIT)
    for count in forks:
        rows.append(run(base, env, playbook_cmd("-i", os.path.join(fleet, "fleet.ppe.yml"), "-i", "localhost,",
                                                "-f", str(count), playbook),
                        os.path.join(fleet, "inventory-f%d.log" % count),
                        "%d orgs: inventory plugin, forks %d, in-process" % (orgs, count)))
    for row in rows:
        writes = dict((m, n) for m, n in row["methods"].items() if m != "GET")
        if writes:
            sys.exit("%s made writes: %s" % (row["run"], writes))
    report = os.path.join(fleet, "reports", "audit.json")
    if os.path.exists(report):
        with open(report, encoding="utf-8") as handle:
            summary = json.load(handle)["summary"]
        print("  audit report: %s" % summary, flush=True)
    return rows


def fleet_report_rows(base, env, workdir, orgs, forks):
    """playbooks/fleet_report.yml over N organizations; adds the GET requests per organization to each row."""
    fleet = load_fleet(base, orgs, workdir)
    rows = []
    runs = [("localhost", ["-i", "localhost,", "-e", "ppe_fleet_partner=%s" % PARTNER], 2,
             "%d orgs: fleet_report.yml, localhost (partner), no declaration" % orgs)]
    for count in forks:
        runs.append(("inventory-f%d" % count, ["-i", os.path.join(fleet, "fleet.ppe.yml"), "-f", str(count)], 3,
                     "%d orgs: fleet_report.yml, inventory plugin, forks %d, with drift" % (orgs, count)))
    for name, args, fixed, label in runs:
        out = os.path.join(fleet, "fleet-report-%s" % name)
        row = run(base, env, playbook_cmd(*(args + ["-e", "ppe_fleet_report_dir=%s" % out, FLEET_REPORT])),
                  os.path.join(fleet, "fleet-report-%s.log" % name), label)
        writes = dict((m, n) for m, n in row["methods"].items() if m != "GET")
        if writes:
            sys.exit("%s made writes: %s" % (label, writes))
        with open(os.path.join(out, "fleet-report.json"), encoding="utf-8") as handle:
            summary = json.load(handle)["summary"]
        if summary["orgs"] != orgs + 1 or summary["licences"] != 25 * orgs + 25:  # and the simulator's acme.example
            sys.exit("%s: the report does not show the load: %s" % (label, summary))
        row["per_org"] = (row["requests"] - fixed) / float(orgs + 1)
        print("  %s: %.2f GET per organization (%d GETs; %d orgs incl. acme.example; %d fixed); summary %s" % (
            label, row["per_org"], row["requests"], orgs + 1, fixed, summary), flush=True)
        rows.append(row)
    return rows


def requests_alone(base, items):
    """Seconds for `items` GETs of the domain over one keep-alive session, without Ansible."""
    import requests  # pylint: disable=import-outside-toplevel
    session = requests.Session()
    session.headers.update({"X-User": USERNAME, "X-Password": PASSWORD, "X-Terms-Update": "true"})
    started = time.monotonic()
    for _item in range(items):
        session.get(base + "/api/v1/orgs/acme.example/domains/acme.example", timeout=30).raise_for_status()
    return time.monotonic() - started


def loop_rows(base, env, workdir, items):
    control(base, "POST", "/_sim/reset")
    rows = []
    for name, extra, label in (("ppe_domain", {}, "ppe_domain, in-process"),
                               ("ppe_domain", {"PPE_EXECUTION": "module"}, "ppe_domain, module path"),
                               ("uri", {}, "ansible.builtin.uri GET"),
                               ("debug", {}, "ansible.builtin.debug")):
        playbook = os.path.join(workdir, "loop-%s.yml" % name)
        with open(playbook, "w", encoding="utf-8") as handle:
            handle.write(LOOP % {"task": LOOP_TASKS[name], "items": items})
        log = os.path.join(workdir, "loop-%s%s.log" % (name, "-module" if extra else ""))
        rows.append(run(base, dict(env, **extra), playbook_cmd("-i", "localhost,", playbook), log,
                        "%d-item loop: %s" % (items, label)))
    control(base, "DELETE", "/_sim/requests")
    alone = requests_alone(base, items)
    print("  %d GETs alone (one requests.Session): %.2f s" % (items, alone), flush=True)
    return rows, alone


def markdown(rows):
    lines = ["| run | wall time | CPU time | peak memory | API requests |", "|---|---|---|---|---|"]
    for row in rows:
        lines.append("| %s | %.1f s%s | %.1f s | %.0f MB | %d GET%s |" % (
            row["run"], row["wall"], " (loop %.2f s)" % row["loop"] if row["loop"] is not None else "", row["cpu"],
            row["maxrss_mb"], row["requests"], " (%.1f per org)" % row["per_org"] if row.get("per_org") else ""))
    return "\n".join(lines)


def main():
    if len(sys.argv) > 1 and sys.argv[1] == "--measure-child":
        measure_child(sys.argv[2:])
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--orgs", default="50,200,500", help="fleet sizes, comma-separated (default 50,200,500)")
    parser.add_argument("--module-path-orgs", type=int, default=500,
                        help="run the module-path audit only up to this fleet size (default 500)")
    parser.add_argument("--forks", default="20", help="forks for the inventory-plugin audit, comma-separated")
    parser.add_argument("--loops", action="store_true", help="also run the 100-item loops")
    parser.add_argument("--loops-only", action="store_true", help="only run the 100-item loops")
    parser.add_argument("--fleet-report", action="store_true", help="also run the fleet report")
    parser.add_argument("--fleet-report-only", action="store_true", help="only run the fleet report")
    parser.add_argument("--items", type=int, default=100)
    parser.add_argument("--keep", action="store_true", help="keep the working directory (logs, reports)")
    args = parser.parse_args()
    workdir = tempfile.mkdtemp(prefix="ppe-fleet-")
    collections_dir = os.path.join(workdir, "collections", "ansible_collections", "ppe")
    os.makedirs(collections_dir)
    os.symlink(REPO, os.path.join(collections_dir, "essentials"))
    server = subprocess.Popen([sys.executable, SERVE, "--port", "0", "--keep-alive"], stdout=subprocess.PIPE, text=True)  # pylint: disable=consider-using-with
    rows = []
    try:
        base = re.match(r"PPE simulator listening on (\S+)", server.stdout.readline()).group(1)
        env = dict((k, v) for k, v in os.environ.items() if not k.startswith(("ANSIBLE_", "PPE_")))
        env.update(ANSIBLE_COLLECTIONS_PATH=os.path.join(workdir, "collections"), PPE_URL=base, PPE_USERNAME=USERNAME,
                   PPE_PASSWORD=PASSWORD, ANSIBLE_NOCOLOR="1", ANSIBLE_HOME=os.path.join(workdir, "home"),
                   ANSIBLE_LOCAL_TEMP=os.path.join(workdir, "tmp"), ANSIBLE_HOST_KEY_CHECKING="0",
                   PATH=BIN + os.pathsep + os.environ.get("PATH", ""),
                   # the module path needs a Python with requests; the in-process path ignores it
                   ANSIBLE_PYTHON_INTERPRETER=sys.executable)
        print("ansible-playbook %s, Python %s, %d CPUs, load average %s at start" % (
            subprocess.run([os.path.join(BIN, "ansible-playbook"), "--version"], capture_output=True, text=True,
                           check=False, env=env).stdout.split("\n")[0], platform.python_version(), os.cpu_count(),
            " ".join("%.2f" % x for x in os.getloadavg())), flush=True)
        if args.loops or args.loops_only:
            loops, alone = loop_rows(base, env, workdir, args.items)
            rows.extend(loops)
        for orgs in [int(n) for n in args.orgs.split(",") if n.strip()] if not args.loops_only else []:
            if not args.fleet_report_only:
                rows.extend(audit_rows(base, env, workdir, orgs, orgs <= args.module_path_orgs,
                                       [int(f) for f in args.forks.split(",")]))
            if args.fleet_report or args.fleet_report_only:
                rows.extend(fleet_report_rows(base, env, workdir + "/report", orgs,
                                              [int(f) for f in args.forks.split(",")]))
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
    if args.loops or args.loops_only:
        print("\n%d GETs alone over one keep-alive session: %.2f s" % (args.items, alone))


if __name__ == "__main__":
    main()
