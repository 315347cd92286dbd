# -*- coding: utf-8 -*-
# Copyright (c) ppe.essentials contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Harness for integration tests that run the real ansible-playbook against the PPE API simulator.

Fixtures:

``simulator`` (session)
    Starts ``tests/simulator/serve.py --port 0`` once per test session and stops it at the end.
    Has ``url`` and helpers for the simulator's control API: ``requests()``, ``clear_requests()``,
    ``reset()``, ``put_faults(dict)``, ``clear_faults()``.
``ansible_env`` (session)
    Environment for ansible-playbook: this checkout as the collection ppe.essentials, ansible's
    state in a temporary directory, no colours, and PPE_URL/PPE_USERNAME/PPE_PASSWORD for the simulator.
``launch_simulator``
    ``launch_simulator(*args, lines=1)`` starts one more simulator with extra serve.py arguments
    (``--stacks us1,eu1``, ``--tls-cert ...``) and returns its base URLs; stopped after the test.
``run_playbook``
    ``run_playbook(path, extra_vars=None, check=False, diff=False, env=None)`` runs
    ``ansible-playbook -i localhost, -c local`` and returns a ``PlaybookResult`` (rc, stdout, stderr);
    call ``result.assert_ok()`` to fail with the whole output. The extra var ``sim_url`` is always set.
    Blanket guard (guard.py): a ``check=True`` run, and a run of the audit or fleet report playbook, goes
    against simulators switched to "reads only" (the session simulator, and one named by ``PPE_URL`` in
    ``env`` or by ``sim_url``); any write it attempts fails the test, whatever the playbook's outcome. The
    switch is turned off again after the run.
"""

from __future__ import annotations

import json
import os
import queue
import re
import subprocess
import sys
import threading
import urllib.request

import pytest

from tests.integration import guard

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SERVE = os.path.join(REPO, "tests", "simulator", "serve.py")
BIN_DIR = os.path.dirname(sys.executable)

START_TIMEOUT = 20
PLAYBOOK_TIMEOUT = 600
READY = re.compile(r"^PPE simulator listening on (http://\S+)\s*$")

USERNAME = "admin@msp.example"
PASSWORD = "demo-password"


class Simulator:
    """A running simulator process and its control API (/_sim/...)."""

    def __init__(self, url, process, log_path):
        self.url = url
        self.process = process
        self.log_path = log_path

    def _call(self, method, path, body=None):
        data = None
        headers = {}
        if body is not None:
            data = json.dumps(body).encode("utf-8")
            headers["Content-Type"] = "application/json"
        request = urllib.request.Request(self.url + path, data=data, headers=headers, method=method)
        with urllib.request.urlopen(request, timeout=30) as response:
            content = response.read()
        return json.loads(content) if content.strip() else None

    def requests(self):
        """The request log: a list of {method, path, status} dicts, oldest first."""
        return self._call("GET", "/_sim/requests")

    def clear_requests(self):
        """Empty the request log and forget the client connections seen so far."""
        self._call("DELETE", "/_sim/requests")
        self._call("DELETE", "/_sim/connections")

    def connections(self):
        """The clients' TCP connections ("address:port") since the last clear_requests, each once."""
        return self._call("GET", "/_sim/connections")

    def reset(self):
        """Back to the simulator's initial data."""
        self._call("POST", "/_sim/reset")

    def put_faults(self, faults):
        self._call("PUT", "/_sim/faults", faults)

    def clear_faults(self):
        self._call("DELETE", "/_sim/faults")

    def log(self):
        """What the simulator wrote to stderr so far."""
        with open(self.log_path, encoding="utf-8", errors="replace") as log_file:
            return log_file.read()


def _stop(process):
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


def _pump(stream, lines):
    """Read the simulator's stdout until it closes, so the pipe never fills up."""
    for line in iter(stream.readline, ""):
        lines.put(line)
    lines.put(None)


@pytest.fixture(scope="session")
def simulator(tmp_path_factory):
    if not os.path.isfile(SERVE):
        pytest.fail("The simulator is missing: %s" % SERVE)
    log_path = str(tmp_path_factory.mktemp("simulator") / "simulator.log")
    env = dict(os.environ, PYTHONUNBUFFERED="1")
    with open(log_path, "w", encoding="utf-8") as log_file:
        process = subprocess.Popen(  # pylint: disable=consider-using-with
            [sys.executable, SERVE, "--port", "0"],
            cwd=REPO,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=log_file,
            text=True,
        )
    lines = queue.Queue()
    threading.Thread(target=_pump, args=(process.stdout, lines), daemon=True).start()
    try:
        try:
            first = lines.get(timeout=START_TIMEOUT)
        except queue.Empty:
            first = None
            problem = "did not print its address within %ss" % START_TIMEOUT
        else:
            problem = "exited before it was ready" if first is None else "printed an unexpected first line: %r" % first
        match = READY.match(first or "")
        if not match:
            _stop(process)
            with open(log_path, encoding="utf-8", errors="replace") as log_file:
                log = log_file.read()
            pytest.fail(
                "The simulator (%s --port 0) %s; exit code %s. Its stderr:\n%s" % (SERVE, problem, process.poll(), log)
            )
        yield Simulator(match.group(1), process, log_path)
    finally:
        _stop(process)


@pytest.fixture
def launch_simulator():
    """Factory for extra simulators a test needs (several stacks, TLS); each is stopped after the test."""
    processes = []

    def launch(*args, lines=1):
        process = subprocess.Popen(  # pylint: disable=consider-using-with
            [sys.executable, SERVE, "--port", "0"] + list(args), cwd=REPO,
            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        processes.append(process)
        urls = []
        for _line in range(lines):
            match = re.match(r"^PPE simulator listening on (https?://\S+)\s*$", process.stdout.readline())
            assert match, "serve.py %s did not start" % " ".join(args)
            urls.append(match.group(1))
        return urls

    yield launch
    for process in processes:
        _stop(process)


@pytest.fixture(scope="session")
def ansible_env(simulator, tmp_path_factory):
    """Environment for ansible-playbook subprocesses (a dict; copy it before changing it)."""
    base = tmp_path_factory.mktemp("ansible")
    collections = base / "collections"
    (collections / "ansible_collections" / "ppe").mkdir(parents=True)
    (collections / "ansible_collections" / "ppe" / "essentials").symlink_to(REPO, target_is_directory=True)
    home = base / "home"
    for name in ("home", "tmp/local", "tmp/remote", "async"):
        (base / name).mkdir(parents=True, exist_ok=True)
    config = base / "ansible.cfg"
    config.write_text("[defaults]\n", encoding="utf-8")

    # Start from the caller's environment without anything that could change ansible's or the modules' behaviour.
    env = dict((key, value) for key, value in os.environ.items() if not key.startswith(("ANSIBLE_", "PPE_")))
    env.update(
        {
            "PATH": BIN_DIR + os.pathsep + os.environ.get("PATH", ""),
            "ANSIBLE_CONFIG": str(config),
            "ANSIBLE_COLLECTIONS_PATH": str(collections),
            "ANSIBLE_HOME": str(home),
            "ANSIBLE_LOCAL_TEMP": str(base / "tmp" / "local"),
            "ANSIBLE_REMOTE_TEMP": str(base / "tmp" / "remote"),
            "ANSIBLE_ASYNC_DIR": str(base / "async"),
            "ANSIBLE_NOCOLOR": "1",
            "ANSIBLE_FORCE_COLOR": "0",
            "ANSIBLE_RETRY_FILES_ENABLED": "0",
            "PPE_URL": simulator.url,
            "PPE_USERNAME": USERNAME,
            "PPE_PASSWORD": PASSWORD,
        }
    )
    return env


def _text(output):
    """TimeoutExpired may carry bytes even for text=True."""
    if isinstance(output, bytes):
        return output.decode("utf-8", "replace")
    return output or ""


class PlaybookResult:
    """The outcome of one ansible-playbook run."""

    def __init__(self, cmd, rc, stdout, stderr):
        self.cmd = cmd
        self.rc = rc
        self.stdout = stdout
        self.stderr = stderr

    @property
    def recap(self):
        """The PLAY RECAP counters of localhost, e.g. {'ok': 5, 'changed': 1, 'failed': 0, ...}."""
        match = re.search(r"^localhost\s+:\s+(.*)$", self.stdout, re.MULTILINE)
        if not match:
            return {}
        return dict((key, int(value)) for key, value in re.findall(r"(\w+)=(\d+)", match.group(1)))

    def describe(self):
        return "$ %s\nexit code %s\n--- stdout ---\n%s\n--- stderr ---\n%s" % (
            " ".join(self.cmd),
            self.rc,
            self.stdout,
            self.stderr,
        )

    def assert_ok(self):
        """Fail (with the whole output) unless ansible-playbook exited 0."""
        if self.rc != 0:
            raise AssertionError("ansible-playbook failed.\n" + self.describe())
        return self


@pytest.fixture
def run_playbook(simulator, ansible_env, tmp_path):
    """Returns run(path, extra_vars=None, check=False, diff=False, env=None) -> PlaybookResult."""
    counter = [0]

    def run(path, extra_vars=None, check=False, diff=False, env=None):
        counter[0] += 1
        variables = {"sim_url": simulator.url}
        variables.update(extra_vars or {})
        vars_file = tmp_path / ("extra_vars_%d.json" % counter[0])
        vars_file.write_text(json.dumps(variables), encoding="utf-8")
        cmd = [
            os.path.join(BIN_DIR, "ansible-playbook"),
            "-i",
            "localhost,",
            "-c",
            "local",
            "-e",
            "@%s" % vars_file,
        ]
        if check:
            cmd.append("--check")
        if diff:
            cmd.append("--diff")
        cmd.append(str(path))
        run_env = dict(ansible_env)
        run_env.update(env or {})
        try:
            completed = guard.run(
                cmd, simulator.url, [run_env.get("PPE_URL"), variables.get("sim_url")],
                describe=lambda done: PlaybookResult(cmd, done.returncode, done.stdout, done.stderr).describe(),
                cwd=REPO, env=run_env, stdin=subprocess.DEVNULL, capture_output=True, text=True,
                timeout=PLAYBOOK_TIMEOUT)
        except subprocess.TimeoutExpired as exc:
            raise AssertionError(
                "ansible-playbook did not finish within %ss.\n%s"
                % (PLAYBOOK_TIMEOUT, PlaybookResult(cmd, None, _text(exc.stdout), _text(exc.stderr)).describe())
            ) from exc
        result = PlaybookResult(cmd, completed.returncode, completed.stdout, completed.stderr)
        return result

    return run
