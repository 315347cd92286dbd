# -*- coding: utf-8 -*-
# Copyright (c) ppe.essentials contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Fleet standards (issue 24): applied under each customer's own values, a customer's exceptions, a feature its
package lacks; judged per organization as held, short, excepted or not applicable. In process against the
simulator; check-mode cases are pairs (check mode, then the real run on the same state)."""

from __future__ import annotations

from tests.unit.plugins.modules.conftest import run_module, writes

ORG = "acme.example"  # the simulator's customer: package business, MFA off, no e-mail tagging
STANDARDS = {"authentication": {"is_mfa_enabled": True},
             "features": {"dlp": True, "email_encryption": True},  # encryption: not in business
             "sender_lists": {"block_list": ["spam.example"]}}


def acme(**extra):
    return dict({"domain": ORG, "parent": "msp.example", "name": "Acme Corporation"}, **extra)


def states(outcome):
    return dict((s["path"], (s["state"], s["live"])) for s in outcome["drift"]["standards"])


def test_standards_apply_under_the_customers_values_and_are_judged_check_then_real(simulator):
    store, client = simulator
    customer = acme(sender_lists={"block_list": ["own.example"]},  # its own list wins over the standard's
                    standards_exceptions=[{"path": "authentication", "reason": "SSO enforces MFA"}])
    audit = run_module("ppe_customer", {"customer": customer, "standards": STANDARDS}, True, client)
    assert not audit.get("failed"), audit.get("msg")
    assert states(audit) == {
        "authentication.is_mfa_enabled": ("excepted", None),  # not applied, so not read
        "features.dlp": ("short", False),
        "features.email_encryption": ("not_applicable", None),
        "sender_lists.block_list": ("short", []),
    }
    excepted = [s for s in audit["drift"]["standards"] if s["state"] == "excepted"][0]
    assert excepted["reason"] == "SSO enforces MFA"
    assert "Standard features.email_encryption not applied: the business package does not offer it" in \
        audit["drift"]["notes"]
    assert writes(store) == []

    real = run_module("ppe_customer", {"customer": customer, "standards": STANDARDS}, False, client)
    assert not real.get("failed"), real.get("msg")
    written = writes(store)
    assert ("PATCH", "/api/v1/orgs/acme.example/features") in written or \
        ("PUT", "/api/v1/orgs/acme.example/features") in written
    assert not any("authentication" in path for _method, path in written)  # excepted: left alone
    del store.log[:]
    again = run_module("ppe_customer", {"customer": customer, "standards": STANDARDS}, True, client)
    assert states(again)["features.dlp"] == ("held", True)
    assert states(again)["sender_lists.block_list"] == ("short", ["own.example"])  # the customer's own list won
    assert again["drift"]["changes"] == [] and writes(store) == []


def test_a_customer_without_exceptions_gets_every_standard_its_package_offers(simulator):
    store, client = simulator
    result = run_module("ppe_customer", {"customers": [acme()], "standards": STANDARDS}, False, client)
    assert not result.get("failed"), result.get("msg")
    assert ("PUT", "/api/v1/orgs/acme.example/authentication/settings/mfa") in writes(store)
    audit = run_module("ppe_customer", {"customers": [acme()], "standards": STANDARDS}, True, client)
    assert [s["state"] for s in audit["outcomes"][0]["drift"]["standards"]] == [
        "held", "held", "not_applicable", "held"]


def test_bad_standards_are_refused_before_any_request_naming_the_key(simulator):
    store, client = simulator
    for standards, message in (
            ({"authentcation": {"is_mfa_enabled": True}},
             "standards.authentcation: unknown; did you mean authentication?"),
            ({"authentication": {"is_mfa_enabeld": True}}, "standards.authentication.is_mfa_enabeld: unknown"),
            ({"features": {"url_defence": True}}, "did you mean url_defense?"),
            ({"users": [{"email": "a@b.example"}]}, "standards.users: unknown")):
        result = run_module("ppe_customer", {"customer": acme(), "standards": standards}, True, client)
        assert result.get("failed") and message in result["msg"], (message, result.get("msg"))
    assert store.log == []


def test_an_exception_that_names_no_standard_is_a_problem(simulator):
    store, client = simulator
    customer = acme(standards_exceptions=[{"path": "authentication.is_mfa_enabeld", "reason": "typo"}])
    result = run_module("ppe_customer", {"customer": customer, "standards": STANDARDS}, True, client)
    assert result.get("failed")
    assert "standards_exceptions[0].path: 'authentication.is_mfa_enabeld' is not a standard" in result["msg"]
    assert writes(store) == []
