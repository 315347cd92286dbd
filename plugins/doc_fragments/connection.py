# -*- coding: utf-8 -*-
# Copyright (c) ppe.essentials contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Documentation of the connection options every module shares (module_utils/options.py)."""

from __future__ import annotations


class ModuleDocFragment:

    DOCUMENTATION = r"""
options:
  url:
    description:
      - Base URL of the Proofpoint Essentials stack that hosts the organization, for example
        V(https://us1.proofpointessentials.com). C(/api/v1) is added by the collection.
      - If not set, the value of the E(PPE_URL) environment variable is used.
    type: str
    required: true
  username:
    description:
      - E-mail address of the administrator the API calls run as (sent as C(X-User)).
      - If not set, the value of the E(PPE_USERNAME) environment variable is used.
    type: str
    required: true
  password:
    description:
      - Password of O(username) (sent as C(X-Password)). It never appears in output, messages or diffs.
      - If not set, the value of the E(PPE_PASSWORD) environment variable is used.
    type: str
    required: true
  validate_certs:
    description:
      - Whether to verify the TLS certificate of O(url). Only disable this for test servers.
      - If not set, the value of the E(PPE_VALIDATE_CERTS) environment variable is used.
    type: bool
    default: true
  ca_path:
    description:
      - Path to a PEM file of CA certificates to verify O(url) with, instead of the system store.
      - If not set, the value of the E(PPE_CA_PATH) environment variable is used.
    type: path
  timeout:
    description:
      - Seconds to wait for each API response.
      - If not set, the value of the E(PPE_TIMEOUT) environment variable is used.
    type: int
    default: 30
  retries:
    description:
      - How many times a request is retried after a connection error, HTTP 429 or HTTP 500/502/503/504,
        with exponential backoff and jitter, honouring C(Retry-After). Each retry emits a warning.
      - A create (POST) is retried after a server error only when a duplicate would be refused by the API
        (HTTP 409), and such a 409 is resolved by reading the resource back.
      - If not set, the value of the E(PPE_RETRIES) environment variable is used.
    type: int
    default: 3
  retry_max_delay:
    description:
      - Upper bound in seconds for one wait between retries, including a C(Retry-After) the API asks for.
      - If not set, the value of the E(PPE_RETRY_MAX_DELAY) environment variable is used.
    type: int
    default: 30
  discover_stack:
    description:
      - Before the first request for an organization, ask O(url) which stacks serve it (C(/endpoints/{domain}))
        and send the task's requests to that stack when O(url) is not one of them. The answer is kept for the
        rest of the task. Costs one GET per task; useful when one playbook manages organizations on several stacks.
      - When the organization does not exist yet, O(url) is used.
      - If not set, the value of the E(PPE_DISCOVER_STACK) environment variable is used.
    type: bool
    default: false
notes:
  - >-
    The modules talk to the API from the controller; run them on C(localhost) with
    C(ansible_python_interpreter: "{{ ansible_playbook_python }}") so that the Python running them has C(requests).
  - All modules are in the action group C(ppe.essentials.ppe), so the connection options can be set once with
    C(module_defaults) (C(group/ppe.essentials.ppe)).
requirements:
  - requests >= 2.25
"""
