# -*- coding: utf-8 -*-
# Copyright (c) ppe.essentials contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Syntax rules: e-mail, domain, host, sender-list entries, country/state."""

from __future__ import annotations

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
