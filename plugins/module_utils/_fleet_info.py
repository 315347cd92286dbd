# -*- coding: utf-8 -*-
# Copyright (c) ppe.essentials contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""ppe_fleet_info: what the fleet report needs of every customer organization of a partner, read in one task.

Private to the ppe.essentials collection. The partner's list of organizations is one request; then, per
organization and on the fleet's workers (_fleet.each), its users, features, mail flow and MFA policy, and the DKIM
keypairs of each of its domains, through the info modules' own definitions, and, when it is declared, its drift
through ppe_customer's own check-mode run. Whether a domain is verified is in the list's records already (the
Domain objects' is_verified), so it costs no request. One task instead of a host and several tasks per
organization.
"""

from __future__ import annotations

from ansible_collections.ppe.essentials.plugins.module_utils import _onboarding
from ansible_collections.ppe.essentials.plugins.module_utils._fleet import WORKERS_OPTION, each, workers_errors
from ansible_collections.ppe.essentials.plugins.module_utils._live_sections import record_domains
from ansible_collections.ppe.essentials.plugins.module_utils._module import Definition, InfoDefinition
from ansible_collections.ppe.essentials.plugins.module_utils._normalize import check_domain, domain, text
from ansible_collections.ppe.essentials.plugins.module_utils._resources.auth_settings import AuthSettingsResource
from ansible_collections.ppe.essentials.plugins.module_utils._resources.dkim import DkimResource
from ansible_collections.ppe.essentials.plugins.module_utils._resources.features import FeaturesResource
from ansible_collections.ppe.essentials.plugins.module_utils._resources.report import ReportResource
from ansible_collections.ppe.essentials.plugins.module_utils._resources.user import UserResource


class MfaSettingsResource(AuthSettingsResource):
    """ppe_auth_settings_info's resource reading only its MFA path: the report shows the MFA policy, not the login
    policy, so one GET per organization instead of two."""

    read_endpoints = (None,)


# What the report reads of each organization: (result key, the info module's definition, its options). One GET each.
READS = (
    ("users", InfoDefinition(UserResource()), {}),
    ("features", InfoDefinition(FeaturesResource()), {}),
    ("report", InfoDefinition(ReportResource()), {"period": "monthly"}),
    ("auth_settings", InfoDefinition(MfaSettingsResource()), {}),
)
# What it reads of each domain of an organization (the domains of its record): ppe_dkim_info's list, one GET.
DOMAIN_READS = (
    ("dkim", InfoDefinition(DkimResource()), {}),
)


class FleetInfoDefinition(Definition):
    """The partner's organizations, each with what the fleet report shows of it."""

    def options(self):
        return {
            "partner": {"type": "str", "required": True},
            "orgs": {"type": "list", "elements": "str"},
            "customers": {"type": "list", "elements": "dict", "default": []},
            "standards": {"type": "dict"},
            "workers": dict(WORKERS_OPTION),
        }

    def stack_domain(self, params):
        return params.get("partner")

    def check(self, params):
        errors = workers_errors(params.get("workers"))
        named = [("partner", params["partner"])] + [("orgs[%d]" % i, o) for i, o in enumerate(params.get("orgs") or [])]
        for key, value in named:
            try:
                check_domain(value)
            except ValueError as exc:
                errors.append("%s: %s" % (key, exc))
        return errors + _onboarding.standards_errors(params.get("standards")) + _onboarding.duplicates(
            params["customers"])

    def secret_values(self, params):
        """The declarations' secrets, as ppe_customer masks them."""
        return _onboarding.CustomerDefinition().secret_values({"customers": params.get("customers") or []})

    def run(self, params, client, check_mode, warn):
        partner = domain(params["partner"])
        steps = _onboarding.Steps(client, True, warn, _onboarding.connection_of(params))
        listed = steps.run(_onboarding.ORG_INFO, {"domain": partner, "children": True})
        if listed.get("failed"):
            return dict(listed, changed=False)
        records = dict((domain(o.get("primary_domain")), o) for o in listed["orgs"])
        wanted = [domain(o) for o in params["orgs"]] if params.get("orgs") else sorted(records)
        declared = dict((domain(c["domain"]), c) for c in params["customers"]
                        if isinstance(c, dict) and isinstance(c.get("domain"), str))

        def read(org, worker):
            if org not in records:
                return {"domain": org, "org": None, "drift": None,
                        "errors": ["%s is not among the organizations of %s" % (org, partner)]}
            out = {"domain": org, "org": records[org], "drift": None, "errors": []}
            worker_steps = _onboarding.Steps(worker, True, warn, steps.connection)
            for key, definition, options in READS:
                result = worker_steps.run(definition, dict(options, org=org))
                if result.get("failed"):
                    out["errors"].append(text(result.get("msg")) or "read failed")
                    return out
                out[key] = result[key]
            for key, definition, options in DOMAIN_READS:
                out[key] = {}
                for name in record_domains(records[org]):
                    result = worker_steps.run(definition, dict(options, org=org, domain=name))
                    if result.get("failed"):
                        out["errors"].append(text(result.get("msg")) or "read failed")
                        return out
                    out[key][name] = result[definition.resource.plural]
            if org in declared:
                answer = _onboarding.onboard(declared[org], worker, True, warn, steps.connection,
                                             params.get("standards"))
                out["drift"] = answer["outcome"]["drift"]
                if answer.get("failed"):
                    out["errors"].append(answer["msg"])
            return out

        return {"changed": False, "partner": partner, "orgs": each(wanted, read, client, params["workers"])}
