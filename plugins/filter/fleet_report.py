# -*- coding: utf-8 -*-
# Copyright (c) ppe.essentials contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Filters of playbooks/fleet_report.yml: one row per organization, the fleet report, and its HTML and CSV.

The documentation of each filter is in the YAML file named after it (fleet_org.yml, fleet_partner.yml,
fleet_report.yml, fleet_changes.yml, fleet_report_html.yml, fleet_report_csv.yml), as in ansible-core. The code is
in plugin_utils/_fleet_report.py, plugin_utils/_since.py (what changed) and (the HTML page)
plugin_utils/_fleet_report_html.py.
"""

from __future__ import annotations

from collections.abc import Mapping

from ansible.errors import AnsibleFilterError

from ansible_collections.ppe.essentials.plugins.plugin_utils._fleet_report import (
    DEFAULT_UNUSED_MIN, DEFAULT_UNUSED_RATIO, PartnerError, check_partner, fleet, org_row, partner_domain, render_csv,
    with_changes)
from ansible_collections.ppe.essentials.plugins.plugin_utils._fleet_report_html import render_html

_NOT_READ = object()
READ_KEYS = ("domain", "org", "drift", "errors")  # what every item of ppe_fleet_info's orgs has


def _bounded(value, kind, most, what):
    """`value` as `kind`, from 0 to `most` (None: no upper bound); AnsibleFilterError naming `what` otherwise."""
    try:
        number = kind(value)
    except (TypeError, ValueError):
        number = None
    if number is None or not (0 <= number and (most is None or number <= most)):  # NaN is neither
        raise AnsibleFilterError("fleet_org: %s, not %r" % (what, value))
    return number


def fleet_org(org, users=None, features=None, report=None, drift=None, errors=None, domain=None,
              unused_ratio=DEFAULT_UNUSED_RATIO, auth=None, dkim=None, unused_min=DEFAULT_UNUSED_MIN):
    if isinstance(org, Mapping) and set(READ_KEYS) <= set(org):  # an item of ppe_fleet_info's orgs: all of it
        org, users, features, report, drift, errors, domain, auth, dkim = (
            org.get("org"), org.get("users"), org.get("features"), org.get("report"), org["drift"], org["errors"],
            org["domain"], org.get("auth_settings"), org.get("dkim"))
    if not org:
        org = None  # not read (ansible-core 2.16 renders a variable that is None as '')
    elif not isinstance(org, Mapping):
        raise AnsibleFilterError("fleet_org: the input must be the organization (a dict), not %s" % type(org).__name__)
    unused_ratio = _bounded(unused_ratio, float, 1, "unused_ratio must be a number between 0 and 1")
    unused_min = _bounded(unused_min, int, None, "unused_min must be a whole number of licences, 0 or more")
    return org_row(org, users=users, features=features, report=report, drift=drift, errors=errors, domain=domain,
                   unused_ratio=unused_ratio, auth=auth, dkim=dkim, unused_min=unused_min)


def fleet_partner(partner, org=_NOT_READ):
    try:
        name = partner_domain(partner, "ppe_fleet_partner")
        if org is not _NOT_READ:
            check_partner(name, org if isinstance(org, Mapping) else None, "ppe_fleet_partner")
    except PartnerError as exc:
        raise AnsibleFilterError(str(exc)) from None
    return name


def fleet_report(rows, partner=None, generated=None, declared=None):
    return fleet(rows, partner=partner, generated=generated, declared=declared)


def _report(name, report):
    if not isinstance(report, Mapping):
        raise AnsibleFilterError("%s: the input must be the result of ppe.essentials.fleet_report" % name)
    return report


def fleet_changes(report, previous=None, source=None):
    return with_changes(_report("fleet_changes", report), previous=previous, source=source)


def fleet_report_html(report, title="Fleet report"):
    return render_html(_report("fleet_report_html", report), title=title)


def fleet_report_csv(report):
    return render_csv(_report("fleet_report_csv", report))


class FilterModule:
    """The fleet report filters of ppe.essentials."""

    def filters(self):
        return {
            "fleet_org": fleet_org,
            "fleet_partner": fleet_partner,
            "fleet_report": fleet_report,
            "fleet_changes": fleet_changes,
            "fleet_report_html": fleet_report_html,
            "fleet_report_csv": fleet_report_csv,
        }
