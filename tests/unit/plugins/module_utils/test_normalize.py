# -*- coding: utf-8 -*-
# Copyright (c) ppe.essentials contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Normalization and comparison: example cases plus properties checked with hypothesis."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ansible_collections.ppe.essentials.plugins.module_utils import _normalize as norm
from ansible_collections.ppe.essentials.plugins.module_utils._resource import Field, Resource

labels = st.from_regex(r"[a-z][a-z0-9]{0,10}", fullmatch=True)
domains = st.builds(lambda a, b: "%s.%s" % (a, b), labels, labels)
emails = st.builds(lambda local, dom: "%s@%s" % (local, dom), labels, domains)


def recase(value, data):
    flips = data.draw(st.lists(st.booleans(), min_size=len(value), max_size=len(value)))
    return "".join(c.upper() if f else c for c, f in zip(value, flips))


@given(st.lists(emails, max_size=8), st.data())
def test_email_lists_ignore_order_case_and_duplicates(values, data):
    normalize = norm.unordered(norm.email)
    variant = [recase(v, data) for v in data.draw(st.permutations(values))] + values[:1]
    assert normalize(variant) == normalize(values)
    assert normalize(normalize(values)) == normalize(values)


@given(domains, st.data())
def test_domains_compare_case_insensitively_and_ignore_trailing_dot(value, data):
    assert norm.domain(recase(value, data) + ".") == norm.domain(value)
    assert norm.is_domain(recase(value, data))


@given(st.fixed_dictionaries({"enabled": st.booleans(), "owner": emails, "members": st.lists(emails, max_size=5)}),
       st.data())
def test_a_desired_state_equal_to_current_up_to_normalization_has_no_differences(current, data):
    class Toy(Resource):
        fields = (Field("enabled", "bool"), Field("owner", "email"), Field("members", "list", elements="email"))

    desired = {"enabled": str(current["enabled"]).lower(), "owner": recase(current["owner"], data),
               "members": [recase(m, data) for m in data.draw(st.permutations(current["members"]))]}
    assert Toy().differences(desired, current) == []
    desired["enabled"] = not current["enabled"]
    assert [d[0].name for d in Toy().differences(desired, current)] == ["enabled"]


@pytest.mark.parametrize("value, expected", [(True, True), ("true", True), ("False", False), (0, False),
                                             ("yes", True), (None, False)])
def test_boolean_tolerates_stringly_typed_values(value, expected):
    assert norm.boolean(value) is expected


def test_boolean_rejects_garbage():
    with pytest.raises(ValueError):
        norm.boolean("maybe")


def test_missing_values_compare_equal_to_api_defaults():
    field = Field("failovers", "list", elements="host", default=[])
    assert field.api_value({}) == field.normalize([]) == []
    assert Field("destination", "host", default="").api_value({"destination": None}) == ""


def test_deprecated_term_names_are_renamed():
    assert norm.rename_deprecated({"white_list_senders": ["a"], "black_list_senders": ["b"]}) == \
        {"safe_list_senders": ["a"], "block_list_senders": ["b"]}
    # when the API sends both, the current name wins
    assert norm.rename_deprecated({"white_list_senders": ["old"], "safe_list_senders": ["new"]}) == \
        {"safe_list_senders": ["new"]}


@pytest.mark.parametrize("value, ok", [("acme.example", True), ("ACME.Example.", True), ("a_b.example", False),
                                       ("-a.example", False), ("localhost", False), ("", False)])
def test_domain_syntax(value, ok):
    assert norm.is_domain(value) is ok


@pytest.mark.parametrize("value, ok", [("bob@acme.example", True), ("Bob.Smith+x@Acme.example", True),
                                       ("bob@", False), ("bob@@acme.example", False), ("bob", False),
                                       (".bob@acme.example", False)])
def test_email_syntax(value, ok):
    assert norm.is_email(value) is ok


@pytest.mark.parametrize("value, ok", [("192.0.2.1", True), ("mx.acme.example", True), ("300.1.1.1", False),
                                       ("mx acme", False)])
def test_host_syntax(value, ok):
    assert norm.is_host(value) is ok
