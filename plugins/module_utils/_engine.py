# -*- coding: utf-8 -*-
# Copyright (c) ppe.essentials contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The idempotency engine: read, normalize, compare, then predict (check mode) or write once.

Private to the ppe.essentials collection; not a public API. `changed` always comes from the
comparison, never from an HTTP status, so check mode and a real run report the same thing. Every
check that the options and the reads allow runs before the first write, in check mode too, so a
check-mode answer is one the real run keeps. Every API call of a declaration goes through the
functions here (read, create, update, delete): the one write path for single and bulk modules.
"""

from __future__ import annotations

import time

from ansible_collections.ppe.essentials.plugins.module_utils._client import api_path
from ansible_collections.ppe.essentials.plugins.module_utils._errors import (
    NotFoundError, NotVerifiedError, OptionError, PartialFailureError, PermissionDeniedError, PPEError)
from ansible_collections.ppe.essentials.plugins.module_utils._normalize import text
from ansible_collections.ppe.essentials.plugins.module_utils._resource import listed


class Run:
    """One task against one resource: the client, the options and what was read. Declarations hold none of it."""

    def __init__(self, resource, client, params, check_mode=False, warn=None):
        self.resource = resource
        self.client = client
        self.params = params
        self.check_mode = check_mode
        self.warn = warn or (lambda msg: None)

    def describe(self):
        return self.resource.describe(self.params)


class AlreadyExists(Exception):
    """A create met HTTP 409 because a concurrent job created the object first; `existing` was read back."""

    def __init__(self, existing):
        super().__init__("created concurrently")
        self.existing = existing


# -- reads --------------------------------------------------------------------------------------------
MAX_PAGES = 10000


def read(run):
    """The resource as the API holds it, or None when it is missing.

    Most resources are one GET of their path. A resource addressed by an id the API assigns (`found_by_listing`) is
    found by listing its collection and matching the identity option; settings spread over several paths
    (`read_endpoints`) are the merge of one GET per path that holds a managed field; a paged resource
    (`page_size_option`) is every page, read in turn.
    """
    resource = run.resource
    if resource.found_by_listing:
        path = resource.collection_path(run.params)
        listing = run.client.get_or_none(path)
        if listing is None:
            return None
        key = resource.identity_key(run.params)
        return next((resource.public(obj) for obj in resource.listed_items(listing, path)
                     if resource.object_key(obj) == key), None)
    if resource.page_size_option:
        return resource.public(read_pages(run))
    merged = None
    for path in resource.read_paths(run.params):
        obj = run.client.get_or_none(path, expect=resource.item_answer)
        if obj is None:
            return None
        merged = obj if merged is None else dict(merged, **obj)
    return None if resource.unset(merged) else resource.public(merged)


def read_pages(run):
    """Every page of a paged resource, joined by the declaration; None when the first page is missing (404).

    Pages are read until as many items as the total the API announces have been read (so an exact multiple of the
    page size costs no extra request, and a server that caps the page size lower still gives every page), or, with
    no total, until a page holds fewer items than the page size; an empty page always ends the read.
    """
    resource, params = run.resource, run.params
    size = params[resource.page_size_option]
    first, items = None, []
    for page in range(1, MAX_PAGES + 1):
        path = resource.page_path(params, page)
        answer = run.client.get_or_none(path)
        if answer is None:
            if first is None:
                return None
            break
        first = answer if first is None else first
        batch = resource.page_items(answer, path)
        items.extend(batch)
        total = resource.page_total(answer)
        if not batch or (len(items) >= total if total is not None else len(batch) < size):
            break
    else:
        raise PPEError("%s: more than %d pages; raise the page size." % (run.describe(), MAX_PAGES))
    return resource.joined_pages(first, items)


def located(run, current):
    """The run with the options the API path needs from the object read (an id the API assigned)."""
    params = run.resource.locate(run.params, current)
    return run if params is run.params else Run(run.resource, run.client, params, run.check_mode, run.warn)


def read_existing(run):
    """The resource, or None when it is missing from an existing parent; a missing parent is an error.

    The API answers 404 both for a missing item and for a missing organization, so a 404 costs one
    GET per parent (outermost first) to tell the two apart; a resource that is found costs none.
    """
    current = read(run)
    if current is None:
        require_parents(run)
    return current


def read_collection(run):
    """Every item of the resource's collection; a missing organization is an error naming it."""
    resource = run.resource
    path = resource.collection_path(run.params)
    listing = run.client.get_or_none(path)
    if listing is None:
        require_parents(run)
        raise NotFoundError("%s of %s: the API answered HTTP 404 to GET %s." % (
            resource.plural, run.describe(), path), status=404)
    return [resource.public(obj) for obj in resource.listed_items(listing, path)
            if resource.in_collection(obj, run.params)]


def read_related(run):
    """{result key: value} of the declaration's related endpoints (a domain's verification code)."""
    resource = run.resource
    return dict((key, resource.related_value(key, run.client.get(resource.endpoint_path(endpoint, run.params))))
                for key, endpoint in resource.related.items())


def require_parents(run, creating=False):
    """GET each parent in turn; raise on the first that is missing, else return the last one read."""
    found = None
    for description, path in run.resource.parents(run.params, creating):
        found = run.client.get_or_none(path, expect=dict)
        if found is None:
            raise NotFoundError("%s does not exist; check it for a typo (the API answered HTTP 404 to GET %s). "
                                "Nothing was written." % (description, path), method="GET", path=path, status=404)
    return found


# -- facts a write is checked against (Resource.preflight_facts) ----------------------------------------------
def _package(run):
    """The organization's licensing package (GET /orgs/{org}), lower case; None when the answer does not say."""
    org = run.client.get(api_path("orgs", run.params["org"]), expect=dict)
    return text(org.get("licensing_package")).strip().lower() or None


def _idps(run):
    """The organization's SAML identity providers as [{"id", "name"}] (one GET of their collection)."""
    path = api_path("orgs", run.params["org"], "authentication", "settings", "idps")
    listing = run.client.get_or_none(path)
    return [{"id": text(i.get("id")).strip().lower(), "name": text(i.get("name"))}
            for i in listed(listing if listing is not None else [], "idps", path) if isinstance(i, dict)]


def _forced_idp(run):
    """The id of the identity provider the login settings force (GET .../settings/login), or None."""
    login = run.client.get(api_path("orgs", run.params["org"], "authentication", "settings", "login"), expect=dict)
    return text(login.get("idp_for_forced_login")).strip().lower() or None


FACT_READERS = {"package": _package, "idps": _idps, "forced_idp": _forced_idp}


def read_facts(run, names):
    """{name: value} of the named facts, read from the API, one GET each; no names, no request. (In check mode the
    customer layer's client shows a later step the package an earlier one would set: _onboarding.ReadOnce.)"""
    return dict((name, FACT_READERS[name](run)) for name in dict.fromkeys(names))


def preflight(run, params):
    """Refuse (nothing written, in check mode too) a write the declaration's rules say the API would refuse.

    Called only when a write would happen, so a run that changes nothing costs no extra read. `params` holds the
    options this write sets (unchanged fields left out), plus what locates the object (an IdP's id).
    """
    resource = run.resource
    _fail_on(run, resource.preflight_errors(params, read_facts(run, resource.preflight_facts(params))))


# -- the one write path -------------------------------------------------------------------------------------
def create(run, body):
    """POST the new object; a 409 is read back: our own retried attempt, or a concurrent job, created it.

    Raises AlreadyExists(obj) when another job created it first, so the caller converges it like any
    existing object; a 409 for an object that is not ours to read (a domain of another organization)
    stays an error.
    """
    try:
        response = run.client.request(run.resource.create_method, run.resource.create_path(run.params), body,
                                      retry_unsafe=True)
    except PPEError as exc:
        if exc.status != 409:
            raise
        existing = read(run)
        if existing is None or not run.resource.is_same(existing, run.params):
            raise
        if exc.after_retry:
            return existing  # our first, retried attempt created it
        raise AlreadyExists(existing) from exc
    return run.resource.public(response.data) if isinstance(response.data, dict) else None


def create_batch(run, bodies):
    """POST a list of new objects (HTTP 207); returns (created objects, error items, whether it was retried)."""
    try:
        response = run.client.request("POST", run.resource.collection_path(run.params), bodies, retry_unsafe=True)
    except PartialFailureError as exc:
        return exc.succeeded, exc.errors, exc.after_retry
    return (response.data or {}).get(run.resource.plural) or [], [], response.retried


def update(run, current, writable):
    """The declaration's update requests (one per endpoint that takes changed fields by default); a refusal gets the
    declaration's explanation.

    Every request is safe to retry after a 5xx, a dropped connection or a lost answer: PUT, PATCH and DELETE are
    idempotent, and the one update POST (e-mail tagging exemptions) adds entries to a set, so a repeat adds nothing.
    When a retried request is refused (a 404 for a removal, a 409 for an addition that the first, unanswered attempt
    had already made), the resource is read back like a create's 409: the write stands when it is no longer needed.
    """
    resource = run.resource
    for method, path, body in resource.update_requests(run.params, current, writable):
        try:
            run.client.request(method, path, body, retry_unsafe=True)
        except PermissionDeniedError as exc:
            hint = resource.refused_hint(run.params, current)
            if not hint:
                raise
            raise PermissionDeniedError("%s: the API refused the change (%s). %s" % (
                run.describe(), exc.api_message or "HTTP 403", hint), method=exc.method, path=exc.path,
                api_message=exc.api_message) from exc
        except PPEError as exc:
            if not (exc.after_retry and exc.status and 400 <= exc.status < 500 and applied(run, method, path)):
                raise


def applied(run, method, path):
    """Whether a write refused after a retry had been carried out by an earlier attempt: read back, it is not among
    the requests that would still be needed."""
    resource = run.resource
    current = read(run)
    if current is None:
        return False
    needed = resource.update_requests(run.params, current, resource.writable_differences(run.params, current))
    return (method, path) not in [(m, p) for m, p, _body in needed]


def confirm(run, path, retries=0, delay=0, sleep=time.sleep):
    """PUT a check endpoint without a body (domain ownership, a DKIM key in DNS): 204 means it passed, 409 not yet.

    True when it passed within 1 + `retries` attempts made `delay` seconds apart, else False; other errors raise.
    """
    for attempt in range(retries + 1):
        if attempt:
            sleep(delay)
        try:
            run.client.request("PUT", path)
            return True
        except PPEError as exc:
            if exc.status != 409:
                raise
    return False


def delete(run):
    try:
        run.client.request("DELETE", run.resource.item_path(run.params))
    except PPEError as exc:
        if not (exc.status == 404 and exc.after_retry):  # a retried delete that had worked
            raise


# -- one resource to its state ------------------------------------------------------------------------------
def ensure(run):
    """Bring one resource to `params['state']`; return the module result (changed, <key>, diff)."""
    current = read(run)
    if run.params.get("state", "present") == "absent":
        return _absent(run, current)
    out = _create(run) if current is None else _update(run, current)
    if run.resource.verify_endpoint:
        verification(run, out)
    return out


def verification(run, out):
    """The check step of a resource with a verify endpoint, after it reached its state (`out`, updated in place).

    Adds the related reads, `record` (what to publish) and `verified`. With `verify` and an object that does not
    show the check passed, PUTs the check (check mode predicts it passes): `changed` when it newly passed; a
    bounded wait (`verify_retries`, `verify_delay`) for DNS to catch up; still 409 fails with what to publish, where.
    An object that does not show the state at all (`verified` None: the field is not documented) is checked on
    every run, and no change is claimed: the answer (204) does not tell a first pass from a repeated one; check
    mode, which sends nothing, leaves `verified` None.
    """
    resource, params = run.resource, run.params
    obj = out[resource.result_key]
    related = read_related(run) if resource.related else {}
    record = resource.record(params, obj, related)
    verified = resource.verified(obj)
    out.update(related, record=record, verified=verified)
    if not params.get("verify") or verified:
        return
    if not run.check_mode:
        path = resource.endpoint_path(resource.verify_endpoint, params)
        if not confirm(run, path, params.get("verify_retries") or 0, params.get("verify_delay") or 0):
            raise NotVerifiedError(resource.unverified_message(params, record, (params.get("verify_retries") or 0) + 1),
                                   details={"changed": out["changed"], "record": record, "verified": False},
                                   method="PUT", path=path)
        out[resource.result_key] = resource.after_verify(obj)
    if verified is None:
        out["verified"] = None if run.check_mode else True
        return
    out.update(changed=True, verified=True)
    out["diff"]["before"]["verified"] = bool(verified)
    out["diff"]["after"]["verified"] = True


def result(resource, changed, obj, before, after, unapplied=None):
    out = {"changed": changed, resource.result_key: obj, "diff": {"before": before, "after": after}}
    if resource.immutable_fields():
        out["unapplied"] = unapplied or []
    return out


def _absent(run, current):
    if current is None:
        require_parents(run)
        return result(run.resource, False, None, {}, {})
    where = located(run, current)
    preflight(where, where.params)
    if not run.check_mode:
        delete(where)
    return result(run.resource, True, None, run.resource.deleted_view(current), {})


def _create(run):
    resource, params = run.resource, run.params
    parent = require_parents(run, creating=True)
    if not resource.creatable:
        raise NotFoundError("%s: the API answered HTTP 404 although the organization exists; nothing was written."
                            % run.describe(), status=404)
    refusal = resource.create_refusal(params)
    if refusal is not None:
        raise NotFoundError(". ".join(part for part in ("%s does not exist; check it for a typo%s" % (
            run.describe(), _closest(run)), refusal, "Nothing was written.") if part), status=404)
    missing = [name for name in resource.required_on_create if params.get(name) is None]
    if missing:
        raise OptionError("%s does not exist, and creating it needs %s; nothing was written." % (
            run.describe(), ", ".join(missing)))
    body = resource.create_body(params)
    predicted = resource.predicted(body)
    _fail_on(run, resource.creation_errors(params, parent) + resource.object_errors(predicted))
    preflight(run, params)
    try:
        created = None if run.check_mode else create(run, body)
    except AlreadyExists as race:  # a concurrent job created it first: converge it like any existing object
        return _update(run, race.existing)
    obj = created or predicted
    return result(resource, True, obj, {}, resource.created_view(obj, body))


def _closest(run):
    """The declaration's words for the existing items closest to a missing one (one GET of the collection), if any."""
    if not run.resource.names_closest:
        return ""
    try:
        return run.resource.closest(run.params, read_collection(run))
    except PPEError:  # only a hint: the refusal stands without it
        return ""


def _update(run, current):
    resource = run.resource
    desired = resource.desired(run.params, current)
    missing = [f for f in resource.managed(desired) if resource.entries_option and f.api_name not in current]
    _fail_on(run, [resource.unavailable(desired, missing, current)] if missing else [])
    unapplied = resource.unapplied(desired, current)
    if unapplied:
        _report_unapplied(run, unapplied)
    writable = resource.writable_differences(desired, current)
    if not writable:
        before = resource.change_views(current, desired, [])[0]
        return result(resource, False, current, before, dict(before), unapplied)
    merged = resource.merged(current, desired, writable)
    _fail_on(run, resource.object_errors(merged))
    unchanged = [f.name for f in resource.managed(desired) if f not in writable]
    preflight(run, dict(desired, **dict.fromkeys(unchanged)))
    if not run.check_mode:
        update(located(Run(resource, run.client, desired), current), current, writable)
    before, after = resource.change_views(current, desired, writable)
    return result(resource, True, merged, before, after, unapplied)


def write_errors(run, current):
    """What the API would refuse in the object this run's write leaves, judged from the options and `current` (the
    object as read; None for a create), without writing: the customer layer asks it before a declaration's first
    write, so that a late step cannot fail after earlier ones wrote."""
    resource = run.resource
    if current is None:
        return resource.object_errors(resource.predicted(resource.create_body(run.params)))
    desired = resource.desired(run.params, current)
    writable = resource.writable_differences(desired, current)
    return resource.object_errors(resource.merged(current, desired, writable)) if writable else []


def _fail_on(run, errors):
    """What the API would refuse is refused here, before any write and in check mode too."""
    if errors:
        raise OptionError("%s: %s. Nothing was written." % (run.describe(), "; ".join(errors)))


def _report_unapplied(run, unapplied):
    """One plain-words warning (or failure, or nothing) for every difference the API cannot apply."""
    action = run.params.get("on_unapplied") or "warn"
    if action == "ignore":
        return
    several = len(unapplied) > 1
    text = "%s: the API cannot change %s after creation, so %s: %s" % (
        run.describe(), " and ".join(u["field"] for u in unapplied), "they stay as they are" if several else
        "it stays as it is", "; ".join("%s is %r, %r was requested%s" % (
            u["field"], u["current"], u["requested"], " (%s)" % u["hint"] if u["hint"] else "") for u in unapplied))
    if action == "fail":
        raise OptionError(text + ". on_unapplied=fail; nothing was written.")
    run.warn(text + ".")
