# -*- coding: utf-8 -*-
# Copyright (c) ppe.essentials contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The idempotency engine: read, normalize, compare, then predict (check mode) or write once.

Private to the ppe.essentials collection; not a public API. `changed` always comes from the
comparison, never from an HTTP status, so check mode and a real run report the same thing. Every
check that the options and the reads allow runs before the first write, in check mode too, so a
check-mode answer is one the real run keeps.
"""

from __future__ import annotations

from ansible_collections.ppe.essentials.plugins.module_utils.errors import AlreadyExists, NotFoundError, OptionError


def ensure(resource, params, client, check_mode=False, warn=None):
    """Bring one resource to `params['state']`; return the module result (changed, <key>, diff)."""
    warn = warn or (lambda msg: None)
    current = resource.read(client, params)
    if params.get("state", "present") == "absent":
        return _absent(resource, params, client, check_mode, current)
    if current is None:
        return _create(resource, params, client, check_mode, warn)
    return _update(resource, resource.desired(params, current), client, check_mode, current, warn)


def read_existing(resource, client, params):
    """The resource, or None when it is missing from an existing parent; a missing parent is an error.

    The API answers 404 both for a missing item and for a missing organization, so a 404 costs one
    GET per parent (outermost first) to tell the two apart; a resource that is found costs none.
    """
    current = resource.read(client, params)
    if current is None:
        require_parents(client, resource.parents(params))
    return current


def read_collection(resource, client, params):
    """Every item of the resource's collection; a missing organization is an error naming it."""
    listing = client.get_or_none(resource.collection_path(params))
    if listing is None:
        require_parents(client, resource.parents(params))
        raise NotFoundError("%s of organization %s: the API answered HTTP 404 to GET %s." % (
            resource.plural, params["org"], resource.collection_path(params)), status=404)
    return [resource.public(obj) for obj in listing.get(resource.plural) or []]


def require_parents(client, parents):
    """GET each (description, path) parent in turn; raise on the first that is missing, else return the last."""
    found = None
    for description, path in parents:
        found = client.get_or_none(path)
        if found is None:
            raise NotFoundError("%s does not exist; check it for a typo (the API answered HTTP 404 to GET %s). "
                                "Nothing was written." % (description, path), method="GET", path=path, status=404)
    return found


def result(resource, changed, obj, before, after, unapplied=None):
    out = {"changed": changed, resource.key: obj, "diff": {"before": before, "after": after}}
    if resource.immutable_fields():
        out["unapplied"] = unapplied or []
    return out


def _absent(resource, params, client, check_mode, current):
    if current is None:
        require_parents(client, resource.parents(params))
        return result(resource, False, None, {}, {})
    if not check_mode:
        resource.delete(client, params)
    return result(resource, True, None, resource.deleted_view(current), {})


def _create(resource, params, client, check_mode, warn):
    parent = require_parents(client, resource.parents(params, creating=True))
    if not resource.creatable:
        raise NotFoundError("%s: the API answered HTTP 404 although the organization exists; nothing was written." % (
            resource.describe(params)), status=404)
    missing = [name for name in resource.required_on_create if params.get(name) is None]
    if params.get("must_exist") or (missing and not resource.asks_for_create(params)):
        raise NotFoundError("%s does not exist; check it for a typo%s. Nothing was written." % (
            resource.describe(params), " (must_exist is set, so it is not created)" if params.get("must_exist") else ""),
            status=404)
    if missing:
        raise OptionError("%s does not exist, and creating it needs %s; nothing was written." % (
            resource.describe(params), ", ".join(missing)))
    body = resource.create_body(params)
    predicted = resource.predicted(body)
    _fail_on(resource.creation_errors(params, parent) + resource.object_errors(predicted), resource, params)
    try:
        created = None if check_mode else resource.create(client, params, body)
    except AlreadyExists as race:  # a concurrent job created it first: converge it like any existing object
        return _update(resource, resource.desired(params, race.existing), client, check_mode, race.existing, warn)
    obj = created or predicted
    return result(resource, True, obj, {}, resource.created_view(obj, body))


def _update(resource, params, client, check_mode, current, warn):
    unapplied = resource.unapplied(params, current)
    if unapplied:
        _report_unapplied(resource, params, unapplied, warn)
    writable = resource.writable_differences(params, current)
    if not writable:
        before = resource.change_views(current, params, [])[0]
        return result(resource, False, current, before, dict(before), unapplied)
    merged = resource.merged(current, params, writable)
    _fail_on(resource.object_errors(merged), resource, params)
    if not check_mode:
        resource.update(client, params, resource.update_body(params, current, writable))
    before, after = resource.change_views(current, params, writable)
    return result(resource, True, merged, before, after, unapplied)


def _fail_on(errors, resource, params):
    """What the API would refuse is refused here, before any write and in check mode too."""
    if errors:
        raise OptionError("%s: %s. Nothing was written." % (resource.describe(params), "; ".join(errors)))


def _report_unapplied(resource, params, unapplied, warn):
    """One plain-words warning (or failure, or nothing) for every difference the API cannot apply."""
    action = params.get("on_unapplied") or "warn"
    if action == "ignore":
        return
    text = "%s: the API cannot change %s after creation, so %s as %s: %s" % (
        resource.describe(params), " and ".join(u["field"] for u in unapplied),
        "they stay" if len(unapplied) > 1 else "it stays", "they are" if len(unapplied) > 1 else "it is",
        "; ".join("%s is %r, %r was requested%s" % (u["field"], u["current"], u["requested"],
                                                     " (%s)" % u["hint"] if u["hint"] else "") for u in unapplied))
    if action == "fail":
        raise OptionError(text + ". on_unapplied=fail; nothing was written.")
    warn(text + ".")
