# -*- coding: utf-8 -*-
# Copyright (c) ppe.essentials contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Keeps the collection's metadata consistent with its modules (galaxy.yml, meta/runtime.yml, docs)."""

from __future__ import annotations

import ast
import os
import re

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


def _pinned_core(requirements_file):
    """The ansible-core version a requirements file pins (following -r includes), as a tuple of ints."""
    path = os.path.join(ROOT, "requirements", requirements_file)
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            line = line.split("#", 1)[0].strip()
            if line.startswith("-r "):
                found = _pinned_core(line[3:].strip())
                if found:
                    return found
            elif line.lower().startswith("ansible-core=="):
                return tuple(int(part) for part in line.split("==", 1)[1].split("."))
    return None


def _test_matrix():
    """The legs of scripts/test: [(ansible-core X.Y, Python X.Y, kind)]."""
    with open(os.path.join(ROOT, "scripts", "test"), encoding="utf-8") as handle:
        source = handle.read()
    legs = re.search(r"^ALL_LEGS=\((.*)\)$", source, re.MULTILINE)
    assert legs, "scripts/test defines no ALL_LEGS=(...) line"
    return [tuple(leg.split()) for leg in re.findall(r'"([^"]+)"', legs.group(1))]


def test_every_leg_of_the_test_matrix_pins_its_ansible_core():
    legs = _test_matrix()
    for core, _python, kind in legs:
        requirements = "test.txt" if kind == "main" else "core-%s.txt" % core
        pinned = _pinned_core(requirements)
        assert pinned, "requirements/%s pins no ansible-core" % requirements
        assert "%d.%d" % pinned[:2] == core, "requirements/%s pins ansible-core %s, the leg is %s" % (
            requirements, ".".join(map(str, pinned)), core)
    files = sorted(f for f in os.listdir(os.path.join(ROOT, "requirements")) if f.startswith("core-"))
    assert files == sorted("core-%s.txt" % core for core, _python, kind in legs if kind != "main"), files


def test_requires_ansible_is_the_oldest_ansible_core_the_tests_run():
    """The floor in meta/runtime.yml is what the oldest full leg of scripts/test (sanity and every test) runs."""
    requires = _load_yaml("meta", "runtime.yml")["requires_ansible"]
    legs = _test_matrix()
    full = sorted(tuple(int(p) for p in core.split(".")) for core, _python, kind in legs if kind in ("main", "full"))
    every = sorted(tuple(int(p) for p in core.split(".")) for core, _python, _kind in legs)
    assert full[0] == every[0], "the oldest ansible-core of the matrix gets only a smoke test"
    assert requires == ">=%d.%d.0" % full[0], "meta/runtime.yml requires_ansible is %r, the oldest tested core is %d.%d" % (
        (requires,) + full[0])
    assert requires == ">=2.16.0", "AAP 2.5 execution environments ship ansible-core 2.16"


def test_readme_install_states_the_floor_of_meta_runtime():
    """README's Install section said 2.19 while meta/runtime.yml said 2.16: users read the README."""
    with open(os.path.join(ROOT, "README.md"), encoding="utf-8") as handle:
        install = handle.read().split("\n## Install\n", 1)[1].split("\n## ", 1)[0]
    floor = re.match(r">=(\d+\.\d+)\.0$", _load_yaml("meta", "runtime.yml")["requires_ansible"]).group(1)
    stated = re.findall(r"ansible-core (\d+\.\d+) or newer", install)
    assert stated == [floor], "README Install states ansible-core %s or newer, meta/runtime.yml %s" % (stated, floor)
