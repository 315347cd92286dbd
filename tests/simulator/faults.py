# -*- coding: utf-8 -*-
# Copyright (c) ppe.essentials contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Deterministic fault injection so client retry logic can be tested without flakiness.

Two mechanisms: a queue ``next`` of exact faults consumed one per matching API request, and seeded
rates (errors, 429 throttling, dropped connections). Same seed + same request sequence = same faults.
A queued ``{"lost": true}`` is a lost answer: the request is carried out, then the connection is dropped (or,
with a ``status``, that error is answered instead), as when a proxy or the network loses the API's answer.
"""

from __future__ import annotations

import random
import threading

DEFAULTS = {"seed": 0, "error_rate": 0.0, "error_statuses": [500, 502, 503], "throttle_rate": 0.0,
            "retry_after": 1, "latency_ms": 0, "drop_rate": 0.0, "next": []}


class Faults:
    """Current fault configuration plus its random generator."""

    def __init__(self):
        self.lock = threading.Lock()
        self.config = dict(DEFAULTS, next=[])
        self.rng = random.Random(0)

    def configure(self, body):
        """Replace the configuration; ValueError names a bad key or value."""
        unknown = sorted(set(body) - set(DEFAULTS))
        if unknown:
            raise ValueError("unknown keys: %s" % ", ".join(unknown))
        config = dict(DEFAULTS, next=[])
        config.update(body)
        for key in ("error_rate", "throttle_rate", "drop_rate"):
            if not isinstance(config[key], (int, float)) or not 0 <= config[key] <= 1:
                raise ValueError("%s must be a number between 0 and 1" % key)
        if not isinstance(config["latency_ms"], (int, float)) or not 0 <= config["latency_ms"] <= 60000:
            raise ValueError("latency_ms must be between 0 and 60000")
        if not config["error_statuses"] or not all(isinstance(s, int) and 400 <= s <= 599 for s in config["error_statuses"]):
            raise ValueError("error_statuses must be a non-empty list of HTTP error statuses")
        if not isinstance(config["next"], list) or not all(_valid_entry(e) for e in config["next"]):
            raise ValueError("next must be a list of {status[, retry_after]}, {drop: true} or {lost: true[, status]}, "
                             "optional method/path_prefix")
        with self.lock:
            self.config = config
            self.config["next"] = [dict(e) for e in config["next"]]
            self.rng = random.Random(config["seed"])

    def clear(self):
        """All faults off."""
        with self.lock:
            self.config = dict(DEFAULTS, next=[])
            self.rng = random.Random(0)

    def show(self):
        """Copy of the configuration (remaining queue included)."""
        with self.lock:
            return dict(self.config, next=[dict(e) for e in self.config["next"]])

    def latency(self):
        """Seconds to wait before answering."""
        return self.config["latency_ms"] / 1000.0

    def pick(self, method, path):
        """The fault for this request: None, {"drop": True}, {"lost": True[, "status": N]} or {"status": N,
        "retry_after": s}."""
        with self.lock:
            cfg = self.config
            for index, entry in enumerate(cfg["next"]):
                if entry.get("method", method).upper() == method and path.startswith(entry.get("path_prefix", "")):
                    del cfg["next"][index]
                    if entry.get("drop"):
                        return {"drop": True}
                    if entry.get("lost"):
                        return dict({"lost": True}, **({"status": entry["status"]} if "status" in entry else {}))
                    fault = {"status": entry["status"]}
                    if entry["status"] == 429 or "retry_after" in entry:
                        fault["retry_after"] = entry.get("retry_after", cfg["retry_after"])
                    return fault
            if not (cfg["error_rate"] or cfg["throttle_rate"] or cfg["drop_rate"]):
                return None
            draw = self.rng.random()
            if draw < cfg["error_rate"]:
                return {"status": self.rng.choice(cfg["error_statuses"])}
            draw -= cfg["error_rate"]
            if draw < cfg["throttle_rate"]:
                return {"status": 429, "retry_after": cfg["retry_after"]}
            draw -= cfg["throttle_rate"]
            if draw < cfg["drop_rate"]:
                return {"drop": True}
            return None


def _valid_entry(entry):
    if not isinstance(entry, dict):
        return False
    if entry.get("drop") is True:
        return True
    if entry.get("lost") is True and "status" not in entry:
        return True
    return isinstance(entry.get("status"), int) and 400 <= entry["status"] <= 599
