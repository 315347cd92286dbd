# -*- coding: utf-8 -*-
# Copyright (c) ppe.essentials contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""ppe_features documents which package offers which feature; the table is written from the vocabulary."""

from __future__ import annotations

import os
import subprocess
import sys

import yaml

from ansible_collections.ppe.essentials.plugins.module_utils._vocabulary import FEATURE_PACKAGES, PACKAGES
from ansible_collections.ppe.essentials.plugins.modules import ppe_features

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def test_the_documented_table_is_the_vocabulary():
    completed = subprocess.run([sys.executable, os.path.join(ROOT, "scripts", "feature_table.py"), "--check"],
                               capture_output=True, text=True, check=False)
    assert completed.returncode == 0, completed.stderr


def test_every_feature_has_one_line_naming_its_packages():
    lines = [d for d in yaml.safe_load(ppe_features.DOCUMENTATION)["description"] if d.startswith("C(")]
    assert len(lines) == len(FEATURE_PACKAGES)
    for name, packages in FEATURE_PACKAGES.items():
        line = next(d for d in lines if d.startswith("C(%s)" % name))
        assert ("every package" in line) == (len(packages) == len(PACKAGES)), line
        assert all(p in line for p in packages) or "every package" in line, line
