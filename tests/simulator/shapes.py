# -*- coding: utf-8 -*-
# Copyright (c) ppe.essentials contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The other plausible shapes of the answers whose shape the simulator infers (README, "Choices where the sources
are silent"), switched on by the `shapes` setting of /_sim/config, so that the collection's tests can run a module
against both the simulator's choice and the other way the real API may answer.

The state and the rules stay the same; only what an answer shows changes. `azure_unset_200` is applied where the
settings are read (res_azure.get_azure); the others here, on every answer.
"""

from __future__ import annotations

SHAPES = {
    "no_is_verified": "Domain objects have no is_verified (the ownership state is kept, only not shown)",
    "azure_unset_200": "GET .../settings/azure of an organization without sync settings answers 200 with empty "
                       "fields instead of 404",
    "bare_lists": "the lists whose key is inferred are answered as bare JSON arrays",
    "items_lists": "the lists whose key is inferred (and the ones answered bare) are under an `items` key",
}
EXCLUSIVE = ("bare_lists", "items_lists")
# GET answers that are lists of an inferred shape: path pattern -> the key the simulator puts the list under
# (None: a bare array by default).
LISTS = (
    (("orgs", "*", "products"), "products"),
    (("billing", "*", "orgs"), "orgs"),
    (("stats", "*", "partner"), "stats"),
    (("stats", "*", "partner", "*"), "stats"),
    (("orgs", "*", "authentication", "settings", "idps"), "idps"),
    (("orgs", "*", "email-tagging", "exemptions"), "exemptions"),
    (("orgs", "*", "domains", "*", "dkim"), None),
    (("orgs", "*", "settings", "azure", "exemptions"), None),
)


def shapes_problem(value):
    """Why `value` is not a `shapes` setting (a list of SHAPES names), or None."""
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        return "shapes must be a list of names (%s)" % ", ".join(sorted(SHAPES))
    unknown = sorted(set(value) - set(SHAPES))
    if unknown:
        return "unknown shapes: %s (known: %s)" % (", ".join(unknown), ", ".join(sorted(SHAPES)))
    if all(name in value for name in EXCLUSIVE):
        return "shapes: %s exclude each other" % " and ".join(EXCLUSIVE)
    return None


def _list_key(path):
    """(True, key) when `path` answers one of LISTS, else (False, None)."""
    segments = [s for s in path.split("/") if s][2:]  # without api, v1
    for pattern, key in LISTS:
        if len(pattern) == len(segments) and all(p == "*" or p == s.lower() for p, s in zip(pattern, segments)):
            return True, key
    return False, None


def _without_is_verified(value):
    if isinstance(value, list):
        return [_without_is_verified(v) for v in value]
    if isinstance(value, dict):
        return dict((k, _without_is_verified(v)) for k, v in value.items() if k != "is_verified")
    return value


def reshape(shapes, method, path, status, body):
    """The answer `body` in the shapes switched on (successful GETs only)."""
    if method != "GET" or status != 200 or body is None:
        return body
    if "no_is_verified" in shapes:
        body = _without_is_verified(body)
    listed, key = _list_key(path)
    if listed and "bare_lists" in shapes and key and isinstance(body, dict):
        return body.get(key)
    if listed and "items_lists" in shapes:
        if key is None:
            return {"items": body}
        return dict((("items" if k == key else k), v) for k, v in body.items())
    return body
