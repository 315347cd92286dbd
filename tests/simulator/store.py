# -*- coding: utf-8 -*-
# Copyright (c) ppe.essentials contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The simulator's state: orgs with their domains, users and settings, global indexes, one lock.

All stacks of one process share one Store. Every API request runs under ``lock``; with a state
file the whole state is written after each mutation (temp file + os.replace, so a crash or restart
never sees half a file). The fixture format and the dump format are the same JSON document.
"""

from __future__ import annotations

import copy
import json
import os
import tempfile
import threading
import time

from .faults import Faults
from .model import (DOMAIN_DEFAULTS, ORG_DEFAULTS, ORG_KEYS, PACKAGE_DEFAULTS, USER_DEFAULTS, add_old_list_names,
                    domain_out, hash_password, new_features, org_admin_user, user_out, with_defaults)

DEMO_FIXTURE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "demo_fixture.json")
DEFAULT_CONFIG = {"reject_deprecated_terms": False, "report_anchor": "2026-01-01T00:00:00Z", "reads_only": False,
                  "shapes": []}
READ_METHODS = ("GET", "HEAD", "OPTIONS")
MAX_LOG = 100000


def load_fixture_file(path=None):
    """Parse a fixture file (the built-in demo fixture by default)."""
    with open(path or DEMO_FIXTURE, encoding="utf-8") as handle:
        return json.load(handle)


def published_records(records):
    """A /_sim/dns document checked: {"verification": [TXT|META...], "dkim": [selector...]} and, for the domain health
    check, optionally "mail": [MX|SPF|DMARC...] (the mail records that are set up); ValueError otherwise."""
    if not isinstance(records, dict) or set(records) - {"verification", "dkim", "mail"}:
        raise ValueError("DNS records are an object with the keys verification, dkim and mail")
    out = {}
    for kind in ("verification", "dkim") + (("mail",) if "mail" in records else ()):
        values = records.get(kind, [])
        if not isinstance(values, list) or not all(isinstance(v, str) and v for v in values):
            raise ValueError("%s must be a list of non-empty strings" % kind)
        out[kind] = sorted(set(v.lower() if kind == "dkim" else v.upper() for v in values))
    if set(out["verification"]) - {"TXT", "META"}:
        raise ValueError("verification methods are TXT and META")
    if set(out.get("mail", ())) - {"MX", "SPF", "DMARC"}:
        raise ValueError("mail records are MX, SPF and DMARC")
    return out


class Store:
    """State plus request log, control config and the stacks' base URLs."""

    def __init__(self, fixture=None, state_file=None):
        self.lock = threading.RLock()
        self.fixture = fixture if fixture is not None else load_fixture_file()
        self.state_file = state_file
        self.stack_urls = {}
        self.log = []
        self.refused_writes = []
        self.connections = []
        self.config = dict(DEFAULT_CONFIG)
        self.faults = Faults()
        self.orgs = {}
        self.domain_index = {}
        self.user_index = {}
        self.next_eid = 1000
        self.next_uid = 1000
        self.next_did = 1000
        self.dns = {}
        if state_file and os.path.exists(state_file):
            self.load(load_fixture_file(state_file))
        else:
            self.load(self.fixture)
            self.save()

    # ----- loading, dumping, persistence -------------------------------------------------------

    def load(self, data):
        """Replace the whole state with a fixture/dump document; on a bad document nothing changes."""
        with self.lock:
            backup = (self.orgs, self.domain_index, self.user_index, self.next_eid, self.next_uid, self.next_did, self.dns)
            try:
                self._load(data)
            except (KeyError, TypeError, ValueError, AttributeError):
                (self.orgs, self.domain_index, self.user_index, self.next_eid, self.next_uid, self.next_did,
                 self.dns) = backup
                raise

    def _load(self, data):
        if not isinstance(data, dict) or not isinstance(data.get("orgs", []), list):
            raise ValueError("a state document is an object with an orgs list")
        self.orgs, self.domain_index, self.user_index = {}, {}, {}
        self.next_eid = int(data.get("next_eid", 1000))
        self.next_uid = int(data.get("next_uid", 1000))
        self.next_did = int(data.get("next_did", 1000))
        self.dns = dict((name.lower().rstrip("."), published_records(records))
                        for name, records in data.get("dns", {}).items())
        pending = []
        for raw in data.get("orgs", []):
            org = self._org_from_doc(raw)
            pending.append((org, (raw.get("parent") or "").lower()))
        for org, parent in pending:
            if parent:
                if parent not in self.domain_index:
                    raise ValueError("org %s: unknown parent %s" % (org["primary_domain"], parent))
                org["parent"] = self.domain_index[parent]

    def _org_from_doc(self, raw):
        org = with_defaults({k: v for k, v in raw.items() if k not in ("domains", "users", "parent")}, ORG_DEFAULTS)
        org["eid"] = int(raw["eid"]) if raw.get("eid") else self.new_eid()
        self.next_eid = max(self.next_eid, org["eid"] + 1)
        org["parent"] = None
        org["stacks"] = list(raw.get("stacks") or ["us1"])
        org["features"] = dict(new_features(), **raw.get("features", {}))
        org["package_state"] = with_defaults(raw.get("package_state", {}), PACKAGE_DEFAULTS)
        org["domains"], org["users"] = {}, {}
        self.orgs[org["eid"]] = org
        names = [d if isinstance(d, dict) else {"name": d} for d in raw.get("domains", [])]
        if not any(d["name"].lower() == org["primary_domain"].lower() for d in names):
            names.insert(0, {"name": org["primary_domain"]})
        for dom in names:
            self.add_domain(org, with_defaults(dom, DOMAIN_DEFAULTS))
        for user in raw.get("users", []):
            user = with_defaults(user, USER_DEFAULTS)
            if "password" in user:
                user["password_hash"] = hash_password(user.pop("password"))
            user.setdefault("password_hash", "")
            if user.get("uid"):
                self.next_uid = max(self.next_uid, int(user["uid"]) + 1)
            else:
                user["uid"] = self.new_uid()
            self.add_user(org, user)
        return org

    def dump(self):
        """The whole state as a fixture document (passwords only as salted hashes)."""
        with self.lock:
            orgs = []
            for org in sorted(self.orgs.values(), key=lambda o: o["eid"]):
                doc = {k: copy.deepcopy(v) for k, v in org.items() if k not in ("domains", "users", "parent")}
                doc["parent"] = self.orgs[org["parent"]]["primary_domain"] if org["parent"] else ""
                doc["domains"] = [dict(d) for d in org["domains"].values()]
                doc["users"] = [copy.deepcopy(u) for u in org["users"].values()]
                orgs.append(doc)
            return {"version": 1, "next_eid": self.next_eid, "next_uid": self.next_uid, "next_did": self.next_did,
                    "dns": copy.deepcopy(self.dns), "orgs": orgs}

    def save(self):
        """Write the state file atomically (no-op without --state)."""
        if not self.state_file:
            return
        with self.lock:
            data = json.dumps(self.dump(), indent=1, sort_keys=True)
            folder = os.path.dirname(os.path.abspath(self.state_file))
            fd, tmp = tempfile.mkstemp(prefix=".ppe-sim-", suffix=".json", dir=folder)
            try:
                with os.fdopen(fd, "w", encoding="utf-8") as handle:
                    handle.write(data)
                os.replace(tmp, self.state_file)
            except BaseException:
                if os.path.exists(tmp):
                    os.unlink(tmp)
                raise

    def reset(self):
        """Back to the fixture, default config, no faults, empty request log."""
        with self.lock:
            self.load(self.fixture)
            self.config = dict(DEFAULT_CONFIG)
            self.faults.clear()
            self.log = []
            self.refused_writes = []
            self.connections = []
            self.save()

    # ----- request log ---------------------------------------------------------------------------

    def record(self, entry):
        """Append one request-log entry (never holds headers or bodies, so no password); `started` and `ended` (the
        simulator's monotonic clock, latency included) show how many requests were in flight at once."""
        if "started" in entry:
            entry.setdefault("ended", time.monotonic())
        with self.lock:
            self.log.append(entry)
            if len(self.log) > MAX_LOG:
                del self.log[:len(self.log) - MAX_LOG]

    def connected(self, peer):
        """Note the client's address:port of an API request once: how many TCP connections the clients opened."""
        with self.lock:
            if peer not in self.connections:
                self.connections.append(peer)

    def refuse_write(self, entry):
        """In reads-only mode: log and count a write request instead of running it."""
        with self.lock:
            entry["status"] = 403
            self.record(entry)
            self.refused_writes.append(dict((k, entry[k]) for k in ("method", "path", "stack")))

    # ----- ids and indexes ----------------------------------------------------------------------

    def new_eid(self):
        """Next org id."""
        self.next_eid += 1
        return self.next_eid - 1

    def new_did(self):
        """Next DKIM keypair id."""
        self.next_did += 1
        return self.next_did - 1

    def published(self, name, kind):
        """What the outside world's DNS (and web site) holds for a domain: kind "verification" gives the methods
        whose record is published (TXT, META), kind "dkim" the selectors whose public key is published."""
        return self.dns.get(name.lower().rstrip("."), {}).get(kind, [])

    def new_uid(self):
        """Next user id."""
        self.next_uid += 1
        return self.next_uid - 1

    def org_by_domain(self, name):
        """Org owning any of its domains (case-insensitive), or None."""
        eid = self.domain_index.get(name.lower().rstrip("."))
        return self.orgs.get(eid) if eid is not None else None

    def user_by_email(self, email):
        """(org, user) for a primary e-mail anywhere on the platform, or (None, None)."""
        eid = self.user_index.get(email.lower())
        if eid is None:
            return None, None
        org = self.orgs[eid]
        return org, org["users"][email.lower()]

    def _register(self, org, kind, key, record):
        """File a domain or user record under its org, and in the platform-wide index (names are unique)."""
        getattr(self, kind + "_index")[key.lower()] = org["eid"]
        org[kind + "s"][key.lower()] = record

    def _unregister(self, org, kind, key):
        getattr(self, kind + "_index").pop(key.lower(), None)
        org[kind + "s"].pop(key.lower(), None)

    def add_domain(self, org, domain):
        self._register(org, "domain", domain["name"], domain)

    def remove_domain(self, org, name):
        self._unregister(org, "domain", name)

    def add_user(self, org, user):
        self._register(org, "user", user["primary_email"], user)

    def remove_user(self, org, email):
        self._unregister(org, "user", email)

    def add_org(self, org):
        """Register an org record (domains and users are added separately)."""
        self.orgs[org["eid"]] = org

    def remove_org(self, org):
        """Remove an org with its domains and users."""
        for name in list(org["domains"]):
            self.remove_domain(org, name)
        for email in list(org["users"]):
            self.remove_user(org, email)
        del self.orgs[org["eid"]]

    # ----- hierarchy ------------------------------------------------------------------------------

    def ancestors(self, org):
        """The org itself followed by its parents up to the root."""
        chain = [org]
        while chain[-1]["parent"]:
            chain.append(self.orgs[chain[-1]["parent"]])
        return chain

    def children(self, org):
        """Direct child orgs, by eid."""
        return sorted((o for o in self.orgs.values() if o["parent"] == org["eid"]), key=lambda o: o["eid"])

    def is_within(self, org, top):
        """True when org is top or below it."""
        return any(o["eid"] == top["eid"] for o in self.ancestors(org))

    # ----- response shapes ------------------------------------------------------------------------

    def org_out(self, org, new_terms):
        """Org response object (reference section 3.1)."""
        admin = org_admin_user(org)
        values = dict(org)
        values["organization_hierarchy"] = ["%d : '%s'" % (o["eid"], o["name"]) for o in self.ancestors(org)]
        values["active_users"] = sum(1 for u in org["users"].values() if u["is_active"] and u["is_billable"])
        values["admin_user"] = user_out(admin, new_terms) if admin else None
        values["domains"] = [domain_out(d) for d in org["domains"].values()]
        out = {key: copy.deepcopy(values[key]) for key in ORG_KEYS}
        return add_old_list_names(out, new_terms)
