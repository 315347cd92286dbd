# -*- coding: utf-8 -*-
# Copyright (c) ppe.essentials contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The one HTTP client of the collection: auth headers, keep-alive, retries, bounds and typed errors.

Private to the ppe.essentials collection; not a public API. Every module, the inventory plugin and the fleet
report talk to Proofpoint Essentials through PPEClient, so that retry, redirect and error policy live once.
"""

from __future__ import annotations

import email.utils
import fnmatch
import itertools
import json
import os
import random
import re
import socket
import ssl
import threading
import time
import traceback
import unicodedata
from urllib.parse import quote, quote_plus, urljoin, urlsplit

from ansible_collections.ppe.essentials.plugins.module_utils._errors import (
    CONNECTION_HINT,
    OptionError,
    PPEConnectionError,
    PPEError,
    PartialFailureError,
    UnexpectedAnswerError,
    error_class,
    hint_for,
)
from ansible_collections.ppe.essentials.plugins.module_utils._version import COLLECTION_VERSION

try:
    import requests
    from requests.adapters import HTTPAdapter
    from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool
    HAS_REQUESTS = True
    REQUESTS_IMPORT_ERROR = None
except ImportError:  # pragma: no cover - exercised by the missing-library message only
    HAS_REQUESTS = False
    REQUESTS_IMPORT_ERROR = traceback.format_exc()
    HTTPAdapter = HTTPConnectionPool = HTTPSConnectionPool = object

API_PREFIX = "/api/v1"
RETRY_STATUSES = frozenset((429, 500, 502, 503, 504))
IDEMPOTENT_METHODS = frozenset(("GET", "HEAD", "PUT", "PATCH", "DELETE"))
MASK = "********"
# Inclusive bounds of the numeric connection options (documented in the connection doc fragments).
LIMITS = {"timeout": (1, 3600), "retries": (0, 10), "retry_max_delay": (0, 300)}
DEFAULT_STACK_HOSTS = ("*.proofpointessentials.com",)
NOTHING_SENT = "nothing was sent to the API"
# What one answer may be (documented in the connection guide). No answer of the API comes near 32 MiB: the largest
# are the unpaged listings (a partner's organizations, an organization's users) at about 1-2 KB per item, and the
# one paged read (statistics) can ask for smaller pages. The depth is far beyond the API's (under 10 levels) and
# safe for the recursive code that handles answers (normalisation, scrubbing, Ansible's result handling). The count
# of objects and arrays bounds the memory of parsing: 32 MiB of "[{},{},...]" would be 10 million dicts (800 MB).
MAX_ANSWER_BYTES = 32 * 1024 * 1024
MAX_ANSWER_DEPTH = 100
MAX_ANSWER_CONTAINERS = 1000000
MAX_REDIRECTS = 5
READ_CHUNK = 16 * 1024
REDIRECT_STATUSES = frozenset((301, 302, 303, 307, 308))
METHOD_PRESERVING_REDIRECTS = frozenset((307, 308))
VARIABLES = {"url": "PPE_URL", "username": "PPE_USERNAME", "password": "PPE_PASSWORD", "ca_path": "PPE_CA_PATH",
             "validate_certs": "PPE_VALIDATE_CERTS", "timeout": "PPE_TIMEOUT", "retries": "PPE_RETRIES",
             "retry_max_delay": "PPE_RETRY_MAX_DELAY", "stack_hosts": "PPE_STACK_HOSTS"}


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


def option_name(name):
    """`timeout (PPE_TIMEOUT)`: how messages name an option, so either way of setting it is recognisable."""
    return "%s (%s)" % (name, VARIABLES[name]) if name in VARIABLES else name


def header_problem(name, value):
    """Why `value` of option `name` cannot be sent as an HTTP header value, or None. Never quotes the value.

    requests refuses control characters and leading whitespace with a message that shows the value, http.client
    shows the first non-latin-1 character and its position, and HTTP drops surrounding whitespace; so every such
    value is refused here, before any request.
    """
    if not isinstance(value, str):
        return None
    where = option_name(name)
    if value.endswith("\n") or value.endswith("\r"):
        return ("%s ends with a line break, which cannot be sent in an HTTP header (a YAML `|` block scalar adds one: "
                "use `|-`, or strip the value); the value is not shown" % where)
    if any(unicodedata.category(ch) == "Cc" for ch in value):
        return ("%s contains a control character such as a line break or tab, which cannot be sent in an HTTP header; "
                "the value is not shown" % where)
    if any(ord(ch) > 0xFF for ch in value):
        return ("%s contains a character outside ISO-8859-1 (latin-1), which cannot be sent in an HTTP header; "
                "the value is not shown" % where)
    if value != value.strip(" "):
        return ("%s starts or ends with a space, which HTTP drops from a header; the value is not shown" % where)
    return None


def url_problem(url):
    """Why `url` is not a usable base URL (scheme http or https and a host), or None."""
    where = option_name("url")
    if not isinstance(url, str) or not url.strip():
        return "%s is empty; set it to the stack's base URL, for example https://us1.proofpointessentials.com" % where
    try:
        parts = urlsplit(url)
        parts.port  # pylint: disable=pointless-statement  # raises ValueError for a port out of range
    except ValueError:
        parts = None
    if parts is not None and (parts.username is not None or parts.password is not None):
        return "%s must not contain a user name or password; use username and password (the value is not shown)" % where
    if header_problem("url", url) or re.search(r"\s", url):
        return "%s contains spaces or control characters (is there a line break at its end?)" % where
    if parts is None:
        return "%s %r has an invalid port" % (where, url)
    if parts.scheme.lower() not in ("http", "https"):
        return ("%s %r must start with https:// (or http://), for example https://us1.proofpointessentials.com"
                % (where, url))
    if not parts.hostname:
        return "%s %r names no host, for example https://us1.proofpointessentials.com" % (where, url)
    if parts.query or parts.fragment or url.rstrip().endswith(("?", "#")):
        return "%s %r must not have a query (?) or fragment (#)" % (where, url)
    return None


def _number_problem(name, value, unit):
    low, high = LIMITS[name]
    number = None
    if isinstance(value, int) and not isinstance(value, bool):
        number = value
    elif isinstance(value, str) and re.match(r"^\s*-?\d+\s*$", value):
        number = int(value)
    if number is None or not low <= number <= high:
        return "%s must be a whole number from %s to %s%s, got %s" % (option_name(name), low, high, unit, value)
    return None


def settings_problems(url, username, password, timeout, retries, retry_max_delay, ca_path=None, stack_hosts=None):
    """Every reason why these connection settings cannot work, as messages that name the option; [] when fine."""
    problems = []
    problem = url_problem(url)
    if problem:
        problems.append(problem)
    for name, value in (("username", username), ("password", password)):
        problem = header_problem(name, value)
        if problem:
            problems.append(problem)
    for name, value, unit in (("timeout", timeout, " seconds"), ("retries", retries, ""),
                              ("retry_max_delay", retry_max_delay, " seconds")):
        problem = _number_problem(name, value, unit)
        if problem:
            problems.append(problem)
    if ca_path and not os.path.exists(ca_path):
        problems.append("%s %s does not exist; give the PEM file of the CA certificates that verify url"
                        % (option_name("ca_path"), ca_path))
    elif ca_path and not os.access(ca_path, os.R_OK):
        problems.append("%s %s cannot be read" % (option_name("ca_path"), ca_path))
    for pattern in stack_hosts or []:
        if not isinstance(pattern, str) or not pattern.strip() or re.search(r"[\s/@]", pattern.strip()):
            problems.append("%s: %r is not a host name pattern such as *.proofpointessentials.com"
                            % (option_name("stack_hosts"), pattern))
    return problems


def secret_forms(secret):
    """The forms in which a secret can appear in a message: raw, repr-escaped (as requests and Python quote it),
    JSON-escaped, URL-encoded, and as the repr of its encoded bytes. Longest first, so the longest is masked first."""
    if not secret:
        return []
    forms = {secret, repr(secret)[1:-1], ascii(secret)[1:-1], json.dumps(secret)[1:-1],
             json.dumps(secret, ensure_ascii=False)[1:-1], quote(secret), quote(secret, safe=""), quote_plus(secret)}
    for encoding in ("utf-8", "latin-1"):
        try:
            raw = secret.encode(encoding)
        except UnicodeEncodeError:
            continue
        forms.update((repr(raw)[2:-1], quote(raw, safe=""), quote_plus(raw)))
    # a repr that chose the other quote character escapes differently
    forms.add(secret.replace("\\", "\\\\").replace("'", "\\'"))
    forms.add(secret.replace("\\", "\\\\").replace('"', '\\"'))
    return sorted((f for f in forms if f), key=len, reverse=True)


# -- one bounded attempt ------------------------------------------------------------------------------------
# requests' timeout bounds each socket operation, not an answer: a server that sends one byte a second holds a read
# for ever. So each attempt has a deadline, and a watchdog shuts the attempt's socket down when it passes. The
# connection of the attempt is learnt from the pool (the adapter mounts pools that record it), which works with
# urllib3 1.26 and 2.x and leaves HTTPAdapter.send alone (the `responses` mock of the unit tests patches that).
# One watchdog thread per process serves every attempt: a thread per request would cost about 0.4 ms each.
_ATTEMPT = threading.local()
RECHECK = 0.05  # seconds: while a due attempt's connection has no socket yet (connecting), look again so often


class AttemptTimeout(Exception):
    """The attempt's deadline passed before its answer was complete (headers and the whole body)."""


class _Watchdog:
    """The daemon thread that shuts down the socket of every attempt whose deadline passed. One lock guards it and
    the state of its watches; it sleeps until the earliest deadline."""

    def __init__(self):
        self.lock = threading.Condition(threading.Lock())
        self.watches = []
        self._thread = None
        self._until = None

    def add(self, watch):
        with self.lock:
            self.watches.append(watch)
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="ppe-essentials-watchdog", daemon=True)
                self._thread.start()
            elif self._until is None or watch.wake < self._until:
                self.lock.notify()

    def remove(self, watch):
        with self.lock:
            watch.done = True
            if watch in self.watches:
                self.watches.remove(watch)

    def _run(self):
        with self.lock:
            while True:
                now = time.monotonic()
                for watch in [w for w in self.watches if w.wake <= now]:
                    watch.fired = True
                    if _shut(watch.conn):
                        self.watches.remove(watch)
                    else:
                        watch.wake = now + RECHECK
                self._until = min((w.wake for w in self.watches), default=None)
                self.lock.wait(None if self._until is None else max(0.0, self._until - now))


_WATCHDOG = [_Watchdog()]


def _new_watchdog():
    """In a forked child (Ansible's workers) the parent's watchdog thread does not exist and its lock may be held."""
    _WATCHDOG[0] = _Watchdog()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_new_watchdog)


class _Watch:
    """The deadline of one attempt (time.monotonic()), enforced by the watchdog on the attempt's connection."""

    def __init__(self, deadline):
        self.deadline = self.wake = deadline
        self.fired = False
        self.done = False
        self.conn = None
        self._dog = None

    def __enter__(self):
        self._dog = _WATCHDOG[0]
        self._dog.add(self)
        _ATTEMPT.watch = self
        return self

    def __exit__(self, *exc_info):
        self._dog.remove(self)
        _ATTEMPT.watch = None
        return False

    def remaining(self):
        return max(0.001, self.deadline - time.monotonic())

    def expired(self):
        return self.fired or time.monotonic() >= self.deadline

    def record(self, conn):
        """The pool handed out `conn` for this attempt (shut at once when the deadline has already passed)."""
        with self._dog.lock:
            self.conn = conn
            if self.fired and not self.done:
                _shut(conn)


def _shut(conn):
    """Shut down the socket of a urllib3 connection (any blocked read returns at once); False when it has none."""
    sock = getattr(conn, "sock", None)
    if sock is None:
        return False
    try:
        socket.socket.shutdown(sock, socket.SHUT_RDWR)  # the plain socket's, also under TLS: no TLS state touched
    except (OSError, TypeError, ValueError):
        pass
    return True


def _watched(pool_class):
    """A connection pool class that tells the current attempt's watchdog which connection it hands out."""

    class WatchedPool(pool_class):  # pylint: disable=too-few-public-methods
        def _get_conn(self, timeout=None):
            conn = super()._get_conn(timeout)  # pylint: disable=no-member
            watch = getattr(_ATTEMPT, "watch", None)
            if watch is not None:
                watch.record(conn)
            return conn

    WatchedPool.__name__ = "Watched" + pool_class.__name__
    return WatchedPool


WATCHED_POOLS = {"http": _watched(HTTPConnectionPool), "https": _watched(HTTPSConnectionPool)} if HAS_REQUESTS else {}


class BoundedAdapter(HTTPAdapter):  # pylint: disable=too-few-public-methods
    """requests' adapter with pools whose connections the attempt's watchdog can shut down; mounted once per
    session, so the keep-alive connections of a shared session keep working."""

    def init_poolmanager(self, *args, **kwargs):  # pylint: disable=arguments-differ
        super().init_poolmanager(*args, **kwargs)  # pylint: disable=no-member
        self.poolmanager.pool_classes_by_scheme = WATCHED_POOLS

    def proxy_manager_for(self, proxy, **proxy_kwargs):
        manager = super().proxy_manager_for(proxy, **proxy_kwargs)  # pylint: disable=no-member
        if not proxy.lower().startswith("socks"):  # SOCKS managers have pools of their own
            manager.pool_classes_by_scheme = WATCHED_POOLS
        return manager


def mount_bounded_adapter(session):
    """Mount BoundedAdapter for http:// and https:// unless it is there already (a session shared by tasks)."""
    for prefix in ("https://", "http://"):
        if not isinstance(session.adapters.get(prefix), BoundedAdapter):
            session.mount(prefix, BoundedAdapter())


class _Answer:
    """One HTTP answer read whole: status, reason, headers and the body (bytes, after decompression)."""

    def __init__(self, status, reason, headers, content):
        self.status = status
        self.reason = reason or ""
        self.headers = headers
        self.content = content

    @property
    def content_type(self):
        value = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        return value or "no Content-Type"


def origin(url):
    """(scheme, host, port) of a URL, lower case, with the default port; None when it has none of these."""
    try:
        parts = urlsplit(url)
        scheme = parts.scheme.lower()
        port = parts.port or {"http": 80, "https": 443}.get(scheme)
    except ValueError:
        return None
    if scheme not in ("http", "https") or not parts.hostname:
        return None
    return scheme, parts.hostname.lower(), port


def _origin_url(parts):
    scheme, host, port = parts
    host = "[%s]" % host if ":" in host else host
    default = {"http": 80, "https": 443}[scheme]
    return "%s://%s%s" % (scheme, host, "" if port == default else ":%d" % port)


_JSON_STRINGS = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"', re.S)
_NOT_BRACKETS = bytes(b for b in range(256) if b not in b"[]{}")
_BRACKET_STEPS = bytes.maketrans(b"[]{}", b"\x01\xff\x01\xff")


class TooDeep(ValueError):
    """JSON nested deeper than MAX_ANSWER_DEPTH, or with more than MAX_ANSWER_CONTAINERS objects and arrays."""


def nesting(content):
    """How deep arrays and objects nest in a JSON text, found without parsing it (strings skipped)."""
    brackets = _JSON_STRINGS.sub(b"", content).translate(None, _NOT_BRACKETS).translate(_BRACKET_STEPS)
    return max(itertools.accumulate(memoryview(brackets).cast("b")), default=0)


def load_json(content):
    """The JSON value of `content` (bytes); ValueError when it is not JSON, TooDeep when it nests too deep or holds
    too many objects and arrays (both checked before parsing: 100,000 nested arrays never reach the recursive parser,
    and the memory of the parsed value stays bounded)."""
    containers = content.count(b"[") + content.count(b"{")  # brackets inside strings count too: an upper bound
    if containers > MAX_ANSWER_CONTAINERS:
        raise TooDeep("holding more than %d objects and arrays" % MAX_ANSWER_CONTAINERS)
    if containers > MAX_ANSWER_DEPTH and nesting(content) > MAX_ANSWER_DEPTH:
        raise TooDeep("nested deeper than %d levels" % MAX_ANSWER_DEPTH)
    try:
        return json.loads(content)
    except RecursionError:  # pragma: no cover - the scan above refuses such texts first
        raise TooDeep("nested deeper than %d levels" % MAX_ANSWER_DEPTH) from None


def json_kind(value):
    """How a message names a JSON value's type."""
    if value is None:
        return "JSON null"
    if isinstance(value, bool):
        return "a JSON boolean"
    if isinstance(value, (int, float)):
        return "a JSON number"
    if isinstance(value, str):
        return "a JSON string"
    if isinstance(value, list):
        return "a JSON array"
    return "a JSON object"


def _gist(answer):
    """A short, single-line gist of a body that is not JSON: an HTML page's title, else the first 120 characters of
    text; never markup."""
    text = answer.content[:65536].decode("utf-8", "replace")
    if "html" in answer.content_type or re.match(r"\s*<", text):
        title = re.search(r"<title[^>]*>(.*?)</title", text, re.S | re.I)
        text = title.group(1) if title else ""
        text = re.sub(r"<[^>]*>?", " ", text)
    text = " ".join(text.split())
    return text[:117] + "..." if len(text) > 120 else text


class ApiResponse:
    """What a successful request returned: the HTTP status and the decoded JSON body (or None)."""

    def __init__(self, status, data, retried=False):
        self.status = status
        self.data = data
        self.retried = retried


class SharedPause:
    """When the API throttles (HTTP 429), every client that shares this pause waits until the API's time is up,
    not only the one that got the 429: the workers of one task are one caller to the API.

    Thread-safe. `clock` is a monotonic clock (injectable for tests); a hold never shortens a later one.
    """

    def __init__(self, clock=time.monotonic):
        self.clock = clock
        self._lock = threading.Lock()
        self._until = None

    @property
    def until(self):
        """The clock time the pause lasts until (None before the first hold)."""
        with self._lock:
            return self._until

    def hold(self, seconds):
        """Pause every sharing client for `seconds` from now (unless already held longer). True when no pause was
        in effect before: the one hold of a pause worth a warning."""
        with self._lock:
            now = self.clock()
            started = self._until is None or self._until <= now
            if self._until is None or now + seconds > self._until:
                self._until = now + seconds
            return started

    def remaining(self):
        """Seconds until the pause ends, 0 when none is in effect."""
        with self._lock:
            return 0.0 if self._until is None else max(0.0, self._until - self.clock())

    def wait(self, sleep):
        """Sleep (with the caller's `sleep`) until the pause ends; again if it was extended meanwhile. A sleep that
        does not advance the clock (tests) returns after one round."""
        while True:
            until = self.until
            left = self.remaining()
            if left <= 0:
                return
            sleep(left)
            if self.until == until:
                return


class PPEClient:
    """A keep-alive session against one stack, e.g. https://us1.proofpointessentials.com.

    `warn` receives one message per retry; `sleep` and `rng` exist so tests can run without waiting.
    Settings that cannot work (see settings_problems) raise OptionError here, before any request.
    `stack_hosts` are the host patterns use_stack_of may follow, besides the host of `url`.

    The credentials and write bodies go only to the origin (scheme, host, port) of base_url: redirects are never
    followed by requests; a redirect within that origin is followed here (bounded), one to another origin is an
    error. `timeout` bounds one whole attempt (connecting, the headers and the whole body), and an answer is read
    in chunks up to MAX_ANSWER_BYTES (after decompression) and MAX_ANSWER_DEPTH levels of JSON nesting.

    A client, its session and its stack belong to one thread at a time. For concurrent work, each worker thread
    uses its own sibling() (its own session and connection pool); a client and its siblings share one SharedPause
    (`pause`), so that a 429 pauses all of them.
    """

    def __init__(self, url, username, password, timeout=30, validate_certs=True, ca_path=None,
                 retries=3, retry_max_delay=30, backoff_base=1.0, warn=None, sleep=time.sleep, rng=None, session=None,
                 stack_hosts=None, pause=None):
        if not HAS_REQUESTS:
            raise RuntimeError("requests is required")
        # what sibling() repeats (the password lives on in the session headers anyway)
        self._settings = dict(url=url, username=username, password=password, timeout=timeout,
                              validate_certs=validate_certs, ca_path=ca_path, retries=retries,
                              retry_max_delay=retry_max_delay, backoff_base=backoff_base, warn=warn, sleep=sleep,
                              rng=rng, stack_hosts=stack_hosts)
        self._secrets = secret_forms(password or "")
        problems = settings_problems(url, username, password, timeout, retries, retry_max_delay, ca_path, stack_hosts)
        if problems:
            raise OptionError(self._scrub("Invalid connection options, %s: %s." % (NOTHING_SENT, "; ".join(problems))))
        base = url.strip().rstrip("/")
        if base.endswith(API_PREFIX):
            base = base[:-len(API_PREFIX)]
        self.base_url = self.configured_url = base
        self._password = password or ""
        self.timeout = int(timeout)
        self.retries = int(retries)
        self.retry_max_delay = float(retry_max_delay)
        self.backoff_base = float(backoff_base)
        patterns = DEFAULT_STACK_HOSTS if stack_hosts is None else stack_hosts
        self.stack_hosts = [p.strip().lower() for p in patterns] + [urlsplit(base).hostname]
        self._warn = warn or (lambda msg: None)
        self._sleep = sleep
        self._rng = rng or random.Random()
        self._stacks = {}
        self.pause = pause
        self._pause_lock = threading.Lock()
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
        mount_bounded_adapter(self.session)

    def sibling(self, same_stack=False):
        """A client for another worker thread: the same settings, warn, sleep and SharedPause (created here on first
        use and shared from then on), but its own requests.Session (connection pool) and stack cache, starting at
        the configured url (each organization finds its own stack with use_stack_of), or with `same_stack` at this
        client's stack (one organization's item writes)."""
        with self._pause_lock:
            if self.pause is None:
                self.pause = SharedPause()
        twin = PPEClient(pause=self.pause, **self._settings)
        if same_stack:
            twin.base_url = self.base_url
        return twin

    def close(self):
        """Close the session's connections (a sibling's, when its worker is done)."""
        self.session.close()

    # -- public verbs -------------------------------------------------------------------------
    def get(self, path, expect=None):
        """The JSON answer of GET `path` (never null); with expect=dict, only an object."""
        return self.request("GET", path, expect=expect).data

    def get_or_none(self, path, expect=None):
        """GET that answers None for a 404: how modules learn that a resource is absent. Any other answer that is
        not JSON of the expected shape is an error (UnexpectedAnswerError), never "absent"."""
        try:
            return self.request("GET", path, expect=expect).data
        except PPEError as exc:
            if exc.status == 404 and not isinstance(exc, UnexpectedAnswerError):
                return None
            raise

    def use_stack_of(self, domain):
        """Send the following requests to the stack that serves `domain`'s organization.

        Follows /endpoints/{domain} (any stack answers it); uses the configured url when it is one of the stacks or
        the organization is unknown (about to be created), also after an earlier organization led this client to
        another stack (a worker serves many). Answers are cached for the client's life, one task.
        Only endpoints with the scheme of base_url and a host that matches stack_hosts (or is base_url's host)
        are followed: the credentials go nowhere else. When the answer names none, OptionError.
        """
        key = domain.strip().lower()
        if key not in self._stacks:
            answer = self.get_or_none(api_path("endpoints", key), expect=dict) or {}
            stacks = [str(e).strip().rstrip("/") for e in answer.get("endpoints") or []]
            stacks = [e[:-len(API_PREFIX)] if e.endswith(API_PREFIX) else e for e in stacks]
            allowed = [e for e in (self._allowed_stack(s) for s in stacks) if e]
            if not stacks or self.configured_url.lower() in [e.lower() for e in allowed]:
                self._stacks[key] = self.configured_url
            elif not allowed:
                raise OptionError(self._scrub(
                    "discover_stack: GET /endpoints/%s names %s, which is not allowed: an endpoint must use %s like url "
                    "and its host must match stack_hosts (PPE_STACK_HOSTS), here %s; %s there. Add the host to "
                    "stack_hosts if it is a Proofpoint Essentials stack you trust." % (
                        key, ", ".join(stacks), urlsplit(self.base_url).scheme, ", ".join(self.stack_hosts),
                        NOTHING_SENT)))
            else:
                ignored = [e for e in stacks if not self._allowed_stack(e)]
                if ignored:
                    self._warn(self._scrub("discover_stack: ignored %s for %s (not allowed by stack_hosts or another "
                                           "scheme than url); using %s" % (", ".join(ignored), key, allowed[0])))
                self._stacks[key] = allowed[0]
        self.base_url = self._stacks[key]
        return self.base_url

    def _allowed_stack(self, endpoint):
        """The endpoint as a base URL (scheme and host lower case) when use_stack_of may follow it, else None."""
        try:
            parts = urlsplit(endpoint)
            host = (parts.hostname or "").lower()
            parts.port  # pylint: disable=pointless-statement  # raises ValueError for a port out of range
        except ValueError:
            return None
        if url_problem(endpoint) or parts.scheme.lower() != urlsplit(self.base_url).scheme.lower():
            return None
        if not any(fnmatch.fnmatchcase(host, pattern) for pattern in self.stack_hosts):
            return None
        netloc = parts.netloc.rsplit("@", 1)[-1].lower()
        return "%s://%s%s" % (parts.scheme.lower(), netloc, parts.path.rstrip("/"))

    def request(self, method, path, body=None, retry_unsafe=False, expect=None):
        """Send one API request with bounded retries; return ApiResponse or raise a PPEError.

        POST is not idempotent: it is retried after a 429 (the API refused it unprocessed) and, only when
        `retry_unsafe` is set by a caller whose create is keyed by identity (a duplicate gives 409, never a
        second object), after 5xx and connection errors as well. Callers resolve a 409 after a retry by
        reading the resource back (PPEError.after_retry tells them). A GET must be answered with JSON other than
        null (which callers would take for "absent"); with `expect=dict`, with an object. Anything else is an
        UnexpectedAnswerError, never retried.
        """
        method = method.upper()
        safe = method in IDEMPOTENT_METHODS or retry_unsafe
        attempt = 0
        while True:
            failure = None
            if self.pause is not None:
                self.pause.wait(self._sleep)  # another worker's 429 holds every worker of the task
            try:
                response = self._attempt(method, path, body)
            except requests.exceptions.RequestException as exc:
                failure = connection_failure(exc, self.base_url, self.timeout)
            except AttemptTimeout:
                failure = timeout_failure(self.base_url, self.timeout)
            if failure is not None:
                transient = failure.kind in TRANSIENT
                if transient and (safe or failure.kind == "connect_timeout") and attempt < self.retries:
                    attempt += 1
                    self._pause(method, path, failure.reason, attempt, None)
                    continue
                retried = " (after %d retries)" % attempt if attempt else ""
                raise PPEConnectionError(
                    self._scrub("%s %s failed: %s%s. %s" % (method, path, failure.message, retried, failure.hint)),
                    method=method, path=path, after_retry=attempt > 0)
            status = response.status
            retry = status in RETRY_STATUSES and (safe or status == 429) and attempt < self.retries
            if status == 429 and self.pause is not None:
                delay = self.backoff_delay(attempt + 1, response.headers.get("Retry-After"))
                started = self.pause.hold(delay)  # held even when not retried: the other workers slow down too
                if retry:
                    attempt += 1
                    if started:  # one warning per pause; the wait itself is at the top of the loop
                        self._warn(self._scrub("%s %s: HTTP 429, retrying in %.1f s (retry %d of %d); every "
                                               "connection of this task waits until then" % (
                                                   method, path, delay, attempt, self.retries)))
                    continue
            elif retry:
                attempt += 1
                self._pause(method, path, "HTTP %d" % status, attempt, response.headers.get("Retry-After"))
                continue
            return self._handle(method, path, response, attempt > 0, expect)

    def _attempt(self, method, path, body):
        """One attempt: the request and the redirects within base_url's origin that it may follow, every answer
        read whole, all within `timeout` seconds; the final _Answer."""
        deadline = time.monotonic() + self.timeout
        url = self.base_url + API_PREFIX + path
        for _hop in range(MAX_REDIRECTS + 1):
            answer = self._exchange(method, path, url, body, deadline)
            if answer.status not in REDIRECT_STATUSES:
                return answer
            url = self._redirect_target(method, path, url, answer)
        raise UnexpectedAnswerError(self._scrub(
            "%s %s: the API answered more than %d redirects in a row (HTTP %d); not followed further. Is url "
            "(PPE_URL) the API's address?" % (method, path, MAX_REDIRECTS, answer.status)),
            method=method, path=path, status=answer.status)

    def _exchange(self, method, path, url, body, deadline):
        """One HTTP request and its whole answer, cut off at `deadline` (AttemptTimeout). Redirects are not
        followed by requests; the body is read in chunks and refused beyond MAX_ANSWER_BYTES."""
        with _Watch(deadline) as watch:
            try:
                left = watch.remaining()
                response = self.session.request(method, url, json=body, timeout=(left, left), verify=self.verify,
                                                allow_redirects=False, stream=True)
                try:
                    content = self._read(method, path, response, watch)
                finally:
                    response.close()
            except requests.exceptions.RequestException as exc:
                if not watch.fired or isinstance(exc, requests.exceptions.Timeout):
                    raise
                cut = True  # the watchdog shut the socket: the error is its doing
            else:
                cut = watch.fired
        if cut:
            raise AttemptTimeout()
        return _Answer(response.status_code, response.reason, response.headers, content)

    def _read(self, method, path, response, watch):
        """The body, decompressed, read in READ_CHUNK pieces while the deadline and MAX_ANSWER_BYTES hold."""
        announced = (response.headers.get("Content-Length") or "").strip()
        if announced.isdigit() and int(announced) > MAX_ANSWER_BYTES:
            raise self._too_large(method, path, response.status_code, "it announced %s bytes" % announced)
        chunks, size = [], 0
        for chunk in response.iter_content(READ_CHUNK):
            size += len(chunk)
            if size > MAX_ANSWER_BYTES:
                compressed = (response.headers.get("Content-Encoding") or "identity").strip().lower()
                raise self._too_large(method, path, response.status_code, "read so far" if compressed == "identity"
                                      else "%s-compressed, counted decompressed" % compressed)
            if watch.expired():
                raise AttemptTimeout()
            chunks.append(chunk)
        return b"".join(chunks)

    def _too_large(self, method, path, status, how):
        return UnexpectedAnswerError(self._scrub(
            "%s %s: the API's answer (HTTP %d) is larger than %d MiB (%s), the most the collection reads; not read "
            "further and not retried. No answer of the API is that large: is url (PPE_URL) the API's address?" % (
                method, path, status, MAX_ANSWER_BYTES // (1024 * 1024), how)),
            method=method, path=path, status=status)

    def _redirect_target(self, method, path, url, answer):
        """The URL a redirect leads to, when it may be followed: the same origin as `url`, and for a method other
        than GET only 307/308 (which repeat the method and body). Anything else is an UnexpectedAnswerError that
        says what to set; nothing is sent to another origin."""
        status = answer.status
        location = (answer.headers.get("Location") or "").strip()
        target = urljoin(url, location) if location else ""
        here, there = origin(url), origin(target)
        if there is None:
            raise UnexpectedAnswerError(self._scrub(
                "%s %s: the API answered HTTP %d, a redirect without a usable Location; not followed. Is url "
                "(PPE_URL) the API's address?" % (method, path, status)), method=method, path=path, status=status)
        if there != here:
            if here[0] == "https" and there[0] != "https":
                advice = "A redirect from https to plain http is never followed; check url (PPE_URL)"
            else:
                advice = "Set url (PPE_URL) to %s if that is the API's address" % _origin_url(there)
            raise UnexpectedAnswerError(self._scrub(
                "%s %s: the API answered HTTP %d, a redirect to %s, another origin than url (%s); the credentials "
                "and request bodies go only to url's scheme, host and port, so the redirect was not followed and "
                "nothing was sent there. %s." % (method, path, status, _origin_url(there), _origin_url(here), advice)),
                method=method, path=path, status=status)
        if method != "GET" and status not in METHOD_PRESERVING_REDIRECTS:
            raise UnexpectedAnswerError(self._scrub(
                "%s %s: the API answered HTTP %d, a redirect within url's origin that would turn the %s into a GET; "
                "not followed (only 307 and 308 repeat a write), so the write may not have been applied." % (
                    method, path, status, method)), method=method, path=path, status=status)
        return target

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
        self._warn(self._scrub("%s %s: %s, retrying in %.1f s (retry %d of %d)" % (
            method, path, reason, delay, attempt, self.retries)))
        self._sleep(delay)

    def _decode(self, method, path, answer, expect):
        """The JSON of a successful answer: None for no body (except to a GET), else JSON, and for a GET not null
        (`expect=dict`: an object). Anything else raises UnexpectedAnswerError saying what arrived."""
        status, content = answer.status, answer.content
        applied = "" if method == "GET" else " The request may have been applied."
        if not content.strip():
            if method != "GET":
                return None
            problem = "an empty body"
        else:
            try:
                data = load_json(content)
            except TooDeep as exc:
                problem = "JSON %s, which the collection does not read" % exc
            except ValueError as exc:
                if answer.content_type in ("application/json", "text/json") or answer.content_type.endswith("+json"):
                    problem = "%s that is not valid JSON (%s at character %s of %d bytes: cut short?)" % (
                        answer.content_type, getattr(exc, "msg", "invalid"), getattr(exc, "pos", "?"), len(content))
                else:
                    gist = _gist(answer)
                    problem = "%s, not JSON%s" % (answer.content_type, ' ("%s")' % gist if gist else "")
            else:
                if method != "GET" or (isinstance(data, dict) if expect is dict else data is not None):
                    return data
                problem = "%s where an object was expected" % json_kind(data) if expect is dict else json_kind(data)
        raise UnexpectedAnswerError(self._scrub(
            "%s %s: the API answered HTTP %d with %s; is url (PPE_URL) the API's address? A proxy, a login page or "
            "another service in between answers like this.%s" % (method, path, status, problem, applied)),
            method=method, path=path, status=status)

    def _handle(self, method, path, response, retried, expect=None):
        status = response.status
        if status < 300:
            data = self._decode(method, path, response, expect)
            if status != 207:
                return ApiResponse(status, data, retried)
        else:
            data = _json_or_none(response.content)
        if status == 207:
            errors = (data or {}).get("errors") or []
            if not errors:
                return ApiResponse(status, data, retried)
            created = [v for k, v in (data or {}).items() if k != "errors" and isinstance(v, list)]
            raise PartialFailureError(
                self._scrub("%s %s partly failed (HTTP 207): %s" % (method, path, "; ".join(
                    "%s: %s (HTTP %s)" % (e.get("identifier"), e.get("error_message"), e.get("status")) for e in errors))),
                succeeded=created[0] if created else [], method=method, path=path, status=207,
                errors=self._scrub_data(errors), after_retry=retried)
        api_message = ""
        errors = []
        if isinstance(data, dict):
            api_message = str(data.get("error_message") or data.get("message") or "")
            errors = data.get("errors") or []
        elif response.content.strip() and status != 401:
            gist = _gist(response)
            api_message = "%s (the answer was %s, not JSON)" % (gist or response.reason, response.content_type)
        reason = api_message or response.reason or "no details from the API"
        details = [d for d in (_describe(e) for e in errors) if d not in reason]  # never the same reason twice
        detail = " (" + "; ".join(details) + ")" if details else ""
        message = "%s %s failed with HTTP %d: %s%s. %s" % (
            method, path, status, reason, detail, hint_for(status, path, api_message))
        raise error_class(status)(self._scrub(message.strip()), method=method, path=path, status=status,
                                  api_message=self._scrub(api_message), errors=self._scrub_data(errors),
                                  after_retry=retried)

    def _scrub_data(self, value):
        """_scrub on every string in decoded JSON (the error items an exception carries into the module result)."""
        if isinstance(value, str):
            return self._scrub(value)
        if isinstance(value, list):
            return [self._scrub_data(v) for v in value]
        if isinstance(value, dict):
            return dict((k, self._scrub_data(v)) for k, v in value.items())
        return value

    def _scrub(self, text):
        """Last line of defence: the password never leaves the client inside a message, in any form
        (raw, repr-, JSON- or URL-escaped; URL escapes in either case)."""
        for form in self._secrets:
            text = re.sub(re.escape(form), MASK, text, flags=re.IGNORECASE if "%" in form else 0)
        return text


TRANSIENT = frozenset(("connect_timeout", "read_timeout", "transient"))
TIMEOUT_HINT = "Raise timeout (PPE_TIMEOUT) if the API is slow, or retry later."
NOT_RETRIED = "Not retried, since another attempt would fail the same way:"


class ConnectionFailure:
    """What went wrong with a request that got no HTTP answer: `kind`, a short `reason` (for retry warnings),
    the `message` and the `hint` of the final error."""

    def __init__(self, kind, reason, message, hint):
        self.kind = kind
        self.reason = reason
        self.message = message
        self.hint = hint


def _causes(exc):
    """exc and every exception it wraps (args, urllib3's `reason`, __cause__, __context__), outermost first."""
    seen, queue, found = set(), [exc], []
    while queue and len(found) < 20:
        current = queue.pop(0)
        if not isinstance(current, BaseException) or id(current) in seen:
            continue
        seen.add(id(current))
        found.append(current)
        queue.extend([getattr(current, "reason", None), current.__cause__, current.__context__] + list(current.args))
    return found


def _innermost(causes):
    """The text of the deepest cause that says something, without urllib3's pool preamble."""
    for cause in reversed(causes):
        text = str(cause).strip()
        if text:
            return re.sub(r"^<[^>]*>: ", "", text)
    return type(causes[0]).__name__


def connection_failure(exc, base_url, timeout):
    """Classify a requests exception: which failures are transient (retried) and what to tell the user.

    Certificate and other TLS failures, unresolvable host names and refused connections cannot heal by
    retrying within a task, so they fail at once with a hint; timeouts, resets and dropped connections are
    transient. A temporary name-resolution failure (EAI_AGAIN) counts as transient.
    """
    causes = _causes(exc)
    parts = urlsplit(base_url)
    host = parts.hostname or base_url
    kinds = [type(c) for c in causes]

    def has(*types):
        return any(issubclass(k, types) for k in kinds)

    if has(ssl.SSLCertVerificationError) or (has(ssl.SSLError) and "CERTIFICATE_VERIFY_FAILED" in str(exc)):
        verify = next((c for c in causes if isinstance(c, ssl.SSLCertVerificationError)), None)
        detail = getattr(verify, "verify_message", None) or _innermost(causes)
        return ConnectionFailure(
            "certificate", "certificate not trusted",
            "could not connect to %s: its TLS certificate could not be verified (%s)" % (base_url, detail),
            "%s if the stack uses a private CA, set ca_path (PPE_CA_PATH) to the PEM "
            "file of that CA; validate_certs=false (PPE_VALIDATE_CERTS) turns verification off, for test servers "
            "only. Also check that the host in url (PPE_URL) is the one the certificate names." % NOT_RETRIED)
    if isinstance(exc, requests.exceptions.SSLError) or has(ssl.SSLError):
        return ConnectionFailure(
            "tls", "TLS failure",
            "could not connect to %s: the TLS handshake failed (%s)" % (base_url, _innermost(causes)),
            "%s check that url (PPE_URL) uses https:// only for an HTTPS service and names the right port; "
            "ca_path (PPE_CA_PATH) and validate_certs (PPE_VALIDATE_CERTS) control certificate checks." % NOT_RETRIED)
    gai = next((c for c in causes if isinstance(c, socket.gaierror)), None)
    resolution = gai is not None or any(k.__name__ == "NameResolutionError" for k in kinds)
    if resolution and not (gai is not None and gai.errno == getattr(socket, "EAI_AGAIN", -3)):
        return ConnectionFailure(
            "resolve", "host name not resolved",
            "could not resolve the host %s of url (PPE_URL) (%s)" % (host, _innermost(causes)),
            "%s check the host name in url, for example https://us1.proofpointessentials.com, and the "
            "controller's DNS." % NOT_RETRIED)
    if has(ConnectionRefusedError):
        return ConnectionFailure(
            "refused", "connection refused",
            "%s refused the connection (%s)" % (base_url, _innermost(causes)),
            "%s is the API service up, and are the host and port in url (PPE_URL) right? A firewall or proxy may "
            "also refuse it." % NOT_RETRIED)
    if isinstance(exc, requests.exceptions.ConnectTimeout):
        return ConnectionFailure(
            "connect_timeout", "timed out after %s s while connecting" % timeout,
            "could not connect to %s: timed out after %s s (timeout, PPE_TIMEOUT)" % (base_url, timeout),
            "Check url (PPE_URL) and network access to the stack (firewall, proxy). " + TIMEOUT_HINT)
    if isinstance(exc, requests.exceptions.Timeout):
        return timeout_failure(base_url, timeout)
    if isinstance(exc, requests.exceptions.ConnectionError) or resolution:
        return ConnectionFailure(
            "transient", "connection error (%s)" % _innermost(causes),
            "could not connect to %s, or the connection broke (%s)" % (base_url, _innermost(causes)), CONNECTION_HINT)
    return ConnectionFailure("other", type(exc).__name__, "%s" % _innermost(causes), CONNECTION_HINT)


def timeout_failure(base_url, timeout):
    """An attempt that had no complete answer (headers and whole body) when its `timeout` seconds were up."""
    return ConnectionFailure(
        "read_timeout", "no complete answer, timed out after %s s" % timeout,
        "no complete answer from %s: timed out after %s s (timeout, PPE_TIMEOUT, bounds each attempt: connecting, "
        "the headers and the whole body)" % (base_url, timeout),
        TIMEOUT_HINT)


def _json_or_none(content):
    """The JSON of an error answer, or None when it has none (not JSON, or nested too deep)."""
    if not content.strip():
        return None
    try:
        return load_json(content)
    except ValueError:
        return None


def _describe(error):
    if isinstance(error, dict):
        ident = error.get("identifier") or error.get("field") or ""
        msg = error.get("error_message") or error.get("message") or ""
        return ("%s: %s" % (ident, msg)).strip(": ")
    return str(error)
