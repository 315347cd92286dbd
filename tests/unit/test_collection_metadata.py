# -*- coding: utf-8 -*-
# Copyright (c) ppe.essentials contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Keeps the collection's metadata consistent with its modules (galaxy.yml, meta/runtime.yml, docs)."""

from __future__ import annotations

import ast
import os

import pytest
import yaml

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
MODULES_DIR = os.path.join(ROOT, "plugins", "modules")


def _load_yaml(*parts):
    with open(os.path.join(ROOT, *parts), encoding="utf-8") as yaml_file:
        return yaml.safe_load(yaml_file)


def _module_names():
    return sorted(
        name[:-3] for name in os.listdir(MODULES_DIR) if name.endswith(".py") and not name.startswith("_")
    )


def _string_constant(path, name):
    """The value of a module-level string assignment, read without importing the file."""
    with open(path, encoding="utf-8") as source_file:
        tree = ast.parse(source_file.read(), path)
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == name for t in node.targets):
            return ast.literal_eval(node.value)
    return None


def test_every_module_is_in_the_ppe_action_group():
    group = _load_yaml("meta", "runtime.yml")["action_groups"]["ppe"]
    modules = _module_names()
    assert modules, "no modules found in plugins/modules"
    missing = sorted(set(modules) - set(group))
    unknown = sorted(set(group) - set(modules))
    assert not missing, "modules missing from action_groups.ppe in meta/runtime.yml: %s" % missing
    assert not unknown, "action_groups.ppe in meta/runtime.yml lists modules that do not exist: %s" % unknown
    assert len(group) == len(set(group)), "action_groups.ppe lists a module twice: %s" % group


def test_collection_version_matches_galaxy_yml():
    galaxy_version = str(_load_yaml("galaxy.yml")["version"])
    code_version = _string_constant(os.path.join(ROOT, "plugins", "module_utils", "_version.py"), "COLLECTION_VERSION")
    assert code_version == galaxy_version, (
        "plugins/module_utils/_version.py COLLECTION_VERSION is %r, galaxy.yml version is %r" % (code_version, galaxy_version)
    )


@pytest.mark.parametrize("module", _module_names())
def test_module_documents_version_added(module):
    documentation = _string_constant(os.path.join(MODULES_DIR, module + ".py"), "DOCUMENTATION")
    assert documentation, "%s has no DOCUMENTATION string" % module
    doc = yaml.safe_load(documentation)
    assert doc.get("module") == module, "DOCUMENTATION of %s says module: %r" % (module, doc.get("module"))
    assert doc.get("version_added"), "DOCUMENTATION of %s has no version_added" % module
