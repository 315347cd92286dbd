# -*- coding: utf-8 -*-
# Copyright (c) ppe.essentials contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""ansible-doc renders every module and plugin of the collection without warnings or deprecations."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BIN_DIR = os.path.dirname(sys.executable)
# plugin type -> directory under plugins/ (modules are plugins of type "module")
PLUGIN_DIRS = {"module": "modules", "inventory": "inventory", "filter": "filter"}
# Plugin types whose files hold several plugins, each documented in a YAML file of its name (as in ansible-core).
SIDECAR_DOCS = {"filter"}


def _plugins():
    found = []
    for plugin_type, directory in sorted(PLUGIN_DIRS.items()):
        path = os.path.join(REPO, "plugins", directory)
        if os.path.isdir(path):
            suffix = ".yml" if plugin_type in SIDECAR_DOCS else ".py"
            found += [(plugin_type, f[:-len(suffix)]) for f in sorted(os.listdir(path))
                      if f.endswith(suffix) and not f.startswith("_")]
    return found


PLUGINS = _plugins()


@pytest.fixture(scope="module")
def doc_env(tmp_path_factory):
    base = tmp_path_factory.mktemp("ansible-doc")
    (base / "ansible.cfg").write_text("[defaults]\n", encoding="utf-8")
    (base / "collections" / "ansible_collections" / "ppe").mkdir(parents=True)
    (base / "collections" / "ansible_collections" / "ppe" / "essentials").symlink_to(REPO, target_is_directory=True)
    env = dict((k, v) for k, v in os.environ.items() if not k.startswith(("ANSIBLE_", "PPE_")))
    env.update({"ANSIBLE_COLLECTIONS_PATH": str(base / "collections"), "ANSIBLE_HOME": str(base / "home"),
                "ANSIBLE_LOCAL_TEMP": str(base / "tmp"), "ANSIBLE_NOCOLOR": "1", "ANSIBLE_CONFIG": str(base / "ansible.cfg"),
                "PATH": BIN_DIR + os.pathsep + os.environ.get("PATH", "")})
    return env


def test_every_plugin_type_is_covered():
    assert ("inventory", "orgs") in PLUGINS
    assert len([p for p in PLUGINS if p[0] == "module"]) >= 7
    unknown = [d for d in os.listdir(os.path.join(REPO, "plugins"))
               if d not in PLUGIN_DIRS.values() and d not in ("module_utils", "doc_fragments", "__pycache__", "plugin_utils", "action")]
    assert not unknown, "add the plugin type of %s to PLUGIN_DIRS" % unknown


@pytest.mark.parametrize("plugin_type, name", PLUGINS)
def test_ansible_doc_renders(doc_env, plugin_type, name):
    fqcn = "ppe.essentials." + name
    completed = subprocess.run([os.path.join(BIN_DIR, "ansible-doc"), "-t", plugin_type, fqcn], env=doc_env,
                               stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=120, check=False)
    assert completed.returncode == 0, completed.stderr
    assert fqcn.upper() in completed.stdout.upper()
    noise = [line for line in completed.stderr.splitlines() if "[WARNING]" in line or "[DEPRECATION" in line or "ERROR" in line]
    assert not noise, completed.stderr
    assert "EXAMPLES" in completed.stdout


@pytest.mark.parametrize("plugin_type", sorted(PLUGIN_DIRS))
def test_ansible_doc_lists_them(doc_env, plugin_type):
    completed = subprocess.run([os.path.join(BIN_DIR, "ansible-doc"), "-t", plugin_type, "-l", "ppe.essentials"],
                               env=doc_env, stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=120,
                               check=False)
    assert completed.returncode == 0, completed.stderr
    assert not [line for line in completed.stderr.splitlines() if "[WARNING]" in line], completed.stderr
    for ptype, name in PLUGINS:
        if ptype == plugin_type:
            assert "ppe.essentials." + name in completed.stdout
