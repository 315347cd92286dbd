# Copyright (c) ppe.essentials contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Mutation spot check (issue 22): break one behaviour per layer on purpose and run the test that must catch it;
each file is restored afterwards. Run from the repository root with the test venv: .venv/bin/python scripts/...
"""
import subprocess
import sys

MUTATIONS = [
    ("transport: a redirect to another origin is followed", "plugins/module_utils/_client.py",
     "        if there != here:\n            if here[0] == \"https\"",
     "        if False:\n            if here[0] == \"https\"",
     "tests/unit/plugins/module_utils/test_client_hostile.py"),
    ("declarations: a bad list item passes validation", "plugins/module_utils/_normalize.py",
     "        if problems:\n            raise ItemErrors(problems)",
     "        if problems and False:\n            raise ItemErrors(problems)",
     "tests/unit/plugins/modules/test_ppe_domain.py"),
    ("engine: an update sends every managed field, not only the changed ones", "plugins/module_utils/_engine.py",
     "    writable = resource.writable_differences(desired, current)\n    if not writable:",
     "    writable = resource.writable_differences(desired, current)\n"
     "    writable = list(resource.managed(desired)) if writable else writable\n    if not writable:",
     "tests/unit/plugins/module_utils/test_engine.py"),
    ("customer layer: the declaration check is skipped", "plugins/module_utils/_onboarding.py",
     "    problems = declaration_problems(customer, run.org, planned)\n", "    problems = []\n",
     "tests/unit/plugins/modules/test_customer_layer.py"),
    ("adapter: the in-process action plugin does not mask secrets", "plugins/plugin_utils/_action.py",
     "    result = glue.masked(result, secrets)\n", "    result = dict(result)\n",
     "tests/unit/plugins/action/test_masking.py"),
]
for name, path, old, new, test in MUTATIONS:
    with open(path, encoding="utf-8") as handle:
        text = handle.read()
    assert text.count(old) == 1, (name, text.count(old))
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(text.replace(old, new))
    try:
        done = subprocess.run([sys.executable, "-m", "pytest", "--import-mode=importlib", "-p", "no:cacheprovider",
                               "-q", "-x", test], capture_output=True, text=True, check=False)
    finally:
        with open(path, "w", encoding="utf-8") as handle:
            handle.write(text)
    last = [line for line in done.stdout.splitlines() if line.strip()][-1]
    failed = [line for line in done.stdout.splitlines() if line.startswith("FAILED")]
    print("%s -> %s | %s | %s" % (name, "CAUGHT" if done.returncode else "NOT CAUGHT", last, failed[:1]))
    if not done.returncode:
        sys.exit("a mutation was not caught")
