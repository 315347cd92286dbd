# -*- coding: utf-8 -*-
# Copyright (c) ppe.essentials contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r"""
name: orgs
short_description: Customer organizations of a Proofpoint Essentials partner as inventory hosts
version_added: 0.1.0
author:
  - PPE Essentials maintainers (@ppe-essentials)
description:
  - Reads the child organizations of a Proofpoint Essentials partner (channel, strategic or OEM account) through
    the REST API v1 and adds one host per organization, with C(ansible_connection=local), so that a play can run the
    collection's modules once per customer organization, in parallel with forks.
  - Host variables come from the organization record; groups are made by licensing package, organization type and
    active state. Constructable options (O(compose), O(groups), O(keyed_groups)) add more.
  - Every string read from the API is marked unsafe, so organization names or domains are never templated.
  - Uses the same connection options and E(PPE_URL), E(PPE_USERNAME), E(PPE_PASSWORD), ... environment variables as
    the modules, which is how an AWX / Automation Controller custom credential injects them.
  - The inventory source must be a YAML file whose name ends in C(ppe.yml) or C(ppe.yaml).
notes:
  - >-
    The hosts are API targets, not machines: the modules run on the controller. Set
    C(ansible_python_interpreter: "{{ ansible_playbook_python }}") in the play's C(vars) or in C(group_vars/all) so
    that the Python running them has C(requests); the plugin does not set it (O(compose) cannot, because
    C(ansible_playbook_python) is not known when the inventory is built).
  - Only the direct children of O(partner) become hosts; the partner itself is not a host.
  - >-
    Host variables: C(ppe_primary_domain), C(ppe_name), C(ppe_type), C(ppe_licensing_package), C(ppe_user_licenses),
    C(ppe_active_users), C(ppe_is_active), C(ppe_eid), C(ppe_domains) (names of all domains of the organization),
    C(ppe_partner) (the partner's primary domain) and C(ansible_connection=local).
  - >-
    Groups: C(ppe_package_<package>) (for example C(ppe_package_business)), C(ppe_type_<type>) (for example
    C(ppe_type_organization)), and C(ppe_active) or C(ppe_inactive). Characters other than letters, digits and
    C(_) become C(_).
  - >-
    With O(cache=true) the organization list is cached under a key made of the inventory file, O(url),
    O(username) and O(partner); C(ansible-inventory --flush-cache) or C(meta: refresh_inventory) reads it again.
  - >-
    When the organizations cannot be read (wrong credentials, stack unreachable, invalid connection options), the
    run fails by default (O(fail_on_read_error)): C(ansible-inventory), C(ansible-playbook) and an AWX inventory sync
    exit non-zero instead of running on no hosts. The plugin's message comes as the warning
    C(Failed to parse inventory with ... plugin), followed by the error
    C(Completely failed to parse inventory source): the plugin turns on
    C(ANSIBLE_INVENTORY_ANY_UNPARSED_IS_FAILED) for that run, which is how an inventory plugin can stop it.
extends_documentation_fragment:
  - constructed
  - inventory_cache
  - ppe.essentials.connection.plugins
requirements:
  - requests >= 2.25
options:
  plugin:
    description:
      - The name of this plugin; marks the file as an inventory source of this plugin.
    type: str
    required: true
    choices: [ppe.essentials.orgs]
  partner:
    description:
      - Primary domain (or any domain) of the partner organization whose child organizations become hosts.
      - If not set, the organization of the account in O(username) is used (read from C(GET /api/v1/me)).
      - May be a template.
      - It is checked as the playbook C(ppe.essentials.fleet_report) checks C(ppe_fleet_partner), with the same
        messages (filter P(ppe.essentials.fleet_partner#filter)); the run fails when it is not a domain name (before any
        request), when it does not exist (C(check it for a typo)), or when it is a customer organization (type
        C(organization), which cannot have customers; the message names its partner). A partner with no customer
        organization yet gives a warning and no hosts.
    type: str
  hostname:
    description:
      - Which field of the organization names its host.
      - V(primary_domain) gives hosts like C(acme.example); V(eid) gives C(org_101).
    type: str
    default: primary_domain
    choices: [primary_domain, eid]
  include_inactive:
    description:
      - Whether organizations whose C(is_active) is false become hosts (in the group C(ppe_inactive)).
    type: bool
    default: true
  types:
    description:
      - Only organizations of these types become hosts, for example V(organization). Empty means every type.
    type: list
    elements: str
    default: []
  fail_on_read_error:
    description:
      - Whether the run fails when the partner's organizations cannot be read, for example because of a wrong
        password, an unreachable stack or an invalid connection option.
      - V(false) keeps Ansible's default for a source that fails to parse, a warning, and the run goes on without
        this source's hosts (a scheduled job then silently does nothing).
      - Not to be confused with O(strict) (from the constructed options), which is about O(compose),
        O(groups) and O(keyed_groups) expressions.
    type: bool
    default: true
"""

EXAMPLES = r"""
# The smallest inventory file, demo.ppe.yml, is the single line "plugin: ppe.essentials.orgs": the credentials
# come from PPE_URL, PPE_USERNAME and PPE_PASSWORD (an AWX credential injects them) and the partner is the
# organization of PPE_USERNAME.

# msp.ppe.yml -- explicit partner, templated password, only active customer organizations, cached for an hour
plugin: ppe.essentials.orgs
url: https://us1.proofpointessentials.com
username: admin@msp.example
password: "{{ lookup('env', 'MSP_PPE_PASSWORD') }}"
partner: msp.example
include_inactive: false
types: [organization]
cache: true
cache_plugin: ansible.builtin.jsonfile
cache_connection: ~/.cache/ppe-inventory
cache_timeout: 3600
compose:
  renewal_soon: ppe_user_licenses < 10
keyed_groups:
  - key: ppe_licensing_package
    prefix: licences
groups:
  big_customers: ppe_user_licenses >= 100
"""

import hashlib
import re

from ansible import constants as C
from ansible.errors import AnsibleError, AnsibleParserError
from ansible.plugins.inventory import BaseInventoryPlugin, Cacheable, Constructable
from ansible.utils.display import Display
from ansible.utils.unsafe_proxy import wrap_var

from ansible_collections.ppe.essentials.plugins.module_utils._client import HAS_REQUESTS, api_path
from ansible_collections.ppe.essentials.plugins.module_utils._engine import Run, read, read_collection
from ansible_collections.ppe.essentials.plugins.module_utils._resources.account import AccountResource
from ansible_collections.ppe.essentials.plugins.module_utils._resources.org import OrgResource
from ansible_collections.ppe.essentials.plugins.module_utils._errors import PPEError
from ansible_collections.ppe.essentials.plugins.module_utils._options import client_from_options
from ansible_collections.ppe.essentials.plugins.plugin_utils._fleet_report import (
    PartnerError, check_partner, partner_domain)

display = Display()

LABEL = "ppe.essentials.orgs: partner"
TEMPLATED_OPTIONS = ("url", "username", "password", "partner", "ca_path")
CONNECTION_OPTION_NAMES = ("url", "username", "password", "validate_certs", "ca_path", "timeout", "retries", "retry_max_delay",
                           "discover_stack", "stack_hosts")
HOST_FIELDS = (
    ("primary_domain", "ppe_primary_domain"),
    ("name", "ppe_name"),
    ("type", "ppe_type"),
    ("licensing_package", "ppe_licensing_package"),
    ("user_licenses", "ppe_user_licenses"),
    ("active_users", "ppe_active_users"),
    ("is_active", "ppe_is_active"),
    ("eid", "ppe_eid"),
)
_UNSAFE_GROUP_CHARS = re.compile(r"[^A-Za-z0-9_]")


def group_name(prefix, value):
    """`ppe_package_business_plus` from ('ppe_package', 'Business Plus'); None when value is empty."""
    text = _UNSAFE_GROUP_CHARS.sub("_", str(value if value is not None else "").strip().lower())
    return "%s_%s" % (prefix, text) if text else None


def org_summary(org):
    """The plain-data part of an organization record that the plugin uses (and caches)."""
    summary = dict((field, org.get(field)) for field, dummy in HOST_FIELDS)
    summary["domains"] = [d.get("name") if isinstance(d, dict) else d for d in (org.get("domains") or [])]
    return summary


def select_children(orgs, include_inactive=True, types=None):
    """The partner's children to make hosts of, by active state and type."""
    wanted = set(t.lower() for t in (types or []))
    return [org for org in orgs if (include_inactive or org.get("is_active", True))
            and (not wanted or str(org.get("type") or "").lower() in wanted)]


class InventoryModule(BaseInventoryPlugin, Constructable, Cacheable):

    NAME = "ppe.essentials.orgs"

    def verify_file(self, path):
        if super().verify_file(path):
            return path.endswith(("ppe.yml", "ppe.yaml"))
        return False

    def _option(self, name):
        """get_option, with templates in string options rendered (for example a credential lookup)."""
        value = self.get_option(name)
        if name in TEMPLATED_OPTIONS and isinstance(value, str) and self.templar.is_template(value):
            value = self.templar.template(value)
        return value

    def _cache_key(self, path, partner):
        identity = "\0".join(str(v or "") for v in (self._option("url"), self._option("username"), partner))
        return "%s_%s" % (self.get_cache_key(path), hashlib.sha256(identity.encode("utf-8")).hexdigest()[:16])

    def _fetch(self, partner):
        """[org_summary, ...] of the partner's children and the partner's primary domain, from the API."""
        if not HAS_REQUESTS:
            raise AnsibleError("The ppe.essentials.orgs inventory plugin needs the Python library requests (>= 2.25) "
                               "in the Python that runs Ansible: python3 -m pip install requests")
        values = dict((name, self._option(name)) for name in CONNECTION_OPTION_NAMES)
        for name in ("url", "username", "password"):
            if not values[name]:
                raise AnsibleParserError("ppe.essentials.orgs: %s is not set; set it in the inventory file or with %s"
                                         % (name, "PPE_" + name.upper()))
        if partner:
            partner = self._partner(partner_domain, partner, LABEL)  # before any request
        client = client_from_options(values.get, warn=display.warning)
        if not partner:
            me = read(Run(AccountResource(), client, {})) or {}
            partner = me.get("entity_primary_domain")
            if not partner:
                raise AnsibleParserError("ppe.essentials.orgs: GET /api/v1/me did not name the account's organization; "
                                         "set partner in the inventory file")
            partner = self._partner(partner_domain, partner,
                                    "%s (the organization of %s)" % (LABEL, values["username"]))
        if values.get("discover_stack"):
            client.use_stack_of(partner)
        self._partner(check_partner, partner, client.get_or_none(api_path("orgs", partner), expect=dict), LABEL)
        children = read_collection(Run(OrgResource(), client, {"domain": partner}))
        if not children:
            display.warning("ppe.essentials.orgs: the partner %s has no customer organizations yet (GET /orgs/%s/orgs "
                            "lists none)." % (partner, partner))
        return {"partner": partner, "orgs": [org_summary(org) for org in children]}

    @staticmethod
    def _partner(check, *args):
        """The shared partner check of the fleet report (plugin_utils/_fleet_report.py), as the plugin's error."""
        try:
            return check(*args)
        except PartnerError as exc:
            raise AnsibleParserError(str(exc)) from None

    def parse(self, inventory, loader, path, cache=True):
        super().parse(inventory, loader, path, cache)
        self._read_config_data(path)

        try:
            partner = self._option("partner")
            cache_key = self._cache_key(path, partner)
            use_cache = self.get_option("cache")
            cache_needs_update = use_cache and not cache
            result = None
            if use_cache and cache:
                try:
                    result = self._cache[cache_key]
                except KeyError:
                    cache_needs_update = True
            if result is None:
                result = self._fetch(partner)
        except (PPEError, AnsibleError) as exc:
            raise self._read_error(exc) from None
        if cache_needs_update:
            self._cache[cache_key] = result
        self._populate(result)

    def _read_error(self, exc):
        """The error for a source that could not be read; with fail_on_read_error, fatal for the run.

        The inventory manager turns any exception of a plugin into a warning and goes on with no hosts, unless
        INVENTORY_ANY_UNPARSED_IS_FAILED is on; it reads that setting right after this source failed, so turning
        it on here stops the run with "Completely failed to parse inventory source" (after the plugin's message).
        """
        message = str(exc) if isinstance(exc, AnsibleError) else "ppe.essentials.orgs: %s" % exc
        if self.get_option("fail_on_read_error"):
            C.INVENTORY_ANY_UNPARSED_IS_FAILED = True
            message += " The run stops (fail_on_read_error=true; false goes on without these hosts)."
        return AnsibleParserError(message)

    def _populate(self, result):
        strict = self.get_option("strict")
        partner = wrap_var(result.get("partner"))
        children = select_children(result.get("orgs") or [], self.get_option("include_inactive"), self.get_option("types"))
        for org in children:
            org = wrap_var(org)
            if self.get_option("hostname") == "eid":
                host = "org_%s" % org.get("eid")
            else:
                host = org.get("primary_domain")
            if not host:
                continue
            host = self.inventory.add_host(wrap_var(host))
            hostvars = {"ansible_connection": "local", "ppe_partner": partner, "ppe_domains": org.get("domains") or []}
            for field, var in HOST_FIELDS:
                hostvars[var] = org.get(field)
            for key, value in hostvars.items():
                self.inventory.set_variable(host, key, value)
            for name in (group_name("ppe_package", org.get("licensing_package")), group_name("ppe_type", org.get("type")),
                         "ppe_active" if org.get("is_active", True) else "ppe_inactive"):
                if name:
                    self.inventory.add_group(name)
                    self.inventory.add_child(name, host)
            self._set_composite_vars(self.get_option("compose"), hostvars, host, strict=strict)
            self._add_host_to_composed_groups(self.get_option("groups"), hostvars, host, strict=strict)
            self._add_host_to_keyed_groups(self.get_option("keyed_groups"), hostvars, host, strict=strict)
