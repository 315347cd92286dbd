# -*- coding: utf-8 -*-
# Copyright (c) ppe.essentials contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Fixed vocabularies of the PPE v1 API, in one place so validation and docs agree.

Sources: the vendor API guide (valid values, feature table) and the curated reference; where the
guide is ambiguous the choice is written down in README.md.
"""

from __future__ import annotations

ORG_TYPES = ("oem_partner", "strategic_partner", "channel", "organization")

# Which entity types an org of a given type may create below itself (guide "Entity Types").
CHILD_TYPES = {
    "oem_partner": ("strategic_partner", "channel", "organization"),
    "strategic_partner": ("channel", "organization"),
    "channel": ("organization",),
    "organization": (),
}

USER_TYPES = ("oem_partner_admin", "strategic_partner_admin", "channel_admin", "organization_admin",
              "end_user", "silent_user", "functional_account")

# The admin user type that belongs to each entity type.
ADMIN_TYPE_OF_ORG = {
    "oem_partner": "oem_partner_admin",
    "strategic_partner": "strategic_partner_admin",
    "channel": "channel_admin",
    "organization": "organization_admin",
}
ADMIN_TYPES = tuple(ADMIN_TYPE_OF_ORG.values())
PARTNER_ADMIN_TYPES = ("oem_partner_admin", "strategic_partner_admin", "channel_admin")
# Non-admin user types; any entity may hold them.
PLAIN_USER_TYPES = ("end_user", "silent_user", "functional_account")

PACKAGES = ("beginner", "business", "business_plus", "advanced", "advanced_plus", "professional", "professional_plus")

_ALL = PACKAGES
_NOT_BEGINNER = PACKAGES[1:]
_ADVANCED_UP = ("advanced", "advanced_plus", "professional", "professional_plus")
_PLUS_TOP = ("advanced_plus", "professional_plus")

# Feature -> packages that offer it (guide table; placement of the rows whose columns were lost is
# documented in README.md).
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

# Values a new org starts with (instant_replay is a number of days, 0 = off).
FEATURE_DEFAULTS = {name: False for name in FEATURE_PACKAGES}
FEATURE_DEFAULTS.update({"attachment_defense": True, "url_defense": True, "anti_spoofing": True, "instant_replay": 30})

# Lengths of the e-mail tag texts (inferred: the API documents none and no client shows one). The collection
# refuses longer texts before any request with the same numbers (plugins/module_utils/_resources/email_tagging.py;
# tests/unit/plugins/modules/test_section_rules.py holds them equal).
MAX_SUBJECT_TAG = 100
MAX_BANNER = 1000

# ISO 3166-1 alpha-2, plus the two extra codes of the vendor's list (AN Netherlands Antilles, XK Kosovo).
COUNTRY_CODES = frozenset("""
AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ
CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR
GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO
JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR
MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO
RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV
TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW AN XK
""".split())

US_STATES = {
    "AL": "Alabama", "AK": "Alaska", "AZ": "Arizona", "AR": "Arkansas", "CA": "California", "CO": "Colorado",
    "CT": "Connecticut", "DE": "Delaware", "DC": "District of Columbia", "FL": "Florida", "GA": "Georgia",
    "HI": "Hawaii", "ID": "Idaho", "IL": "Illinois", "IN": "Indiana", "IA": "Iowa", "KS": "Kansas",
    "KY": "Kentucky", "LA": "Louisiana", "ME": "Maine", "MD": "Maryland", "MA": "Massachusetts", "MI": "Michigan",
    "MN": "Minnesota", "MS": "Mississippi", "MO": "Missouri", "MT": "Montana", "NE": "Nebraska", "NV": "Nevada",
    "NH": "New Hampshire", "NJ": "New Jersey", "NM": "New Mexico", "NY": "New York", "NC": "North Carolina",
    "ND": "North Dakota", "OH": "Ohio", "OK": "Oklahoma", "OR": "Oregon", "PA": "Pennsylvania",
    "RI": "Rhode Island", "SC": "South Carolina", "SD": "South Dakota", "TN": "Tennessee", "TX": "Texas",
    "UT": "Utah", "VT": "Vermont", "VA": "Virginia", "WA": "Washington", "WV": "West Virginia", "WI": "Wisconsin",
    "WY": "Wyoming", "AS": "American Samoa", "FM": "Federated States of Micronesia", "GU": "Guam",
    "MH": "Marshall Islands", "MP": "Northern Mariana Islands", "PW": "Palau", "PR": "Puerto Rico",
    "VI": "Virgin Islands", "AA": "Armed Forces Americas", "AP": "Armed Forces Pacific", "AE": "Armed Forces Others",
}
CA_PROVINCES = {
    "AB": "Alberta", "BC": "British Columbia", "MB": "Manitoba", "NB": "New Brunswick",
    "NL": "Newfoundland and Labrador", "NS": "Nova Scotia", "NT": "Northwest Territories", "NU": "Nunavut",
    "ON": "Ontario", "PE": "Prince Edward Island", "QC": "Quebec", "SK": "Saskatchewan", "YT": "Yukon",
}
STATES_BY_COUNTRY = {"US": US_STATES, "CA": CA_PROVINCES}

# Deprecated request/response names -> replacements (guide "Deprecation Notices").
DEPRECATED_LIST_NAMES = {"white_list_senders": "safe_list_senders", "black_list_senders": "block_list_senders"}
DEPRECATED_REPORT_NAMES = {"safelist": "whitelist", "blocklist": "blacklist"}

# Reporting periods: name -> (period label, frequency label, slot count, slot seconds).
REPORT_PERIODS = {
    "daily": ("24h", "1h", 24, 3600),
    "weekly": ("7d", "24h", 7, 86400),
    "monthly": ("30d", "24h", 30, 86400),
}
REPORT_DIRECTIONS = ("inbound", "outbound")
REPORT_METRICS = ("clean", "spam", "virus", "fraud", "attachment_defended", "image_blocked", "safelist", "blocklist")
