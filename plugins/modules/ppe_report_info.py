#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) ppe.essentials contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r"""
module: ppe_report_info
short_description: Read the mail-flow report of a Proofpoint Essentials organization
version_added: 0.1.0
description:
  - Returns the mail-flow statistics of an organization for a period, optionally for one direction, as totals per
    metric and as a time series.
  - Uses the current metric names only (C(safelist), C(blocklist)); the deprecated C(whitelist) and C(blacklist)
    names are dropped.
  - Never changes anything.
author:
  - PPE Essentials maintainers (@ppe-essentials)
options:
  period:
    description:
      - The period the report covers. V(daily) is the last 24 hours by hour, V(weekly) the last 7 days by day,
        V(monthly) the last 30 days by day.
    type: str
    choices: [daily, weekly, monthly]
    default: monthly
  direction:
    description:
      - Only this mail-flow direction. Without it, both directions are returned.
    type: str
    choices: [inbound, outbound]
extends_documentation_fragment:
  - ppe.essentials.connection
  - ppe.essentials.org
  - ppe.essentials.attributes.info_module
"""

EXAMPLES = r"""
- name: Read last month's inbound mail flow
  ppe.essentials.ppe_report_info:
    org: acme.example
    period: monthly
    direction: inbound
  register: report

- name: Show the spam caught
  ansible.builtin.debug:
    msg: "{{ report.report.inbound.totals.spam }} spam messages in {{ report.report.period }}"
"""

RETURN = r"""
report:
  description: The report.
  returned: success
  type: dict
  contains:
    period:
      description: The period covered, as the API names it (for example V(30d)).
      type: str
      returned: success
    frequency:
      description: The interval between points of the series (for example V(24h)).
      type: str
      returned: success
    inbound:
      description:
        - Inbound mail flow, with C(totals) (metric name to count) and C(series) (metric name to a mapping of
          timestamp to count). Metrics include C(clean), C(spam), C(virus), C(fraud), C(attachment_defended),
          C(image_blocked), C(safelist) and C(blocklist).
      type: dict
      returned: unless O(direction=outbound)
    outbound:
      description: Outbound mail flow, in the same form as RV(report.inbound).
      type: dict
      returned: unless O(direction=inbound)
  sample:
    period: 30d
    frequency: 24h
    inbound:
      totals: {clean: 1200, spam: 310, virus: 2}
      series: {clean: {"2025-12-31T00:00:00Z": 40}}
"""

from ansible_collections.ppe.essentials.plugins.module_utils._module import InfoDefinition, run_module
from ansible_collections.ppe.essentials.plugins.module_utils._resources.report import ReportResource

DEFINITION = InfoDefinition(ReportResource())


def main():
    run_module(DEFINITION)


if __name__ == "__main__":
    main()
