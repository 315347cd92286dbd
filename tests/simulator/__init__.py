# -*- coding: utf-8 -*-
# Copyright (c) ppe.essentials contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Local simulator of the Proofpoint Essentials REST API v1, for tests only (see README.md)."""

from __future__ import annotations

from .app import create_app
from .store import Store, load_fixture_file

__all__ = ["create_app", "Store", "load_fixture_file"]
