# -*- coding: utf-8 -*-
# Copyright (c) ppe.essentials contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The inventory plugin ppe.essentials.orgs, run through the real ansible-inventory / ansible against the simulator."""

from __future__ import annotations

import json
import os
import subprocess
import urllib.request

import sys

import pytest
from tests.support import closed_port as _closed_port
from tests.integration import guard

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BIN_DIR = os.path.dirname(sys.executable)
USERNAME = "admin@msp.example"  # the simulator's demo partner (tests/integration/conftest.py)
PASSWORD = "demo-password"

TIMEOUT = 300
TEMPLATE_NAME = "Evil {{ lookup('env','HOME') }} Corp"


def _unsafe(value):
    """ansible-inventory --list writes strings from untrusted sources as {"__ansible_unsafe": "..."}."""
    if isinstance(value, dict) and set(value) == {"__ansible_unsafe"}:
        return value["__ansible_unsafe"]
    if isinstance(value, list):
        return [_unsafe(v) for v in value]
    return value


def api(simulator, method, path, body=None, username=USERNAME, password=PASSWORD):
    data = json.dumps(body).encode("utf-8") if body is not None else None
    headers = {"X-User": username, "X-Password": password, "Content-Type": "application/json"}
    request = urllib.request.Request(simulator.url + "/api/v1" + path, data=data, headers=headers, method=method)
    with urllib.request.urlopen(request, timeout=30) as response:
        content = response.read()
    return json.loads(content) if content.strip() else None


@pytest.fixture
def sim(simulator):
    simulator.reset()
    yield simulator
    simulator.reset()


@pytest.fixture
def inventory(sim, ansible_env, tmp_path):
    """inventory(config_text, env=None, args=(), filename='demo.ppe.yml', command='ansible-inventory') -> CompletedProcess."""

    def run(config, env=None, args=("--list",), filename="demo.ppe.yml", command="ansible-inventory"):
        path = tmp_path / filename
        path.write_text(config, encoding="utf-8")
        run_env = dict(ansible_env)
        for key, value in (env or {}).items():
            if value is None:
                run_env.pop(key, None)
            else:
                run_env[key] = value
        cmd = [os.path.join(BIN_DIR, command), "-i", str(path)] + list(args)
        return guard.run(cmd, sim.url, cwd=REPO, env=run_env, stdin=subprocess.DEVNULL, capture_output=True, text=True,
                         timeout=TIMEOUT)

    return run


def listed(completed):
    assert completed.returncode == 0, "rc %s\n%s\n%s" % (completed.returncode, completed.stdout, completed.stderr)
    assert "[WARNING]" not in completed.stderr, completed.stderr
    return json.loads(completed.stdout)


def hostvars(data, host):
    return dict((k, _unsafe(v)) for k, v in data["_meta"]["hostvars"][host].items())


def hosts_of(data, group):
    return sorted(_unsafe(data.get(group, {}).get("hosts", [])))  # host names are unsafe too (JSON of ansible-core <= 2.18)


def api_requests(sim):
    return [(r["method"], r["path"]) for r in sim.requests() if r["path"].startswith("/api/")]


def add_customers(sim):
    api(sim, "POST", "/orgs/msp.example/orgs", [
        {"primary_domain": "beta.example", "name": "Beta GmbH", "licensing_package": "professional", "user_licenses": 7,
         "country": "DE"},
        {"primary_domain": "gamma.example", "name": "Gamma Ltd", "licensing_package": "business", "user_licenses": 3,
         "country": "GB"},
    ])
    api(sim, "PATCH", "/orgs/gamma.example", {"is_active": False})


def test_hosts_vars_and_groups_from_env_credentials(sim, inventory):
    add_customers(sim)
    sim.clear_requests()
    data = listed(inventory("plugin: ppe.essentials.orgs\n"))
    assert sorted(data["_meta"]["hostvars"]) == ["acme.example", "beta.example", "gamma.example"]
    acme = hostvars(data, "acme.example")
    assert acme == {
        "ansible_connection": "local",
        "ppe_primary_domain": "acme.example",
        "ppe_name": "Acme Corporation",
        "ppe_type": "organization",
        "ppe_licensing_package": "business",
        "ppe_user_licenses": 25,
        "ppe_active_users": 3,
        "ppe_is_active": True,
        "ppe_eid": 101,
        "ppe_domains": ["acme.example"],
        "ppe_partner": "msp.example",
    }
    assert "ansible_python_interpreter" not in acme
    assert hosts_of(data, "ppe_package_business") == ["acme.example", "gamma.example"]
    assert hosts_of(data, "ppe_package_professional") == ["beta.example"]
    assert hosts_of(data, "ppe_type_organization") == ["acme.example", "beta.example", "gamma.example"]
    assert hosts_of(data, "ppe_active") == ["acme.example", "beta.example"]
    assert hosts_of(data, "ppe_inactive") == ["gamma.example"]
    assert "msp.example" not in data["_meta"]["hostvars"]  # the partner is not a host
    # partner not set: the account's own organization, from GET /me; one list request, read-only
    # the partner's record (is it a partner?), then its organizations
    assert api_requests(sim) == [("GET", "/api/v1/me"), ("GET", "/api/v1/orgs/msp.example"),
                                 ("GET", "/api/v1/orgs/msp.example/orgs")]


def test_constructable_and_filters(sim, inventory):
    add_customers(sim)
    sim.clear_requests()
    config = """
plugin: ppe.essentials.orgs
partner: msp.example
include_inactive: false
types: [organization]
hostname: eid
compose:
  seats_left: ppe_user_licenses - ppe_active_users
  label: ppe_name | upper
groups:
  big: ppe_user_licenses >= 20
keyed_groups:
  - key: ppe_licensing_package
    prefix: pkg
  - key: ppe_partner
    prefix: partner
"""
    data = listed(inventory(config))
    assert sorted(data["_meta"]["hostvars"]) == ["org_1000", "org_101"]
    acme = hostvars(data, "org_101")
    # ansible-core < 2.19 renders compose expressions to text unless jinja2_native is on; 2.19+ keeps the number
    assert str(acme["seats_left"]) == "22"
    assert acme["label"] == "ACME CORPORATION"
    assert hosts_of(data, "big") == ["org_101"]
    assert hosts_of(data, "pkg_business") == ["org_101"]
    assert hosts_of(data, "pkg_professional") == ["org_1000"]
    assert hosts_of(data, "partner_msp_example") == ["org_1000", "org_101"]
    assert "ppe_inactive" not in data
    # partner given: no GET /me
    assert api_requests(sim) == [("GET", "/api/v1/orgs/msp.example"), ("GET", "/api/v1/orgs/msp.example/orgs")]

    data = listed(inventory("plugin: ppe.essentials.orgs\ntypes: [channel]\n"))
    assert data["_meta"]["hostvars"] == {}


def test_other_partner_sees_only_its_customers(inventory):
    env = {"PPE_USERNAME": "admin@other-msp.example", "PPE_PASSWORD": "other-password"}
    data = listed(inventory("plugin: ppe.essentials.orgs\n", env=env))
    assert sorted(data["_meta"]["hostvars"]) == ["globex.example"]
    assert hostvars(data, "globex.example")["ppe_licensing_package"] == "advanced"
    # another partner's organization is refused by the API, with the hint
    completed = inventory("plugin: ppe.essentials.orgs\npartner: msp.example\n",
                          env=dict(env, ANSIBLE_INVENTORY_UNPARSED_FAILED="1"))
    assert completed.returncode != 0
    assert "HTTP 403" in completed.stderr


def test_api_strings_are_unsafe(sim, inventory):
    api(sim, "POST", "/orgs/msp.example/orgs", {"primary_domain": "evil.example", "name": TEMPLATE_NAME, "country": "GB"})
    data = listed(inventory("plugin: ppe.essentials.orgs\ncompose:\n  shown: ppe_name\n"))
    raw = data["_meta"]["hostvars"]["evil.example"]
    assert raw["ppe_name"] == {"__ansible_unsafe": TEMPLATE_NAME}
    assert _unsafe(raw["shown"]) == TEMPLATE_NAME
    # and in a play: the name is printed literally, the lookup never runs
    completed = inventory("plugin: ppe.essentials.orgs\n", command="ansible",
                          args=("evil.example", "-m", "ansible.builtin.debug", "-a", "msg={{ ppe_name }}"))
    assert completed.returncode == 0, completed.stdout + completed.stderr
    assert TEMPLATE_NAME in completed.stdout
    assert os.environ.get("HOME", "/nonexistent") + " Corp" not in completed.stdout


def test_templated_credentials(sim, inventory):
    config = """
plugin: ppe.essentials.orgs
url: "{{ lookup('env', 'MY_PPE_URL') }}"
username: "{{ 'admin@' ~ 'msp.example' }}"
password: "{{ lookup('env', 'MY_PPE_SECRET') }}"
partner: "{{ 'msp' }}.example"
"""
    env = {"PPE_URL": None, "PPE_USERNAME": None, "PPE_PASSWORD": None, "MY_PPE_URL": sim.url, "MY_PPE_SECRET": PASSWORD}
    data = listed(inventory(config, env=env))
    assert sorted(data["_meta"]["hostvars"]) == ["acme.example"]


def test_cache(sim, inventory, tmp_path):
    config = """
plugin: ppe.essentials.orgs
partner: msp.example
cache: true
cache_plugin: ansible.builtin.jsonfile
cache_connection: %s
cache_timeout: 3600
""" % (tmp_path / "cache")
    sim.clear_requests()
    first = listed(inventory(config))
    assert api_requests(sim) == [("GET", "/api/v1/orgs/msp.example"), ("GET", "/api/v1/orgs/msp.example/orgs")]
    assert os.listdir(str(tmp_path / "cache"))
    assert PASSWORD not in "".join((tmp_path / "cache" / f).read_text(encoding="utf-8")
                                   for f in os.listdir(str(tmp_path / "cache")))

    sim.clear_requests()
    api(sim, "POST", "/orgs/msp.example/orgs", {"primary_domain": "late.example", "name": "Late Ltd", "country": "GB"})
    sim.clear_requests()
    second = listed(inventory(config))
    assert api_requests(sim) == []  # served from the cache
    assert second == first
    assert hostvars(second, "acme.example")["ppe_name"] == "Acme Corporation"  # unsafe again after the cache

    # another user is another cache key
    other = listed(inventory(config.replace("partner: msp.example", "partner: other-msp.example"),
                             env={"PPE_USERNAME": "admin@other-msp.example", "PPE_PASSWORD": "other-password"}))
    assert sorted(other["_meta"]["hostvars"]) == ["globex.example"]

    # ansible-inventory has --flush-cache only from ansible-core 2.17; ansible-playbook has it on every supported core
    sim.clear_requests()
    played = inventory(config, command="ansible-playbook", args=("--flush-cache", PLAY))
    assert played.returncode == 0, played.stdout + played.stderr
    assert api_requests(sim) == [("GET", "/api/v1/orgs/msp.example"), ("GET", "/api/v1/orgs/msp.example/orgs")]
    assert "late.example (Late Ltd)" in played.stdout
    sim.clear_requests()
    refreshed = listed(inventory(config))
    assert api_requests(sim) == []  # the flush wrote the new listing to the cache
    assert sorted(refreshed["_meta"]["hostvars"]) == ["acme.example", "late.example"]


def test_wrong_password_is_a_clear_error(sim, inventory):
    completed = inventory("plugin: ppe.essentials.orgs\n", env={"PPE_PASSWORD": "not-the-password-123",
                                                                "ANSIBLE_INVENTORY_UNPARSED_FAILED": "1"})
    assert completed.returncode != 0
    stderr = " ".join(completed.stderr.split())  # ansible-core 2.16 wraps warnings at 80 columns
    assert "ppe.essentials.orgs: GET /me failed with HTTP 401" in stderr
    assert "Check username and password (PPE_USERNAME/PPE_PASSWORD)" in stderr
    assert "not-the-password-123" not in completed.stdout + completed.stderr


def test_missing_url_is_a_clear_error(inventory):
    completed = inventory("plugin: ppe.essentials.orgs\n", env={"PPE_URL": None, "ANSIBLE_INVENTORY_UNPARSED_FAILED": "1"})
    assert completed.returncode != 0
    assert "url" in completed.stderr


PLAY = os.path.join(REPO, "tests", "integration", "files", "inventory_hosts.yml")


@pytest.mark.parametrize("case", ["wrong-password", "unreachable", "bad-option"])
def test_a_source_that_cannot_be_read_fails_the_run(sim, inventory, case):
    """Without ANSIBLE_INVENTORY_UNPARSED_FAILED: ansible-inventory and ansible-playbook exit non-zero."""
    env, expected = {
        "wrong-password": ({"PPE_PASSWORD": "not-the-password-123"}, "HTTP 401"),
        "unreachable": ({"PPE_URL": "http://127.0.0.1:%d" % _closed_port()}, "refused"),
        "bad-option": ({"PPE_TIMEOUT": "0"}, "timeout (PPE_TIMEOUT)"),
    }[case]
    env["ANSIBLE_INVENTORY_UNPARSED_FAILED"] = None
    env["ANSIBLE_INVENTORY_ANY_UNPARSED_IS_FAILED"] = None
    listing = inventory("plugin: ppe.essentials.orgs\n", env=env)
    play = inventory("plugin: ppe.essentials.orgs\n", env=env, command="ansible-playbook", args=(PLAY,))
    for completed in (listing, play):
        output = completed.stdout + completed.stderr
        assert completed.returncode != 0, output
        assert "ppe.essentials.orgs" in output and expected in output, output
        assert "fail_on_read_error" in output, output
        assert "not-the-password-123" not in output
    assert "ok=" not in play.stdout  # no play ran on an empty inventory


def test_fail_on_read_error_false_keeps_the_warning(sim, inventory):
    completed = inventory("plugin: ppe.essentials.orgs\nfail_on_read_error: false\n",
                          env={"PPE_PASSWORD": "not-the-password-123"})
    assert completed.returncode == 0, completed.stdout + completed.stderr
    assert "HTTP 401" in completed.stderr and "[WARNING]" in completed.stderr
    assert json.loads(completed.stdout)["_meta"]["hostvars"] == {}


def test_a_good_source_still_runs_the_play(sim, inventory):
    completed = inventory("plugin: ppe.essentials.orgs\n", command="ansible-playbook", args=(PLAY,))
    assert completed.returncode == 0, completed.stdout + completed.stderr
    assert "acme.example (Acme Corporation)" in completed.stdout
