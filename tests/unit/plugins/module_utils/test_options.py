# -*- coding: utf-8 -*-
# Copyright (c) ppe.essentials contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The connection options, their doc fragment and their PPE_* variables must not drift apart."""

from __future__ import annotations

import pytest
import yaml

from ansible_collections.ppe.essentials.plugins.doc_fragments.connection import ModuleDocFragment
from ansible_collections.ppe.essentials.plugins.module_utils import _client as client_module
from ansible_collections.ppe.essentials.plugins.module_utils._errors import OptionError
from ansible_collections.ppe.essentials.plugins.module_utils._options import (
    CONNECTION_OPTIONS,
    client_from_options,
    connection_argument_spec,
)

DOCS = yaml.safe_load(ModuleDocFragment.DOCUMENTATION)["options"]


def test_every_option_is_documented_with_its_type_default_and_variable():
    assert set(DOCS) == set(CONNECTION_OPTIONS)
    for name, spec in CONNECTION_OPTIONS.items():
        doc = DOCS[name]
        assert doc["type"] == spec["type"], name
        assert doc.get("default") == spec.get("default"), name
        assert doc.get("required", False) == spec.get("required", False), name
        variable = spec["fallback"][1][0]
        assert variable == "PPE_" + name.upper()
        assert "E(%s)" % variable in " ".join(doc["description"]), name


def test_only_the_password_is_secret():
    assert [n for n, s in CONNECTION_OPTIONS.items() if s.get("no_log")] == ["password"]


def test_argument_spec_is_a_copy():
    spec = connection_argument_spec()
    spec["url"]["required"] = False
    assert CONNECTION_OPTIONS["url"]["required"] is True


def test_client_from_options_uses_every_option(tmp_path):
    (tmp_path / "ca.pem").write_text("PEM", encoding="utf-8")
    options = {"url": "https://eu1.ppe.test/", "username": "u@x.example", "password": "pw-123456",
               "validate_certs": True, "ca_path": str(tmp_path / "ca.pem"), "timeout": 7, "retries": 5,
               "retry_max_delay": 9}
    client = client_from_options(options.get)
    assert (client.base_url, client.timeout, client.retries, client.retry_max_delay) == ("https://eu1.ppe.test", 7, 5, 9.0)
    assert client.session.verify == str(tmp_path / "ca.pem")
    assert client.session.headers["X-User"] == "u@x.example"


def test_plugin_fragment_matches_the_module_options():
    """The inventory plugin documents the same options, with env: entries instead of env_fallback."""
    plugin_docs = yaml.safe_load(ModuleDocFragment.PLUGINS)["options"]
    assert set(plugin_docs) == set(CONNECTION_OPTIONS)
    for name, doc in plugin_docs.items():
        spec = CONNECTION_OPTIONS[name]
        assert (doc["type"], doc.get("default"), doc.get("required", False), doc.get("elements")) == \
            (spec["type"], spec.get("default"), spec.get("required", False), spec.get("elements")), name
        assert doc["env"] == [{"name": spec["fallback"][1][0]}], name


@pytest.mark.parametrize("doc", [ModuleDocFragment.DOCUMENTATION, ModuleDocFragment.PLUGINS])
def test_bounds_are_documented(doc):
    docs = yaml.safe_load(doc)["options"]
    for name, (low, high) in client_module.LIMITS.items():
        text = " ".join(docs[name]["description"])
        assert "%s to %s" % (low, high) in text, name


def test_stack_hosts_default_and_doc():
    assert CONNECTION_OPTIONS["stack_hosts"]["default"] == ["*.proofpointessentials.com"]
    assert CONNECTION_OPTIONS["stack_hosts"]["elements"] == "str"
    text = " ".join(DOCS["stack_hosts"]["description"])
    assert "O(url)" in text and "O(discover_stack)" in text


def test_client_from_options_passes_the_stack_allow_list():
    options = {"url": "https://us1.ppe.test", "username": "u@x.example", "password": "pw-123456", "validate_certs": True,
               "timeout": 30, "retries": 3, "retry_max_delay": 30, "stack_hosts": ["*.ppe.test"]}
    client = client_from_options(options.get)
    assert client.stack_hosts == ["*.ppe.test", "us1.ppe.test"]


@pytest.mark.parametrize("name, value", [("timeout", 0), ("timeout", -1), ("retries", 1000), ("retry_max_delay", 10 ** 6),
                                         ("ca_path", "/nonexistent/ca.pem"), ("url", "us1.ppe.test"),
                                         ("password", "pw\n"), ("username", "u@x.example\n")])
def test_client_from_options_refuses_bad_options_with_their_names(name, value):
    options = {"url": "https://us1.ppe.test", "username": "u@x.example", "password": "pw-123456", "validate_certs": True,
               "timeout": 30, "retries": 3, "retry_max_delay": 30}
    options[name] = value
    with pytest.raises(OptionError) as info:
        client_from_options(options.get)
    assert "%s (PPE_%s)" % (name, name.upper()) in str(info.value)


def test_missing_connection_options_name_their_variables():
    from ansible_collections.ppe.essentials.plugins.module_utils._options import explain_missing
    text = explain_missing("missing required arguments: password, username")
    assert "PPE_PASSWORD, PPE_USERNAME" in text and "module_defaults" in text
    assert explain_missing("missing required arguments: name") == "missing required arguments: name"
    assert explain_missing("something else") == "something else"
