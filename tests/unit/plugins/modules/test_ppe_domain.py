# -*- coding: utf-8 -*-
# Copyright (c) ppe.essentials contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""ppe_domain and ppe_domain_info as whole modules: option handling, failures and secret hygiene."""

from __future__ import annotations

import json
from unittest import mock

import pytest
import responses
from ansible.module_utils import basic

from ansible_collections.ppe.essentials.plugins.module_utils import _client as client_module
from ansible_collections.ppe.essentials.plugins.modules import ppe_domain, ppe_domain_info

from tests.support import patch_module_args

SECRET = "correct-horse-battery-staple-42"
BASE = "https://us1.ppe.test"
ITEM = BASE + "/api/v1/orgs/acme.example/domains/new.example"
ORG = BASE + "/api/v1/orgs/acme.example"


class Exit(Exception):
    def __init__(self, kwargs):
        super().__init__(kwargs)
        self.result = kwargs


@pytest.fixture(autouse=True)
def exits():
    def exit_json(self, **kwargs):
        raise Exit(dict(kwargs, failed=False))

    def fail_json(self, **kwargs):
        raise Exit(dict(kwargs, failed=True))

    with mock.patch.multiple(basic.AnsibleModule, exit_json=exit_json, fail_json=fail_json):
        yield


def run(module, **args):
    with patch_module_args(args):
        with pytest.raises(Exit) as info:
            module.main()
    return info.value.result


def connection(**extra):
    args = {"url": BASE, "username": "admin@msp.example", "password": SECRET, "retries": 0}
    args.update(extra)
    return args


@responses.activate
def test_invalid_options_fail_before_any_request():
    result = run(ppe_domain, **connection(org="acme.example", name="not a domain", destination="bad host!",
                                          failovers=["192.0.2.1", "also bad!"]))
    assert result["failed"] and len(responses.calls) == 0
    assert result["msg"].startswith("Invalid options, nothing was sent to the API")
    for option in ("name:", "destination:", "failovers[1]:"):
        assert option in result["msg"]


@responses.activate
def test_connection_options_come_from_the_environment(monkeypatch):
    monkeypatch.setenv("PPE_URL", BASE)
    monkeypatch.setenv("PPE_USERNAME", "admin@msp.example")
    monkeypatch.setenv("PPE_PASSWORD", SECRET)
    responses.get(ITEM, json={"name": "new.example", "is_active": True, "is_relay": False,
                              "destination": "", "failovers": []})
    result = run(ppe_domain, org="acme.example", name="new.example", is_active=True)
    assert result["changed"] is False and result["domain"]["name"] == "new.example"
    assert responses.calls[0].request.headers["X-Password"] == SECRET


@responses.activate
def test_api_error_fail_payload_names_request_and_status_without_the_password():
    responses.get(ITEM, status=404)
    responses.get(ORG, json={"primary_domain": "acme.example", "domains": [{"name": "acme.example"}]})
    responses.post(BASE + "/api/v1/orgs/acme.example/domains", status=403,
                   json={"status": 403, "error_message": "Forbidden %s" % SECRET})
    result = run(ppe_domain, **connection(org="acme.example", name="new.example"))
    assert result["failed"] and result["status"] == 403
    assert result["request"] == "POST /orgs/acme.example/domains"
    assert "outside your account's hierarchy" in result["msg"]
    assert SECRET not in json.dumps(result)


@responses.activate
def test_retry_warnings_reach_the_module_and_never_the_password():
    responses.get(ITEM, status=503)
    responses.get(ITEM, json={"name": "new.example", "is_active": True})
    with mock.patch.object(basic.AnsibleModule, "warn") as warn, mock.patch("time.sleep"):
        result = run(ppe_domain, **connection(org="acme.example", name="new.example", retries=2, retry_max_delay=0))
    assert result["changed"] is False
    assert warn.call_count == 1 and "HTTP 503" in warn.call_args[0][0]


def test_missing_requests_gives_the_standard_message(monkeypatch):
    monkeypatch.setattr("ansible_collections.ppe.essentials.plugins.module_utils._module.HAS_REQUESTS", False)
    result = run(ppe_domain, **connection(org="acme.example", name="new.example"))
    assert result["failed"] and "Failed to import the required Python library (requests)" in result["msg"]
    assert client_module.HAS_REQUESTS  # only the module's view was patched


@responses.activate
def test_info_module_returns_one_or_all_domains():
    listing = {"domains": [{"name": "acme.example"}, {"name": "new.example"}]}
    responses.get(BASE + "/api/v1/orgs/acme.example/domains", json=listing)
    responses.get(ITEM, status=404)
    responses.get(ORG, json={"primary_domain": "acme.example", "domains": listing["domains"]})
    everything = run(ppe_domain_info, **connection(org="acme.example"))
    assert everything["changed"] is False and everything["domains"] == listing["domains"]
    one = run(ppe_domain_info, **connection(org="acme.example", name="new.example"))
    assert one["domain"] is None and one["domains"] == []
