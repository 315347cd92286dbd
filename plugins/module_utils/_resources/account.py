# -*- coding: utf-8 -*-
# Copyright (c) ppe.essentials contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Read-only account data: the account of the credentials (the inventory plugin's partner), billing data and
partner statistics (ppe_billing_info, ppe_stats_info). The products are _resources/product.py's.

Private to the ppe.essentials collection; not a public API. The API documents these paths and their query
parameters but not their answers, so objects are returned as the API sends them. Statistics are paged: the engine
reads every page (Resource.page_size_option). The lists' keys (`orgs`, `stats`) are inferred: a bare list
is read too, any other shape fails naming the key it expected and the keys that arrived (never an empty list).
"""

from __future__ import annotations

from urllib.parse import urlencode

from ansible_collections.ppe.essentials.plugins.module_utils._normalize import check_domain, within
from ansible_collections.ppe.essentials.plugins.module_utils._resource import Resource, format_path, listed

STATS_PERIODS = ("1d", "7d", "30d", "90d")
MAX_PAGE_SIZE = 50000


class AccountResource(Resource):
    """GET /me: the account the credentials belong to; entity_primary_domain names its organization."""

    result_key = noun = "account"
    path = "me"
    creatable = False


class BillingResource(Resource):
    """GET /billing/{org} (one organization) and /billing/{org}/orgs (the organization and its descendants)."""

    result_key = "billing"
    noun = "billing data"
    plural = "orgs"
    path = "billing/{org}"
    collection = "billing/{org}/orgs"
    creatable = False
    location_options = {"org": {"type": "str", "required": True}}
    location_checks = {"org": check_domain}


class StatsResource(Resource):
    """GET /stats/{org}/partner[/orgs]?period=&page=&page_size=: every page, joined."""

    result_key = "stats"
    noun = "partner statistics"
    path = "stats/{org}/partner"
    creatable = False
    page_size_option = "page_size"
    location_options = {
        "org": {"type": "str", "required": True},
        "children": {"type": "bool", "default": False},
        "period": {"type": "str", "choices": list(STATS_PERIODS)},
        "page_size": {"type": "int", "default": MAX_PAGE_SIZE},
    }
    location_checks = {"org": check_domain, "page_size": within(1, MAX_PAGE_SIZE)}

    def item_path(self, params):
        return format_path(self.path + ("/orgs" if params.get("children") else ""), params)

    def page_path(self, params, page):
        query = [("period", params["period"])] if params.get("period") else []
        query += [("page", page), ("page_size", params["page_size"])]
        return self.item_path(params) + "?" + urlencode(query)

    def page_items(self, answer, path=None):
        """The rows of a page: under `stats` (the simulator's choice; the API does not document the answer) or a bare
        list; anything else fails naming the key and what arrived."""
        return listed(answer, "stats", path)

    def page_total(self, answer):
        total = answer.get("total") if isinstance(answer, dict) else None
        return total if isinstance(total, int) and not isinstance(total, bool) else None

    def joined_pages(self, first, items):
        """The first answer without its paging keys, with the rows of every page."""
        out = dict((k, v) for k, v in first.items() if k not in ("page", "page_size", "stats")) if isinstance(
            first, dict) else {}
        out["stats"] = items
        return out
