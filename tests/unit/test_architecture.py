# -*- coding: utf-8 -*-
# Copyright (c) ppe.essentials contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""docs/architecture.md stays true: every path it names exists, every name in code quotes is defined in the
collection's code, and its Python samples run."""

from __future__ import annotations

import glob
import os
import re

from ansible_collections.ppe.essentials.plugins.module_utils._onboarding import SECTIONS

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
with open(os.path.join(ROOT, "docs", "architecture.md"), encoding="utf-8") as _handle:
    PAGE = _handle.read()


def sources():
    text = []
    for path in glob.glob(os.path.join(ROOT, "plugins", "**", "*.py"), recursive=True):
        with open(path, encoding="utf-8") as handle:
            text.append(handle.read())
    return "\n".join(text)


def test_every_path_it_names_exists():
    paths = set(re.findall(r"\b((?:plugins|roles|playbooks|tests|meta|docs)/[\w./*-]*\w/?)", PAGE))
    assert len(paths) > 20
    missing = [p for p in sorted(paths) if not glob.glob(os.path.join(ROOT, p.rstrip("/")))]
    assert missing == []


def test_every_name_in_code_quotes_is_defined():
    code = sources()
    names = set()
    for quoted in re.findall(r"`([^`\n]+)`", PAGE):
        match = re.match(r"^([A-Za-z_][\w.]*)(\(.*\))?$", quoted)
        if match and ("_" in match.group(1) or "." in match.group(1) or match.group(2) or quoted[0].isupper()):
            names.add(match.group(1).split(".")[-1])
    names -= {"md", "py", "yml"}
    assert len(names) >= 25
    undefined = [n for n in sorted(names) if not re.search(r"\b%s\b" % re.escape(n), code)]
    assert undefined == []


def test_its_python_samples_run():
    samples = re.findall(r"```python\n(.*?)```", PAGE, re.S)
    assert len(samples) == 3
    namespace = {}
    for sample in samples:
        exec(compile(sample, "docs/architecture.md", "exec"), namespace)  # pylint: disable=exec-used
    assert namespace["DEFINITION"].resource.path == "orgs/{org}/email-tagging"
    table = next(section for section in SECTIONS if section.key == "dkim")
    customer = {"domain": "acme.example", "dkim": [{"domain": "acme.example", "selector": "s1"}]}
    assert namespace["DKIM"].steps(customer, False) == table.steps(customer, False) == [
        {"domain": "acme.example", "selector": "s1", "org": "acme.example"}]
    assert (namespace["DKIM"].module, namespace["DKIM"].item) == (table.module, table.item)
