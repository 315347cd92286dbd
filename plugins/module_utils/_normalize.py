# -*- coding: utf-8 -*-
# Copyright (c) ppe.essentials contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Normalizers and validators: both sides of a comparison pass through the same function.

Private to the ppe.essentials collection; not a public API. A normalizer maps a value as the user
wrote it, or as the API returned it, to one canonical form; a validator raises ValueError with a
sentence that names what is wrong, before any request is made.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Mapping, Sequence


def as_mapping(value):
    """A declaration or API value as a mapping; anything else (None, a string a template gave) is empty."""
    return value if isinstance(value, Mapping) else {}


def is_list(value):
    """A YAML list (a string is a sequence too, but never a list of items)."""
    return isinstance(value, Sequence) and not isinstance(value, (str, bytes))


def as_items(value):
    """A declaration or API value as a list; a string or any other non-list gives no items."""
    return list(value) if is_list(value) else []


# Deprecated v1 term names the API still returns or accepts, mapped to their replacements.
DEPRECATED_TERMS = {
    "white_list_senders": "safe_list_senders",
    "black_list_senders": "block_list_senders",
}

_LABEL = r"(?!-)[a-z0-9-]{1,63}(?<!-)"
_DOMAIN_RE = re.compile(r"^(?:%s\.)+[a-z][a-z0-9-]{0,62}(?<!-)$" % _LABEL)
_LOCAL_RE = re.compile(r"^[a-z0-9!#$%&'*+/=?^_`{|}~.-]{1,64}$")
_TRUE = frozenset(("true", "yes", "on", "1"))
_FALSE = frozenset(("false", "no", "off", "0", ""))


def shown(value, limit=60):
    """repr() of a value for a message, cut short: a 10 MiB option must not make a 10 MiB message."""
    text_ = repr(value)
    return text_ if len(text_) <= limit else "%s... (%d characters)" % (text_[:limit], len(str(value)))


def strip(value):
    """Surrounding white space (a YAML block's trailing newline) is removed before an option is checked and
    sent, so what is validated is what the API receives."""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, list):
        return [item.strip() if isinstance(item, str) else item for item in value]
    return value


# -- normalizers -------------------------------------------------------------------------------
def text(value):
    """v1 sends "" for absent strings; treat None the same."""
    return "" if value is None else str(value)


def domain(value):
    """Domains compare case-insensitively and without a trailing dot."""
    return text(value).strip().lower().rstrip(".")


def email(value):
    """E-mail addresses compare case-insensitively (the API matches them that way)."""
    return text(value).strip().lower()


def sender(value):
    """Sender-list entries (e-mail, domain, wildcard, IP) match case-insensitively in the product."""
    return text(value).strip().lower()


def upper(value):
    """Codes such as ISO country codes compare case-insensitively."""
    return text(value).strip().upper()


def host(value):
    """A mail host is an IPv4 address or a hostname; hostnames compare like domains."""
    return domain(value)


def boolean(value):
    """JSON booleans, tolerating the strings older clients and some responses carry."""
    if isinstance(value, bool):
        return value
    if value is None:
        return False
    lowered = str(value).strip().lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise ValueError("%s is not a boolean" % shown(value))


def integer(value):
    if value is None or value == "":
        return 0
    if isinstance(value, bool):
        return int(value)
    return int(str(value).strip())


def unordered(item):
    """Build a normalizer for order-insensitive lists: normalize items, drop duplicates, sort."""
    def normalize_list(value):
        if value is None or value == "":
            return []
        if isinstance(value, str):
            value = [value]
        return sorted(set(item(v) for v in value if text(v).strip()))
    normalize_list.item = item
    return normalize_list


def merge_given(current, given):
    """A nested dict: `current` with the keys `given` sets laid over it (None in `given` means not set)."""
    out = dict(current) if isinstance(current, dict) else {}
    for key, value in (given or {}).items():
        if value is not None:
            out[key] = merge_given(out.get(key), value) if isinstance(value, dict) else value
    return out


def changed_leaves(before, after):
    """The part of nested dict `after` that differs from `before`: the changed leaves, inside their parents."""
    out = {}
    for key, value in (after or {}).items():
        old = before.get(key) if isinstance(before, dict) else None
        if isinstance(value, dict):
            inner = changed_leaves(old, value)
            if inner:
                out[key] = inner
        elif value != old:
            out[key] = value
    return out


def rename_deprecated(obj):
    """Return a copy of an API object that uses the current term names only."""
    if not isinstance(obj, dict):
        return obj
    result = dict(obj)
    for old, new in DEPRECATED_TERMS.items():
        if old in result:
            value = result.pop(old)
            result.setdefault(new, value)
    return result


# -- validators --------------------------------------------------------------------------------
def is_domain(value):
    value = domain(value)
    return len(value) <= 253 and bool(_DOMAIN_RE.match(value))


def is_email(value):
    value = email(value)
    if value.count("@") != 1:
        return False
    local, dom = value.split("@")
    return bool(_LOCAL_RE.match(local)) and not local.startswith(".") and ".." not in local and is_domain(dom)


def is_ipv4(value):
    try:
        ipaddress.IPv4Address(text(value).strip())
        return True
    except ValueError:
        return False


def is_host(value):
    return is_ipv4(value) or is_domain(value)


def is_sender(value):
    """A sender-list entry: e-mail, domain, *@domain, *@*.domain, IPv4 (with * octets) or a network of /24 or smaller."""
    value = sender(value)
    if value.startswith("*@*."):
        return is_domain(value[4:])
    if value.startswith("*@"):
        return is_domain(value[2:])
    if "@" in value:
        return is_email(value)
    if "/" in value:
        try:
            return ipaddress.IPv4Network(value, strict=False).prefixlen >= 24
        except ValueError:
            return False
    if re.match(r"^[0-9*]+(\.[0-9*]+){3}$", value):
        return all(part == "*" or (part.isdigit() and int(part) <= 255) for part in value.split("."))
    return is_domain(value)


def validator(test, what):
    """A check that raises ValueError naming the value (shortened) and what it should have been."""
    def check(value):
        if not test(value):
            raise ValueError("%s is not a valid %s" % (shown(value), what))
    return check


check_domain = validator(is_domain, "domain name")
check_email = validator(is_email, "e-mail address")
check_sender = validator(is_sender, "sender-list entry (e-mail, domain, *@domain, IPv4 address or network)")
check_host = validator(is_host, "IPv4 address or hostname")


def optional(check):
    """Build a validator that lets the empty string through (v1's way to clear a string field)."""
    def check_optional(value):
        if text(value).strip():
            check(value)
    return check_optional


def within(low, high, unit=""):
    """Build a validator for a number between `low` and `high` (inclusive)."""
    def check_within(value):
        try:
            number = integer(value)
        except (TypeError, ValueError):
            raise ValueError("%s is not a whole number" % shown(value)) from None
        if not low <= number <= high:
            raise ValueError("%s is out of range: use %d to %d%s" % (shown(value), low, high, unit))
    return check_within


class ItemErrors(ValueError):
    """The bad items of a list, by index, so a message names each one where it is (failovers[1]: ...)."""

    def __init__(self, problems):
        super().__init__("; ".join("[%d] %s" % problem for problem in problems))
        self.problems = problems


def each(check):
    """Build a validator that applies `check` to every item of a list and reports every bad item at once."""
    def check_each(values):
        problems = []
        for index, value in enumerate(values or []):
            try:
                check(value)
            except ValueError as exc:
                problems.append((index, str(exc)))
        if problems:
            raise ItemErrors(problems)
    return check_each
