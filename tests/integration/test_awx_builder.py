# -*- coding: utf-8 -*-
# Copyright (c) ppe.essentials contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""ansible-builder accepts the collection's EE metadata and the example EE definition for AWX.

`ansible-builder create` only writes the build context (Containerfile + _build/), so no container engine is needed;
building the image itself (`ansible-builder build`) needs podman or docker and registry access and is not tested.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import yaml

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BIN_DIR = os.path.dirname(sys.executable)
EE_EXAMPLE = os.path.join(REPO, "docs", "awx", "execution-environment.yml")


def _run(cmd, cwd, env=None):
    completed = subprocess.run(cmd, cwd=cwd, env=env, stdin=subprocess.DEVNULL, capture_output=True, text=True,
                               timeout=300, check=False)
    assert completed.returncode == 0, "%s\nrc %s\n%s\n%s" % (cmd, completed.returncode, completed.stdout, completed.stderr)
    return completed


def _galaxy_version():
    with open(os.path.join(REPO, "galaxy.yml"), encoding="utf-8") as handle:
        return yaml.safe_load(handle)["version"]


def test_collection_metadata_gives_requests(tmp_path):
    """meta/execution-environment.yml + requirements.txt, as ansible-builder reads them from an installed collection."""
    collections = tmp_path / "collections"
    (collections / "ansible_collections" / "ppe").mkdir(parents=True)
    (collections / "ansible_collections" / "ppe" / "essentials").symlink_to(REPO, target_is_directory=True)
    out = _run([os.path.join(BIN_DIR, "ansible-builder"), "introspect", str(collections)], cwd=str(tmp_path)).stdout
    assert "requests>=2.25  # from collection ppe.essentials" in out


def test_example_execution_environment_creates_a_context(tmp_path, ansible_env):
    version = _galaxy_version()
    with open(EE_EXAMPLE, encoding="utf-8") as handle:
        definition = yaml.safe_load(handle)
    tarball = "ppe-essentials-%s.tar.gz" % version
    assert definition["version"] == 3
    assert definition["additional_build_files"][0]["src"] == "files/" + tarball, "update docs/awx/execution-environment.yml"
    assert definition["dependencies"]["galaxy"]["collections"][0]["name"] == "/build/files/" + tarball

    shutil.copy(EE_EXAMPLE, str(tmp_path / "execution-environment.yml"))
    _run([os.path.join(BIN_DIR, "ansible-galaxy"), "collection", "build", "--output-path", str(tmp_path / "files"), REPO],
         cwd=str(tmp_path), env=ansible_env)
    assert (tmp_path / "files" / tarball).is_file()

    _run([os.path.join(BIN_DIR, "ansible-builder"), "create", "-f", "execution-environment.yml", "--context",
          str(tmp_path / "context"), "--output-filename", "Containerfile"], cwd=str(tmp_path))
    containerfile = (tmp_path / "context" / "Containerfile").read_text(encoding="utf-8")
    build = tmp_path / "context" / "_build"
    assert "quay.io/fedora/fedora-minimal:40" in containerfile
    assert "ansible-galaxy collection install" in containerfile
    assert "requests>=2.25" in (build / "requirements.txt").read_text(encoding="utf-8")
    assert "/build/files/" + tarball in (build / "requirements.yml").read_text(encoding="utf-8")
    assert (build / "files" / tarball).is_file()
