# -*- coding: utf-8 -*-
# Copyright (c) ppe.essentials contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Typed API errors whose messages say what failed and what to do next.

Private to the ppe.essentials collection; not a public API.
"""

from __future__ import annotations

HINTS = {
    400: "The API could not parse the request; this is most likely a bug in the collection, please report it.",
    401: "Check username and password (PPE_USERNAME/PPE_PASSWORD) and that url (PPE_URL) points at the stack "
         "that hosts your account, for example https://us1.proofpointessentials.com.",
    403: "The organization is outside your account's hierarchy or lives on another stack (ppe_endpoint_info shows "
         "which stack serves a domain), your account is read-only or not an admin, or the organization's licensing "
         "package does not include the feature.",
    404: "The organization or resource does not exist; check the domain or e-mail address.",
    409: "The resource already exists; domains are unique across the whole Proofpoint Essentials platform and users "
         "are unique by primary e-mail address.",
    422: "The API rejected the data; correct the values it names.",
    429: "The API kept throttling the requests; raise retries or retry_max_delay, or run fewer forks.",
}
SERVER_HINT = "The API failed on its side; retry later (the request was already retried where that is safe)."
CONNECTION_HINT = "Check url (PPE_URL), network access to the stack, and TLS settings (validate_certs, ca_path)."


def first(errors, limit=20):
    """At most `limit` messages (0: all), then how many more there are, so 20,000 bad items never make a 2 MB
    message."""
    errors = list(errors)
    more = len(errors) - limit
    if limit <= 0 or more <= 0:
        return errors
    return errors[:limit] + ["and %d more problem%s" % (more, "" if more == 1 else "s")]


def capped(errors, limit=20, sep="; "):
    """The first `limit` messages in one text."""
    return sep.join(first(errors, limit))


class PPEError(Exception):
    """Base of every error the client raises; str() is the complete user-facing message."""

    status = None

    def __init__(self, message, method=None, path=None, status=None, api_message=None, errors=None, after_retry=False):
        super().__init__(message)
        self.method = method
        self.path = path
        if status is not None:
            self.status = status
        self.api_message = api_message
        self.errors = errors or []
        self.after_retry = after_retry

    def to_result(self):
        """Extra keys for fail_json, so playbooks can branch on the failure."""
        result = {"status": self.status, "request": "%s %s" % (self.method, self.path) if self.method else None}
        if self.errors:
            result["errors"] = self.errors
        return result


class OptionError(PPEError):
    """The options cannot do what was asked (for example a create without the options it needs); nothing was written."""


class PPEConnectionError(PPEError):
    """The request never got an HTTP answer (refused, timed out, TLS failure)."""


class UnexpectedAnswerError(PPEError):
    """An answer the API does not give: a redirect to another origin (not followed), a body that is not JSON, larger
    or nested deeper than the client reads, or another JSON shape than the request expects. `status` is the answer's
    HTTP status. Never retried: another attempt would get the same answer."""


class PermissionDeniedError(PPEError):
    status = 403


class NotFoundError(PPEError):
    status = 404


class PartialFailureError(PPEError):
    """A 207 batch answer in which some items failed; `succeeded` holds the items that were created."""

    status = 207

    def __init__(self, message, succeeded=None, **kwargs):
        super().__init__(message, **kwargs)
        self.succeeded = succeeded or []


class NotVerifiedError(PPEError):
    """A check endpoint (domain ownership, a DKIM key) still answered 409 after the bounded retries; `details` are
    extra result keys (what to publish, and whether the task changed something before the check)."""

    status = 409

    def __init__(self, message, details=None, **kwargs):
        super().__init__(message, **kwargs)
        self.details = details or {}

    def to_result(self):
        return dict(super().to_result(), **self.details)


_BY_STATUS = {403: PermissionDeniedError, 404: NotFoundError}


def error_class(status):
    """The error class for an HTTP status: the two that callers catch by type, else PPEError with `status` set."""
    return _BY_STATUS.get(status, PPEError)


# Hints for one cause, chosen by the request path or the API's own words, so a message never lists causes that
# do not apply: (status, substring of the path or of the API's message, hint).
SPECIFIC_HINTS = (
    (403, "hierarchy", "The organization is outside your account's hierarchy: check the domain, or use an account of "
                       "a partner above it."),
    (403, "another stack", "The organization lives on another stack: ppe_endpoint_info shows which one; set url to it "
                           "or use discover_stack."),
    (403, "read-only", "Your account is read-only; use an administrator that may write."),
    (403, "/features", "The organization's licensing package does not include the feature; change the package with "
                       "ppe.essentials.ppe_licensing."),
    (409, "/domains", "Domains are unique across the whole Proofpoint Essentials platform: another organization "
                      "already has this one."),
    (409, "/users", "Users are unique by primary e-mail address across the whole Proofpoint Essentials platform."),
)


def hint_for(status, path="", api_message=""):
    """The hint that applies: a specific one when the path or the API's words name the cause, else the general one."""
    if status >= 500:
        return SERVER_HINT
    for hint_status, clue, hint in SPECIFIC_HINTS:
        if status == hint_status and (clue in (api_message or "").lower() or clue in (path or "")):
            return hint
    return HINTS.get(status, "")
