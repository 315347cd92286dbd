# -*- coding: utf-8 -*-
# Copyright (c) ppe.essentials contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The blanket reads-only guard: every Ansible run of the integration tests starts here.

A run that must only read (``--check``/``-C``, or a playbook that forces check mode itself: the audit and the
fleet report, by path or FQCN, also through ansible-runner's ``-p``) goes against simulators switched to
"reads only"; any write it attempts fails the test, whatever the playbook's outcome. ``run`` and ``popen`` are
the only launchers of ansible-playbook and ansible-runner in tests/integration (test_check_guard.py holds the
suite to that), so no test has to remember to count writes.
"""

from __future__ import annotations

import json
import os
import ssl
import subprocess
import urllib.parse
import urllib.request

from tests.simulator.loopback import is_loopback

READ_ONLY_PLAYBOOKS = ("audit", "fleet_report")


def must_only_read(cmd):
    """True for a command that runs Ansible in check mode or one of the read-only playbooks."""
    for arg in cmd:
        arg = str(arg)
        if arg in ("--check", "-C"):
            return True
        name = os.path.basename(arg)
        if any(name in (playbook + ".yml", "ppe.essentials." + playbook) for playbook in READ_ONLY_PLAYBOOKS):
            return True
    return False


def control(url, method, path, body=None):
    """A call to a simulator's control API (/_sim/...) at url; TLS is not verified (loopback test servers only)."""
    data = json.dumps(body).encode("utf-8") if body is not None else None
    request = urllib.request.Request(url + path, data=data, method=method, headers={"Content-Type": "application/json"})
    context = ssl._create_unverified_context() if url.startswith("https:") else None  # pylint: disable=protected-access
    with urllib.request.urlopen(request, timeout=30, context=context) as response:
        content = response.read()
    return json.loads(content) if content.strip() else None


def _is_loopback_url(url):
    return is_loopback(urllib.parse.urlsplit(url or "").hostname or "")


class ReadsOnly:
    """Switches simulators to reads-only mode for one run and collects the writes they refused."""

    def __init__(self, session_url, other_urls=()):
        self.urls = []
        for url in [session_url] + list(other_urls):
            base = (url or "").rstrip("/")
            if base.endswith("/api/v1"):
                base = base[:-len("/api/v1")]
            if base and base not in self.urls and (not self.urls or _is_loopback_url(base)):
                self.urls.append(base)
        self.active = []

    def __enter__(self):
        for url in self.urls:
            try:
                control(url, "PUT", "/_sim/config", {"reads_only": True})
                control(url, "DELETE", "/_sim/refused-writes")
            except OSError:
                if url == self.urls[0]:
                    raise
                continue  # not a simulator (e.g. a closed port a test connects to on purpose)
            self.active.append(url)
        return self

    def refused(self):
        """[(url, {method, path, stack}), ...] of the writes refused during the run."""
        found = []
        for url in self.active:
            found.extend((url, entry) for entry in control(url, "GET", "/_sim/refused-writes") or [])
        return found

    def __exit__(self, *exc_info):
        for url in self.active:
            try:
                control(url, "PUT", "/_sim/config", {"reads_only": False})
            except OSError:
                pass  # a simulator the test already stopped
        return False


def run(cmd, simulator_url, other_urls=(), describe=None, **kwargs):
    """subprocess.run(cmd, **kwargs); a run that must only read goes against reads-only simulators, and a write
    it attempts raises AssertionError (with ``describe(completed)`` or the output)."""
    if not must_only_read(cmd):
        return subprocess.run(cmd, check=False, **kwargs)
    with ReadsOnly(simulator_url, other_urls) as guard:
        completed = subprocess.run(cmd, check=False, **kwargs)
        refused = guard.refused()
    if refused:
        writes = "\n".join("  %s %s (%s)" % (entry["method"], entry["path"], url) for url, entry in refused)
        output = "%s\n%s\n%s" % (" ".join(map(str, cmd)), completed.stdout, completed.stderr)
        shown = describe(completed) if describe else output
        raise AssertionError("A run that must only read attempted %d write(s) against the reads-only simulator "
                             "(every check-mode run must only read):\n%s\n%s" % (len(refused), writes, shown))
    return completed


def popen(cmd, **kwargs):
    """subprocess.Popen(cmd, **kwargs) for runs that may write (concurrent jobs); a run that must only read
    goes through run(), which can check it."""
    if must_only_read(cmd):
        raise AssertionError("%s must only read: start it with guard.run, which checks that" % " ".join(map(str, cmd)))
    return subprocess.Popen(cmd, **kwargs)  # pylint: disable=consider-using-with
