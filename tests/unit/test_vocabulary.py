# -*- coding: utf-8 -*-
# Copyright (c) ppe.essentials contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The collection's vocabulary and the simulator's constants describe the same API: they must not drift."""

from __future__ import annotations

from ansible_collections.ppe.essentials.plugins.module_utils import _vocabulary as vocabulary

from tests.simulator import constants


def test_packages_and_types_equal_the_simulator():
    assert vocabulary.PACKAGES == constants.PACKAGES
    assert set(vocabulary.ORG_TYPES) == set(constants.ORG_TYPES)
    assert set(vocabulary.USER_TYPES) == set(constants.USER_TYPES)
    assert vocabulary.ADMIN_TYPES == frozenset(constants.ADMIN_TYPES)


def test_feature_table_equals_the_simulator():
    assert dict((k, tuple(v)) for k, v in vocabulary.FEATURE_PACKAGES.items()) == \
        dict((k, tuple(v)) for k, v in constants.FEATURE_PACKAGES.items())


def test_every_package_is_told_apart_by_its_features():
    assert [vocabulary.package_offering(vocabulary.package_features(p)) for p in vocabulary.PACKAGES] == list(
        vocabulary.PACKAGES)
    assert vocabulary.package_offering(["dlp"]) == "unknown"


def test_package_features():
    assert "email_archive" not in vocabulary.package_features("advanced")
    assert "email_archive" in vocabulary.package_features("professional")
    assert vocabulary.package_features("beginner") == sorted(
        ["disclaimers", "outbound_relaying", "smtp_discovery", "anti_spoofing"])


def test_country_codes_equal_the_simulator():
    assert vocabulary.COUNTRY_CODES == constants.COUNTRY_CODES
