# -*- coding: utf-8 -*-
# Copyright (c) ppe.essentials contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Connection options of the collection's plugins (the inventory plugin), with their PPE_* variables.

Same names, defaults and environment variables as the modules' options (doc fragment ``connection``,
module_utils/options.py); plugins read them through ``env:`` entries instead of ``env_fallback``.
"""

from __future__ import annotations


class ModuleDocFragment:

    DOCUMENTATION = r"""
options:
  url:
    description:
      - Base URL of the Proofpoint Essentials stack that hosts the partner, for example
        V(https://us1.proofpointessentials.com). C(/api/v1) is added by the collection.
      - May be a template, for example V({{ lookup('env', 'MY_PPE_URL'\) }}).
    type: str
    required: true
    env:
      - name: PPE_URL
  username:
    description:
      - E-mail address of the administrator the API calls run as (sent as C(X-User)).
      - May be a template.
    type: str
    required: true
    env:
      - name: PPE_USERNAME
  password:
    description:
      - Password of O(username) (sent as C(X-Password)). It never appears in output or messages.
      - May be a template, for example a C(community.hashi_vault.hashi_vault) lookup.
    type: str
    required: true
    env:
      - name: PPE_PASSWORD
  validate_certs:
    description:
      - Whether to verify the TLS certificate of O(url). Only disable this for test servers.
    type: bool
    default: true
    env:
      - name: PPE_VALIDATE_CERTS
  ca_path:
    description:
      - Path to a PEM file of CA certificates to verify O(url) with, instead of the system store.
    type: path
    env:
      - name: PPE_CA_PATH
  timeout:
    description:
      - Seconds to wait for each API response.
    type: int
    default: 30
    env:
      - name: PPE_TIMEOUT
  retries:
    description:
      - How many times a request is retried after a connection error, HTTP 429 or HTTP 500/502/503/504,
        with exponential backoff and jitter, honouring C(Retry-After). Each retry emits a warning.
    type: int
    default: 3
    env:
      - name: PPE_RETRIES
  retry_max_delay:
    description:
      - Upper bound in seconds for one wait between retries, including a C(Retry-After) the API asks for.
    type: int
    default: 30
    env:
      - name: PPE_RETRY_MAX_DELAY
requirements:
  - requests >= 2.25 (in the Python that runs C(ansible-inventory) or C(ansible-playbook))
"""
