# -*- coding: utf-8 -*-
# Copyright (c) ppe.essentials contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Fixtures for the simulator's own tests: an in-process app per test and a small API helper."""

from __future__ import annotations

import copy
import os
import sys

import pytest

TESTS_DIR = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
if TESTS_DIR not in sys.path:
    sys.path.insert(0, TESTS_DIR)

import simulator  # noqa: E402  pylint: disable=wrong-import-position

CREDS = {
    "msp": ("admin@msp.example", "demo-password"),
    "readonly": ("readonly@msp.example", "readonly-password"),
    "acme": ("admin@acme.example", "acme-admin-password"),
    "alice": ("alice@acme.example", "alice-password"),
    "other": ("admin@other-msp.example", "other-password"),
}


class Api:
    """Test-client wrapper: ``api.get(path, as_="msp")`` with PPE headers and /api/v1 prefix."""

    def __init__(self, app):
        self.app = app
        self.client = app.test_client()
        self.store = app.config["SIM_STORE"]

    def call(self, method, path, json=None, as_="msp", headers=None, data=None, prefix="/api/v1"):
        """One request; ``as_`` picks credentials from CREDS (None sends none)."""
        hdrs = {}
        if as_ is not None:
            user, password = CREDS[as_] if isinstance(as_, str) else as_
            hdrs.update({"X-User": user, "X-Password": password})
        hdrs.update(headers or {})
        return self.client.open(prefix + path, method=method, json=json, data=data, headers=hdrs)

    def get(self, path, **kw):
        """GET."""
        return self.call("GET", path, **kw)

    def post(self, path, json=None, **kw):
        """POST."""
        return self.call("POST", path, json=json, **kw)

    def put(self, path, json=None, **kw):
        """PUT."""
        return self.call("PUT", path, json=json, **kw)

    def patch(self, path, json=None, **kw):
        """PATCH."""
        return self.call("PATCH", path, json=json, **kw)

    def delete(self, path, **kw):
        """DELETE."""
        return self.call("DELETE", path, **kw)

    def log(self):
        """The request log."""
        return self.client.get("/_sim/requests").get_json()


def assert_error(resp, status, *fragments):
    """Error body shape: {status, error_message} with body status == HTTP status."""
    assert resp.status_code == status, resp.get_data(as_text=True)
    body = resp.get_json()
    assert body["status"] == status
    for fragment in fragments:
        assert fragment in body["error_message"] or fragment in str(body.get("errors")), body
    return body


@pytest.fixture
def api():
    """Fresh simulator with the demo fixture."""
    return Api(simulator.create_app(simulator.Store(), "us1", "http://127.0.0.1:9"))


@pytest.fixture
def demo_fixture():
    """A deep copy of the built-in fixture document, to build custom fixtures from."""
    return copy.deepcopy(simulator.load_fixture_file())


@pytest.fixture
def make_api():
    """Build an Api from a custom fixture document."""
    def build(fixture, stack="us1"):
        return Api(simulator.create_app(simulator.Store(fixture=fixture), stack, "http://127.0.0.1:9"))
    return build


def hierarchy_fixture():
    """OEM > strategic > channel > organization, with Odin-capable strategic partner."""
    def org(eid, parent, domain, org_type, users, **extra):
        doc = {"eid": eid, "parent": parent, "primary_domain": domain, "name": domain.split(".")[0].title(),
               "type": org_type, "users": users}
        doc.update(extra)
        return doc

    def user(email, user_type, **extra):
        doc = {"primary_email": email, "password": "pw-" + email.split("@")[0], "type": user_type}
        doc.update(extra)
        return doc

    return {"orgs": [
        org(1, "", "oem.example", "oem_partner", [user("root@oem.example", "oem_partner_admin")]),
        org(2, "oem.example", "strat.example", "strategic_partner",
            [user("boss@strat.example", "strategic_partner_admin", odin_settings={"can_impersonate": True}),
             user("plain@strat.example", "strategic_partner_admin")],
            odin_capabilities="odin_platform_partner"),
        org(3, "strat.example", "chan.example", "channel", [user("chan@chan.example", "channel_admin")]),
        org(4, "chan.example", "cust.example", "organization",
            [user("admin@cust.example", "organization_admin", odin_settings={"is_imitable": True}),
             user("second@cust.example", "organization_admin"),
             user("eve@cust.example", "end_user")]),
        org(5, "oem.example", "direct.example", "organization", [], stacks=["eu1"]),
    ]}


@pytest.fixture
def err():
    """The assert_error helper."""
    return assert_error


@pytest.fixture
def hier(make_api):
    """Api over the OEM > strategic > channel > organization fixture."""
    return make_api(hierarchy_fixture())


@pytest.fixture
def hier_doc():
    """The hierarchy fixture document."""
    return hierarchy_fixture()
