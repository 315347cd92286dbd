# -*- coding: utf-8 -*-
# Copyright (c) ppe.essentials contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Documentation of the connection options every module shares (module_utils/_options.py)."""

from __future__ import annotations


class ModuleDocFragment:

    DOCUMENTATION = r"""
options:
  url:
    description:
      - Base URL of the Proofpoint Essentials stack that hosts the organization, for example
        V(https://us1.proofpointessentials.com). C(/api/v1) is added by the collection.
      - Must start with V(https://) (or V(http://)) and name a host; no user name, password, query or fragment.
        Anything else fails before any request, naming this option.
      - The credentials and request bodies are sent only to the scheme, host and port of O(url) (and to the stacks
        O(discover_stack) follows). A redirect to another address is not followed; the task fails, naming that
        address (set O(url) to it if it is the API's), and nothing is sent there. A redirect from V(https://) to
        V(http://) is never followed.
      - If not set, the value of the E(PPE_URL) environment variable is used.
    type: str
    required: true
  username:
    description:
      - E-mail address of the administrator the API calls run as (sent as C(X-User)).
      - Like O(password), it must be sendable as an HTTP header; see there.
      - If not set, the value of the E(PPE_USERNAME) environment variable is used.
    type: str
    required: true
  password:
    description:
      - Password of O(username) (sent as C(X-Password)). It never appears in output, messages or diffs, in any
        form (also not escaped or URL-encoded).
      - It must be sendable as an HTTP header value, so a password with a control character (line break, tab),
        a character outside ISO-8859-1 (latin-1, for example the euro sign), or a leading or trailing space fails before
        any request, with a message that names this option but not the value. A YAML C(|) block scalar adds a
        line break at the end; use C(|-).
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
      - A path that does not exist fails before any request, naming this option.
      - If not set, the value of the E(PPE_CA_PATH) environment variable is used.
    type: path
  timeout:
    description:
      - Seconds one attempt of a request may take as a whole (connecting, the headers and the whole answer), from 1
        to 3600. A server that answers slowly holds a request no longer than about O(timeout) times (O(retries) + 1),
        plus the waits between retries.
      - A timeout is reported as C(timed out after N s) and retried like other transient errors (O(retries)).
      - If not set, the value of the E(PPE_TIMEOUT) environment variable is used.
    type: int
    default: 30
  retries:
    description:
      - How many times a request is retried after a transient error, from 0 to 10, with exponential backoff
        and jitter, honouring C(Retry-After). Each retry emits a warning.
      - Transient errors are HTTP 429 and 500/502/503/504, timeouts, and connections that were reset or dropped.
        Errors that another attempt cannot heal fail at once, with a hint. These are an untrusted TLS certificate (see
        O(ca_path) and O(validate_certs)), a host name that does not resolve and a refused connection (check O(url)).
      - An answer the API does not give fails at once, without a retry, saying what arrived. That is a redirect to
        another address, a body that is not JSON, larger than 32 MiB or nested deeper than 100 levels.
      - A create (POST) is retried after a server error only when a duplicate would be refused by the API
        (HTTP 409), and such a 409 is resolved by reading the resource back.
      - If not set, the value of the E(PPE_RETRIES) environment variable is used.
    type: int
    default: 3
  retry_max_delay:
    description:
      - Upper bound in seconds for one wait between retries, including a C(Retry-After) the API asks for;
        from 0 to 300.
      - If not set, the value of the E(PPE_RETRY_MAX_DELAY) environment variable is used.
    type: int
    default: 30
  discover_stack:
    description:
      - Before the first request for an organization, ask O(url) which stacks serve it (C(/endpoints/{domain}))
        and send the task's requests to that stack when O(url) is not one of them. The answer is kept for the
        rest of the task. Costs one GET per task; useful when one playbook manages organizations on several stacks.
      - When the organization does not exist yet, O(url) is used.
      - Only stacks allowed by O(stack_hosts) are followed.
      - If not set, the value of the E(PPE_DISCOVER_STACK) environment variable is used.
    type: bool
    default: false
  stack_hosts:
    description:
      - With O(discover_stack), the hosts to which the task may follow an answer of C(/endpoints/{domain}), as
        shell-style patterns matched against the host name (case-insensitive, no port), for example
        V(*.proofpointessentials.com). The host of O(url) is always allowed as well.
      - A stack must also use the same scheme as O(url). Any other answer fails the task with a message naming
        this option, and the credentials are not sent there.
      - If not set, the value of the E(PPE_STACK_HOSTS) environment variable (comma-separated) is used.
    type: list
    elements: str
    default: ['*.proofpointessentials.com']
notes:
  - >-
    The modules talk to the API from the controller. On a local connection (C(hosts: localhost) with
    C(connection: local), or the hosts of the C(ppe.essentials.orgs) inventory plugin) the module's action plugin
    runs it inside the Ansible worker process, with the same options, checks and result as the module: no module
    process is started, so a task or loop item costs little more than its API calls, and the items of a loop reuse
    one HTTP connection. This needs C(requests) in the Python that runs C(ansible-playbook);
    C(ansible_python_interpreter) does not matter then.
  - >-
    The module runs as a separate process, like other modules, when the connection is not local (for example
    C(delegate_to) a host reached over SSH), the task is C(async) or uses C(become), C(requests) is missing in the
    controller's Python, or the variable C(ppe_execution) is V(module) (set on the task, block, play or host) or the
    controller's environment variable E(PPE_EXECUTION) is V(module). Then the Python that runs the module needs
    C(requests). C(ppe_execution) and E(PPE_EXECUTION) accept V(auto) (the default) and V(module).
  - All modules are in the action group C(ppe.essentials.ppe), so the connection options can be set once with
    C(module_defaults) (C(group/ppe.essentials.ppe)).
requirements:
  - requests >= 2.25
"""

    # The same options for plugins (the inventory plugin), which read PPE_* through env: entries.
    PLUGINS = r"""
options:
  url:
    description:
      - Base URL of the Proofpoint Essentials stack that hosts the partner, for example
        V(https://us1.proofpointessentials.com). C(/api/v1) is added by the collection.
      - Must start with V(https://) (or V(http://)) and name a host; no user name, password, query or fragment.
      - The credentials are sent only to the scheme, host and port of O(url) (and to the stacks O(discover_stack)
        follows); a redirect to another address is an error that names it, and nothing is sent there.
      - May be a template, for example V({{ lookup('env', 'MY_PPE_URL'\) }}).
    type: str
    required: true
    env:
      - name: PPE_URL
  username:
    description:
      - E-mail address of the administrator the API calls run as (sent as C(X-User)).
      - Like O(password), it must be sendable as an HTTP header.
      - May be a template.
    type: str
    required: true
    env:
      - name: PPE_USERNAME
  password:
    description:
      - Password of O(username) (sent as C(X-Password)). It never appears in output or messages, in any form
        (also not escaped or URL-encoded).
      - A password with a control character (line break, tab), a character outside ISO-8859-1 (latin-1, for
        example the euro sign), or a leading or trailing space cannot be sent as an HTTP header; the plugin fails before
        any request with a message that names this option but not the value. A YAML C(|) block scalar adds a
        line break at the end; use C(|-).
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
      - A path that does not exist is an error.
    type: path
    env:
      - name: PPE_CA_PATH
  timeout:
    description:
      - Seconds one attempt of a request may take as a whole (connecting, the headers and the whole answer), from 1
        to 3600.
    type: int
    default: 30
    env:
      - name: PPE_TIMEOUT
  retries:
    description:
      - How many times a request is retried after a transient error, from 0 to 10, with exponential backoff
        and jitter, honouring C(Retry-After). Each retry emits a warning.
      - Transient errors are HTTP 429 and 500/502/503/504, timeouts, and connections that were reset or dropped.
        An untrusted TLS certificate, a host name that does not resolve and a refused connection fail at once,
        with a hint; so does an answer the API does not give (a redirect to another address, a body that is not
        JSON, larger than 32 MiB or nested deeper than 100 levels).
    type: int
    default: 3
    env:
      - name: PPE_RETRIES
  retry_max_delay:
    description:
      - Upper bound in seconds for one wait between retries, including a C(Retry-After) the API asks for;
        from 0 to 300.
    type: int
    default: 30
    env:
      - name: PPE_RETRY_MAX_DELAY
  discover_stack:
    description:
      - Ask O(url) which stacks serve the partner (C(/endpoints/{domain})) and read its organizations from that
        stack when O(url) is not one of them. Only stacks allowed by O(stack_hosts) are followed.
    type: bool
    default: false
    env:
      - name: PPE_DISCOVER_STACK
  stack_hosts:
    description:
      - With O(discover_stack), the hosts to which the plugin may follow an answer of C(/endpoints/{domain}), as
        shell-style patterns matched against the host name (case-insensitive, no port), for example
        V(*.proofpointessentials.com). The host of O(url) is always allowed as well.
      - A stack must also use the same scheme as O(url). Any other answer is an error, and the credentials are
        not sent there.
      - E(PPE_STACK_HOSTS) is comma-separated.
    type: list
    elements: str
    default: ['*.proofpointessentials.com']
    env:
      - name: PPE_STACK_HOSTS
requirements:
  - requests >= 2.25 (in the Python that runs C(ansible-inventory) or C(ansible-playbook))
"""
