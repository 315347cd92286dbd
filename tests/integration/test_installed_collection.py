# -*- coding: utf-8 -*-
# Copyright (c) ppe.essentials contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The collection as a user gets it, not this checkout: the tarball of ``ansible-galaxy collection build``,
installed with ``ansible-galaxy collection install`` into a temporary collections path, run from a fresh
virtual environment that holds only ansible-core (the version these tests run) and the collection's Python
requirements (requirements.txt, from PyPI), with the shipped playbooks called by their FQCN
(``ansible-playbook ppe.essentials.audit``) from a directory that is neither the repository nor the
installed collection.

What must hold there: the customers file (``ppe_customers_file``, default ``customers.yml``) is read relative
to the current directory (or is absolute), a missing one fails naming the path and the variable before any
request, the bundled example customers are used only when asked for (``ppe_customers_file=@examples``), and
the audit writes its reports to ``./reports/`` of the current directory, never into the installed collection.
"""

from __future__ import annotations

import glob
import json
import os
import subprocess
import sys
import time

import pytest
import yaml

from ansible.release import __version__ as ANSIBLE_CORE_VERSION
from tests.integration import guard

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BIN_DIR = os.path.dirname(sys.executable)
USERNAME = "admin@msp.example"
PASSWORD = "demo-password"
TIMEOUT = 600

# A customer that is neither in the simulator's fixture nor in the bundled examples (playbooks/vars/customers.yml),
# so that whatever the playbooks do to it can only come from the user's own customers file.
HOOLI = {
    "domain": "hooli.example",
    "parent": "msp.example",
    "name": "Hooli",
    "country": "US",
    "stateprov": "CA",
    "admin": {"email": "gavin@hooli.example", "firstname": "Gavin", "surname": "Belson"},
    "licensing": {"package": "business", "license_count": 10},
    "domains": [{"name": "hooli.example", "destination": "mail.hooli.example"}],
    "features": {"dlp": True},
    "users": [{"email": "richard@hooli.example", "firstname": "Richard", "surname": "Hendricks"}],
}


def _run(cmd, **kwargs):
    completed = subprocess.run(cmd, stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=TIMEOUT,
                               check=False, **kwargs)
    assert completed.returncode == 0, "$ %s\nexit code %s\n%s\n%s" % (
        " ".join(cmd), completed.returncode, completed.stdout, completed.stderr)
    return completed


def build_and_install(venv, collections, dist, env, attempts=3):
    """ansible-galaxy collection build of this checkout, then install of the tarball into collections.

    A file that changes while the tarball is built (someone editing the checkout) gives a tarball whose
    checksums do not match, which the install refuses: then both are done again."""
    for attempt in range(1, attempts + 1):
        _run([os.path.join(BIN_DIR, "ansible-galaxy"), "collection", "build", "--force", "--output-path", str(dist),
              REPO], cwd=REPO)
        tarballs = glob.glob(str(dist / "ppe-essentials-*.tar.gz"))
        assert len(tarballs) == 1, tarballs
        cmd = [str(venv / "bin" / "ansible-galaxy"), "collection", "install", "--force", "--offline", "-p",
               str(collections), tarballs[0]]
        completed = subprocess.run(cmd, env=env, stdin=subprocess.DEVNULL, capture_output=True, text=True,
                                   timeout=TIMEOUT, check=False)
        if completed.returncode == 0:
            return
        if "Checksum mismatch" not in completed.stdout + completed.stderr or attempt == attempts:
            raise AssertionError("$ %s\nexit code %s\n%s\n%s" % (" ".join(cmd), completed.returncode, completed.stdout,
                                                                 completed.stderr))
        time.sleep(1)


class Installed:
    """The installed collection, the fresh venv that runs it, and ansible-playbook from a given directory."""

    def __init__(self, base, venv, collections, env):
        self.base = base
        self.venv = venv
        self.collections = collections
        self.path = collections / "ansible_collections" / "ppe" / "essentials"
        self.env = env

    def bin(self, name):
        return str(self.venv / "bin" / name)

    def playbook(self, cwd, playbook, *args):
        """ansible-playbook -i localhost, <args> <playbook> in cwd; returns (rc, stdout + stderr)."""
        cmd = [self.bin("ansible-playbook"), "-i", "localhost,"] + list(args) + [playbook]
        completed = guard.run(cmd, self.env["PPE_URL"], cwd=str(cwd), env=self.env, stdin=subprocess.DEVNULL,
                              capture_output=True, text=True, timeout=TIMEOUT)
        return completed.returncode, "$ (cd %s && %s)\n%s\n%s" % (cwd, " ".join(cmd), completed.stdout, completed.stderr)


@pytest.fixture(scope="module")
def installed(tmp_path_factory, simulator):
    base = tmp_path_factory.mktemp("installed")
    started = time.monotonic()

    venv = base / "venv"
    _run([sys.executable, "-m", "venv", str(venv)])
    _run([str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
          "ansible-core==%s" % ANSIBLE_CORE_VERSION, "--requirement", os.path.join(REPO, "requirements.txt")])

    collections = base / "collections"
    home = base / "home"
    for folder in (collections, home, base / "tmp"):
        folder.mkdir()
    config = base / "ansible.cfg"
    config.write_text("[defaults]\n", encoding="utf-8")
    # Nothing of this checkout or of the test venv: the fresh venv first on PATH, only the install directory as
    # collections path, ansible's state and config in the temporary directory.
    kept = [p for p in os.environ.get("PATH", "").split(os.pathsep) if p and os.path.abspath(p) != BIN_DIR]
    path = os.pathsep.join([str(venv / "bin")] + kept)
    env = dict((k, v) for k, v in os.environ.items()
               if not k.startswith(("ANSIBLE_", "PPE_", "PYTHON")) and k not in ("VIRTUAL_ENV",))
    env.update({
        "PATH": path,
        "ANSIBLE_CONFIG": str(config),
        "ANSIBLE_COLLECTIONS_PATH": str(collections),
        "ANSIBLE_HOME": str(home),
        "ANSIBLE_LOCAL_TEMP": str(base / "tmp"),
        "ANSIBLE_NOCOLOR": "1",
        "ANSIBLE_RETRY_FILES_ENABLED": "0",
        "PPE_URL": simulator.url,
        "PPE_USERNAME": USERNAME,
        "PPE_PASSWORD": PASSWORD,
    })
    build_and_install(venv, collections, base / "dist", env)
    result = Installed(base, venv, collections, env)
    listed = _run([result.bin("ansible-galaxy"), "collection", "list", "ppe.essentials", "--format", "json"], env=env)
    assert list(json.loads(listed.stdout)) == [str(collections / "ansible_collections")], listed.stdout
    print("\nbuilt, venv created and installed in %.1f s" % (time.monotonic() - started))
    return result


@pytest.fixture
def workdir(installed, simulator, tmp_path):
    """An empty directory to run the playbooks from, and a simulator with only its fixture."""
    simulator.reset()
    simulator.clear_requests()
    work = tmp_path / "work"
    work.mkdir()
    return work


def api_requests(simulator):
    return ["%s %s" % (r["method"], r["path"]) for r in simulator.requests() if r["path"].startswith("/api/")]


def org(simulator, domain):
    state = simulator._call("GET", "/_sim/state")  # pylint: disable=protected-access
    return next((o for o in state["orgs"] if o["primary_domain"] == domain), None)


def write_customers(path, customers):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump({"ppe_customers": customers}, sort_keys=False), encoding="utf-8")


def reports(folder):
    return sorted(os.path.basename(p) for p in glob.glob(str(folder / "reports" / "*")))


def recap(output):
    for line in output.splitlines():
        if line.startswith("localhost") and "changed=" in line:
            return dict((k, int(v)) for k, v in (item.split("=") for item in line.split(":", 1)[1].split()))
    return {}


@pytest.mark.parametrize("playbook", ["ppe.essentials.onboard_customer", "ppe.essentials.audit"])
def test_a_missing_customers_file_fails_naming_the_path_and_the_variable(installed, simulator, workdir, playbook):
    args = ["--check"] if playbook.endswith("audit") else []
    rc, output = installed.playbook(workdir, playbook, *args)
    assert rc != 0, output
    assert "%s does not exist" % (workdir / "customers.yml") in output, output
    assert "ppe_customers_file" in output and "current directory" in output, output
    assert "ppe_customers_file=@examples" in output, output  # how to ask for the bundled examples
    assert api_requests(simulator) == []  # neither the bundled examples nor anything else was touched
    assert reports(workdir) == [] and reports(installed.path) == []

    (workdir / "sub").mkdir()
    rc, output = installed.playbook(workdir / "sub", playbook, "-e", "ppe_customers_file=conf/missing.yml", *args)
    assert rc != 0 and "%s does not exist" % (workdir / "sub" / "conf" / "missing.yml") in output, output
    assert api_requests(simulator) == []


def test_onboard_audit_offboard_by_fqcn_from_another_directory(installed, simulator, workdir):
    write_customers(workdir / "customers.yml", [HOOLI])

    # The default customers file is customers.yml of the current directory.
    rc, output = installed.playbook(workdir, "ppe.essentials.onboard_customer")
    assert rc == 0, output
    assert recap(output)["changed"] > 0, output
    hooli = org(simulator, "hooli.example")
    assert hooli is not None and hooli["licensing_package"] == "business"
    assert sorted(u["primary_email"] for u in hooli["users"]) == ["gavin@hooli.example", "richard@hooli.example"]
    assert org(simulator, "initech.example") is None  # the bundled examples were not used

    rc, output = installed.playbook(workdir, "ppe.essentials.onboard_customer")
    assert rc == 0 and recap(output)["changed"] == 0, output

    # The audit writes its reports to ./reports of the current directory, never into the installed collection.
    simulator.clear_requests()
    rc, output = installed.playbook(workdir, "ppe.essentials.audit", "--check", "--diff")
    assert rc == 0, output
    assert all(r.startswith("GET ") for r in api_requests(simulator)), api_requests(simulator)
    names = reports(workdir)
    assert len(names) == 2 and names[0].endswith(".json") and names[1].endswith(".md"), names
    assert "Report: %s" % (workdir / "reports" / names[1]) in output, output
    report = json.loads((workdir / "reports" / names[0]).read_text(encoding="utf-8"))
    assert [o["org"] for o in report["orgs"]] == ["hooli.example"]
    assert report["summary"]["drifted_fields"] == 0 and report["summary"]["unmanaged"] == 0
    assert reports(installed.path) == [] and not glob.glob(str(installed.collections / "**" / "audit-*"), recursive=True)

    # A relative path is relative to the current directory, an absolute one is taken as it is; so is the report dir.
    write_customers(workdir / "conf" / "mine.yml", [HOOLI])
    (workdir / "elsewhere").mkdir()
    rc, output = installed.playbook(workdir / "elsewhere", "ppe.essentials.audit", "--check",
                                    "-e", "ppe_customers_file=../conf/mine.yml", "-e", "ppe_audit_report_dir=out",
                                    "-e", "ppe_audit_report_name=weekly")
    assert rc == 0, output
    assert sorted(os.listdir(str(workdir / "elsewhere" / "out"))) == ["weekly.json", "weekly.md"]
    rc, output = installed.playbook(workdir / "elsewhere", "ppe.essentials.onboard_customer",
                                    "-e", "ppe_customers_file=%s" % (workdir / "conf" / "mine.yml"))
    assert rc == 0 and recap(output)["changed"] == 0, output

    rc, output = installed.playbook(workdir, "ppe.essentials.offboard_customer", "-e", "offboard_customer_domain=hooli.example")
    assert rc == 0, output
    assert org(simulator, "hooli.example")["is_active"] is False


def test_the_first_playbook(installed, simulator, workdir):
    """playbooks/demo_domains.yml, the modules without the role, against acme.example of the simulator's fixture."""
    rc, output = installed.playbook(workdir, "ppe.essentials.demo_domains")
    assert rc == 0 and recap(output)["changed"] == 2, output
    rc, output = installed.playbook(workdir, "ppe.essentials.demo_domains")
    assert rc == 0 and recap(output)["changed"] == 0, output
    assert '"acme-mail.example"' in output and '"acme-shop.example"' in output, output


def test_the_bundled_examples_only_when_asked(installed, simulator, workdir):
    rc, output = installed.playbook(workdir, "ppe.essentials.audit", "--check", "-e", "ppe_customers_file=@examples")
    assert rc == 0, output
    names = reports(workdir)
    report = json.loads((workdir / "reports" / names[0]).read_text(encoding="utf-8"))
    assert [o["org"] for o in report["orgs"]] == ["initech.example", "umbrella.example"]
    assert all(r.startswith("GET ") for r in api_requests(simulator))
