# -*- coding: utf-8 -*-
# Copyright (c) ppe.essentials contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""What the built collection carries: ``ansible-galaxy collection build`` of this checkout, file list checked.

The build runs on a copy of the checkout into which the development state a working tree collects is planted
(virtual environments of every test leg, caches, reports, the docs build, ansible-test output), so that
galaxy.yml's ``build_ignore`` is checked against all of it whatever lies in this checkout today. What ships: the plugins, roles,
playbooks, meta, docs, changelogs, the runtime requirements.txt, README and LICENSE, and tests/ (unit,
integration and the API simulator, so that an installed collection can still be tested and tried, and
Automation Hub's ansible-test sanity finds tests/config.yml).
"""

from __future__ import annotations

import fnmatch
import json
import os
import shutil
import subprocess
import sys
import tarfile

import pytest
import yaml

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BIN_DIR = os.path.dirname(sys.executable)

# Development files an installed collection must not carry (fnmatch patterns on the tarball's paths; "*"
# also matches "/").
FORBIDDEN = (
    ".*",  # any top-level dotfile or dot-directory: .gitignore, .ansible-lint, .shellcheckrc, .ci, .venv*, ...
    "*/.*",  # and any below (.pytest_cache, .hypothesis, ...)
    "scripts", "scripts/*",
    "requirements", "requirements/*",  # development pins; the runtime requirements.txt ships
    "collections", "collections/*",
    "reports", "reports/*",
    "dist", "dist/*",
    "tests/output", "tests/output/*",
    "docs/build", "docs/build/*",
    "docs/awx/files", "docs/awx/files/*",
    "changelogs/.plugin-cache.yaml",
    # development input of antsibull-changelog, consumed at release (changelog.yaml ships); galaxy-importer's
    # ansible-lint, which runs without the repo's .ansible-lint, takes a fragment named *playbook* for a playbook
    "changelogs/fragments", "changelogs/fragments/*",
    "*__pycache__*", "*.pyc",
    "*.tar.gz",
)
# Development state planted into the copy that is built (each gets a file "x" inside, or is that file).
PLANTED_DIRS = (
    ".venv", ".venv-core216", ".venv-importer", ".ansible", ".hypothesis", ".benchmarks", ".pytest_cache", ".cache",
    ".github", ".vscode", "collections/ansible_collections", "reports/demo", "dist", "docs/build/html",
    "docs/awx/files", "tests/output/bot", "plugins/modules/__pycache__", "tests/unit/.pytest_cache",
)
PLANTED_FILES = ("changelogs/.plugin-cache.yaml", "ppe-essentials-0.0.1.tar.gz", "other.tar.gz", ".coverage")
# Not copied from the checkout (large, or planted above instead).
NOT_COPIED = (".git", ".venv*", ".ansible", ".hypothesis", ".benchmarks", ".pytest_cache", "collections", "reports",
              "dist", "build", "output", "__pycache__", "*.tar.gz")
# Files every install needs, beyond what the directory walk below requires.
REQUIRED = (
    "MANIFEST.json", "FILES.json", "README.md", "LICENSE", "requirements.txt",
    "meta/runtime.yml", "meta/execution-environment.yml",
    "changelogs/changelog.yaml", "changelogs/config.yaml",
    "docs/docsite/links.yml", "docs/docsite/extra-docs.yml",
    "tests/config.yml", "tests/conftest.py", "tests/simulator/serve.py",
)
# Directories shipped whole: every file in them (but caches) must be in the tarball.
SHIPPED_DIRS = ("plugins", "roles", "playbooks", "meta", "docs/docsite", "docs/awx")


def _galaxy():
    with open(os.path.join(REPO, "galaxy.yml"), encoding="utf-8") as handle:
        return yaml.safe_load(handle)


@pytest.fixture(scope="module")
def tarball(tmp_path_factory):
    out = tmp_path_factory.mktemp("build")
    tree = out / "src" / "ansible_collections" / "ppe" / "essentials"
    shutil.copytree(REPO, str(tree), ignore=shutil.ignore_patterns(*NOT_COPIED))
    for directory in PLANTED_DIRS:
        (tree / directory).mkdir(parents=True, exist_ok=True)
        (tree / directory / "x").write_text("development state\n", encoding="utf-8")
    for name in PLANTED_FILES:
        (tree / name).write_text("development state\n", encoding="utf-8")
    env = dict((k, v) for k, v in os.environ.items() if not k.startswith("ANSIBLE_"))
    env.update({"ANSIBLE_HOME": str(out / "home"), "ANSIBLE_LOCAL_TEMP": str(out / "tmp"), "ANSIBLE_NOCOLOR": "1"})
    completed = subprocess.run(
        [os.path.join(BIN_DIR, "ansible-galaxy"), "collection", "build", "--output-path", str(out / "dist"), str(tree)],
        cwd=str(out), env=env, stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=300, check=False)
    assert completed.returncode == 0, completed.stdout + completed.stderr
    galaxy = _galaxy()
    path = out / "dist" / ("%s-%s-%s.tar.gz" % (galaxy["namespace"], galaxy["name"], galaxy["version"]))
    assert path.is_file(), completed.stdout
    return path


@pytest.fixture(scope="module")
def members(tarball):
    """{path: TarInfo} of the tarball, directories without their trailing slash."""
    with tarfile.open(str(tarball)) as archive:
        return dict((m.name.rstrip("/"), m) for m in archive.getmembers())


def _shipped_files():
    found = []
    for top in SHIPPED_DIRS:
        for directory, subdirs, files in os.walk(os.path.join(REPO, top)):
            subdirs[:] = [d for d in subdirs if d != "__pycache__" and not d.startswith(".")]
            rel = os.path.relpath(directory, REPO)
            found += [os.path.join(rel, f).replace(os.sep, "/") for f in files
                      if not f.endswith(".pyc") and not f.startswith(".")
                      and not any(fnmatch.fnmatch(os.path.join(rel, f), p) for p in FORBIDDEN)]
    return sorted(found)


def test_no_development_files(members):
    shipped_dev = sorted(name for name in members if any(fnmatch.fnmatch(name, p) for p in FORBIDDEN))
    assert not shipped_dev, "the tarball carries development files (extend build_ignore in galaxy.yml): %s" % shipped_dev


def test_required_files_are_there(members):
    missing = [name for name in REQUIRED if name not in members]
    assert not missing, "the tarball lacks %s" % missing


def test_every_plugin_role_playbook_meta_and_docs_file_is_there(members):
    files = _shipped_files()
    assert any(f.startswith("plugins/modules/") for f in files) and any(f.startswith("roles/") for f in files)
    missing = [name for name in files if name not in members]
    assert not missing, "the tarball lacks %s (does build_ignore in galaxy.yml match too much?)" % missing


def test_tests_ship_without_their_output(members):
    for directory in ("tests/unit", "tests/integration", "tests/simulator"):
        assert any(name.startswith(directory + "/") and name.endswith(".py") for name in members), directory


def test_manifest_describes_this_collection(tarball, members):
    galaxy = _galaxy()
    with tarfile.open(str(tarball)) as archive:
        manifest = json.load(archive.extractfile("MANIFEST.json"))
        files_json = json.load(archive.extractfile("FILES.json"))
    info = manifest["collection_info"]
    assert (info["namespace"], info["name"], info["version"]) == (galaxy["namespace"], galaxy["name"], galaxy["version"])
    assert info["license"] == galaxy["license"]
    listed = set(entry["name"] for entry in files_json["files"] if entry["name"] != ".")
    assert listed == set(members) - {"MANIFEST.json", "FILES.json"}
