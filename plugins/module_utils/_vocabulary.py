# -*- coding: utf-8 -*-
# Copyright (c) ppe.essentials contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The API's fixed values in one place: packages and features, org and user types, countries, deprecated names.

Private to the ppe.essentials collection; not a public API. Validation (modules and the roles'
declaration checks) and normalization read these, so a value cannot be accepted in one place and
refused in another. tests/unit/test_vocabulary.py holds them equal to the simulator's constants.
Source: the vendor API guide's feature table (see tests/simulator/README.md for the rows whose
columns the guide lost).
"""

from __future__ import annotations

PACKAGES = ("beginner", "business", "business_plus", "advanced", "advanced_plus", "professional", "professional_plus")
DEFAULT_PACKAGE = "business"  # what the API gives a new organization when none is set
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


def package_offering(features):
    """The package whose feature set is exactly `features` (every package's set differs), or 'unknown'."""
    return next((p for p in PACKAGES if package_features(p) == sorted(features)), "unknown")


# ISO 3166-1 alpha-2 codes, which the API requires for an organization's country.
COUNTRY_CODES = frozenset((
    "AD", "AE", "AF", "AG", "AI", "AL", "AM", "AO", "AQ", "AR", "AS", "AT", "AU", "AW", "AX", "AZ", "BA",
    "BB", "BD", "BE", "BF", "BG", "BH", "BI", "BJ", "BL", "BM", "BN", "BO", "BQ", "BR", "BS", "BT", "BV",
    "BW", "BY", "BZ", "CA", "CC", "CD", "CF", "CG", "CH", "CI", "CK", "CL", "CM", "CN", "CO", "CR", "CU",
    "CV", "CW", "CX", "CY", "CZ", "DE", "DJ", "DK", "DM", "DO", "DZ", "EC", "EE", "EG", "EH", "ER", "ES",
    "ET", "FI", "FJ", "FK", "FM", "FO", "FR", "GA", "GB", "GD", "GE", "GF", "GG", "GH", "GI", "GL", "GM",
    "GN", "GP", "GQ", "GR", "GS", "GT", "GU", "GW", "GY", "HK", "HM", "HN", "HR", "HT", "HU", "ID", "IE",
    "IL", "IM", "IN", "IO", "IQ", "IR", "IS", "IT", "JE", "JM", "JO", "JP", "KE", "KG", "KH", "KI", "KM",
    "KN", "KP", "KR", "KW", "KY", "KZ", "LA", "LB", "LC", "LI", "LK", "LR", "LS", "LT", "LU", "LV", "LY",
    "MA", "MC", "MD", "ME", "MF", "MG", "MH", "MK", "ML", "MM", "MN", "MO", "MP", "MQ", "MR", "MS", "MT",
    "MU", "MV", "MW", "MX", "MY", "MZ", "NA", "NC", "NE", "NF", "NG", "NI", "NL", "NO", "NP", "NR", "NU",
    "NZ", "OM", "PA", "PE", "PF", "PG", "PH", "PK", "PL", "PM", "PN", "PR", "PS", "PT", "PW", "PY", "QA",
    "RE", "RO", "RS", "RU", "RW", "SA", "SB", "SC", "SD", "SE", "SG", "SH", "SI", "SJ", "SK", "SL", "SM",
    "SN", "SO", "SR", "SS", "ST", "SV", "SX", "SY", "SZ", "TC", "TD", "TF", "TG", "TH", "TJ", "TK", "TL",
    "TM", "TN", "TO", "TR", "TT", "TV", "TW", "TZ", "UA", "UG", "UM", "US", "UY", "UZ", "VA", "VC", "VE",
    "VG", "VI", "VN", "VU", "WF", "WS", "YE", "YT", "ZA", "ZM", "ZW",
    "AN", "XK",  # the vendor's list adds Netherlands Antilles and Kosovo
))

# Countries for which the API requires a state or province.
STATE_REQUIRED = frozenset(("US", "CA"))

# Deprecated v1 term names the API still returns or accepts, mapped to their replacements.
DEPRECATED_TERMS = {
    "white_list_senders": "safe_list_senders",
    "black_list_senders": "block_list_senders",
}
# Deprecated report metrics (the API still sends them next to safelist and blocklist).
DEPRECATED_METRICS = frozenset(("whitelist", "blacklist"))
REPORT_PERIODS = ("daily", "weekly", "monthly")
REPORT_DIRECTIONS = ("inbound", "outbound")
