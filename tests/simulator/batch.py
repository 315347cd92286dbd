# -*- coding: utf-8 -*-
# Copyright (c) ppe.essentials contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The API's shared rules for writes: create one or a batch (201 or 207), update by partial merge."""

from __future__ import annotations

from .errors import ApiError, invalid
from .validation import field_error


def single_or_batch(ctx, plural, noun, identifier, create_one):
    """POST of an object -> (201, the created one); of an array -> (207, {plural: [created], errors: [items]}).

    `create_one(item)` creates one resource and returns its response object, or raises ApiError; in a batch
    each failure becomes an error item named by the item's `identifier` field, and the others go on. An
    empty array is a 422.
    """
    if not isinstance(ctx.body, list):
        return 201, create_one(ctx.obj())
    if not ctx.body:
        raise invalid([field_error(plural, "at least one %s is required" % noun)])
    created, errors = [], []
    for item in ctx.body:
        try:
            created.append(create_one(item))
        except ApiError as err:
            ident = item.get(identifier, "") if isinstance(item, dict) else str(item)
            errors.append(err.batch_item(ident if isinstance(ident, str) else str(ident)))
    return 207, {plural: created, "errors": errors}


def partial_update(ctx, record, key, message, parse):
    """(body, values to merge into `record`, errors) of a PUT: `parse(body, errors)` reads the fields, and the
    identity field `key` may be repeated, not changed."""
    body, errors = ctx.obj(), []
    values = parse(body, errors)
    if key in values and values[key].lower() != record[key].lower():
        errors.append(field_error(key, message))
    values.pop(key, None)
    return body, values, errors
