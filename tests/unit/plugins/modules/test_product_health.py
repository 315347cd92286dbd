# -*- coding: utf-8 -*-
# Copyright (c) ppe.essentials contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""ppe_product (buy, change, cancel) and ppe_domain_health_info in process against the simulator (issue 25): check
mode and the real run on the same state, with the request log; answers the API may give otherwise (a purchase that
does not take, a product without is_purchased, no health check on the stack)."""

from __future__ import annotations

import pytest

from tests.simulator import api as sim_api
from tests.unit.plugins.modules.conftest import run_module, writes

ORG = "acme.example"
ITEM = "/api/v1/orgs/acme.example/products/Security_Awareness"


def requests_of(store):
    return [(e["method"], e["path"]) for e in store.log]


def handlers(*pattern):
    return next(h for p, h in sim_api.ROUTES if p == pattern)


def test_purchase_check_then_real_then_idempotent(simulator):
    store, client = simulator
    options = {"org": ORG, "label": "Security_Awareness", "variant": "premium", "auto_renew": True,
               "is_on_trial": True}
    check = run_module("ppe_product", options, True, client)
    assert check["changed"] is True and writes(store) == [], check
    assert check["diff"] == {"before": {"is_purchased": False, "variant": "", "auto_renew": False,
                                        "is_on_trial": False},
                             "after": {"is_purchased": True, "variant": "premium", "auto_renew": True,
                                       "is_on_trial": True}}
    store.log.clear()
    real = run_module("ppe_product", options, False, client)
    assert real["changed"] is True and real["diff"] == check["diff"], real
    assert requests_of(store) == [("GET", ITEM), ("POST", "/api/v1/orgs/acme.example/products"), ("GET", ITEM)]
    assert real["product"]["variant"] == "Premium" and real["product"]["is_purchased"] is True
    store.log.clear()
    again = run_module("ppe_product", options, False, client)
    assert again["changed"] is False and requests_of(store) == [("GET", ITEM)]


def test_change_sends_only_the_difference_and_cancel(simulator):
    store, client = simulator
    run_module("ppe_product", {"org": ORG, "label": "Security_Awareness", "is_on_trial": True}, False, client)
    store.log.clear()
    options = {"org": ORG, "label": "security_awareness", "variant": "Standard", "is_on_trial": False,
               "auto_renew": False}
    check = run_module("ppe_product", options, True, client)
    assert check["changed"] is True and check["diff"]["after"] == {"is_purchased": True, "variant": "standard",
                                                                   "is_on_trial": False, "auto_renew": False}
    assert check["diff"]["before"]["is_on_trial"] is True
    real = run_module("ppe_product", options, False, client)
    assert real["diff"] == check["diff"] and real["product"]["is_on_trial"] is False
    assert writes(store) == [("PATCH", "/api/v1/orgs/acme.example/products/security_awareness")]
    absent = {"org": ORG, "label": "Security_Awareness", "state": "absent"}
    store.log.clear()
    check = run_module("ppe_product", absent, True, client)
    assert check["changed"] is True and check["diff"] == {"before": {"is_purchased": True},
                                                          "after": {"is_purchased": False}}
    real = run_module("ppe_product", absent, False, client)
    assert real["changed"] is True and real["product"]["is_purchased"] is False
    assert writes(store) == [("DELETE", ITEM)]
    assert run_module("ppe_product", absent, False, client)["changed"] is False
    assert len(writes(store)) == 1


def test_a_purchase_the_api_accepts_but_that_does_not_take_fails(simulator, monkeypatch):
    store, client = simulator
    monkeypatch.setitem(handlers("orgs", "{d}", "products"), "POST", lambda ctx: (201, {"label": "Email_Archive"}))
    result = run_module("ppe_product", {"org": ORG, "label": "Email_Archive"}, False, client)
    assert result["failed"] is True and result["changed"] is True, result
    assert "accepted the purchase" in result["msg"] and "is_purchased False where True was requested" in result["msg"]
    assert result["product"]["is_purchased"] is False
    assert writes(store) == [("POST", "/api/v1/orgs/acme.example/products")]


def test_an_answer_without_is_purchased_is_refused_before_any_write(simulator, monkeypatch):
    store, client = simulator
    monkeypatch.setitem(handlers("orgs", "{d}", "products", "{label}"), "GET",
                        lambda ctx: (200, {"label": "Email_Archive", "status": "available"}))
    for check_mode in (True, False):
        result = run_module("ppe_product", {"org": ORG, "label": "Email_Archive"}, check_mode, client)
        assert result["failed"] is True and "without a true/false is_purchased" in result["msg"], result
        assert "'label', 'status'" in result["msg"]
    assert writes(store) == []


@pytest.mark.parametrize("options, named", [
    ({"label": "Teleport"}, "product Teleport of organization acme.example: the API answered HTTP 404"),
    ({"label": "Email_Archive", "state": "absent", "variant": "Standard"}, "variant: only with state=present"),
    ({"label": "Email Archive"}, "is not a product label"),
])
def test_refused_before_any_write(simulator, options, named):
    store, client = simulator
    for check_mode in (True, False):
        result = run_module("ppe_product", dict(options, org=ORG), check_mode, client)
        assert result["failed"] is True and named in result["msg"], result
    assert writes(store) == []


def test_an_api_refusal_is_reported(simulator):
    store, client = simulator
    result = run_module("ppe_product", {"org": ORG, "label": "Email_Archive", "variant": "Gold"}, False, client)
    assert result["failed"] is True and "Standard, Extended" in result["msg"], result


HEALTH = "/api/v1/orgs/acme.example/domains/acme.example/health"


def test_domain_health(simulator, monkeypatch):
    store, client = simulator
    result = run_module("ppe_domain_health_info", {"org": ORG, "domain": "ACME.example"}, True, client)
    assert result["changed"] is False and result["health"]["status"] == "fail", result
    assert [c["name"] for c in result["health"]["checks"]] == ["ownership", "mx", "spf", "dkim", "dmarc"]
    assert requests_of(store) == [("GET", "/api/v1/orgs/acme.example/domains/ACME.example/health")]
    missing = run_module("ppe_domain_health_info", {"org": ORG, "domain": "nope.acme.example"}, False, client)
    assert missing["failed"] is True and "domain nope.acme.example of organization acme.example does not exist" in \
        missing["msg"], missing

    def no_health(ctx):
        raise sim_api.ApiError(404, "Not Found: unknown endpoint")
    monkeypatch.setitem(handlers("orgs", "{d}", "domains", "{name}", "health"), "GET", no_health)
    store.log.clear()
    result = run_module("ppe_domain_health_info", {"org": ORG, "domain": "acme.example"}, False, client)
    path = HEALTH[len("/api/v1"):]
    assert result["failed"] is True and "GET %s although the organization and the domain exist" % path in \
        result["msg"], result
    assert result["request"] == "GET " + path
    assert requests_of(store) == [("GET", HEALTH), ("GET", "/api/v1/orgs/acme.example"),
                                  ("GET", "/api/v1/orgs/acme.example/domains/acme.example")]
    assert writes(store) == []
