# -*- coding: utf-8 -*-
# Copyright (c) ppe.essentials contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Small helpers several test files share (imported as tests.support)."""

from __future__ import annotations

import contextlib
import json
import socket
import urllib.request
from unittest import mock

from ansible.module_utils import basic
from ansible.module_utils.common.text.converters import to_bytes

# patch_module_args is imported from here by the unit tests that run a whole module.
try:  # ansible-core >= 2.19
    from ansible.module_utils.testing import patch_module_args  # pylint: disable=unused-import
except ImportError:  # pragma: no cover - older cores
    @contextlib.contextmanager
    def patch_module_args(args):
        """The module arguments an AnsibleModule reads, as ansible-core 2.19's testing helper sets them."""
        with mock.patch.object(basic, "_ANSIBLE_ARGS", to_bytes(json.dumps({"ANSIBLE_MODULE_ARGS": args}))):
            yield


def closed_port():
    """A loopback port nothing listens on (bound once, then released): a connection there is refused."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    return port


class Recorder:
    """Stands in for a client's warn() and sleep(), so retry tests see every warning and wait without waiting."""

    def __init__(self):
        self.warnings = []
        self.sleeps = []

    def warn(self, msg):
        self.warnings.append(msg)

    def sleep(self, seconds):
        self.sleeps.append(seconds)


def in_flight(log):
    """The most requests the simulator was answering at once, from its log's `started`/`ended` times."""
    events = sorted([(e["started"], 1) for e in log if "ended" in e] + [(e["ended"], -1) for e in log if "ended" in e],
                    key=lambda event: (event[0], event[1]))
    peak = current = 0
    for _at, step in events:
        current += step
        peak = max(peak, current)
    return peak


def sim_api(simulator, method, path, body=None, username="admin@msp.example", password="demo-password"):
    """One API request to a running simulator (tests.integration's `simulator`), outside the collection's client:
    how tests set up a fleet by hand, as an administrator would in the portal. The answer's JSON, or None."""
    data = json.dumps(body).encode("utf-8") if body is not None else None
    headers = {"X-User": username, "X-Password": password, "Content-Type": "application/json",
               "X-Terms-Update": "true"}
    request = urllib.request.Request(simulator.url + "/api/v1" + path, data=data, headers=headers, method=method)
    with urllib.request.urlopen(request, timeout=30) as response:
        content = response.read()
    return json.loads(content) if content.strip() else None
