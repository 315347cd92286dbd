# -*- coding: utf-8 -*-
# Copyright (c) ppe.essentials contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""What an organization has in the sections a customer declaration may leave out (SAML identity providers, DKIM keys,
e-mail tagging and Azure AD sync exemptions), so that the audit sees what nobody declared.

Private to the ppe.essentials collection. The paths and answer shapes are the resource declarations' (_resources/):
one GET per collection (the DKIM keys: one per domain of the organization), read whether the declaration has the
section or not. A section the API refuses to show (HTTP 403: a package or an account without it; 404: not set up) is
"not available", noted and not an error. module_utils/_customer.py turns the result into unmanaged items.
"""

from __future__ import annotations

from collections.abc import Mapping

from ansible_collections.ppe.essentials.plugins.module_utils._customer import live_domains
from ansible_collections.ppe.essentials.plugins.module_utils._errors import PermissionDeniedError
from ansible_collections.ppe.essentials.plugins.module_utils._normalize import boolean, domain, text
from ansible_collections.ppe.essentials.plugins.module_utils._resources.auth_settings import (
    AuthSettingsResource, SamlIdpResource)
from ansible_collections.ppe.essentials.plugins.module_utils._resources.azure_sync import AzureSyncExemptionsResource
from ansible_collections.ppe.essentials.plugins.module_utils._resources.dkim import DkimResource
from ansible_collections.ppe.essentials.plugins.module_utils._resources.email_tagging import (
    EmailTaggingExemptionsResource)

IDPS = SamlIdpResource()
AUTH = AuthSettingsResource()
DKIM = DkimResource()
# Result key -> (declaration, how a note names it)
EXEMPTIONS = (("email_tagging_exemptions", EmailTaggingExemptionsResource(), "e-mail tagging exemptions"),
              ("azure_sync_exemptions", AzureSyncExemptionsResource(), "Azure AD sync exemptions"))


class _Reader:
    """GETs that answer None, and note why, when the API does not show the section."""

    def __init__(self, client):
        self.client = client
        self.unavailable = []

    def get(self, path, what):
        try:
            answer = self.client.get_or_none(path)
        except PermissionDeniedError as exc:
            self.unavailable.append("%s: the API answered HTTP 403 (%s)" % (what, text(exc.api_message) or "refused"))
            return None
        if answer is None:
            self.unavailable.append("%s: the API answered HTTP 404 (not set up, or not in this package)" % what)
        return answer


def _idps(reader, params):
    """Every identity provider {id, name, is_active, forces_login}; the login policy says which one forces the login."""
    path = IDPS.collection_path(params)
    listing = reader.get(path, "SAML identity providers")
    if listing is None:
        return None
    login = reader.get(AUTH.endpoint_path("login", params), "the login policy") or {}
    forced = text(login.get("idp_for_forced_login") if isinstance(login, Mapping) else "").strip().lower()
    out = []
    for item in IDPS.listed_items(listing, path):
        idp = IDPS.public(item) if isinstance(item, Mapping) else {}
        ident = text(idp.get("id")).strip().lower()
        out.append({"id": idp.get("id"), "name": text(idp.get("name")), "is_active": boolean(idp.get("is_active")),
                    "forces_login": bool(forced) and ident == forced})
    return out


def record_domains(record, primary=None):
    """The domain names of an organization's record (_customer.live_domains), `primary` first, each once."""
    return list(dict.fromkeys(([domain(primary)] if primary else []) + list(live_domains(record))))


def _dkim(reader, params, names):
    """The DKIM keys {domain, selector, is_valid} of every domain; None when no domain's keys could be read."""
    out, read_any = [], False
    for name in names:
        where = dict(params, domain=name)
        path = DKIM.collection_path(where)
        listing = reader.get(path, "DKIM keys of %s" % name)
        if listing is None:
            continue
        read_any = True
        for item in DKIM.listed_items(listing, path):
            key = DKIM.public(item) if isinstance(item, Mapping) else {}
            out.append({"domain": domain(key.get("domain") or name), "selector": text(key.get("selector")).lower(),
                        "is_valid": boolean(key.get("is_valid"))})
    return out if read_any or not names else None


def read_live_sections(client, customer, live_org):
    """{saml_idps, dkim, email_tagging_exemptions, azure_sync_exemptions, unavailable} of an organization that exists
    (None, without a request, for one that does not): each section a list, or None when the API did not show it, and
    `unavailable` the notes saying which and why."""
    if not isinstance(live_org, Mapping):
        return None
    params = {"org": customer["domain"]}
    reader = _Reader(client)
    names = record_domains(live_org, live_org.get("primary_domain") or customer["domain"])
    sections = {"saml_idps": _idps(reader, params), "dkim": _dkim(reader, params, names)}
    for key, resource, what in EXEMPTIONS:
        answer = reader.get(resource.item_path(params), what)
        sections[key] = None if answer is None else [text(e) for e in resource.public(answer)["exemptions"]]
    sections["unavailable"] = reader.unavailable
    return sections
