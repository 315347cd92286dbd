# -*- coding: utf-8 -*-
# Copyright (c) ppe.essentials contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The bulk engine: converge a whole set of child resources (an org's users) in a handful of requests.

Private to the ppe.essentials collection; not a public API. One GET of the collection, creates in
batch POSTs (HTTP 207), updates and deletes per item (at once, on _fleet's pool), all through the
engine's write path and the same declaration as the singular module, so the two can never disagree
about what changed or show different diffs for the same change.
"""

from __future__ import annotations

from ansible_collections.ppe.essentials.plugins.module_utils import _engine as engine
from ansible_collections.ppe.essentials.plugins.module_utils._normalize import shown
from ansible_collections.ppe.essentials.plugins.module_utils._errors import NotFoundError, OptionError, PPEError, capped
from ansible_collections.ppe.essentials.plugins.module_utils._fleet import ITEM_WORKERS, each

BATCH_SIZE = 500


class Plan:
    """What a bulk run will do, computed from one read and before any write."""

    def __init__(self, current):
        self.current = current  # key -> API object, as read
        self.create = []        # (key, item params, body)
        self.update = []        # (key, item params, current object, writable fields)
        self.delete = []        # (key, item params, current object)
        self.unchanged = []     # keys


def item_errors(resource, items, plural):
    """Clean and validate every item before any request; messages name the item and the option."""
    errors = []
    seen = set()
    for index, item in enumerate(items):
        resource.clean(item)
        label = "%s[%d] (%s)" % (plural, index, shown(item.get(resource.identity_option)).strip("'"))
        errors.extend("%s %s" % (label, message) for message in resource.validation_errors(item))
        key = resource.identity_key(item)
        if key in seen:
            errors.append("%s is listed more than once" % label)
        seen.add(key)
    return errors


def converge(run, items, purge=False, keep=None):
    """Read the collection once, plan, check the plan like the API would, then carry it out (or predict it)."""
    resource = run.resource
    plan = make_plan(resource, items, engine.read_collection(run), run.params, purge=purge, keep=keep)
    refused = ["%s %s does not exist%s%s" % (resource.noun, key, resource.closest(item, plan.current.values())
                                             if resource.names_closest else "", ": " + why if why else "")
               for key, item, _body in plan.create for why in [resource.create_refusal(item)] if why is not None]
    if refused:
        raise NotFoundError(capped(refused) + ". Check them for a typo. Nothing was written.", status=404)
    objects = [(key, resource.predicted(body)) for key, _item, body in plan.create] + [
        (key, resource.merged(existing, item, writable)) for key, item, existing, writable in plan.update]
    errors = ["%s (%s) %s" % (resource.plural, key, message) for key, obj in objects
              for message in resource.object_errors(obj)]
    if errors:  # what the API would refuse (or ignore) in the objects the writes leave, as the singular module checks
        raise OptionError(capped(errors) + ". Nothing was written.")
    if plan.create:
        parent = engine.require_parents(run, creating=True)
        errors = ["%s (%s) %s" % (resource.plural, key, message)
                  for key, item, _body in plan.create for message in resource.creation_errors(item, parent)]
        if errors:
            raise OptionError(capped(errors) + ". Nothing was written.")
    return execute(run, plan)


def make_plan(resource, items, current_objects, params, purge=False, keep=None):
    """Compare desired items with the API's objects; `keep(obj)` protects objects from purging."""
    plan = Plan(dict((resource.object_key(obj), resource.public(obj)) for obj in current_objects))
    wanted = set()
    for item in items:
        key = resource.identity_key(item)
        wanted.add(key)
        existing = plan.current.get(key)
        if item.get("state", "present") == "absent":
            if existing is not None:
                plan.delete.append((key, item, existing))
        elif existing is None:
            plan.create.append((key, item, resource.create_body(item)))
        else:
            _compare(resource, plan, key, item, existing)
    if purge:
        for key, obj in sorted(plan.current.items()):
            if key not in wanted and not (keep and keep(obj)):
                plan.delete.append((key, dict(params, **{resource.identity_option: key}), obj))
    return plan


def _compare(resource, plan, key, item, existing):
    writable = resource.writable_differences(item, existing)
    if writable:
        plan.update.append((key, item, existing, writable))
    else:
        plan.unchanged.append(key)


def execute(run, plan):
    """Carry out a plan (or, in check mode, predict it); return the module result."""
    resource = run.resource
    done = {"created": {}, "updated": set(), "deleted": set(), "errors": []}
    if run.check_mode:
        done["created"] = dict((key, (resource.predicted(body), body)) for key, _item, body in plan.create)
        done["updated"] = set(entry[0] for entry in plan.update)
        done["deleted"] = set(entry[0] for entry in plan.delete)
    else:
        _create(run, plan, done)
        _each(run, done, "updated", [(key, item, lambda item_run, existing=existing, writable=writable: engine.update(
            item_run, existing, writable)) for key, item, existing, writable in plan.update])
        _each(run, done, "deleted", [(key, item, engine.delete) for key, item, _existing in plan.delete])
    return _result(resource, plan, done)


def _item_run(run, item, client=None):
    return engine.Run(run.resource, client or run.client, item)


def _create(run, plan, done):
    """Batch POSTs; a 409 is read back: our retried attempt created it, or a concurrent job did (then converge)."""
    resource = run.resource
    for start in range(0, len(plan.create), BATCH_SIZE):
        chunk = plan.create[start:start + BATCH_SIZE]
        created, errors, retried = engine.create_batch(run, [body for _key, _item, body in chunk])
        entries = dict((key, (item, body)) for key, item, body in chunk)
        for obj in created:
            key = resource.object_key(obj)
            done["created"][key] = (resource.public(obj), entries.get(key, ({}, {}))[1])
        listed = _listed_again(run, sum(1 for error in errors if error.get("status") == 409))
        for error in errors:
            key = resource.identity_normalize(error.get("identifier"))
            existing = None
            if error.get("status") == 409 and key in entries:
                existing = listed.get(key) if listed is not None else engine.read(_item_run(run, entries[key][0]))
            if existing is None:
                done["errors"].append(error)
            elif retried:
                done["created"][key] = (existing, entries[key][1])
            else:  # a concurrent job created it first: compare it like any existing one (updates run after creates)
                plan.current[key] = existing
                _compare(resource, plan, key, entries[key][0], existing)


def _listed_again(run, conflicts):
    """key -> object of the collection read again when more than one create met a 409: one GET instead of one per
    conflict (50 conflicts at 150 ms latency were 7.5 s); None for one conflict, whose own GET is cheaper."""
    if conflicts < 2:
        return None
    return dict((run.resource.object_key(obj), obj) for obj in engine.read_collection(run))


def _each(run, done, bucket, writes):
    """The per-item writes [(key, item, write(item's Run))] at once (_fleet.each: ITEM_WORKERS workers on the
    organization's stack); each failure is recorded in the items' order and the others go on (401 stops all)."""
    def attempt(write, client):
        try:
            write[2](_item_run(run, write[1], client))
        except PPEError as exc:
            if exc.status == 401:  # the credentials are wrong for every item
                raise
            return exc
        return None

    failures = each(writes, attempt, run.client, ITEM_WORKERS, same_stack=True)
    for (key, _item, _write), failure in zip(writes, failures):
        if failure is None:
            done[bucket].add(key)
        else:
            done["errors"].append({"identifier": key, "status": failure.status, "error_message": str(failure)})


def _result(resource, plan, done):
    final = dict(plan.current)
    before, after = {}, {}
    for key, item, existing, writable in plan.update:
        if key in done["updated"]:
            before[key], after[key] = resource.change_views(existing, item, writable)
            final[key] = resource.merged(existing, item, writable)
    for key, _item, existing in plan.delete:
        if key in done["deleted"]:
            before[key] = resource.deleted_view(existing)
            final.pop(key, None)
    for key, (obj, body) in done["created"].items():
        after[key] = resource.created_view(obj, body)
        final[key] = obj
    result = {
        "changed": bool(done["created"] or done["updated"] or done["deleted"]),
        "created": len(done["created"]),
        "updated": len(done["updated"]),
        "deleted": len(done["deleted"]),
        "unchanged": len(plan.unchanged),
        resource.plural: [final[key] for key in sorted(final)],
        "diff": {"before": {resource.plural: before}, "after": {resource.plural: after}},
    }
    if done["errors"]:
        result["failed"] = True
        result["errors"] = done["errors"]
        result["msg"] = "%d of %d %s could not be changed: %s. Everything else was applied; fix these and run again." % (
            len(done["errors"]), len(plan.create) + len(plan.update) + len(plan.delete), resource.plural,
            capped(["%s: %s (HTTP %s)" % (e.get("identifier"), e.get("error_message"), e.get("status"))
                    for e in done["errors"]]))
    return result
