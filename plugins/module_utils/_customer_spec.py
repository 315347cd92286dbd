# -*- coding: utf-8 -*-
# Copyright (c) ppe.essentials contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The options of a customer declaration (ppe_customer), built from the declarations of the modules whose options
its sections are (ppe_org, ppe_domain, ppe_licensing, ppe_sender_lists, ppe_users), one name per key (no aliases).

roles/onboard_customer/meta/argument_specs.yml says the same with descriptions (a module cannot read the role's
file: it runs from an AnsiballZ payload); tests/unit/plugins/module_utils/test_customer_spec.py fails when the two
differ, naming the difference. The optional sections (verification, DKIM, ...) are mappings or lists of mappings
here; their keys are checked against their own modules' options (_onboarding.DECLARED_KEYS) before any request, and
their values by each step's own argument spec.
"""

from __future__ import annotations

from ansible_collections.ppe.essentials.plugins.module_utils._licensing import LicensingDefinition
from ansible_collections.ppe.essentials.plugins.module_utils._module import ResourceDefinition
from ansible_collections.ppe.essentials.plugins.module_utils._resources.domain import DomainResource
from ansible_collections.ppe.essentials.plugins.module_utils._resources.org import OrgResource
from ansible_collections.ppe.essentials.plugins.module_utils._resources.sender_lists import SenderListsResource
from ansible_collections.ppe.essentials.plugins.module_utils._users import UsersDefinition
from ansible_collections.ppe.essentials.plugins.module_utils._vocabulary import USER_TYPES

# The organization's own fields a declaration sets at its top (ppe_org's options of the same names).
ORG_FIELDS = ("type", "country", "stateprov", "address", "postcode", "phone", "www", "send_welcome_email", "is_active")
ORG_USER_TYPES = USER_TYPES[:4]  # a customer organization's users; the partner types are a partner's


def _required():
    return {"type": "str", "required": True}


def _section(**more):
    return dict(more, type="dict")


def _items(**more):
    return dict(more, type="list", elements="dict")


def _plain(option):
    """A module's option as the declaration takes it: without aliases and an explicit no_log: false."""
    option = dict((k, v) for k, v in option.items() if k != "aliases" and (k, v) != ("no_log", False))
    if "options" in option:
        option["options"] = dict((name, _plain(sub)) for name, sub in option["options"].items())
    return option


def _pick(options, names, **changed):
    return dict(((name, _plain(options[name])) for name in names), **changed)


_ORG = ResourceDefinition(OrgResource()).options()
_USER = UsersDefinition().options()["users"]["options"]

CUSTOMER_OPTIONS = dict(
    _pick(_ORG, ORG_FIELDS),
    domain=_required(), parent=_required(), name=_required(),
    admin=_section(options=_pick(_ORG["admin_user"]["options"], ("firstname", "surname"), email=_required())),
    domains=_items(default=[], options=_pick(ResourceDefinition(DomainResource()).options(), (
        "name", "is_relay", "destination", "failovers", "is_active"))),
    licensing=_section(options=_pick(LicensingDefinition().options(), ("package", "license_count", "is_on_trial"))),
    features=_section(default={}),
    sender_lists=_section(options=_pick(ResourceDefinition(SenderListsResource()).options(), (
        "allow_list", "block_list", "mode"))),
    users=_items(default=[], options=_pick(_USER, [name for name in _USER if name != "must_exist"], type={
        "type": "str", "choices": list(ORG_USER_TYPES)})),
    purge_users={"type": "bool", "default": False},
    standards_exceptions=_items(options={"path": _required(), "reason": _required()}),
    verification=_section(), dkim=_items(), email_tagging=_section(), azure_sync=_section(),
    authentication=_section(), saml_idps=_items(),
)
