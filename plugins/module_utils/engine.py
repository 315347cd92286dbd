# -*- coding: utf-8 -*-
# Copyright (c) ppe.essentials contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The idempotency engine: read, normalize, compare, then predict (check mode) or write once.

Private to the ppe.essentials collection; not a public API. `changed` always comes from the
comparison, never from an HTTP status, so check mode and a real run report the same thing.
"""

from __future__ import annotations

from ansible_collections.ppe.essentials.plugins.module_utils.errors import NotFoundError, OptionError
from ansible_collections.ppe.essentials.plugins.module_utils.resource import HIDDEN


def ensure(resource, params, client, check_mode=False, warn=None):
    """Bring one resource to `params['state']`; return the module result (changed, <key>, diff)."""
    warn = warn or (lambda msg: None)
    current = resource.read(client, params)
    if params.get("state", "present") == "absent":
        return _absent(resource, params, client, check_mode, current)
    if current is None:
        if not resource.has_state:
            raise NotFoundError("%s of %s: the organization does not exist (HTTP 404); create it first with "
                                "ppe.essentials.ppe_org." % (resource.key, _identity(resource, params)), status=404)
        return _create(resource, params, client, check_mode)
    return _update(resource, resource.desired(params, current), client, check_mode, current, warn)


def result(resource, changed, obj, before, after):
    return {"changed": changed, resource.key: obj, "diff": {"before": before, "after": after}}


def _absent(resource, params, client, check_mode, current):
    if current is None:
        return result(resource, False, None, {}, {})
    if not check_mode:
        resource.delete(client, params)
    return result(resource, True, None, resource.view(current, resource.fields), {})


def _create(resource, params, client, check_mode):
    missing = [name for name in resource.required_on_create if params.get(name) is None]
    if missing:
        raise OptionError("%s %s does not exist, and creating it needs %s; nothing was written." % (
            resource.key, _identity(resource, params), ", ".join(missing)))
    body = resource.create_body(params)
    predicted = resource.predicted(body)
    created = None if check_mode else resource.create(client, params, body)
    obj = created or predicted
    after = resource.view(obj, [f for f in resource.fields if not f.secret or f.api_name in body])
    return result(resource, True, obj, {}, after)


def _update(resource, params, client, check_mode, current, warn):
    for field, before, after in resource.differences(params, current):
        if field.immutable:
            warn("%s %s: %s is %r but %r was requested; the API cannot change it after creation%s." % (
                resource.key, _identity(resource, params), field.name, before, after,
                "; " + field.immutable_hint if field.immutable_hint else ""))
    writable = resource.writable_differences(params, current)
    managed = [f for f in resource.managed(params) if not f.create_only]
    before_view = resource.view(current, managed)
    if not writable:
        return result(resource, False, current, before_view, dict(before_view))
    if not check_mode:
        resource.update(client, params, resource.update_body(params, current, writable))
    merged = resource.merged(current, params, writable)
    after_view = dict(before_view)
    after_view.update((f.api_name, HIDDEN if f.secret else f.normalize(params[f.name])) for f in writable)
    return result(resource, True, merged, before_view, after_view)


def _identity(resource, params):
    return " ".join(str(params[k]) for k in resource.identity_options if params.get(k) is not None)
