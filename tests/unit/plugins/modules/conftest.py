# -*- coding: utf-8 -*-
# Copyright (c) ppe.essentials contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Modules' definitions run through the modules' glue against the simulator app in process (no server, no
Ansible process): fast check-mode/real-run pairs with the simulator's request log."""

from __future__ import annotations

import importlib
import re

import pytest
import requests
import responses
from ansible.module_utils.common.arg_spec import ArgumentSpecValidator

from ansible_collections.ppe.essentials.plugins.module_utils._client import PPEClient
from ansible_collections.ppe.essentials.plugins.module_utils._module import execute
from tests.simulator.app import create_app

BASE = "http://sim.ppe.test"


@pytest.fixture
def simulator():
    """The simulator app behind a requests mock: (store, client)."""
    app = create_app(base_url=BASE)
    test_client = app.test_client()

    def forward(request):
        try:
            answer = test_client.open(request.path_url, method=request.method, data=request.body,
                                      headers=dict(request.headers))
        except ConnectionAbortedError as exc:  # the simulator's drop or lost fault: what requests raises for it
            raise requests.exceptions.ConnectionError("Connection aborted: %s" % exc) from exc
        return answer.status_code, dict(answer.headers), answer.get_data()

    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        for method in (responses.GET, responses.POST, responses.PUT, responses.PATCH, responses.DELETE):
            mock.add_callback(method, re.compile(BASE + "/.*"), callback=forward)
        yield app.config["SIM_STORE"], PPEClient(BASE, "admin@msp.example", "demo-password", sleep=lambda s: None)


def run_module(name, options, check_mode, client):
    """The module `name` with `options` (and the connection) through _module.execute; its result."""
    definition = importlib.import_module("ansible_collections.ppe.essentials.plugins.modules." + name).DEFINITION
    args = dict(options, url=BASE, username="admin@msp.example", password="demo-password")
    validation = ArgumentSpecValidator(definition.argument_spec()).validate(dict(args))
    assert not validation.error_messages, validation.error_messages
    return execute(definition, validation.validated_parameters, args, check_mode, lambda msg: None, lambda p: client)


def writes(store):
    """The API writes the simulator received."""
    return [(e["method"], e["path"]) for e in store.log if e["method"] != "GET"]
