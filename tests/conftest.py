# -*- coding: utf-8 -*-
# Copyright (c) ppe.essentials contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Makes this checkout importable as ``ansible_collections.ppe.essentials`` for plain pytest.

The repository root is the collection root, so there is no ``ansible_collections/ppe/essentials``
directory above it. This conftest creates one in a temporary directory (a symlink to the checkout;
Python imports follow symlinks) and puts it first on sys.path. When the checkout already lives under
``.../ansible_collections/ppe/essentials`` (ansible-test, an installed collection), it only makes sure
that parent directory is on sys.path, so the file is harmless there.
"""

from __future__ import annotations

import atexit
import os
import shutil
import sys
import tempfile

COLLECTION_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def _collections_base(root):
    """Return a directory that contains ansible_collections/ppe/essentials pointing at root."""
    parts = root.split(os.sep)
    if parts[-3:-2] == ["ansible_collections"]:
        return os.sep.join(parts[:-3]) or os.sep
    base = tempfile.mkdtemp(prefix="ppe-collections-")
    atexit.register(shutil.rmtree, base, True)
    os.makedirs(os.path.join(base, "ansible_collections", "ppe"))
    os.symlink(root, os.path.join(base, "ansible_collections", "ppe", "essentials"))
    return base


COLLECTIONS_BASE = _collections_base(COLLECTION_ROOT)
if COLLECTIONS_BASE not in sys.path:
    sys.path.insert(0, COLLECTIONS_BASE)
