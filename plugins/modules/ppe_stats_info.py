#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) ppe.essentials contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r"""
module: ppe_stats_info
short_description: Read the partner statistics of an organization and its child organizations
version_added: 0.1.0
description:
  - Returns the statistics of an organization (C(/stats/{org}/partner)) or, with O(children), of the organization
    and the organizations below it (C(/stats/{org}/partner/orgs)), for the last 1, 7, 30 or 90 days.
  - The API pages this data. The module reads every page, one GET each, and returns all rows at once; it stops when
    it has read as many rows as the API says there are (C(total)), or, when the API does not say, after a page that
    is not full.
  - The API does not document the fields of a row; they are returned as the API sends them.
  - The API answers partner administrators only.
  - Never changes anything.
author:
  - PPE Essentials maintainers (@ppe-essentials)
options:
  children:
    description:
      - Also return the statistics of the organizations below O(org).
    type: bool
    default: false
  period:
    description:
      - How many days back the statistics go. Without it, the API's default period applies.
    type: str
    choices: [1d, 7d, 30d, 90d]
  page_size:
    description:
      - Rows per request, 1 to 50000. The default, the API's maximum, reads most partners' data in one request;
        a smaller size means more, smaller requests.
    type: int
    default: 50000
extends_documentation_fragment:
  - ppe.essentials.connection
  - ppe.essentials.org
  - ppe.essentials.attributes.info_module
notes:
  - The API does not document the answer; that the rows are under C(stats) (with C(total)) is inferred. A bare list
    of rows is read as well; an answer in another shape fails with a message that names the key the module looked
    for and the keys that arrived, rather than returning no rows.
seealso:
  - module: ppe.essentials.ppe_report_info
  - module: ppe.essentials.ppe_billing_info
"""

EXAMPLES = r"""
- name: Read the last 90 days of every customer of the partner
  ppe.essentials.ppe_stats_info:
    org: msp.example
    children: true
    period: 90d
  register: stats

- name: Count the rows
  ansible.builtin.debug:
    msg: "{{ stats.stats.stats | length }} rows"
"""

RETURN = r"""
stats:
  description:
    - The answer of the first page without its paging keys (C(page), C(page_size)), with the rows of every page in
      RV(stats.stats).
  returned: success
  type: dict
  sample:
    period: 7d
    total: 14
    stats:
      - date: "2025-12-25"
        eid: 100
        primary_domain: msp.example
        inbound: 412
        outbound: 87
        spam: 33
        virus: 1
  contains:
    stats:
      description: Every row of every page, in the API's order.
      type: list
      elements: dict
      returned: success
"""

from ansible_collections.ppe.essentials.plugins.module_utils._module import InfoDefinition, run_module
from ansible_collections.ppe.essentials.plugins.module_utils._resources.account import StatsResource

DEFINITION = InfoDefinition(StatsResource())


def main():
    run_module(DEFINITION)


if __name__ == "__main__":
    main()
