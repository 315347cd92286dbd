# -*- coding: utf-8 -*-
# Copyright (c) ppe.essentials contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Write the feature-by-package table of ppe_features' documentation from the one vocabulary.

Usage: python scripts/feature_table.py          rewrite plugins/modules/ppe_features.py between the table markers
       python scripts/feature_table.py --check  exit 1 when the documentation differs from the vocabulary
tests/unit/test_feature_table.py runs the check, so the table cannot drift from module_utils/_vocabulary.py.
"""

from __future__ import annotations

import ast
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MODULE = os.path.join(ROOT, "plugins", "modules", "ppe_features.py")
VOCABULARY = os.path.join(ROOT, "plugins", "module_utils", "_vocabulary.py")
BLOCK = re.compile(r"(?ms)^  - The features each licensing package offers.*?(?=^author:)")


def vocabulary():
    """PACKAGES and FEATURE_PACKAGES, read from the source so this works without the collection installed."""
    tree = ast.parse(open(VOCABULARY, encoding="utf-8").read())
    names = {}
    for node in tree.body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            names[node.targets[0].id] = node.value
    env = {}
    for name in ("PACKAGES", "_ALL", "_NOT_BEGINNER", "_ADVANCED_UP", "_PLUS_TOP", "FEATURE_PACKAGES"):
        env[name] = eval(compile(ast.Expression(names[name]), VOCABULARY, "eval"), {}, env)  # pylint: disable=eval-used
    return env["PACKAGES"], env["FEATURE_PACKAGES"]


def table():
    """One description line per feature: the packages that offer it."""
    packages, features = vocabulary()
    lines = ["  - The features each licensing package offers (written from the collection's vocabulary by scripts/feature_table.py)."]
    for name in sorted(features):
        offered = [p for p in packages if p in features[name]]
        lines.append("  - C(%s) - %s." % (name, "every package" if len(offered) == len(packages) else ", ".join(offered)))
    return "\n".join(lines) + "\n"


def main():
    source = open(MODULE, encoding="utf-8").read()
    if not BLOCK.search(source):
        sys.exit("scripts/feature_table: the table's place in %s was not found" % MODULE)
    wanted = BLOCK.sub(lambda m: table(), source, count=1)
    if "--check" in sys.argv[1:]:
        if wanted != source:
            sys.exit("ppe_features' feature table differs from the vocabulary; run python scripts/feature_table.py")
        return
    with open(MODULE, "w", encoding="utf-8") as handle:
        handle.write(wanted)


if __name__ == "__main__":
    main()
