# -*- coding: utf-8 -*-
# Copyright (c) ppe.essentials contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Syntax checks and input coercion shared by every resource.

Each checker returns an error sentence or None, so callers can collect *all* problems of a body and
answer one 422 that names every offending field or item, as the guide asks for sender lists.
"""

from __future__ import annotations

import re

from .constants import COUNTRY_CODES, STATES_BY_COUNTRY

# \Z, not $: "$" also matches before a trailing newline, which let "new.example\n" through as a domain name.
_LABEL = re.compile(r"^(?!-)[a-z0-9-]{1,63}(?<!-)\Z")
_LOCAL = re.compile(r"^[a-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*\Z")
_OCTET_WILD = re.compile(r"^(\*|\d{1,3})\Z")
SPACES = " "


def is_ipv4(text):
    """Dotted quad with each octet 0-255."""
    parts = text.split(".")
    if len(parts) != 4:
        return False
    return all(p.isdigit() and len(p) <= 3 and int(p) <= 255 for p in parts)


def is_domain(text):
    """A DNS name of at least two labels whose last label is not numeric."""
    if not isinstance(text, str) or not text or len(text) > 253:
        return False
    labels = text.lower().rstrip(".").split(".")
    if len(labels) < 2 or labels[-1].isdigit():
        return False
    return all(_LABEL.match(label) for label in labels)


def is_hostname(text):
    """Host for mail delivery: a DNS name (one label allowed) that does not look like a broken IP."""
    if not isinstance(text, str) or not text or len(text) > 253:
        return False
    labels = text.lower().rstrip(".").split(".")
    if all(label.isdigit() for label in labels):
        return False
    return all(_LABEL.match(label) for label in labels)


def is_host(text):
    """IPv4 address or hostname (destination and failovers)."""
    return isinstance(text, str) and (is_ipv4(text) or is_hostname(text))


def is_email(text):
    """local@domain with a dot-atom local part."""
    if not isinstance(text, str) or text.count("@") != 1 or len(text) > 254:
        return False
    local, domain = text.split("@")
    return bool(local) and len(local) <= 64 and bool(_LOCAL.match(local.lower())) and is_domain(domain)


def sender_entry_error(entry):
    """Why a sender-list entry is invalid, or None.

    Accepted: e-mail, domain, *@domain, *@*.domain, IPv4, IPv4 with * octets, IPv4 CIDR /24../32.
    """
    if not isinstance(entry, str) or not entry.strip(SPACES):
        return "must be a non-empty string"
    text = entry.strip(SPACES)
    if text.startswith("*@*."):
        return None if is_domain(text[4:]) else "not a valid wildcard domain"
    if text.startswith("*@"):
        return None if is_domain(text[2:]) else "not a valid wildcard domain"
    if "@" in text:
        return None if is_email(text) else "not a valid e-mail address"
    if "/" in text:
        addr, _slash, prefix = text.partition("/")
        if not is_ipv4(addr) or not prefix.isdigit() or int(prefix) > 32:
            return "not a valid CIDR range"
        if int(prefix) < 24:
            return "CIDR ranges may not be wider than /24"
        return None
    if "*" in text:
        parts = text.split(".")
        if len(parts) == 4 and all(_OCTET_WILD.match(p) and (p == "*" or int(p) <= 255) for p in parts):
            return None
        return "not a valid wildcard IP address"
    if all(p.isdigit() for p in text.split(".")):
        return None if is_ipv4(text) else "not a valid IPv4 address"
    return None if is_domain(text) else "not a valid e-mail address, domain or IP address"


def sender_list_errors(field, value):
    """Error items for one sender list; [] when it is valid."""
    if not isinstance(value, list):
        return [{"field": field, "error_message": "%s: must be a list of strings" % field}]
    errors = []
    for entry in value:
        reason = sender_entry_error(entry)
        if reason:
            errors.append({"field": field, "value": entry, "error_message": "%s: %r is %s" % (field, entry, reason)})
    return errors


def to_bool(value):
    """JSON boolean, or the strings "true"/"false" that some clients send; ValueError otherwise."""
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in ("true", "false"):
        return value.strip().lower() == "true"
    raise ValueError("must be a boolean")


def to_int(value, minimum=0):
    """Non-negative integer, also from a digit string ("30"); ValueError otherwise."""
    if isinstance(value, bool):
        raise ValueError("must be an integer")
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value.strip())
    if not isinstance(value, int) or value < minimum:
        raise ValueError("must be an integer >= %d" % minimum)
    return value


def to_str(value):
    """String, with None meaning "" (v1 absent-string rule)."""
    if value is None:
        return ""
    if not isinstance(value, str):
        raise ValueError("must be a string")
    return value


def country_error(country, stateprov):
    """Problems with country/stateprov as (field, message) pairs."""
    problems = []
    if country and country.upper() not in COUNTRY_CODES:
        problems.append(("country", "%r is not an ISO 3166 alpha-2 country code" % country))
    states = STATES_BY_COUNTRY.get((country or "").upper())
    if states is not None:
        if not stateprov:
            problems.append(("stateprov", "is required when country is %s" % country.upper()))
        elif stateprov.upper() not in states and stateprov.lower() not in [n.lower() for n in states.values()]:
            problems.append(("stateprov", "%r is not a state/province of %s" % (stateprov, country.upper())))
    return problems


def field_error(field, message):
    """One 422 error item."""
    return {"field": field, "error_message": "%s: %s" % (field, message)}
