# -*- coding: utf-8 -*-
# Copyright (c) ppe.essentials contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Email warning and subject tags of an org (GET/PUT/PATCH) and the senders exempt from them (GET/POST/DELETE).

The object is VLX's EmailTaggingPresenter. PUT replaces it and needs every field; PATCH ("all fields optional")
merges any subset at any depth. Writes need a package that offers the email_warning_tags feature (403 otherwise,
like a feature outside the package).
"""

from __future__ import annotations

import copy
import json

from .constants import FEATURE_PACKAGES, MAX_BANNER, MAX_SUBJECT_TAG
from .errors import ApiError, forbidden, invalid
from .model import ORG_DEFAULTS
from .validation import field_error, is_domain, is_email, to_bool, to_str

SCHEMA = ORG_DEFAULTS["email_tagging"]
MAX_CONTENT = {"email_warning_tags.additional_banner_content.content": MAX_BANNER,
               "email_subject_tags.content": MAX_SUBJECT_TAG}


def _check(body, schema, partial, errors, prefix=""):
    """The body's values coerced to the schema's types; unknown, missing (PUT) and mistyped fields go to errors."""
    if not isinstance(body, dict):
        errors.append(field_error(prefix.rstrip(".") or "email_tagging", "must be an object"))
        return {}
    values = {}
    for key in sorted(set(body) - set(schema)):
        errors.append(field_error(prefix + key, "unknown field"))
    for key, default in schema.items():
        name = prefix + key
        if key not in body:
            if not partial:
                errors.append(field_error(name, "is required (PUT replaces the whole object; PATCH merges)"))
            continue
        if isinstance(default, dict):
            values[key] = _check(body[key], default, partial, errors, name + ".")
            continue
        try:
            values[key] = to_bool(body[key]) if isinstance(default, bool) else to_str(body[key])
        except ValueError as exc:
            errors.append(field_error(name, str(exc)))
            continue
        if name in MAX_CONTENT and len(values[key]) > MAX_CONTENT[name]:
            errors.append(field_error(name, "at most %d characters" % MAX_CONTENT[name]))
    return values


def _merge(target, values):
    for key, value in values.items():
        if isinstance(value, dict):
            _merge(target[key], value)
        else:
            target[key] = value


def _writable(ctx):
    org = ctx.org(write=True)
    if org["licensing_package"] not in FEATURE_PACKAGES["email_warning_tags"]:
        raise forbidden("email warning tags are not available in the %s package" % org["licensing_package"])
    return org


def email_tagging(ctx):
    """GET, PUT (whole object, 204) or PATCH (any subset at any depth, 204) /orgs/{d}/email-tagging."""
    if ctx.method == "GET":
        return 200, copy.deepcopy(ctx.org()["email_tagging"])
    org = _writable(ctx)
    errors = []
    values = _check(ctx.obj(), SCHEMA, ctx.method == "PATCH", errors)
    if errors:
        raise invalid(errors)
    if ctx.method == "PUT":
        org["email_tagging"] = values
    else:
        _merge(org["email_tagging"], values)
    return 204, None


def _entries(body, errors):
    """The `exemptions` list of a body: e-mail addresses, domains or *@domain, each checked."""
    if not isinstance(body, dict) or not isinstance(body.get("exemptions"), list) or not body["exemptions"]:
        errors.append(field_error("exemptions", "is required: a non-empty list of senders"))
        return []
    for key in sorted(set(body) - {"exemptions"}):
        errors.append(field_error(key, "unknown field"))
    entries = []
    for entry in body["exemptions"]:
        text = entry.strip(" ") if isinstance(entry, str) else None
        if not text or not (is_email(text) or is_domain(text) or (text.startswith("*@") and is_domain(text[2:]))):
            errors.append({"field": "exemptions", "value": entry,
                           "error_message": "exemptions: %r is not an e-mail address, domain or *@domain" % (entry,)})
        else:
            entries.append(text)
    return entries


def exemptions(ctx):
    """GET {"exemptions": [...]}; POST {"exemptions": [...]} adds (201, the whole list); DELETE with the same body
    removes the given senders (204). Entries compare case-insensitively; adding a present one or removing a missing
    one changes nothing."""
    if ctx.method == "GET":
        return 200, {"exemptions": list(ctx.org()["email_tagging_exemptions"])}
    org = _writable(ctx)
    body = ctx.obj() if ctx.method == "POST" else _delete_body(ctx)
    errors = []
    entries = _entries(body, errors)
    if errors:
        raise invalid(errors)
    current = org["email_tagging_exemptions"]
    if ctx.method == "POST":
        known = set(e.lower() for e in current)
        for entry in entries:
            if entry.lower() not in known:
                current.append(entry)
                known.add(entry.lower())
        return 201, {"exemptions": list(current)}
    gone = set(e.lower() for e in entries)
    org["email_tagging_exemptions"] = [e for e in current if e.lower() not in gone]
    return 204, None


def _delete_body(ctx):
    """DELETE names the senders in a JSON body (VLX's reading of "Delete specified ... Exempt Senders")."""
    try:
        return json.loads(ctx.raw_body or b"null")
    except ValueError:
        raise ApiError(400, "Bad Request: malformed JSON") from None
