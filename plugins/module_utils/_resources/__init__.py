# -*- coding: utf-8 -*-
# Copyright (c) ppe.essentials contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""One declaration per API resource; modules, info modules, ppe_users and the inventory plugin build on these.

Private to the ppe.essentials collection; not a public API.
"""
