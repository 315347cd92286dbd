# -*- coding: utf-8 -*-
# Copyright (c) ppe.essentials contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The filter customer_problems: check a customer declaration without a request.

The logic is ppe.essentials.ppe_customer's (module_utils/_onboarding.py and _customer.py), so the check is the same.
Its documentation is in customer_problems.yml, as in ansible-core.
"""

from __future__ import annotations

from collections.abc import Mapping

from ansible.errors import AnsibleFilterError

from ansible_collections.ppe.essentials.plugins.module_utils import _customer, _onboarding
from ansible_collections.ppe.essentials.plugins.module_utils._errors import first
from ansible_collections.ppe.essentials.plugins.module_utils._normalize import integer


def customer_problems(customer, org=None, limit=20):
    """Filter: the problems of a declaration, at most `limit` (0: all) then how many more there are: what
    ppe_customer checks before its first write, without a request (the input's form first, as the module does)."""
    try:
        errors, validated = _onboarding.input_errors(customer) if isinstance(customer, Mapping) else ([], customer)
        if errors:
            return first(errors, integer(limit))
        if org is not None and not isinstance(org, Mapping):
            _customer.customer_problems(customer, org)  # raises, naming what org must be
        return _onboarding.declaration_problems(validated, org, limit=limit)
    except _customer.DeclarationError as exc:
        raise AnsibleFilterError(str(exc)) from exc


class FilterModule:
    """The declaration filter of ppe.essentials."""

    def filters(self):
        return {
            "customer_problems": customer_problems,
        }
