# -*- coding: utf-8 -*-
# Copyright (c) ppe.essentials contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""A real browser for the tests: Debian's chromium, headless, offline (no network services of its own).

``chromium()`` returns its path or fails the test with how to install it (.ci/run installs it where it is
missing); ``dump_dom(path)`` returns the DOM after the page's scripts ran; ``screenshot(path, png)`` saves a PNG.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile

import pytest

INSTALL = ("sudo apt-get update && sudo apt-get install -y --no-install-recommends chromium "
           "(.ci/run installs it where it is missing)")
TIMEOUT = 120
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--disable-dev-shm-usage", "--hide-scrollbars")


def chromium():
    """The path of chromium; fails (does not skip) when it is missing."""
    found = os.environ.get("PPE_CHROMIUM") or shutil.which("chromium") or (
        "/usr/bin/chromium" if os.access("/usr/bin/chromium", os.X_OK) else None)
    if not found:
        pytest.fail("chromium is needed to test the fleet report in a real browser and was not found; install it: "
                    + INSTALL)
    return found


def _run(args):
    with tempfile.TemporaryDirectory(prefix="ppe-chromium-") as profile:
        cmd = [chromium()] + list(FLAGS) + ["--user-data-dir=%s" % profile] + list(args)
        completed = subprocess.run(cmd, capture_output=True, text=True, timeout=TIMEOUT, check=False,
                                   stdin=subprocess.DEVNULL, env=dict(os.environ, HOME=profile))
    if completed.returncode != 0:
        raise AssertionError("chromium failed (exit code %s): %s\n%s" % (
            completed.returncode, " ".join(cmd), completed.stderr[-3000:]))
    return completed


def dump_dom(path):
    """The serialized DOM of the local file `path` after its scripts ran."""
    return _run(["--dump-dom", "file://" + os.path.abspath(path)]).stdout


def screenshot(path, png, width=1400, height=1000):
    """Saves a screenshot of the local file `path` as `png`."""
    _run(["--screenshot=%s" % os.path.abspath(png), "--window-size=%d,%d" % (width, height),
          "file://" + os.path.abspath(path)])
    assert os.path.getsize(png) > 1000, "chromium wrote no screenshot to %s" % png
    return png
