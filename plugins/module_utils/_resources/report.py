# -*- coding: utf-8 -*-
# Copyright (c) ppe.essentials contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Read-only resources: the mail-flow report of an organization and the stacks that serve a domain."""

from __future__ import annotations

from ansible_collections.ppe.essentials.plugins.module_utils._normalize import check_domain
from ansible_collections.ppe.essentials.plugins.module_utils._resource import Resource, format_path
from ansible_collections.ppe.essentials.plugins.module_utils._vocabulary import (
    DEPRECATED_METRICS, REPORT_DIRECTIONS, REPORT_PERIODS)
from ansible_collections.ppe.essentials.plugins.module_utils._client import API_PREFIX


def split_metrics(flow):
    """{'spam_total': 3, 'spam': {...}} -> {'totals': {'spam': 3}, 'series': {'spam': {...}}}, current names only."""
    totals, series = {}, {}
    for key, value in (flow or {}).items():
        name = key[:-len("_total")] if key.endswith("_total") else key
        if name in DEPRECATED_METRICS:
            continue
        if key.endswith("_total"):
            totals[name] = value
        elif isinstance(value, dict):
            series[name] = value
    return {"totals": totals, "series": series}


class ReportResource(Resource):
    """GET /reporting/{org}/{period}[/{direction}]: totals and series per metric and direction."""

    result_key = noun = "report"
    path = "reporting/{org}/{period}"
    creatable = False
    location_options = {
        "org": {"type": "str", "required": True},
        "period": {"type": "str", "default": "monthly", "choices": list(REPORT_PERIODS)},
        "direction": {"type": "str", "choices": list(REPORT_DIRECTIONS)},
    }
    location_checks = {"org": check_domain}

    def item_path(self, params):
        return format_path(self.path + ("/{direction}" if params.get("direction") else ""), params)

    def public(self, obj):
        if not isinstance(obj, dict):
            return obj
        report = {"period": obj.get("period"), "frequency": obj.get("frequency")}
        report.update((d, split_metrics(obj[d])) for d in REPORT_DIRECTIONS if d in obj)
        return report


class EndpointResource(Resource):
    """GET /endpoints/{domain}: base URLs of the stacks that host the organization owning the domain."""

    result_key = "endpoints"
    noun = "endpoints"
    path = "endpoints/{domain}"
    creatable = False
    location_options = {"domain": {"type": "str", "required": True, "aliases": ["org"]}}
    location_checks = {"domain": check_domain}

    def parents(self, params, creating=False):
        return []

    def stack_domain(self, params):
        return params.get("domain")

    def describe(self, params):
        return "stacks of %s" % params["domain"]

    def public(self, obj):
        """Base URLs without /api/v1, as the url option takes them."""
        urls = [e.rstrip("/") for e in (obj or {}).get("endpoints") or []] if isinstance(obj, dict) else obj
        return [u[:-len(API_PREFIX)] if u.endswith(API_PREFIX) else u for u in urls] if urls is not None else None
