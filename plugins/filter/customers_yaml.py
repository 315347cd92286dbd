# -*- coding: utf-8 -*-
# Copyright (c) ppe.essentials contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Filter customers_yaml: ppe_customer_info's declarations as a customers file (documented in customers_yaml.yml;
the code is plugin_utils/_customers_yaml.py)."""

from __future__ import annotations

from ansible.errors import AnsibleFilterError

from ansible_collections.ppe.essentials.plugins.module_utils._export import ORDER
from ansible_collections.ppe.essentials.plugins.plugin_utils._customers_yaml import CustomersYamlError, customers_yaml


def _customers_yaml(customers, orgs=None, path="customers.yml"):
    try:
        return customers_yaml(customers, orgs, ORDER, str(path))
    except CustomersYamlError as exc:
        raise AnsibleFilterError(str(exc))


class FilterModule:
    def filters(self):
        return {"customers_yaml": _customers_yaml}
