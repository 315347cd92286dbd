# -*- coding: utf-8 -*-
# Copyright (c) ppe.essentials contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Every Python file under plugins/ imports with the installed ansible-core and defines what its type needs.

scripts/test runs this on every ansible-core of the test matrix (2.16 to 2.21), also on the versions that
only get a smoke test, so a plugin that uses an API one of them lacks fails here with the file's name.
The action plugins are one file (plugin_utils/_action_plugin.py) under every module's name, by symlink: it is
imported once as itself, and once under every module's name by the test of the action plugins.
"""

from __future__ import annotations

import importlib
import os

import pytest

from ansible_collections.ppe.essentials.plugins.plugin_utils._action import ModuleAction

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
PLUGINS = os.path.join(REPO, "plugins")
ACTION_PLUGIN = "../plugin_utils/_action_plugin.py"  # relative, inside the collection: the tarball keeps it
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
    """plugins/action holds one symlink per module to the one implementation, and nothing else; loaded under a
    module's name, the plugin runs that module."""
    modules = sorted(f[:-len(".py")] for f in os.listdir(os.path.join(PLUGINS, "modules"))
                     if f.endswith(".py") and not f.startswith("_"))
    actions = sorted(f for f in os.listdir(os.path.join(PLUGINS, "action")) if f != "__pycache__")
    assert len(modules) > 30 and actions == [m + ".py" for m in modules], "plugins/action vs plugins/modules"
    wrong = []
    for module in modules:
        path = os.path.join(PLUGINS, "action", module + ".py")
        if not os.path.islink(path) or os.readlink(path) != ACTION_PLUGIN:
            wrong.append("plugins/action/%s.py is not a symlink to %s" % (module, ACTION_PLUGIN))
            continue
        plugin = importlib.import_module("%s.action.%s" % (PACKAGE, module)).ActionModule
        if not issubclass(plugin, ModuleAction) or plugin.__new__(plugin).module_name() != module:
            wrong.append("plugins/action/%s.py does not run its module" % module)
    assert not wrong, wrong
