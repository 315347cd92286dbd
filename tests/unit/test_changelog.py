# -*- coding: utf-8 -*-
# Copyright (c) ppe.essentials contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The changelog is generated from the fragments: a release dry run on a copy of the collection."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BIN = os.path.dirname(sys.executable)


def test_release_generates_a_changelog_with_every_fragment_and_new_plugin(tmp_path):
    copy = tmp_path / "ansible_collections" / "ppe" / "essentials"
    shutil.copytree(REPO, str(copy), ignore=shutil.ignore_patterns(".git", ".venv", "reports", "docs", "tests"))
    env = dict(os.environ, ANSIBLE_COLLECTIONS_PATH=str(tmp_path), PATH=BIN + os.pathsep + os.environ.get("PATH", ""))
    subprocess.run([os.path.join(BIN, "antsibull-changelog"), "release", "--version", "0.1.0", "--date", "2026-11-24"],
                   cwd=str(copy), env=env, check=True, capture_output=True, text=True)
    changelog = (copy / "CHANGELOG.rst").read_text(encoding="utf-8")
    assert "v0.1.0" in changelog
    assert "discover_stack" in changelog  # a fragment's text
    for module in sorted(os.listdir(os.path.join(REPO, "plugins", "modules"))):
        assert "ppe.essentials.%s" % module[:-3] in changelog, module  # listed as a new module
    assert "ppe.essentials.orgs" in changelog  # the inventory plugin
    assert not list((copy / "changelogs" / "fragments").glob("*.yml"))  # fragments were consumed
