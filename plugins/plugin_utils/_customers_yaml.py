# -*- coding: utf-8 -*-
# Copyright (c) ppe.essentials contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The customers file an export writes (filter customers_yaml, playbooks/export.yml): the declarations under
ppe_customers:, block style, keys in the order ppe_customer_info gives them (the role's), and a comment at each place
where something was omitted (a secret: how to add it vault-encrypted; what the API does not return: why).

Private to the ppe.essentials collection. Written by hand rather than by a YAML dumper because no dumper writes
comments; the scalars are yaml's own (quoted when they must be), so the file reads back to the same values.
"""

from __future__ import annotations

import textwrap
from collections.abc import Mapping

import yaml

HEADER = """\
# Customer declarations exported by ppe.essentials.export (ppe.essentials.ppe_customer_info) from the organizations
# as they are. Audit them right away (no drift expected), then keep this file as the source of truth:
#   ansible-playbook -i localhost, ppe.essentials.audit -e ppe_customers_file=%s
# Nothing secret is in this file: each '# ... omitted' comment says what is missing and how to add it.
"""


class CustomersYamlError(TypeError):
    """The input is not what ppe_customer_info returns."""


def _str(value):
    """A plain str: str(), encode() and decode() of ansible-core 2.16's AnsibleUnsafeText keep it unsafe."""
    return "".join([value]) if isinstance(value, str) else str(value)


def plain(value):
    """The value with plain Python types only (Ansible hands filters tagged subclasses, which yaml refuses)."""
    if isinstance(value, Mapping):
        return dict((_str(k), plain(v)) for k, v in value.items())
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if isinstance(value, bool) or value is None:
        return value if value is None else bool(value)
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        return float(value)
    return _str(value)


def scalar(value):
    """One scalar, an empty list or an empty mapping in flow style, quoted as yaml must."""
    out = yaml.safe_dump(value, default_flow_style=True, width=1 << 30, allow_unicode=True)
    out = out.rstrip("\n")
    if out.endswith("\n..."):
        out = out[:-4]
    return out


def _comment(item):
    """The lines of one omitted item's comment, wrapped to fit 120 columns where it is indented."""
    text = "%s: omitted - %s" % (item["key"], item["reason"])
    if item.get("how"):
        text += "; %s" % item["how"]
    return textwrap.wrap(text, 108, initial_indent="# ", subsequent_indent="#   ", break_on_hyphens=False)


class Writer:
    """Block-style YAML, line by line, with comments where they are asked for."""

    def __init__(self):
        self.lines = []

    def value(self, key, value, indent, lead="", inner=()):
        """`key: value` at `indent`, after `lead` ('- ' for a list item's first key); `inner` the comments that go
        inside the value (before a list's first item, after a mapping's last key)."""
        column = indent + len(lead)
        head = "%s%s%s:" % (" " * indent, lead, scalar(key))
        if isinstance(value, str) and "\n" in value:
            self.lines.append(head + (" |" if value.endswith("\n") else " |-"))
            self.lines.extend((" " * (column + 2) + line) if line else "" for line in value.rstrip("\n").split("\n"))
        elif isinstance(value, Mapping) and value:
            self.lines.append(head)
            self.mapping(value, column + 2, inner)
        elif isinstance(value, list) and value:
            self.lines.append(head)
            self.sequence(value, column + 2, inner)
        else:
            self.lines.append("%s %s" % (head, scalar(value)))
            self.lines.extend(" " * (column + 2) + text for text in inner)

    def mapping(self, value, indent, trailing=(), lead=""):
        for key, item in value.items():
            self.value(key, item, indent, lead)
            indent, lead = indent + len(lead), ""
        self.lines.extend(" " * indent + text for text in trailing)

    def sequence(self, value, indent, leading=(), item_comments=None):
        """A list; `item_comments` maps an item's index to the comments after its last key."""
        self.lines.extend(" " * indent + text for text in leading)
        for index, item in enumerate(value):
            if isinstance(item, Mapping) and item:
                self.mapping(item, indent, (item_comments or {}).get(index, ()), lead="- ")
            else:
                self.lines.append("%s- %s" % (" " * indent, scalar(item)))


def _placed(declaration, omitted, order):
    """{at: {key: [comments]}}: each omitted item's comment before the key it would be at (order: the role's keys),
    else after the last key of its place."""
    out = {}
    for item in omitted:
        at, key = item.get("at") or "", item.get("key") or ""
        where = out.setdefault(at, {})
        anchor = ""
        if at == "" and key in order:
            later = [k for k in order[order.index(key) + 1:] if k in declaration]
            anchor = later[0] if later else ""
        where.setdefault(anchor, []).extend(_comment(item))
    return out


def customers_yaml(customers, orgs=None, order=(), path="customers.yml"):
    """The customers file: `customers` (ppe_customer_info's), `orgs` its per-organization omitted items."""
    if not isinstance(customers, list) or not all(isinstance(c, Mapping) for c in customers):
        raise CustomersYamlError("customers_yaml: the input must be the list of declarations ppe_customer_info returns")
    customers, order, path = plain(customers), plain(list(order)), _str(path)  # plain: yaml refuses tagged strings
    omitted = dict((_str(o.get("domain")), plain(o.get("omitted") or [])) for o in orgs or [] if isinstance(o, Mapping))
    writer = Writer()
    writer.lines.append("---")
    writer.lines.extend(HEADER.rstrip("\n").replace("%s", path).split("\n"))
    if not customers:
        writer.lines.append("ppe_customers: []")
        return "\n".join(writer.lines) + "\n"
    writer.lines.append("ppe_customers:")
    for customer in customers:
        placed = _placed(customer, omitted.get(customer.get("domain"), []), order)
        _customer(writer, customer, placed)
    return "\n".join(writer.lines) + "\n"


def _customer(writer, customer, placed):
    """One declaration as an item of ppe_customers, with its omitted items' comments."""
    top = placed.get("", {})
    lead = "- "
    for key, value in customer.items():
        writer.lines.extend("    " + text for text in top.get(key, []))
        inner = [text for texts in placed.get(key, {}).values() for text in texts]
        indent = 2 if lead else 4
        if key == "dkim" and isinstance(value, list) and value:  # a comment in each key's item
            writer.lines.append("%s%s%s:" % (" " * indent, lead, key))
            writer.sequence(value, 6, (), dict((index, [t for ts in placed.get("dkim[%d]" % index, {}).values()
                                                        for t in ts]) for index in range(len(value))))
        else:
            writer.value(key, value, indent, lead, inner)
        lead = ""
    writer.lines.extend("    " + text for text in top.get("", []))
