# -*- coding: utf-8 -*-
# Copyright (c) ppe.essentials contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Connection options shared by every module (and, through get_option, by plugins), and the messages for options.

Private to the ppe.essentials collection; not a public API. The names and PPE_* environment
variables here are the contract that roles, the AWX credential type and the inventory plugin reuse.
An unknown option or key is named with its place and the closest known name (unknown_key), in modules
(both execution paths, explain_unknown) as in the customer declarations.
"""

from __future__ import annotations

import copy
import difflib

from ansible.module_utils.basic import env_fallback
from ansible.module_utils.errors import UnsupportedError

from ansible_collections.ppe.essentials.plugins.module_utils._client import DEFAULT_STACK_HOSTS, PPEClient
from ansible_collections.ppe.essentials.plugins.module_utils._errors import capped

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


def unknown_key(path, key, known, also=()):
    """"path.key: unknown; did you mean <closest>? (known: ...)" for a key that is none of `known`.

    `path` is the key's place ("" at the top, "ppe_customer.dkim[0]"); `also` holds other accepted spellings
    (aliases), which may be suggested but are not listed. Only names are quoted, never a value.
    """
    known = sorted(set(known))
    spellings = dict((name.lower(), name) for name in list(known) + list(also))
    close = difflib.get_close_matches(str(key).lower(), list(spellings), n=1, cutoff=0.6)
    return "%s%s: unknown%s (known: %s)" % ("%s." % path if path else "", key,
                                            "; did you mean %s?" % spellings[close[0]] if close else "",
                                            ", ".join(known) or "none")


def unknown_options(spec, params, path=""):
    """unknown_key() for every key of `params` (and of its dict/list suboptions) that `spec` does not know, in order.

    Ansible names an unknown suboption without its list index ("users.emial") and, when a required suboption is
    missing too, reports only that; this walk gives each its place ("users[1].emial"). Keys of ansible's own
    (_ansible_*) are not options; values that are not dicts are left to ansible's type checks.
    """
    if not isinstance(params, dict):
        return []
    aliases = dict((alias, name) for name, option in spec.items() for alias in option.get("aliases") or ())
    problems = []
    for key in params:
        if key not in spec and key not in aliases and not (not path and str(key).startswith("_ansible_")):
            problems.append(unknown_key(path, key, spec, also=aliases))
    for key, value in params.items():
        option = spec.get(aliases.get(key, key))
        if not option or not option.get("options") or value is None or not (
                option.get("type") == "dict" or (option.get("type") == "list" and option.get("elements") == "dict")):
            continue  # ansible validates suboptions of these only
        place = "%s.%s" % (path, key) if path else str(key)
        if isinstance(value, list) and option.get("type") == "list":
            for index, item in enumerate(value):
                problems.extend(unknown_options(option["options"], item, "%s[%d]" % (place, index)))
        else:
            problems.extend(unknown_options(option["options"], value, place))
    return problems


def explain_unknown(module, spec, params, errors):
    """The failure message of a module whose options name an unknown key, else None (ansible's message stands).

    Unknown keys lead, each with its place and closest known name, then what else ansible found (`errors`: the
    validation's errors), which is often only a consequence ("missing required arguments: selector" for
    `selecter`). Both execution paths use it: the action plugin and PPEModule.
    """
    problems = unknown_options(spec, params)
    if not problems:
        return None
    rest = [error.msg if hasattr(error, "msg") else str(error) for error in getattr(errors, "errors", errors)
            if not isinstance(error, UnsupportedError)]
    return "Unsupported parameters for (%s) module: %s%s" % (
        module, capped(problems), ". Also: %s" % capped(rest) if rest else "")


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
