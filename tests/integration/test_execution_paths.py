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

Also here: proof that the in-process path really runs without a module (no AnsiballZ payload is built), and
the paths a task must not take in-process (async, PPE_EXECUTION/ppe_execution, a connection that is not local).
"""

from __future__ import annotations

import difflib
import json
import os
import re
import subprocess
import sys

import pytest

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
               ANSIBLE_CALLBACKS_ENABLED="ppe_record")
    env.update(extra_env or {})
    cmd = [os.path.join(BIN_DIR, "ansible-playbook"), "-i", "localhost,", "-c", "local", "-e",
           json.dumps({"sim_url": url})] + list(extra_args) + [str(path)]
    return subprocess.Popen(cmd, cwd=REPO, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,  # pylint: disable=consider-using-with
                            stderr=subprocess.STDOUT, text=True)


def finish(process):
    try:
        output, _ = process.communicate(timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        process.kill()
        output, _ = process.communicate()
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
