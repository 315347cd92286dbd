# -*- coding: utf-8 -*-
# Copyright (c) ppe.essentials contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Billing and partner statistics (read-only; statistics paged). Products: test_sim_products.py."""

from __future__ import annotations

import pytest


def test_billing(api, err):
    one = api.get("/billing/acme.example").get_json()
    assert one["primary_domain"] == "acme.example" and one["user_licenses"] == 25 and one["active_users"] == 3
    orgs = api.get("/billing/msp.example/orgs").get_json()["orgs"]
    assert [o["primary_domain"] for o in orgs] == ["msp.example", "acme.example"]
    err(api.get("/billing/acme.example", as_="acme"), 403, "partner")
    err(api.get("/billing/globex.example"), 403)
    err(api.get("/billing/nowhere.example"), 404)


def test_stats_pages(api, err):
    whole = api.get("/stats/msp.example/partner/orgs?period=7d").get_json()
    assert whole["total"] == 14 and len(whole["stats"]) == 14 and whole["page_size"] == 50000
    assert whole["stats"][0]["date"] == "2025-12-25" and whole["stats"][-1]["primary_domain"] == "acme.example"
    pages = [api.get("/stats/msp.example/partner/orgs?period=7d&page=%d&page_size=5" % n).get_json() for n in (1, 2, 3, 4)]
    assert [len(p["stats"]) for p in pages] == [5, 5, 4, 0]
    assert sum((p["stats"] for p in pages), []) == whole["stats"]
    single = api.get("/stats/acme.example/partner").get_json()
    assert single["period"] == "30d" and single["total"] == 30
    assert {r["primary_domain"] for r in single["stats"]} == {"acme.example"}
    log = api.log()
    assert "query" not in log[-1]  # only requests with a query string log one
    assert any(entry.get("query") == "period=7d&page=2&page_size=5" for entry in log)


@pytest.mark.parametrize("query, fields", [
    ("period=2d", ["period"]), ("page=0", ["page"]), ("page_size=50001", ["page_size"]),
    ("page=x&page_size=-1", ["page", "page_size"]),
])
def test_stats_bad_query(api, err, query, fields):
    err(api.get("/stats/msp.example/partner?" + query), 422, *fields)


def test_stats_scope(api, err):
    err(api.get("/stats/acme.example/partner", as_="acme"), 403, "partner")
    err(api.get("/stats/msp.example/partner/users"), 404)
    err(api.get("/stats/globex.example/partner/orgs"), 403)
