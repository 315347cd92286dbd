# -*- coding: utf-8 -*-
# Copyright (c) ppe.essentials contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Connection options shared by every module (and, through get_option, by plugins).

Private to the ppe.essentials collection; not a public API. The names and PPE_* environment
variables here are the contract that roles, the AWX credential type and the inventory plugin reuse.
"""

from __future__ import annotations

import copy

from ansible.module_utils.basic import env_fallback

from ansible_collections.ppe.essentials.plugins.module_utils._client import DEFAULT_STACK_HOSTS, PPEClient

CONNECTION_OPTIONS = {
    "url": {"type": "str", "required": True, "fallback": (env_fallback, ["PPE_URL"])},
    "username": {"type": "str", "required": True, "fallback": (env_fallback, ["PPE_USERNAME"])},
    "password": {"type": "str", "required": True, "no_log": True, "fallback": (env_fallback, ["PPE_PASSWORD"])},
    "validate_certs": {"type": "bool", "default": True, "fallback": (env_fallback, ["PPE_VALIDATE_CERTS"])},
    "ca_path": {"type": "path", "fallback": (env_fallback, ["PPE_CA_PATH"])},
    "timeout": {"type": "int", "default": 30, "fallback": (env_fallback, ["PPE_TIMEOUT"])},
    "retries": {"type": "int", "default": 3, "fallback": (env_fallback, ["PPE_RETRIES"])},
    "retry_max_delay": {"type": "int", "default": 30, "fallback": (env_fallback, ["PPE_RETRY_MAX_DELAY"])},
    "discover_stack": {"type": "bool", "default": False, "fallback": (env_fallback, ["PPE_DISCOVER_STACK"])},
    "stack_hosts": {"type": "list", "elements": "str", "default": list(DEFAULT_STACK_HOSTS),
                    "fallback": (env_fallback, ["PPE_STACK_HOSTS"])},
}


def explain_missing(message):
    """ansible's "missing required arguments: password, username", plus where the connection options come from."""
    if not message.startswith("missing required arguments:"):
        return message
    names = [n.strip() for n in message.split(":", 1)[1].split(",")]
    variables = ["PPE_" + n.upper() for n in names if n in CONNECTION_OPTIONS]
    if not variables:
        return message
    return "%s. Set %s as task options, in module_defaults for group/ppe.essentials.ppe, or with the environment " \
        "variable%s %s (an AWX/AAP credential injects these)." % (
            message.rstrip("."), " and ".join(n for n in names if n in CONNECTION_OPTIONS), "s" if len(variables) > 1 else "",
            ", ".join(variables))


def connection_argument_spec():
    """A fresh copy, so a module can add its own options without touching the shared one."""
    return copy.deepcopy(CONNECTION_OPTIONS)


def client_from_options(get_option, warn=None, **kwargs):
    """Build a PPEClient from any option source: module params (dict.get) or a plugin's get_option.

    Raises OptionError (naming each option and its PPE_* variable, never a credential's value) when the options
    cannot work: url without http(s) scheme or host, a username or password that cannot be an HTTP header,
    timeout/retries/retry_max_delay out of bounds (client.LIMITS), a ca_path that does not exist.
    """
    return PPEClient(
        url=get_option("url"),
        username=get_option("username"),
        password=get_option("password"),
        validate_certs=get_option("validate_certs"),
        ca_path=get_option("ca_path"),
        timeout=get_option("timeout"),
        retries=get_option("retries"),
        retry_max_delay=get_option("retry_max_delay"),
        stack_hosts=get_option("stack_hosts"),
        warn=warn,
        **kwargs
    )
