# -*- coding: utf-8 -*-
# Copyright (c) ppe.essentials contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The options of a customer declaration (ppe_customer): roles/onboard_customer/meta/argument_specs.yml without descriptions.

A module cannot read the role's file (it runs from an AnsiballZ payload), so the spec is here as data;
tests/unit/plugins/module_utils/test_customer_spec.py fails when the two differ, naming the difference.
"""

from __future__ import annotations

CUSTOMER_OPTIONS = (
    {'address': {'type': 'str'},
     'admin': {'options': {'email': {'required': True, 'type': 'str'},
                           'firstname': {'type': 'str'},
                           'surname': {'type': 'str'}},
               'type': 'dict'},
     'country': {'type': 'str'},
     'domain': {'required': True, 'type': 'str'},
     'domains': {'default': [],
                 'elements': 'dict',
                 'options': {'destination': {'type': 'str'},
                             'failovers': {'elements': 'str', 'type': 'list'},
                             'is_active': {'type': 'bool'},
                             'is_relay': {'type': 'bool'},
                             'name': {'required': True, 'type': 'str'}},
                 'type': 'list'},
     'features': {'default': {}, 'type': 'dict'},
     'is_active': {'type': 'bool'},
     'licensing': {'options': {'is_on_trial': {'type': 'bool'},
                               'license_count': {'type': 'int'},
                               'package': {'choices': ['beginner',
                                                       'business',
                                                       'business_plus',
                                                       'advanced',
                                                       'advanced_plus',
                                                       'professional',
                                                       'professional_plus'],
                                           'type': 'str'}},
                   'type': 'dict'},
     'name': {'required': True, 'type': 'str'},
     'parent': {'required': True, 'type': 'str'},
     'phone': {'type': 'str'},
     'postcode': {'type': 'str'},
     'purge_users': {'default': False, 'type': 'bool'},
     'send_welcome_email': {'type': 'bool'},
     'sender_lists': {'options': {'allow_list': {'elements': 'str', 'type': 'list'},
                                  'block_list': {'elements': 'str', 'type': 'list'},
                                  'mode': {'choices': ['replace', 'append', 'remove'],
                                           'default': 'replace',
                                           'type': 'str'}},
                      'type': 'dict'},
     'stateprov': {'type': 'str'},
     'type': {'choices': ['organization', 'channel', 'strategic_partner', 'oem_partner'], 'type': 'str'},
     'users': {'default': [],
               'elements': 'dict',
               'options': {'alias_emails': {'elements': 'str', 'type': 'list'},
                           'block_list_senders': {'elements': 'str', 'type': 'list'},
                           'email': {'required': True, 'type': 'str'},
                           'firstname': {'type': 'str'},
                           'is_active': {'type': 'bool'},
                           'is_billable': {'type': 'bool'},
                           'safe_list_senders': {'elements': 'str', 'type': 'list'},
                           'send_welcome_email': {'type': 'bool'},
                           'state': {'choices': ['present', 'absent'], 'default': 'present', 'type': 'str'},
                           'surname': {'type': 'str'},
                           'type': {'choices': ['end_user', 'silent_user', 'organization_admin', 'functional_account'],
                                    'type': 'str'},
                           'update_password': {'choices': ['on_create', 'always'], 'default': 'on_create', 'type': 'str'},
                           'user_password': {'type': 'str'}},
               'type': 'list'},
     'www': {'type': 'str'}}
)
