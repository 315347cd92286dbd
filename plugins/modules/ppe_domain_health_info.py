#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) ppe.essentials contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r"""
module: ppe_domain_health_info
short_description: Read the health check of a domain's mail setup in Proofpoint Essentials
version_added: 0.1.0
description:
  - Runs the API's health check of a domain of an organization (C(GET /orgs/{org}/domains/{domain}/health)) and
    returns its report as the API answers it, for example whether the MX records point at Proofpoint Essentials and
    whether SPF, DKIM and DMARC are set up.
  - The API's specification says only "Run a health check on the domain"; the report's shape is not documented, so
    the module does not interpret it. The simulator's report (C(domain), C(status), C(checks)) is inferred.
  - "Requests: one GET; a 404 costs one GET of the organization and one of the domain, to tell a typo from a stack
    that does not offer the health check."
  - Never changes anything.
author:
  - PPE Essentials maintainers (@ppe-essentials)
options:
  domain:
    description:
      - The domain of the organization to check.
    type: str
    required: true
extends_documentation_fragment:
  - ppe.essentials.connection
  - ppe.essentials.org
  - ppe.essentials.attributes.info_module
notes:
  - When the organization and the domain exist but the API answers HTTP 404 for the health check (a stack that does not
    offer it), the task fails with a message that names the endpoint; it never returns an empty report.
seealso:
  - module: ppe.essentials.ppe_domain_info
  - module: ppe.essentials.ppe_domain_verification
  - module: ppe.essentials.ppe_dkim_info
"""

EXAMPLES = r"""
- name: Check a new customer's mail setup
  ppe.essentials.ppe_domain_health_info:
    org: acme.example
    domain: acme.example
  register: health

- name: Show what is not set up yet (the simulator's report shape)
  ansible.builtin.debug:
    msg: "{{ health.health.checks | rejectattr('status', 'eq', 'pass') | map(attribute='message') | list }}"
"""

RETURN = r"""
health:
  description:
    - The health report as the API answers it. Its keys are not documented by the API; the simulator answers
      C(domain), C(status) (the worst of the checks, V(pass), V(warn) or V(fail)) and C(checks), one per part of the
      mail setup (C(ownership), C(mx), C(spf), C(dkim), C(dmarc)), each with C(name), C(status) and C(message).
  returned: success
  type: raw
  sample:
    domain: acme.example
    status: warn
    checks:
      - name: mx
        status: pass
        message: the MX records of acme.example point at Proofpoint Essentials
      - name: dmarc
        status: warn
        message: acme.example publishes no DMARC policy
"""

from ansible_collections.ppe.essentials.plugins.module_utils import _engine as engine
from ansible_collections.ppe.essentials.plugins.module_utils._errors import NotFoundError
from ansible_collections.ppe.essentials.plugins.module_utils._module import InfoDefinition, run_module
from ansible_collections.ppe.essentials.plugins.module_utils._resources.product import DomainHealthResource


class HealthDefinition(InfoDefinition):
    """One GET; a 404 of an existing domain's check names the endpoint (a stack that does not offer it)."""

    def run(self, params, client, check_mode, warn):
        run = engine.Run(self.resource, client, params)
        report = engine.read_existing(run)  # a missing organization or domain is an error naming it
        if report is None:
            path = self.resource.item_path(params)
            raise NotFoundError(
                "%s: the API answered HTTP 404 to GET %s although the organization and the domain exist: this stack "
                "does not offer the domain health check (the endpoint is in the API's specification but not documented "
                "for every stack). Nothing was changed." % (run.describe(), path), method="GET", path=path, status=404)
        return {"health": report, "changed": False}


DEFINITION = HealthDefinition(DomainHealthResource())


def main():
    run_module(DEFINITION)


if __name__ == "__main__":
    main()
