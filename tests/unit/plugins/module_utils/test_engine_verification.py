# -*- coding: utf-8 -*-
# Copyright (c) ppe.essentials contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The engine's check step (engine.confirm, engine.verification: 204 passes, 409 not yet, bounded retries), nested
settings (dict fields) and update requests (tagging exemptions)."""

from __future__ import annotations

import json

import pytest
import responses

from ansible_collections.ppe.essentials.plugins.module_utils._client import PPEClient
from ansible_collections.ppe.essentials.plugins.module_utils._engine import Run, confirm, ensure
from ansible_collections.ppe.essentials.plugins.module_utils._errors import NotVerifiedError, PPEError
from ansible_collections.ppe.essentials.plugins.module_utils._normalize import changed_leaves, merge_given
from ansible_collections.ppe.essentials.plugins.module_utils._resources.domain_verification import (
    DomainVerificationResource, meta_tag)
from ansible_collections.ppe.essentials.plugins.module_utils._resources.email_tagging import (
    EmailTaggingExemptionsResource, EmailTaggingResource)

BASE = "https://stack.ppe.test/api/v1/orgs/a.example/domains/a.example"
CHECK = BASE + "/verify/TXT"


@pytest.fixture
def client():
    return PPEClient("https://stack.ppe.test", "admin@a.example", "a-long-enough-secret", retries=0,
                     sleep=lambda s: None)


def params(**kw):
    return dict(dict(org="a.example", domain="a.example", method="TXT", verify=True, verify_retries=0,
                     verify_delay=0), **kw)


@responses.activate
def test_confirm_retries_409_with_delay_and_stops_at_204(client):
    for status in (409, 409, 204):
        responses.put(CHECK, status=status)
    slept = []
    assert confirm(Run(None, client, {}), "/orgs/a.example/domains/a.example/verify/TXT", 5, 7, slept.append)
    assert len(responses.calls) == 3 and slept == [7, 7]


@responses.activate
def test_confirm_is_bounded_and_raises_other_errors(client):
    responses.put(CHECK, status=409)
    assert not confirm(Run(None, client, {}), "/orgs/a.example/domains/a.example/verify/TXT", 2, 0, lambda s: None)
    assert len(responses.calls) == 3
    responses.replace(responses.PUT, CHECK, status=403, json={"status": 403, "error_message": "read-only"})
    with pytest.raises(PPEError):
        confirm(Run(None, client, {}), "/orgs/a.example/domains/a.example/verify/TXT", 2, 0, lambda s: None)


@pytest.mark.parametrize("shown", [{"is_verified": False}, {}])
@responses.activate
def test_verification_fails_with_the_record_and_without_a_secret_guess(client, shown):
    responses.get(BASE, json=dict({"name": "a.example"}, **shown))
    responses.get(BASE + "/verification-code", json="ppe-verification=abc")
    responses.put(CHECK, status=409)
    with pytest.raises(NotVerifiedError) as failure:
        ensure(Run(DomainVerificationResource(), client, params(verify_retries=1)))
    assert "a TXT record on a.example with the value ppe-verification=abc" in str(failure.value)
    assert failure.value.to_result()["record"] == {"type": "TXT", "name": "a.example", "value": "ppe-verification=abc"}
    assert failure.value.to_result()["changed"] is False
    assert [c.request.method for c in responses.calls] == ["GET", "GET", "PUT", "PUT"]


@responses.activate
def test_unknown_state_verifies_and_claims_no_change(client):
    """Issue 20: a domain without is_verified is checked on every run; the 204 does not tell a first pass from a
    repeated one, so no change is claimed."""
    responses.get(BASE, json={"name": "a.example"})
    responses.get(BASE + "/verification-code", json={"code": "xyz"})
    responses.put(CHECK, status=204)
    out = ensure(Run(DomainVerificationResource(), client, params()))
    assert not out["changed"] and out["verified"] and out["verification_code"] == "xyz"
    assert "is_verified" not in out["domain"] and [c.request.method for c in responses.calls] == ["GET", "GET", "PUT"]


def test_meta_tag():
    assert meta_tag("ppe-verification=abc") == '<meta name="ppe-verification" content="abc">'
    assert meta_tag("abc") == '<meta name="ppe-verification" content="abc">'


# -- nested settings and update requests (e-mail tagging) ---------------------------------------------------------
def test_merge_given_and_changed_leaves():
    current = {"a": {"x": False, "y": True}, "b": "[External]"}
    desired = merge_given(current, {"a": {"x": True, "y": None}, "b": None})
    assert desired == {"a": {"x": True, "y": True}, "b": "[External]"} and current["a"]["x"] is False
    assert changed_leaves(current, desired) == {"a": {"x": True}}
    assert changed_leaves(current, current) == {}


@responses.activate
def test_tagging_patches_only_the_changed_leaf(client):
    tags = "https://stack.ppe.test/api/v1/orgs/a.example/email-tagging"
    warning = {"is_enabled": True, "warning_tags": {"dmarc_failure": False, "geo_ip_failure": False}}
    current = {"email_warning_tags": warning,
               "email_subject_tags": {"is_enabled": False, "content": "[External]"}}
    responses.get(tags, json=current)
    responses.get(tags.rsplit("/", 1)[0], json={"licensing_package": "advanced_plus"})  # the package offers tags
    responses.patch(tags, status=204)
    given = {"org": "a.example", "email_subject_tags": None,
             "email_warning_tags": {"is_enabled": True, "warning_tags": {"dmarc_failure": None, "geo_ip_failure": True}}}
    out = ensure(Run(EmailTaggingResource(), client, given))
    assert out["changed"] and json.loads(responses.calls[-1].request.body) == {
        "email_warning_tags": {"warning_tags": {"geo_ip_failure": True}}}
    assert out["email_tagging"]["email_warning_tags"]["warning_tags"] == {"dmarc_failure": False, "geo_ip_failure": True}


@pytest.mark.parametrize("mode, given, requests", [
    ("replace", ["B.example", "c.example"], [("DELETE", ["a.example"]), ("POST", ["c.example"])]),
    ("append", ["b.example", "c.example"], [("POST", ["c.example"])]),
    ("remove", ["A.EXAMPLE", "z.example"], [("DELETE", ["a.example"])]),
    ("replace", ["b.example", "a.example"], []),
])
def test_exemptions_write_the_difference(mode, given, requests):
    resource = EmailTaggingExemptionsResource()
    current = {"exemptions": ["a.example", "b.example"]}
    desired = resource.desired({"org": "a.example", "exemptions": given, "mode": mode}, current)
    writable = resource.writable_differences(desired, current)
    assert [(m, body["exemptions"]) for m, _e, body in resource.update_requests(desired, current, writable)] == \
        (requests if writable else [])
