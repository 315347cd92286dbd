# -*- coding: utf-8 -*-
# Copyright (c) ppe.essentials contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Fleet standards (issue 24): a baseline in the format of a customer's sections, applied under each customer's own
values and judged per organization as held, short or excepted.

Private to the ppe.essentials collection. A standard is a leaf of the `standards` mapping, named by its dotted path
(`authentication.is_mfa_enabled`, `features.url_defense`, `sender_lists.block_list`). ppe_customer
(module_utils/_onboarding.py) merges the standards into each declaration where it does not set the value itself
(the customer's value wins), leaves out the paths the customer excepts (`standards_exceptions`) and the features its
package does not offer, and judges each standard against the organization as read: the live value is the drift's
`old` when the run found a difference there, else the declared value (which the organization then has).
"""

from __future__ import annotations

import copy
from collections.abc import Mapping

from ansible_collections.ppe.essentials.plugins.module_utils._normalize import as_items, sender, text
from ansible_collections.ppe.essentials.plugins.module_utils._vocabulary import package_features

SECTIONS = ("features", "sender_lists", "email_tagging", "authentication")  # what a standard may set
MAX_STANDARDS = 200  # leaves of one standards mapping (a bound on what every organization's run judges)


def leaves(value, prefix=""):
    """{dotted path: value} of every scalar or list in a mapping, in its order."""
    if isinstance(value, Mapping) and value:
        out = {}
        for key in value:
            out.update(leaves(value[key], "%s.%s" % (prefix, key) if prefix else text(key)))
        return out
    return {prefix: value} if prefix else {}


def _under(path, prefixes):
    """The prefix (an exception's path) that `path` is or is inside, or None."""
    return next((p for p in prefixes if path == p or path.startswith(p + ".")), None)


def skipped(standards, customer, package):
    """{path: (state, reason)} of the standards not applied to this customer: those it excepts, with its reason,
    and features its package does not offer."""
    exceptions = dict((text(e.get("path")).strip(), text(e.get("reason")))
                      for e in as_items(customer.get("standards_exceptions")) if isinstance(e, Mapping))
    offered = package_features(package) if package else None
    out = {}
    for path in leaves(standards):
        prefix = _under(path, exceptions)
        if prefix is not None:
            out[path] = ("excepted", exceptions[prefix])
        elif path.startswith("features.") and offered is not None and path.split(".", 1)[1] not in offered:
            out[path] = ("not_applicable", "the %s package does not offer it" % package)
    return out


def exception_problems(standards, customer):
    """An exception whose path is no standard (nor a section of standards) would except nothing: named."""
    paths = list(leaves(standards))
    problems = []
    for index, item in enumerate(as_items(customer.get("standards_exceptions"))):
        path = text(item.get("path") if isinstance(item, Mapping) else item).strip()
        if not any(p == path or p.startswith(path + ".") for p in paths):
            problems.append("standards_exceptions[%d].path: %r is not a standard (the standards: %s)" % (
                index, path, ", ".join(paths[:20]) or "none are set"))
    return problems


def apply(standards, customer, skip):
    """The declaration with every standard it does not set itself (and that is not in `skip`) set to the standard."""
    out = copy.deepcopy(dict(customer))
    for path, value in leaves(standards).items():
        if path in skip:
            continue
        target, keys = out, path.split(".")
        for key in keys[:-1]:
            if target.get(key) is None:
                target[key] = {}
            if not isinstance(target[key], Mapping):
                break  # the customer set it as something else: its value wins
            target = target[key]
        else:
            if target.get(keys[-1]) is None:
                target[keys[-1]] = copy.deepcopy(value)
    return out


def _dig(value, keys):
    for key in keys:
        if not isinstance(value, Mapping) or key not in value:
            return None
        value = value[key]
    return value


def live_value(path, declaration, changes):
    """The organization's value at `path`: the `old` of the drift's change there, else what is declared."""
    keys = path.split(".")
    for change in changes if len(keys) > 1 else ():
        if change.get("resource") == keys[0] and change.get("field") == keys[1]:
            return _dig(change.get("old"), keys[2:])
    return _dig(declaration, keys)


def holds(standard, live):
    """A list standard holds when the live list has each of its entries (any case); other values are equal."""
    if isinstance(standard, list):
        have = set(sender(v) for v in as_items(live))
        return all(sender(v) in have for v in standard)
    return standard == live


def judge(standards, declaration, changes, skip):
    """[{path, standard, live, state, reason}] of every standard: held, short, excepted or not_applicable."""
    out = []
    for path, standard in leaves(standards).items():
        live = live_value(path, declaration, changes)
        item = {"path": path, "standard": standard, "live": live}
        if path in skip:
            item.update(state=skip[path][0], reason=skip[path][1])
        else:
            item["state"] = "held" if holds(standard, live) else "short"
        out.append(item)
    return out
