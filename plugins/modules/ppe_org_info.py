#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) ppe.essentials contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r"""
module: ppe_org_info
short_description: Read a Proofpoint Essentials organization or a partner's child organizations
version_added: 0.1.0
description:
  - Returns one organization, or with O(children=true) the child organizations of a partner, optionally
    filtered by type and active state.
  - Never changes anything.
author:
  - PPE Essentials maintainers (@ppe-essentials)
options:
  domain:
    description:
      - Any domain of the organization to read (with O(children=true), of the partner).
    type: str
    required: true
    aliases: [primary_domain]
  children:
    description:
      - Return the organization's child organizations instead of the organization itself.
    type: bool
    default: false
  type:
    description:
      - With O(children=true), return only child organizations of these types.
    type: list
    elements: str
    choices: [organization, channel, strategic_partner, oem_partner]
  is_active:
    description:
      - With O(children=true), return only active (V(true)) or only inactive (V(false)) child organizations.
    type: bool
extends_documentation_fragment:
  - ppe.essentials.connection
  - ppe.essentials.attributes.info_module
seealso:
  - module: ppe.essentials.ppe_org
"""

EXAMPLES = r"""
- name: Read one organization
  ppe.essentials.ppe_org_info:
    domain: acme.example
  register: acme

- name: List the active customer organizations of our partner account
  ppe.essentials.ppe_org_info:
    domain: msp.example
    children: true
    type: [organization]
    is_active: true
  register: customers

- name: Show their primary domains
  ansible.builtin.debug:
    msg: "{{ customers.orgs | map(attribute='primary_domain') | list }}"
"""

RETURN = r"""
org:
  description:
    - The organization named by O(domain), or V(null) when it does not exist.
    - Has the keys of RV(ppe.essentials.ppe_org#module:org).
  returned: when O(children=false)
  type: dict
  sample:
    primary_domain: acme.example
    name: Acme Corporation
    type: organization
    is_active: true
    licensing_package: business
    user_licenses: 25
orgs:
  description:
    - With O(children=true), the matching child organizations; otherwise a list of zero or one organization.
  returned: success
  type: list
  elements: dict
  sample:
    - primary_domain: acme.example
      name: Acme Corporation
      type: organization
      is_active: true
"""

from ansible_collections.ppe.essentials.plugins.module_utils.client import api_path
from ansible_collections.ppe.essentials.plugins.module_utils.module import run_info_module
from ansible_collections.ppe.essentials.plugins.module_utils.normalize import check_domain, domain, rename_deprecated
from ansible_collections.ppe.essentials.plugins.module_utils.vocabulary import ORG_TYPES


def matches(org, params):
    return (not params["type"] or org.get("type") in params["type"]) and (
        params["is_active"] is None or bool(org.get("is_active")) == params["is_active"])


def read_orgs(client, params):
    if not params["children"]:
        org = rename_deprecated(client.get_or_none(api_path("orgs", params["domain"])))
        return {"org": org, "orgs": [org] if org else []}
    listing = (client.get(api_path("orgs", params["domain"], "orgs")) or {}).get("orgs") or []
    itself = domain(params["domain"])
    children = [rename_deprecated(o) for o in listing
                if domain(o.get("primary_domain")) != itself and itself not in [domain(d.get("name")) for d in o.get("domains") or []]]
    return {"orgs": [o for o in children if matches(o, params)]}


def main():
    run_info_module(
        argument_spec={
            "domain": {"type": "str", "required": True, "aliases": ["primary_domain"]},
            "children": {"type": "bool", "default": False},
            "type": {"type": "list", "elements": "str", "choices": list(ORG_TYPES)},
            "is_active": {"type": "bool"},
        },
        checks={"domain": check_domain},
        read=read_orgs,
    )


if __name__ == "__main__":
    main()
