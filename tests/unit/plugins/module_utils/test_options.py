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


# -- unknown options and keys: named with their place and the closest known one -----------------------------
def test_an_unknown_key_is_named_with_its_place_and_the_closest_known_one():
    from ansible_collections.ppe.essentials.plugins.module_utils._options import unknown_key
    assert unknown_key("ppe_customer.dkim[0]", "selecter", ["selector", "domain", "state"]) == \
        "ppe_customer.dkim[0].selecter: unknown; did you mean selector? (known: domain, selector, state)"
    assert unknown_key("", "selecter", ["selector"]) == "selecter: unknown; did you mean selector? (known: selector)"
    assert unknown_key("", "Selector", ["selector"]).startswith("Selector: unknown; did you mean selector?")
    assert unknown_key("", "colour", ["selector", "state"]) == "colour: unknown (known: selector, state)"
    # an alias is suggested when it is the closest spelling, but the known list names the options
    assert unknown_key("users[0]", "primary_emial", ["email", "state"], also=["primary_email"]) == \
        "users[0].primary_emial: unknown; did you mean primary_email? (known: email, state)"


SPEC = {
    "org": {"type": "str", "required": True},
    "state": {"type": "str", "aliases": ["status"]},
    "users": {"type": "list", "elements": "dict", "options": {
        "email": {"type": "str", "required": True, "aliases": ["primary_email"]},
        "firstname": {"type": "str"},
        "limits": {"type": "dict", "options": {"count": {"type": "int"}}},
    }},
    "owner": {"type": "dict", "options": {"email": {"type": "str"}}},
    "free": {"type": "dict"},  # no suboptions: any key goes
}


def test_unknown_options_walks_suboptions_with_their_places():
    from ansible_collections.ppe.essentials.plugins.module_utils._options import unknown_options
    params = {"org": "a.example", "status": "present", "_ansible_check_mode": True, "colour": "red",
              "users": [{"email": "a@a.example"}, {"emial": "b@a.example", "frist_name": "B"},
                        {"primary_email": "c@a.example", "limits": {"cuont": 1}}, "not a dict", None],
              "owner": {"emaill": "o@a.example"}, "free": {"anything": 1}}
    assert unknown_options(SPEC, params) == [
        "colour: unknown (known: free, org, owner, state, users)",
        "users[1].emial: unknown; did you mean email? (known: email, firstname, limits)",
        "users[1].frist_name: unknown; did you mean firstname? (known: email, firstname, limits)",
        "users[2].limits.cuont: unknown; did you mean count? (known: count)",
        "owner.emaill: unknown; did you mean email? (known: email)",
    ]
    assert unknown_options(SPEC, {"org": "a.example", "users": None, "owner": "text"}) == []
    assert unknown_options(SPEC, {"dkim": [{"selecter": "s1"}]}, "ppe_customer")[0].startswith(
        "ppe_customer.dkim: unknown")


def test_the_unsupported_parameters_message_leads_with_the_unknown_keys_and_keeps_the_rest():
    from ansible.module_utils.common.arg_spec import ArgumentSpecValidator
    from ansible_collections.ppe.essentials.plugins.module_utils._options import explain_unknown
    params = {"org": "a.example", "users": [{"emial": "b@a.example"}]}
    validation = ArgumentSpecValidator(SPEC).validate(params)
    assert validation.errors.msg == "missing required arguments: email found in users"  # ansible: the typo unnamed
    assert explain_unknown("ppe.essentials.ppe_users", SPEC, params, validation.errors) == (
        "Unsupported parameters for (ppe.essentials.ppe_users) module: users[0].emial: unknown; did you mean email? "
        "(known: email, firstname, limits). Also: missing required arguments: email found in users")
    params = {"org": "a.example", "colour": "red"}
    assert explain_unknown("x", SPEC, params, ArgumentSpecValidator(SPEC).validate(params).errors) == \
        "Unsupported parameters for (x) module: colour: unknown (known: free, org, owner, state, users)"
    params = {"state": "present"}  # no unknown key: ansible's own message stays
    assert explain_unknown("x", SPEC, params, ArgumentSpecValidator(SPEC).validate(params).errors) is None


def test_thousands_of_unknown_keys_make_a_capped_message():
    from ansible_collections.ppe.essentials.plugins.module_utils._options import explain_unknown
    params = {"org": "a.example", "users": [{"email": "u%d@a.example" % i, "frist_name": "U"} for i in range(2000)]}
    msg = explain_unknown("x", SPEC, params, [])
    assert msg.count("frist_name: unknown") == 20 and msg.endswith("; and 1980 more problems")
