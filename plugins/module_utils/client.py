# -*- coding: utf-8 -*-
# Copyright (c) ppe.essentials contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The one HTTP client of the collection: auth headers, keep-alive, retries and typed errors.

Private to the ppe.essentials collection; not a public API. Every module, and later the inventory
plugin, talks to Proofpoint Essentials through PPEClient so that retry and error policy live once.
"""

from __future__ import annotations

import email.utils
import random
import time
import traceback
from urllib.parse import quote

from ansible_collections.ppe.essentials.plugins.module_utils.errors import (
    CONNECTION_HINT,
    PPEConnectionError,
    PPEError,
    PartialFailureError,
    error_class,
    hint_for,
)
from ansible_collections.ppe.essentials.plugins.module_utils.version import COLLECTION_VERSION

try:
    import requests
    HAS_REQUESTS = True
    REQUESTS_IMPORT_ERROR = None
except ImportError:  # pragma: no cover - exercised by the missing-library message only
    HAS_REQUESTS = False
    REQUESTS_IMPORT_ERROR = traceback.format_exc()

API_PREFIX = "/api/v1"
RETRY_STATUSES = frozenset((429, 500, 502, 503, 504))
IDEMPOTENT_METHODS = frozenset(("GET", "HEAD", "PUT", "PATCH", "DELETE"))
MASK = "********"


def api_path(*segments):
    """Join path segments, quoting each one (a raw '@' is kept: the API takes e-mails in paths)."""
    return "/" + "/".join(quote(str(s).strip("/"), safe="@") for s in segments)


def parse_retry_after(value, now=None):
    """Seconds to wait from a Retry-After header (delta-seconds or HTTP date); None when unusable."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when is None:
        return None
    now = time.time() if now is None else now
    return max(0.0, when.timestamp() - now)


class ApiResponse:
    """What a successful request returned: the HTTP status and the decoded JSON body (or None)."""

    def __init__(self, status, data, retried=False):
        self.status = status
        self.data = data
        self.retried = retried


class PPEClient:
    """A keep-alive session against one stack, e.g. https://us1.proofpointessentials.com.

    `warn` receives one message per retry; `sleep` and `rng` exist so tests can run without waiting.
    """

    def __init__(self, url, username, password, timeout=30, validate_certs=True, ca_path=None,
                 retries=3, retry_max_delay=30, backoff_base=1.0, warn=None, sleep=time.sleep, rng=None, session=None):
        if not HAS_REQUESTS:
            raise RuntimeError("requests is required")
        base = url.rstrip("/")
        if base.endswith(API_PREFIX):
            base = base[:-len(API_PREFIX)]
        self.base_url = base
        self._password = password or ""
        self.timeout = timeout
        self.retries = max(0, int(retries))
        self.retry_max_delay = float(retry_max_delay)
        self.backoff_base = float(backoff_base)
        self._warn = warn or (lambda msg: None)
        self._sleep = sleep
        self._rng = rng or random.Random()
        self.request_count = 0
        self._stacks = {}
        self.session = session or requests.Session()
        self.session.headers.update({
            "X-User": username or "",
            "X-Password": self._password,
            "X-Terms-Update": "true",
            "Accept": "application/json",
            "User-Agent": "ppe.essentials/%s (Ansible collection; python-requests/%s)" % (
                COLLECTION_VERSION, requests.__version__),
        })
        # Passed with every request as well: requests lets REQUESTS_CA_BUNDLE/CURL_CA_BUNDLE override a
        # session-level verify, which would silently ignore ca_path and validate_certs=false.
        self.verify = ca_path if ca_path else bool(validate_certs)
        self.session.verify = self.verify

    # -- public verbs -------------------------------------------------------------------------
    def get(self, path):
        return self.request("GET", path).data

    def get_or_none(self, path):
        """GET that answers None for a 404: how modules learn that a resource is absent."""
        try:
            return self.request("GET", path).data
        except PPEError as exc:
            if exc.status == 404:
                return None
            raise

    def use_stack_of(self, domain):
        """Send the following requests to the stack that serves `domain`'s organization.

        Follows /endpoints/{domain} (any stack answers it); keeps base_url when it is one of the stacks or the
        organization is unknown (about to be created). Answers are cached for the client's life, one task.
        """
        key = domain.strip().lower()
        if key not in self._stacks:
            answer = self.get_or_none(api_path("endpoints", key)) or {}
            stacks = [e.rstrip("/") for e in answer.get("endpoints") or []]
            stacks = [e[:-len(API_PREFIX)] if e.endswith(API_PREFIX) else e for e in stacks]
            self._stacks[key] = self.base_url if not stacks or self.base_url in stacks else stacks[0]
        self.base_url = self._stacks[key]
        return self.base_url

    def request(self, method, path, body=None, retry_unsafe=False):
        """Send one API request with bounded retries; return ApiResponse or raise a PPEError.

        POST is not idempotent: it is retried after a 429 (the API refused it unprocessed) and, only when
        `retry_unsafe` is set by a caller whose create is keyed by identity (a duplicate gives 409, never a
        second object), after 5xx and connection errors as well. Callers resolve a 409 after a retry by
        reading the resource back (PPEError.after_retry tells them).
        """
        method = method.upper()
        url = self.base_url + API_PREFIX + path
        safe = method in IDEMPOTENT_METHODS or retry_unsafe
        attempt = 0
        while True:
            self.request_count += 1
            try:
                response = self.session.request(method, url, json=body, timeout=self.timeout, verify=self.verify)
            except requests.exceptions.RequestException as exc:
                unsent = isinstance(exc, requests.exceptions.ConnectTimeout)
                retryable = isinstance(exc, (requests.exceptions.ConnectionError, requests.exceptions.Timeout))
                if retryable and (safe or unsent) and attempt < self.retries:
                    attempt += 1
                    self._pause(method, path, "connection error (%s)" % type(exc).__name__, attempt, None)
                    continue
                raise PPEConnectionError(
                    self._scrub("%s %s failed: could not connect to %s: %s. %s" % (
                        method, path, self.base_url, exc, CONNECTION_HINT)),
                    method=method, path=path, after_retry=attempt > 0)
            status = response.status_code
            if status in RETRY_STATUSES and (safe or status == 429) and attempt < self.retries:
                attempt += 1
                self._pause(method, path, "HTTP %d" % status, attempt, response.headers.get("Retry-After"))
                continue
            return self._handle(method, path, response, attempt > 0)

    # -- internals ----------------------------------------------------------------------------
    def backoff_delay(self, attempt, retry_after=None):
        """Retry-After when the API sent one, else exponential backoff with jitter; both capped."""
        seconds = parse_retry_after(retry_after)
        if seconds is None:
            ceiling = min(self.retry_max_delay, self.backoff_base * (2 ** (attempt - 1)))
            seconds = ceiling / 2 + self._rng.uniform(0, ceiling / 2)
        return min(seconds, self.retry_max_delay)

    def _pause(self, method, path, reason, attempt, retry_after):
        delay = self.backoff_delay(attempt, retry_after)
        self._warn("%s %s: %s, retrying in %.1f s (retry %d of %d)" % (method, path, reason, delay, attempt, self.retries))
        self._sleep(delay)

    def _handle(self, method, path, response, retried):
        status = response.status_code
        data = _json_or_none(response)
        if status < 300 and status != 207:
            return ApiResponse(status, data, retried)
        if status == 207:
            errors = (data or {}).get("errors") or []
            if not errors:
                return ApiResponse(status, data, retried)
            created = [v for k, v in (data or {}).items() if k != "errors" and isinstance(v, list)]
            raise PartialFailureError(
                self._scrub("%s %s partly failed (HTTP 207): %s" % (method, path, "; ".join(
                    "%s: %s (HTTP %s)" % (e.get("identifier"), e.get("error_message"), e.get("status")) for e in errors))),
                succeeded=created[0] if created else [], method=method, path=path, status=207,
                errors=errors, after_retry=retried)
        api_message = ""
        errors = []
        if isinstance(data, dict):
            api_message = str(data.get("error_message") or data.get("message") or "")
            errors = data.get("errors") or []
        elif response.text and status != 401:
            api_message = response.text[:200]
        reason = api_message or response.reason or "no details from the API"
        detail = ""
        if errors:
            detail = " (" + "; ".join(_describe(e) for e in errors) + ")"
        message = "%s %s failed with HTTP %d: %s%s. %s" % (method, path, status, reason, detail, hint_for(status))
        raise error_class(status)(self._scrub(message.strip()), method=method, path=path, status=status,
                                  api_message=self._scrub(api_message), errors=errors, after_retry=retried)

    def _scrub(self, text):
        """Last line of defence: the password never leaves the client inside a message."""
        if self._password:
            text = text.replace(self._password, MASK)
        return text


def _json_or_none(response):
    if not response.content:
        return None
    try:
        return response.json()
    except ValueError:
        return None


def _describe(error):
    if isinstance(error, dict):
        ident = error.get("identifier") or error.get("field") or ""
        msg = error.get("error_message") or error.get("message") or ""
        return ("%s: %s" % (ident, msg)).strip(": ")
    return str(error)
