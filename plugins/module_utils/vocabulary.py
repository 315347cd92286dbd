# -*- coding: utf-8 -*-
# Copyright (c) ppe.essentials contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The API's fixed values in one place: packages and the features each offers, org and user types.

Private to the ppe.essentials collection; not a public API. Validation (modules and the roles'
declaration checks) and normalization read these, so a value cannot be accepted in one place and
refused in another. tests/unit/test_vocabulary.py holds them equal to the simulator's constants.
Source: the vendor API guide's feature table (see tests/simulator/README.md for the rows whose
columns the guide lost).
"""

from __future__ import annotations

PACKAGES = ("beginner", "business", "business_plus", "advanced", "advanced_plus", "professional", "professional_plus")
ORG_TYPES = ("organization", "channel", "strategic_partner", "oem_partner")
USER_TYPES = ("end_user", "silent_user", "organization_admin", "functional_account", "channel_admin",
              "strategic_partner_admin", "oem_partner_admin")
ADMIN_TYPES = frozenset(("organization_admin", "channel_admin", "strategic_partner_admin", "oem_partner_admin"))

_ALL = PACKAGES
_NOT_BEGINNER = PACKAGES[1:]
_ADVANCED_UP = ("advanced", "advanced_plus", "professional", "professional_plus")
_PLUS_TOP = ("advanced_plus", "professional_plus")

# Feature -> the packages that offer it.
FEATURE_PACKAGES = {
    "attachment_defense": _NOT_BEGINNER,
    "attachment_defense_sandboxing": _ADVANCED_UP,
    "disclaimers": _ALL,
    "dlp": _NOT_BEGINNER,
    "email_archive": ("professional", "professional_plus"),
    "email_encryption": _ADVANCED_UP,
    "instant_replay": _NOT_BEGINNER,
    "outbound_relaying": _ALL,
    "smtp_discovery": _ALL,
    "social_media_account_protection": _ADVANCED_UP,
    "url_defense": _NOT_BEGINNER,
    "anti_spoofing": _ALL,
    "email_warning_tags": _PLUS_TOP,
    "one_click_remediation": ("business_plus", "advanced_plus", "professional_plus"),
    "automatic_remediation": _PLUS_TOP,
}
FEATURES = tuple(FEATURE_PACKAGES)
COUNTED_FEATURES = ("instant_replay",)  # the API types these as numbers (days), every other feature as a boolean

# Bounds the API does not document, chosen far above any real value so that a typo (a negative or absurd
# number) fails before any request: licences of one organization, days of a counted feature.
MAX_LICENSES = 1000000
MAX_FEATURE_DAYS = 3650


def package_features(package):
    """The features a licensing package offers, sorted."""
    return sorted(name for name, packages in FEATURE_PACKAGES.items() if package in packages)
