# -*- coding: utf-8 -*-
# Copyright (c) ppe.essentials contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""validate_certs and ca_path against the simulator serving HTTPS with a trustme test CA."""

from __future__ import annotations

import os

import trustme

PLAYBOOK = os.path.join(os.path.dirname(os.path.abspath(__file__)), "files", "tls.yml")


def test_tls_verification(launch_simulator, run_playbook, tmp_path):
    ca = trustme.CA()
    cert = ca.issue_cert("127.0.0.1", "localhost")
    ca.cert_pem.write_to_path(str(tmp_path / "ca.pem"))
    cert.private_key_pem.write_to_path(str(tmp_path / "key.pem"))
    cert.cert_chain_pems[0].write_to_path(str(tmp_path / "cert.pem"))
    url = launch_simulator("--tls-cert", str(tmp_path / "cert.pem"), "--tls-key", str(tmp_path / "key.pem"))[0]
    assert url.startswith("https://")
    run_playbook(PLAYBOOK, extra_vars={"test_ca": str(tmp_path / "ca.pem")}, env={"PPE_URL": url}).assert_ok()
