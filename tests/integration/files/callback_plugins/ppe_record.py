# -*- coding: utf-8 -*-
# Copyright (c) ppe.essentials contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Test-only callback: appends every task result, as the callbacks see it, to the JSON-lines file PPE_RECORD_FILE.

tests/integration/test_execution_paths.py enables it (ANSIBLE_CALLBACK_PLUGINS, ANSIBLE_CALLBACKS_ENABLED) to compare
the results of the same playbook run through the in-process path and through the module path.
"""

from __future__ import annotations

import dataclasses
import json
import os

from ansible.plugins.callback import CallbackBase

DOCUMENTATION = r"""
name: ppe_record
type: aggregate
short_description: Record task results as JSON lines (ppe.essentials tests only)
description:
  - Appends one JSON object per task result to the file named by E(PPE_RECORD_FILE).
"""


def _plain(value):
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return dataclasses.asdict(value)
    return str(value)


class CallbackModule(CallbackBase):
    CALLBACK_VERSION = 2.0
    CALLBACK_TYPE = "aggregate"
    CALLBACK_NAME = "ppe_record"
    CALLBACK_NEEDS_ENABLED = True

    def _record(self, event, result):
        path = os.environ.get("PPE_RECORD_FILE")
        if not path:
            return
        line = json.dumps({"event": event, "task": result._task.get_name(), "action": result._task.action,  # pylint: disable=protected-access
                           "host": result._host.get_name(), "result": result._result},  # pylint: disable=protected-access
                          default=_plain, sort_keys=True)
        with open(path, "a", encoding="utf-8") as handle:
            handle.write(line + "\n")

    def v2_runner_on_ok(self, result):
        self._record("ok", result)

    def v2_runner_on_failed(self, result, ignore_errors=False):
        self._record("failed", result)

    def v2_runner_on_skipped(self, result):
        self._record("skipped", result)

    def v2_runner_on_unreachable(self, result):
        self._record("unreachable", result)
