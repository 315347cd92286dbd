# -*- coding: utf-8 -*-
# Copyright (c) ppe.essentials contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Stand-in for ansible-test's get-pip bootstrap script (ppe.essentials offline get-pip shim).

ansible-test downloads get-pip.py from ci-files.testing.ansible.com to create its sanity venvs; that
host is not reachable from every machine. scripts/test copies this file to
~/.ansible/test/cache/get_pip_<X_Y_Z>.py, where ansible-test looks first, and ansible-test runs it as
``python get_pip.py --disable-pip-version-check pip==X.Y.Z --no-setuptools --no-wheel``.

It bootstraps pip with the standard library's ensurepip, then installs the requested pip from the
configured index. ensurepip runs in a subprocess on purpose: in-process it sets PIP_CONFIG_FILE=/dev/null
in os.environ, which would hide pip.conf (index, certificates) from the following pip install.
"""

from __future__ import annotations

import subprocess
import sys


def main():
    args = [arg for arg in sys.argv[1:] if arg not in ("--no-setuptools", "--no-wheel")]
    subprocess.check_call([sys.executable, "-m", "ensurepip", "--upgrade", "--default-pip"])
    return subprocess.call([sys.executable, "-m", "pip", "install"] + args)


if __name__ == "__main__":
    sys.exit(main())
