# -*- coding: utf-8 -*-
# Copyright (c) ppe.essentials contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Turn request bodies into clean values while collecting every problem for one 422."""

from __future__ import annotations

from .constants import DEPRECATED_LIST_NAMES
from .validation import field_error, is_email, is_host, is_ipv4, sender_list_errors, to_bool, to_int, to_str


def _list_of_str(value):
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ValueError("must be a list of strings")
    return list(value)


def _int_or_null(value):
    return None if value is None else to_int(value)


COERCE = {"str": to_str, "bool": to_bool, "int": to_int, "int_or_null": _int_or_null, "list": _list_of_str}


def coerce_fields(body, spec, errors, prefix=""):
    """Coerced values of the keys of body that spec knows ({field: kind}); problems go to errors."""
    out = {}
    for field, kind in spec.items():
        if field in body:
            try:
                out[field] = COERCE[kind](body[field])
            except ValueError as exc:
                errors.append(field_error(prefix + field, str(exc)))
    return out


def unknown_fields(body, known, errors, prefix=""):
    """422 items for keys the resource does not have."""
    for field in sorted(set(body) - set(known)):
        errors.append(field_error(prefix + field, "unknown field"))


def known_values(body, spec, errors, known=(), prefix=""):
    """Coerced values of a write body: 422 items for keys that are neither in spec nor in `known` (read-only
    fields the API ignores on a write), then the fields of spec."""
    unknown_fields(body, list(spec) + list(known), errors, prefix)
    return coerce_fields(body, spec, errors, prefix)


def take_sender_lists(body, errors, prefix=""):
    """safe_list_senders/block_list_senders from new or deprecated names, all entries validated."""
    out = {}
    for old, new in DEPRECATED_LIST_NAMES.items():
        if new in body and old in body and body[new] != body[old]:
            errors.append(field_error(prefix + new, "conflicts with the deprecated %s" % old))
            continue
        if new in body or old in body:
            value = body[new] if new in body else body[old]
            problems = sender_list_errors(prefix + new, value)
            errors.extend(problems)
            if not problems:
                out[new] = [v.strip(" ") for v in value]
    return out


def check_emails(field, values, errors):
    """Every item of a list must be an e-mail address."""
    for value in values:
        if not is_email(value):
            errors.append(field_error(field, "%r is not a valid e-mail address" % value))


def check_hosts(field, values, errors, ip_only=False):
    """Every item must be an IPv4 address (or hostname unless ip_only)."""
    for value in values:
        if not (is_ipv4(value) if ip_only else is_host(value)):
            errors.append(field_error(field, "%r is not a valid %s" % (value, "IPv4 address" if ip_only else
                                                                       "IPv4 address or hostname")))
