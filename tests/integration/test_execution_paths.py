# -*- coding: utf-8 -*-
# Copyright (c) ppe.essentials contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The two execution paths of the modules agree (plugins/plugin_utils/_action.py).

Every scenario playbook of tests/integration/playbooks/ runs twice at the same time, each against its own
simulator: once through the in-process path (the default on a local connection) and once forced through the
module path (PPE_EXECUTION=module). Both must pass, and the results of every task, recorded by the test
callback tests/integration/files/callback_plugins/ppe_record.py, must be the same: changed, failed, the
returned objects, diffs, messages, warnings and `invocation` (no_log values masked). Only what cannot be
the same is left out: the simulators' addresses, tracebacks, the jitter of retry delays, and the results of ansible.builtin.uri tasks
(the playbooks' calls to the simulator's control API, which carry timings and headers).

Also here: proof that the in-process path really runs without a module (no module process is started), and
the paths a task must not take in-process (async, PPE_EXECUTION/ppe_execution, a connection that is not local).
"""

from __future__ import annotations

import difflib
import json
import os
import re
import subprocess
import sys
import urllib.request

import pytest
from tests.integration import guard

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
PLAYBOOKS = os.path.join(HERE, "playbooks")
SCENARIOS = sorted(f for f in os.listdir(PLAYBOOKS) if f.endswith(".yml"))
CALLBACKS = os.path.join(HERE, "files", "callback_plugins")
SERVE = os.path.join(REPO, "tests", "simulator", "serve.py")
BIN_DIR = os.path.dirname(sys.executable)
TIMEOUT = 600
UNCOMPARED_ACTIONS = frozenset(("uri", "ansible.builtin.uri", "ansible.legacy.uri"))
VOLATILE_KEYS = frozenset(("exception",))
RETRY_DELAY = re.compile(r"(retrying in) [0-9.]+ s")


@pytest.fixture(scope="module")
def module_path_simulator():
    """A second simulator, so that both paths of one scenario run at the same time."""
    process = subprocess.Popen(  # pylint: disable=consider-using-with
        [sys.executable, SERVE, "--port", "0"], cwd=REPO, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL, text=True)
    try:
        match = re.match(r"^PPE simulator listening on (http://\S+)\s*$", process.stdout.readline())
        assert match, "the second simulator did not start"
        yield match.group(1)
    finally:
        process.terminate()
        process.wait(timeout=10)


def playbook_process(path, ansible_env, url, record, extra_env=None, extra_args=()):
    env = dict(ansible_env, PPE_URL=url, PPE_RECORD_FILE=str(record), ANSIBLE_CALLBACK_PLUGINS=CALLBACKS,
               ANSIBLE_CALLBACKS_ENABLED="ppe_record", ANSIBLE_INJECT_INVOCATION="1")  # invocation on ansible-core 2.21+
    env.update(extra_env or {})
    cmd = [os.path.join(BIN_DIR, "ansible-playbook"), "-i", "localhost,", "-c", "local", "-e",
           json.dumps({"sim_url": url})] + list(extra_args) + [str(path)]
    return guard.popen(cmd, cwd=REPO, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                       stderr=subprocess.STDOUT, text=True)


def finish(process):
    try:
        output = process.communicate(timeout=TIMEOUT)[0]
    except subprocess.TimeoutExpired:
        process.kill()
        output = process.communicate()[0]
        raise AssertionError("ansible-playbook did not finish within %ss:\n%s" % (TIMEOUT, output))
    return process.returncode, output


def records(path, urls):
    """The recorded task results, with the simulators' addresses replaced by SIM."""
    with open(path, encoding="utf-8") as handle:
        text = handle.read()
    for url in urls:
        text = text.replace(url, "SIM").replace(url.split("://", 1)[1], "SIM")
    text = RETRY_DELAY.sub(r"\1 N s", text)  # the backoff has jitter
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def comparable(record):
    result = record["result"]
    if record["action"] in UNCOMPARED_ACTIONS:
        result = dict((key, result.get(key)) for key in ("changed", "failed", "status"))
    return {"event": record["event"], "task": record["task"], "action": record["action"], "result": _scrub(result)}


def _scrub(value):
    if isinstance(value, dict):
        return dict((key, _scrub(item)) for key, item in value.items() if key not in VOLATILE_KEYS)
    if isinstance(value, list):
        return [_scrub(item) for item in value]
    return value


def assert_same_results(in_process, module):
    left = [comparable(r) for r in in_process]
    right = [comparable(r) for r in module]
    assert [(r["task"], r["event"]) for r in left] == [(r["task"], r["event"]) for r in right], \
        "the two paths ran different tasks or had different outcomes"
    for mine, theirs in zip(left, right):
        if mine != theirs:
            a = json.dumps(mine, indent=1, sort_keys=True).splitlines()
            b = json.dumps(theirs, indent=1, sort_keys=True).splitlines()
            raise AssertionError("task %r: in-process (-) and module (+) results differ:\n%s" % (
                mine["task"], "\n".join(difflib.unified_diff(a, b, "in-process", "module", lineterm="", n=4))))


@pytest.mark.parametrize("playbook", SCENARIOS)
def test_scenario_gives_the_same_results_on_both_paths(playbook, simulator, module_path_simulator, ansible_env,
                                                       tmp_path):
    path = os.path.join(PLAYBOOKS, playbook)
    in_process = playbook_process(path, ansible_env, simulator.url, tmp_path / "in_process.jsonl")
    module = playbook_process(path, ansible_env, module_path_simulator, tmp_path / "module.jsonl",
                              {"PPE_EXECUTION": "module"})
    outcomes = {"in-process": finish(in_process), "module": finish(module)}
    for name, (rc, output) in outcomes.items():
        assert rc == 0, "%s path: ansible-playbook %s failed (exit code %s):\n%s" % (name, playbook, rc, output)
    urls = [simulator.url, module_path_simulator]
    assert_same_results(records(tmp_path / "in_process.jsonl", urls), records(tmp_path / "module.jsonl", urls))


# -- the in-process path is really taken, and only when it may be ----------------------------------------------
def run_tasks(tmp_path, ansible_env, name, tasks, env=None, play=None, inventory="localhost,"):
    """Run one play of `tasks` on localhost (connection local); (rc, output, recorded results, module starts).

    The play's Python interpreter is a wrapper around the controller's Python (which has requests) that counts
    its starts: every module run starts it once, the in-process path never.
    """
    starts = tmp_path / (name + "-starts")
    interpreter = tmp_path / (name + "-python")
    interpreter.write_text('#!/bin/sh\necho started >> "%s"\nexec "%s" "$@"\n' % (starts, sys.executable),
                           encoding="utf-8")
    interpreter.chmod(0o755)
    playbook = tmp_path / (name + ".yml")
    play = dict({"name": name, "hosts": "localhost", "gather_facts": False, "tasks": tasks,
                 "vars": {"ansible_python_interpreter": str(interpreter)}}, **(play or {}))
    playbook.write_text(json.dumps([play]), encoding="utf-8")
    record = tmp_path / (name + ".jsonl")
    run_env = dict(ansible_env, PPE_RECORD_FILE=str(record), ANSIBLE_CALLBACK_PLUGINS=CALLBACKS,
                   ANSIBLE_CALLBACKS_ENABLED="ppe_record", ANSIBLE_INJECT_INVOCATION="1")
    run_env.update(env or {})
    completed = guard.run([os.path.join(BIN_DIR, "ansible-playbook"), "-i", inventory, "-c", "local", str(playbook)],
                          run_env["PPE_URL"], cwd=REPO, env=run_env, stdin=subprocess.DEVNULL, capture_output=True,
                          text=True, timeout=TIMEOUT)
    started = len(starts.read_text(encoding="utf-8").splitlines()) if starts.exists() else 0
    results = records(record, [ansible_env["PPE_URL"]]) if record.exists() else []
    return completed.returncode, completed.stdout + completed.stderr, results, started


UNCHANGED_DOMAIN = {"ppe.essentials.ppe_domain": {"org": "acme.example", "name": "acme.example",
                                                  "destination": "mail.acme.example"}}


def test_a_loop_runs_in_the_worker_without_building_a_module(simulator, ansible_env, tmp_path):
    """50 unchanged loop items in-process: 50 GETs and no module start; forced to the module path: one per item."""
    simulator.reset()
    simulator.clear_requests()
    loop = dict(UNCHANGED_DOMAIN, name="Fifty unchanged items", loop="{{ range(50) | list }}")
    rc, output, results, starts = run_tasks(tmp_path, ansible_env, "in_process", [loop])
    assert rc == 0, output
    assert starts == 0
    assert [item["changed"] for item in results[0]["result"]["results"]] == [False] * 50
    assert [(r["method"], r["status"]) for r in simulator.requests()] == [("GET", 200)] * 50

    simulator.clear_requests()
    loop["loop"] = [1, 2, 3]
    rc, output, results, starts = run_tasks(tmp_path, ansible_env, "module", [loop], env={"PPE_EXECUTION": "module"})
    assert rc == 0, output
    assert starts == 3
    assert [(r["method"], r["status"]) for r in simulator.requests()] == [("GET", 200)] * 3


def connections(url, clear=False):
    """The TCP connections a simulator saw ("address:port", each once); clear=True forgets them."""
    request = urllib.request.Request(url + "/_sim/connections", method="DELETE" if clear else "GET")
    with urllib.request.urlopen(request, timeout=30) as response:
        return None if clear else json.loads(response.read())


def test_the_items_of_a_loop_share_one_kept_alive_connection(launch_simulator, ansible_env, tmp_path):
    """Against a server that keeps connections alive, as the API does (the simulator on cheroot): the 50 items
    of an in-process loop reuse one connection (one requests.Session per worker); the module path opens one per
    item."""
    url, = launch_simulator("--keep-alive")
    loop = dict(UNCHANGED_DOMAIN, name="Fifty unchanged items", loop="{{ range(50) | list }}")
    rc, output, results, _starts = run_tasks(tmp_path, ansible_env, "kept_alive", [loop], env={"PPE_URL": url})
    assert rc == 0, output
    assert [item["changed"] for item in results[0]["result"]["results"]] == [False] * 50
    assert len(connections(url)) == 1

    connections(url, clear=True)
    loop["loop"] = [1, 2, 3]
    rc, output, _results, _starts = run_tasks(tmp_path, ansible_env, "reconnecting", [loop],
                                              env={"PPE_URL": url, "PPE_EXECUTION": "module"})
    assert rc == 0, output
    assert len(connections(url)) == 3


def test_the_ppe_execution_var_forces_the_module_path(simulator, ansible_env, tmp_path):
    simulator.reset()
    tasks = [dict(UNCHANGED_DOMAIN, name="Forced by the var", vars={"ppe_execution": "module"}),
             dict(UNCHANGED_DOMAIN, name="Not forced")]
    rc, output, _results, starts = run_tasks(tmp_path, ansible_env, "var", tasks)
    assert rc == 0, output
    assert starts == 1


def test_async_runs_the_module(simulator, ansible_env, tmp_path):
    simulator.reset()
    rc, output, results, starts = run_tasks(tmp_path, ansible_env, "async", [
        dict(UNCHANGED_DOMAIN, name="Async", register="result", **{"async": 60, "poll": 1})])
    assert rc == 0, output
    assert starts >= 1
    assert results[0]["result"]["domain"]["destination"] == "mail.acme.example"


def test_delegating_to_a_host_reached_over_ssh_runs_the_module_there(simulator, ansible_env, tmp_path):
    """The in-process path would succeed; the module path must try the delegated host's connection."""
    simulator.reset()
    inventory = tmp_path / "hosts.yml"
    inventory.write_text(json.dumps({"all": {"hosts": {
        "localhost": {"ansible_connection": "local"},
        "jump": {"ansible_connection": "ssh", "ansible_host": "127.0.0.1", "ansible_port": 1,
                 "ansible_ssh_common_args": "-o ConnectTimeout=5 -o BatchMode=yes"}}}}), encoding="utf-8")
    rc, output, results, _starts = run_tasks(tmp_path, ansible_env, "delegate", [
        dict(UNCHANGED_DOMAIN, name="On the jump host", delegate_to="jump")], inventory=str(inventory))
    assert rc != 0
    assert results and results[0]["event"] in ("unreachable", "failed"), output
    assert "domain" not in results[0]["result"]
    assert simulator.requests() == []


def test_module_defaults_group_and_task_environment_on_both_paths(simulator, ansible_env, tmp_path):
    """Connection options from module_defaults (the action group) and from the task's environment:, not PPE_*."""
    env = dict((key, value) for key, value in ansible_env.items() if not key.startswith("PPE_"))
    env["PPE_URL"] = simulator.url  # only for records(); the play overrides it below
    play = {"module_defaults": {"group/ppe.essentials.ppe": {"url": simulator.url, "username": "admin@msp.example"}},
            "environment": {"PPE_URL": "http://127.0.0.1:9", "PPE_PASSWORD": "wrong-password"}}
    tasks = [dict(UNCHANGED_DOMAIN, name="Password from the task's environment",
                  environment={"PPE_PASSWORD": "demo-password", "PPE_TIMEOUT": "17"}),
             {"name": "Info module with the same defaults", "environment": {"PPE_PASSWORD": "demo-password"},
              "ppe.essentials.ppe_org_info": {"domain": "acme.example"}},
             dict(UNCHANGED_DOMAIN, name="The play's wrong password", ignore_errors=True)]
    outcomes = {}
    for name, extra in (("in_process", {}), ("module", {"PPE_EXECUTION": "module"})):
        simulator.reset()
        rc, output, results, _starts = run_tasks(tmp_path, dict(env, **extra), name, tasks, play=play)
        assert rc == 0, output
        outcomes[name] = results
    first, second, third = outcomes["in_process"]
    assert first["result"]["invocation"]["module_args"]["timeout"] == 17
    assert second["result"]["org"]["primary_domain"] == "acme.example"
    assert third["event"] == "failed" and "401" in third["result"]["msg"]
    assert "wrong-password" not in json.dumps(outcomes) and "demo-password" not in json.dumps(outcomes)
    assert_same_results(outcomes["in_process"], outcomes["module"])


def test_missing_requests_gives_the_same_message_on_both_paths(simulator, ansible_env, tmp_path):
    """Without requests in the controller's Python the module runs (and says what is missing)."""
    blocker = tmp_path / "no_requests"
    blocker.mkdir()
    (blocker / "sitecustomize.py").write_text(
        "import sys\n"
        "class _Block:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name == 'requests' or name.startswith('requests.'):\n"
        "            raise ImportError('requests is blocked for this test')\n"
        "sys.meta_path.insert(0, _Block())\n", encoding="utf-8")
    tasks = [dict(UNCHANGED_DOMAIN, name="Without requests", ignore_errors=True)]
    messages = {}
    for name, extra in (("in_process", {}), ("module", {"PPE_EXECUTION": "module"})):
        env = dict(ansible_env, PYTHONPATH=str(blocker), **extra)
        rc, output, results, starts = run_tasks(tmp_path, env, name, tasks)
        assert rc == 0, output
        assert results[0]["event"] == "failed" and starts == 1, output
        messages[name] = results[0]["result"]["msg"]
    assert "Failed to import the required Python library (requests)" in messages["in_process"]
    assert messages["in_process"] == messages["module"]
