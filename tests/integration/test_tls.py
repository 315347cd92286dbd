# -*- coding: utf-8 -*-
# Copyright (c) ppe.essentials contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""validate_certs and ca_path against the simulator serving HTTPS with a trustme test CA."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest
import trustme

HERE = os.path.dirname(os.path.abspath(__file__))
SERVE = os.path.join(os.path.dirname(HERE), "simulator", "serve.py")
PLAYBOOK = os.path.join(HERE, "files", "tls.yml")


@pytest.fixture
def tls_simulator(tmp_path):
    ca = trustme.CA()
    cert = ca.issue_cert("127.0.0.1", "localhost")
    ca.cert_pem.write_to_path(str(tmp_path / "ca.pem"))
    cert.private_key_pem.write_to_path(str(tmp_path / "key.pem"))
    cert.cert_chain_pems[0].write_to_path(str(tmp_path / "cert.pem"))
    process = subprocess.Popen(  # pylint: disable=consider-using-with
        [sys.executable, SERVE, "--port", "0", "--tls-cert", str(tmp_path / "cert.pem"), "--tls-key", str(tmp_path / "key.pem")],
        stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        url = re.match(r"^PPE simulator listening on (https://\S+)", process.stdout.readline()).group(1)
        yield url, str(tmp_path / "ca.pem")
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def test_tls_verification(tls_simulator, run_playbook):
    url, ca_path = tls_simulator
    env = {"PPE_URL": url}
    run_playbook(PLAYBOOK, extra_vars={"test_ca": ca_path}, env=env).assert_ok()
