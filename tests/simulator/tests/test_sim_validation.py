# -*- coding: utf-8 -*-
# Copyright (c) ppe.essentials contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Syntax rules: e-mail, domain, host, sender-list entries, country/state."""

from __future__ import annotations

import json

import pytest

from simulator import validation as v


@pytest.mark.parametrize("entry", ["a@b.example", "*@b.example", "*@*.b.example", "b.example", "192.0.2.1",
                                   "10.*.*.*", "192.0.2.0/24", "192.0.2.8/29", "Sub.Domain.Example"])
def test_valid_sender_entries(entry):
    assert v.sender_entry_error(entry) is None


@pytest.mark.parametrize("entry", ["", "   ", 5, "a@@b", "a@b", "*@", "*@*.", "10.0.0.0/23", "10.0.0.0/33",
                                   "1.2.3.4/x", "1.2.3", "256.1.1.1", "1.2.*", "1.2.*.300", "no spaces.example",
                                   "-bad.example", "x"])
def test_invalid_sender_entries(entry):
    assert v.sender_entry_error(entry)


@pytest.mark.parametrize("host, ok", [("mx.example", True), ("mail", True), ("10.0.0.1", True),
                                      ("10.0.0.256", False), ("bad host", False), ("", False), (None, False)])
def test_is_host(host, ok):
    assert v.is_host(host) is ok


@pytest.mark.parametrize("country, state, fields", [
    ("GB", "", []), ("gb", "", []), ("US", "NY", []), ("US", "new york", []), ("CA", "Quebec", []),
    ("ZZ", "", ["country"]), ("US", "", ["stateprov"]), ("CA", "NY", ["stateprov"]), ("", "", []),
])
def test_country_rules(country, state, fields):
    assert [f for f, _msg in v.country_error(country, state)] == fields


def test_coercion():
    assert v.to_bool("TRUE") is True and v.to_bool(False) is False
    assert v.to_int("30") == 30
    for bad in (1, "yes", None):
        with pytest.raises(ValueError):
            v.to_bool(bad)
    for bad in (True, -1, "3.5", 2.0):
        with pytest.raises(ValueError):
            v.to_int(bad)


@pytest.mark.parametrize("check, value", [
    (v.is_domain, "new.example\n"), (v.is_domain, "new.example\r\n"), (v.is_domain, "new\n.example"),
    (v.is_hostname, "mx.example\n"), (v.is_host, "mx.example\n"), (v.is_host, "192.0.2.1\n"),
    (v.is_email, "a@new.example\n"), (v.is_email, "a\n@new.example"),
])
def test_a_trailing_or_embedded_newline_is_not_valid(check, value):
    assert check(value) is False


@pytest.mark.parametrize("entry", ["a@b.example\n", "b.example\n", "*@b.example\n"])
def test_sender_entries_with_a_newline_are_not_valid(entry):
    # surrounding spaces are trimmed, but a line break is not a space the API forgives
    assert v.sender_entry_error(entry)


def test_identifiers_with_a_trailing_newline_are_422(api):
    # what a YAML "|" block sends: the API refuses it instead of storing a name with a newline
    cases = [
        ("/orgs/acme.example/domains", {"name": "new.example\n"}, "name"),
        ("/orgs/acme.example/users", {"primary_email": "n@acme.example\n", "firstname": "N", "surname": "N"},
         "primary_email"),
        ("/orgs/msp.example/orgs", {"primary_domain": "nl.example\n", "name": "NL", "country": "GB"}, "primary_domain"),
        ("/orgs/acme.example/domains", {"name": "relay.example", "is_relay": True, "destination": "mx.example\n"},
         "destination"),
    ]
    for path, body, field in cases:
        resp = api.post(path, body)
        assert resp.status_code == 422, (path, resp.get_data(as_text=True))
        assert field in json.dumps(resp.get_json()["errors"])
    dump = json.dumps(api.client.get("/_sim/state").get_json())
    assert "\\n" not in dump
