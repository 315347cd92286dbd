# -*- coding: utf-8 -*-
# Copyright (c) ppe.essentials contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The AWX / Automation Controller path, as far as it runs without AWX: the custom credential type
(docs/awx/credential_type.yml) is validated and its injectors rendered the way AWX renders them, and
the resulting environment is the only source of credentials for playbooks run through ansible-runner
(the engine AWX uses), once on localhost and once with the inventory plugin ppe.essentials.orgs as
inventory (one host per customer organization, several forks).

The project is laid out as a user's AWX project would be: the customers file (customers.yml) and small playbooks
that import the collection's playbooks by FQCN (ansible-runner, like AWX, runs them from the project directory).
The audit job's report leaves the job as its artifact (set_stats), where AWX shows it and passes it on to the next
node of a workflow; files the job writes stay behind in the execution environment.
"""

from __future__ import annotations

import glob
import json
import os
import shutil
import subprocess
import sys
import urllib.request

import pytest
import yaml
from jinja2 import StrictUndefined
from jinja2.sandbox import ImmutableSandboxedEnvironment
from tests.integration import guard

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BIN_DIR = os.path.dirname(sys.executable)
CREDENTIAL_TYPE = os.path.join(REPO, "docs", "awx", "credential_type.yml")
REPORT_PLAYBOOK = os.path.join(REPO, "tests", "integration", "files", "per_org_report.yml")
EXAMPLE_CUSTOMERS = os.path.join(REPO, "playbooks", "vars", "customers.yml")
# The project's playbooks: each imports one of the collection's playbooks.
PROJECT_PLAYBOOKS = {
    "onboard.yml": "ppe.essentials.onboard_customer",
    "audit.yml": "ppe.essentials.audit",
}
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
        self.project = self.pdd / "project"
        self.simulator_url = simulator.url
        shutil.copy(EXAMPLE_CUSTOMERS, str(self.project / "customers.yml"))
        for name, fqcn in PROJECT_PLAYBOOKS.items():
            (self.project / name).write_text("---\n- name: %s\n  ansible.builtin.import_playbook: %s\n" % (fqcn, fqcn),
                                             encoding="utf-8")
        shutil.copy(REPORT_PLAYBOOK, str(self.project))
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
        completed = guard.run(cmd, self.simulator_url, env=self.process_env, stdin=subprocess.DEVNULL,
                              capture_output=True, text=True, timeout=RUNNER_TIMEOUT)
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

    def artifact(self):
        """What the job's set_stats left (AWX: the job's artifacts, extra variables of the next workflow node)."""
        stats = [e for e in self.events if e.get("event") == "playbook_on_stats"]
        assert len(stats) == 1, self.describe()
        return stats[0]["event_data"].get("artifact_data")

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
    first = job.run("onboard", "onboard.yml", "hosts")
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


def test_the_audit_job_leaves_its_report_as_the_job_artifact(job, simulator):
    (job.pdd / "inventory" / "hosts").write_text("localhost ansible_connection=local\n", encoding="utf-8")
    job.run("onboard", "onboard.yml", "hosts").assert_successful()
    request = urllib.request.Request(
        simulator.url + "/api/v1/orgs/initech.example/domains/initech-mail.example",
        data=json.dumps({"destination": "mx9.initech.example"}).encode("utf-8"), method="PUT",
        headers={"Content-Type": "application/json", "X-User": "admin@msp.example", "X-Password": PASSWORD})
    urllib.request.urlopen(request, timeout=30).close()
    simulator.clear_requests()

    audit = job.run("audit", "audit.yml", "hosts")
    audit.assert_successful()
    audit.assert_no_secret(PASSWORD)
    assert all(r["method"] == "GET" for r in simulator.requests()), simulator.requests()
    artifact = audit.artifact()
    assert set(artifact) == {"ppe_audit_report"}, artifact
    report = artifact["ppe_audit_report"]
    assert report["summary"]["drifted_fields"] == 1 and report["summary"]["orgs"] == 2, report["summary"]
    assert [(d["org"], d["field"], d["live"], d["declared"]) for o in report["orgs"] for d in o["drift"]] == [
        ("initech.example", "destination", "mx9.initech.example", "mx1.initech.example")]
    # The same report as the JSON file the job wrote to reports/ of its working directory (the project).
    written = glob.glob(str(job.project / "reports" / "audit-*.json"))
    assert len(written) == 1, written
    with open(written[0], encoding="utf-8") as handle:
        assert json.load(handle) == report
