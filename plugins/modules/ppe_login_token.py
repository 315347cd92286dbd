#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) ppe.essentials contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r"""
module: ppe_login_token
short_description: Get an Odin login token to impersonate a customer's organization admin
version_added: 0.1.0
description:
  - As a strategic or OEM partner admin (the task's connection), get an Odin impersonation token for an organization
    admin of a customer (C(POST /token/{org}), the body naming the user in C(user_to_impersonate)), and the console
    login URL that uses it (the guide's Odin section).
  - B(The token is a credential.) The task's result is censored like a task with C(no_log) (on both execution paths,
    at any verbosity, also the result shown by C(-vvvv)), so the token is never printed; only a registered variable
    holds it. Do not print it (C(ansible.builtin.debug)) and give the task C(no_log) if a callback could save results.
  - B(Not idempotent.) Every run creates a new token, so a run reports C(changed=true). In check mode the module makes
    only the reads below, requests no token, reports C(changed=true) (what the run would do) and returns V(null)
    for RV(auth_token) and RV(login_url).
  - Before the C(POST) (and in check mode), reads check each precondition of the guide, each failing with what to
    change; nothing is requested when one fails. C(GET /me) (the caller is a V(strategic_partner_admin) or
    V(oem_partner_admin)); C(GET) of the caller's partner (its C(odin_capabilities) is not V(none), the
    partner is an Odin Platform Partner); C(GET) of the caller's own user (its C(odin_settings.can_impersonate));
    C(GET) of the user to impersonate (in the caller's hierarchy, an V(organization_admin) with
    C(odin_settings.is_imitable)). Set the two settings with M(ppe.essentials.ppe_user)
    (O(ppe.essentials.ppe_user#module:odin_settings)).
  - The fields of C(GET /me) are B(inferred) (C(type), C(entity_primary_domain)); a read that does not say leaves the
    check to the API. The API's refusals of the C(POST) (HTTP 403, 404, 422; the codes are B(inferred), the guide
    does not name them) are reported with the same advice.
author:
  - PPE Essentials maintainers (@ppe-essentials)
options:
  org:
    description:
      - Any domain of the customer organization of the user to impersonate.
    type: str
    required: true
  user:
    description:
      - The primary e-mail address of the organization admin to impersonate.
    type: str
    required: true
    aliases: [user_to_impersonate]
extends_documentation_fragment:
  - ppe.essentials.connection
  - ppe.essentials.attributes
attributes:
  check_mode:
    details:
      - Check mode makes only the GET requests of the preconditions, requests no token and reports C(changed=true).
  diff_mode:
    support: none
    details:
      - Nothing to compare; every run requests a new token.
  action:
    details:
      - On a local connection the whole module runs in the Ansible worker process, without a module process; see the
        notes for when it runs as a module instead (C(ppe_execution), E(PPE_EXECUTION)).
      - The action plugin censors the result on both paths (the token is a credential).
seealso:
  - module: ppe.essentials.ppe_user
"""

EXAMPLES = r"""
- name: Get a login token for a customer's organization admin (as the Odin partner's admin)
  ppe.essentials.ppe_login_token:
    org: customer.example
    user: admin@customer.example
    username: "{{ odin_partner_admin }}"
    password: "{{ odin_partner_password }}"
  register: odin
  no_log: true

- name: Hand the login URL to the browser automation that needs it (never print it)
  ansible.builtin.copy:
    content: "{{ odin.login_url }}"
    dest: /run/user/1000/odin-login-url
    mode: "0600"
  no_log: true
"""

RETURN = r"""
auth_token:
  description:
    - The token (a credential), V(null) in check mode. Censored in the task's output; only a registered variable
      holds it.
  returned: success
  type: str
  sample: cXR6ZDV-uZzl4dn-VqcWpjb
login_url:
  description:
    - The console login with the token, on the stack of the connection (its scheme and host, the one O(url) or
      O(discover_stack) led to), V(null) in check mode. A credential like RV(auth_token).
  returned: success
  type: str
  sample: https://us1.proofpointessentials.com/app/login.php?auth_token=cXR6ZDV-uZzl4dn-VqcWpjb
msg:
  description: In check mode, that no token was requested.
  returned: check mode
  type: str
"""

from ansible_collections.ppe.essentials.plugins.module_utils._login_token import LoginTokenDefinition
from ansible_collections.ppe.essentials.plugins.module_utils._module import run_module

DEFINITION = LoginTokenDefinition()


def main():
    run_module(DEFINITION)


if __name__ == "__main__":
    main()
