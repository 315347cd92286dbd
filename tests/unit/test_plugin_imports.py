# -*- coding: utf-8 -*-
# Copyright (c) ppe.essentials contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Every Python file under plugins/ imports with the installed ansible-core and defines what its type needs.

scripts/test runs this on every ansible-core of the test matrix (2.16 to 2.21), also on the versions that
only get a smoke test, so a plugin that uses an API one of them lacks fails here with the file's name.
The action plugin is one class (plugin_utils/_action_plugin.py), which every plugins/action/<module>.py re-exports.
"""

from __future__ import annotations

import importlib
import os

import pytest

from ansible_collections.ppe.essentials.plugins.plugin_utils._action_plugin import ActionModule as ONE_ACTION_PLUGIN

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
PLUGINS = os.path.join(REPO, "plugins")
PACKAGE = "ansible_collections.ppe.essentials.plugins"

# What a file of a plugin type must define for ansible-core to load it (attribute, base class or None).
ENTRY_POINTS = {
    "action": ("ActionModule", "ansible.plugins.action.ActionBase"),
    "inventory": ("InventoryModule", "ansible.plugins.inventory.BaseInventoryPlugin"),
    "filter": ("FilterModule", None),
    "doc_fragments": ("ModuleDocFragment", None),
    "modules": ("main", None),
}


def _python_files():
    found = []
    for directory, subdirs, files in os.walk(PLUGINS):
        subdirs[:] = sorted(d for d in subdirs if d != "__pycache__")
        for name in sorted(files):
            if name.endswith(".py") and not os.path.islink(os.path.join(directory, name)):
                found.append(os.path.relpath(os.path.join(directory, name), PLUGINS))
    return found


FILES = _python_files()


def _module_name(relpath):
    parts = relpath[:-len(".py")].split(os.sep)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join([PACKAGE] + parts)


def _load(dotted):
    module_name, attribute = dotted.rsplit(".", 1)
    return getattr(importlib.import_module(module_name), attribute)


def test_the_plugin_files_are_found():
    types = set(f.split(os.sep)[0] for f in FILES)
    assert {"modules", "module_utils", "inventory", "filter", "doc_fragments"} <= types, types


@pytest.mark.parametrize("relpath", FILES)
def test_plugin_imports(relpath):
    module = importlib.import_module(_module_name(relpath))
    plugin_type = relpath.split(os.sep)[0]
    if plugin_type not in ENTRY_POINTS or os.path.basename(relpath).startswith("_") or relpath.count(os.sep) > 1:
        return  # a helper (module_utils, plugin_utils, a private file): importing it is the test
    attribute, base = ENTRY_POINTS[plugin_type]
    assert hasattr(module, attribute), "plugins/%s defines no %s" % (relpath, attribute)
    if base:
        assert issubclass(getattr(module, attribute), _load(base)), "plugins/%s: %s is not a %s" % (relpath, attribute, base)


def test_every_module_has_the_one_action_plugin_under_its_name():
    """plugins/action holds one file per module, each the one ActionModule of plugin_utils/_action_plugin.py, and
    nothing else (no symlink: antsibull-docs reads one as a renamed module); given a module's task, it runs that
    module (tests/unit/plugins/action/test_module_action.py)."""
    modules = sorted(f[:-len(".py")] for f in os.listdir(os.path.join(PLUGINS, "modules"))
                     if f.endswith(".py") and not f.startswith("_"))
    actions = sorted(f for f in os.listdir(os.path.join(PLUGINS, "action")) if f != "__pycache__")
    assert len(modules) > 30 and actions == [m + ".py" for m in modules], "plugins/action vs plugins/modules"
    wrong = []
    for module in modules:
        path = os.path.join(PLUGINS, "action", module + ".py")
        plugin = importlib.import_module("%s.action.%s" % (PACKAGE, module)).ActionModule
        if os.path.islink(path) or plugin is not ONE_ACTION_PLUGIN:
            wrong.append("plugins/action/%s.py is not a file that re-exports the one ActionModule" % module)
    assert not wrong, wrong
