# -*- coding: utf-8 -*-
# Copyright (c) ppe.essentials contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The filter audit_changes of playbooks/audit.yml: what changed since the previous audit.

The comparison is the fleet report's (plugin_utils/_since.py); the documentation is in audit_changes.yml.
"""

from __future__ import annotations

from collections.abc import Mapping

from ansible.errors import AnsibleFilterError

from ansible_collections.ppe.essentials.plugins.plugin_utils._since import audit_with_changes


def audit_changes(report, previous=None, source=None):
    if not isinstance(report, Mapping):
        raise AnsibleFilterError("audit_changes: the input must be the audit's report (a dict with orgs)")
    return audit_with_changes(report, previous=previous, source=source)


class FilterModule:
    """The audit's filter of ppe.essentials."""

    def filters(self):
        return {"audit_changes": audit_changes}
