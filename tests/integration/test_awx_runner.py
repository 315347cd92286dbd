# -*- coding: utf-8 -*-
# Copyright (c) ppe.essentials contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The AWX / Automation Controller path, as far as it runs without AWX: the custom credential type
(docs/awx/credential_type.yml) is validated and its injectors rendered the way AWX renders them, and
the resulting environment is the only source of credentials for playbooks run through ansible-runner
(the engine AWX uses), once on localhost and once with the inventory plugin ppe.essentials.orgs as
inventory (one host per customer organization, several forks).
"""

from __future__ import annotations

import glob
import json
import os
import shutil
import subprocess
import sys

import pytest
import yaml
from jinja2 import StrictUndefined
from jinja2.sandbox import ImmutableSandboxedEnvironment

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BIN_DIR = os.path.dirname(sys.executable)
CREDENTIAL_TYPE = os.path.join(REPO, "docs", "awx", "credential_type.yml")
REPORT_PLAYBOOK = os.path.join(REPO, "tests", "integration", "files", "per_org_report.yml")
# The job template's playbook: the onboarding playbook (falls back to the demo job in a checkout without it).
ONBOARD = "onboard_customer.yml" if os.path.isfile(os.path.join(REPO, "playbooks", "onboard_customer.yml")) else "demo_domains.yml"
RUNNER_TIMEOUT = 900
PASSWORD = "demo-password"  # the simulator's msp.example admin (tests/integration/conftest.py)
FIELD_TYPES = ("string", "boolean")
# Every env var AWX would refuse in an injector (awx/main/fields.py: ANSIBLE_* and its own job variables).
FORBIDDEN_ENV_PREFIXES = ("ANSIBLE_", "AWX_", "JOB_", "INVENTORY_", "PROJECT_", "MAX_EVENT_RES", "CALLBACK_", "RUNNER_")


def load_credential_type():
    with open(CREDENTIAL_TYPE, encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def render_injectors(credential_type, inputs):
    """What AWX does at job launch: each injector template rendered in a sandbox, undefined names are errors."""
    env = ImmutableSandboxedEnvironment(undefined=StrictUndefined)
    return dict((name, env.from_string(template).render(**inputs))
                for name, template in credential_type["injectors"]["env"].items())


def test_credential_type_structure():
    ctype = load_credential_type()
    assert ctype["name"] and ctype["kind"] == "cloud"
    assert set(ctype) <= {"name", "kind", "description", "inputs", "injectors"}
    fields = ctype["inputs"]["fields"]
    ids = [f["id"] for f in fields]
    assert ids == ["url", "username", "password"]
    for field in fields:
        assert set(field) <= {"id", "type", "label", "help_text", "secret", "format", "multiline", "choices", "ask_at_runtime"}
        assert field["type"] in FIELD_TYPES and field["label"]
        assert field.get("secret", False) is (field["id"] == "password")
    assert set(ctype["inputs"]["required"]) == set(ids)
    assert set(ctype["injectors"]) == {"env"}
    env = ctype["injectors"]["env"]
    assert set(env) == {"PPE_URL", "PPE_USERNAME", "PPE_PASSWORD"}
    assert not [name for name in env if name.startswith(FORBIDDEN_ENV_PREFIXES)]
    # the same variables the modules and the inventory plugin read
    from ansible_collections.ppe.essentials.plugins.module_utils._options import CONNECTION_OPTIONS
    for name in ids:
        assert "PPE_" + name.upper() in CONNECTION_OPTIONS[name]["fallback"][1]
    with open(os.path.join(REPO, "plugins", "doc_fragments", "connection.py"), encoding="utf-8") as handle:
        fragment = handle.read()
    for name in env:
        assert "name: %s" % name in fragment


def test_injectors_render_strictly():
    ctype = load_credential_type()
    rendered = render_injectors(ctype, {"url": "https://us1.example", "username": "a@b.example", "password": "p{{w}}'\""})
    assert rendered == {"PPE_URL": "https://us1.example", "PPE_USERNAME": "a@b.example", "PPE_PASSWORD": "p{{w}}'\""}
    with pytest.raises(Exception, match="password"):
        render_injectors(ctype, {"url": "u", "username": "n"})


class RunnerJob:
    """One ansible-runner run in a private data dir laid out like the one AWX prepares for a job."""

    def __init__(self, base, ansible_env, simulator):
        self.pdd = base / "runner"
        for name in ("env", "project", "inventory"):
            (self.pdd / name).mkdir(parents=True)
        shutil.copytree(os.path.join(REPO, "playbooks"), str(self.pdd / "project"), dirs_exist_ok=True)
        shutil.copy(REPORT_PLAYBOOK, str(self.pdd / "project"))
        inputs = {"url": simulator.url, "username": "admin@msp.example", "password": PASSWORD}
        envvars = render_injectors(load_credential_type(), inputs)
        # What AWX adds itself (never through a credential): where collections and ansible's state live.
        for key in ("ANSIBLE_COLLECTIONS_PATH", "ANSIBLE_HOME", "ANSIBLE_LOCAL_TEMP", "ANSIBLE_REMOTE_TEMP",
                    "ANSIBLE_ASYNC_DIR", "ANSIBLE_CONFIG"):
            envvars[key] = ansible_env[key]
        envvars["ANSIBLE_INVENTORY_UNPARSED_FAILED"] = "True"  # as AWX sets for jobs
        (self.pdd / "env" / "envvars").write_text(yaml.safe_dump(envvars), encoding="utf-8")
        (self.pdd / "env" / "settings").write_text(yaml.safe_dump({"idle_timeout": 300, "job_timeout": 600}), encoding="utf-8")
        # The runner process itself gets no credentials: only env/envvars carries them.
        self.process_env = dict((k, v) for k, v in ansible_env.items() if not k.startswith(("PPE_", "ANSIBLE_")))

    def run(self, ident, playbook, inventory, forks=None):
        cmd = [os.path.join(BIN_DIR, "ansible-runner"), "run", str(self.pdd), "-p", playbook, "--ident", ident,
               "--inventory", inventory]
        if forks:
            cmd += ["--forks", str(forks)]
        completed = subprocess.run(cmd, env=self.process_env, stdin=subprocess.DEVNULL, capture_output=True, text=True,
                                   timeout=RUNNER_TIMEOUT, check=False)
        return RunnerResult(self.pdd / "artifacts" / ident, completed)


class RunnerResult:
    def __init__(self, artifacts, completed):
        self.artifacts = artifacts
        self.completed = completed
        self.status = self._read("status")
        self.rc = self._read("rc")
        self.stdout = self._read("stdout")
        self.events = []
        for path in sorted(glob.glob(str(artifacts / "job_events" / "*.json"))):
            with open(path, encoding="utf-8") as handle:
                self.events.append(json.load(handle))

    def _read(self, name):
        path = self.artifacts / name
        return path.read_text(encoding="utf-8") if path.exists() else None

    def describe(self):
        return "status %s rc %s\n--- stdout ---\n%s\n--- runner stderr ---\n%s" % (
            self.status, self.rc, self.stdout, self.completed.stderr)

    def assert_successful(self):
        assert self.completed.returncode == 0 and self.status == "successful" and self.rc == "0", self.describe()

    def ok_hosts(self, task):
        return sorted(e["event_data"]["host"] for e in self.events
                      if e.get("event") == "runner_on_ok" and e["event_data"].get("task") == task)

    def assert_no_secret(self, secret):
        """Nothing AWX shows or stores as job output holds the password.

        artifacts/<ident>/command and env/envvars hold the environment, as they do in AWX (which keeps the
        private data dir only for the job's lifetime); they are not job output and are not checked.
        """
        assert secret not in self.stdout
        for path in glob.glob(str(self.artifacts / "job_events" / "*.json")) + [str(self.artifacts / "stdout")]:
            with open(path, encoding="utf-8") as handle:
                assert secret not in handle.read(), path


@pytest.fixture
def job(simulator, ansible_env, tmp_path):
    simulator.reset()
    yield RunnerJob(tmp_path, ansible_env, simulator)
    simulator.reset()


def customer_orgs(simulator):
    """Primary domains of the children of msp.example, from the simulator's state."""
    state = simulator._call("GET", "/_sim/state")  # pylint: disable=protected-access
    return sorted(o["primary_domain"] for o in state["orgs"] if o.get("parent") == "msp.example")


def test_onboarding_job_then_per_org_job_with_inventory_plugin(job, simulator):
    (job.pdd / "inventory" / "hosts").write_text("localhost ansible_connection=local\n", encoding="utf-8")
    first = job.run("onboard", ONBOARD, "hosts")
    first.assert_successful()
    assert "failed=0" in first.stdout
    first.assert_no_secret(PASSWORD)
    assert [e for e in first.events if e.get("event") == "runner_on_ok"]

    orgs = customer_orgs(simulator)
    assert len(orgs) >= 2, orgs  # acme.example plus what the job onboarded

    (job.pdd / "inventory" / "customers.ppe.yml").write_text("plugin: ppe.essentials.orgs\n", encoding="utf-8")
    simulator.clear_requests()
    second = job.run("per-org", "per_org_report.yml", "customers.ppe.yml", forks=5)
    second.assert_successful()
    second.assert_no_secret(PASSWORD)
    assert second.ok_hosts("Read the domains of the organization") == orgs
    assert second.ok_hosts("The primary domain is one of the organization's domains") == orgs
    for org in orgs:
        assert "ORG-REPORT %s " % org in second.stdout
    log = [(r["method"], r["path"]) for r in simulator.requests() if r["path"].startswith("/api/")]
    assert all(method == "GET" for method, dummy in log), log
    assert ("GET", "/api/v1/orgs/msp.example/orgs") in log
    for org in orgs:
        assert ("GET", "/api/v1/orgs/%s/domains" % org) in log
    with open(str(second.artifacts / "command"), encoding="utf-8") as handle:
        command = json.load(handle)["command"]
    assert command[command.index("--forks") + 1] == "5", command
    assert "-i" in command or "--inventory" in command, command
