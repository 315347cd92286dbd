# -*- coding: utf-8 -*-
# Copyright (c) ppe.essentials contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Products (list, one, purchase, change, cancel) and the domain health check."""

from __future__ import annotations

import pytest

P = "/orgs/acme.example/products"


def test_products_read(api, err):
    products = api.get(P, as_="acme").get_json()["products"]
    assert [p["label"] for p in products] == ["Email_Security", "Email_Archive", "Security_Awareness"]
    assert products[0]["variant"] == "Business" and products[0]["is_purchased"] is True
    assert products[1]["is_purchased"] is False
    assert api.get(P + "/email_security").get_json() == products[0]
    api.put("/orgs/acme.example/package", {"package": "professional"})
    assert api.get(P + "/Email_Archive").get_json()["is_purchased"] is True
    err(api.get(P + "/Teleport"), 404, "Teleport", "Security_Awareness")
    err(api.get("/orgs/globex.example/products"), 403)


def test_purchase_change_cancel(api, err):
    resp = api.post(P, {"label": "security_awareness", "variant": "premium", "auto_renew": True, "is_trial": True},
                    as_="acme")
    assert resp.status_code == 201, resp.get_json()
    assert resp.get_json() == {"label": "Security_Awareness", "name": "Security Awareness Training",
                               "variant": "Premium", "is_purchased": True, "auto_renew": True, "is_on_trial": True,
                               "is_trial_extended": False}
    err(api.post(P, {"label": "Security_Awareness"}), 409, "purchased already")
    assert api.patch(P + "/Security_Awareness", {"is_trial_extended": True}).status_code == 204
    assert api.patch(P + "/Security_Awareness", {"variant": "Standard", "is_on_trial": False}).status_code == 204
    got = api.get(P + "/Security_Awareness").get_json()
    assert (got["variant"], got["is_on_trial"], got["is_trial_extended"]) == ("Standard", False, False)
    err(api.patch(P + "/Security_Awareness", {"is_on_trial": True}), 422, "is_on_trial")
    err(api.patch(P + "/Security_Awareness", {"is_trial_extended": True}), 422, "only a trial")
    err(api.delete(P + "/Security_Awareness", as_="acme"), 403, "partner")
    assert api.delete(P + "/Security_Awareness").status_code == 204
    assert api.get(P + "/Security_Awareness").get_json()["is_purchased"] is False
    err(api.delete(P + "/Security_Awareness"), 404, "no subscription")
    err(api.patch(P + "/Security_Awareness", {"auto_renew": True}), 409, "not purchased")
    dumped = api.client.get("/_sim/state").get_json()
    acme = [o for o in dumped["orgs"] if o["primary_domain"] == "acme.example"][0]
    assert acme["products"]["security_awareness"]["is_purchased"] is False  # kept in the state (and --state file)


@pytest.mark.parametrize("body, status, fragments", [
    ({}, 422, ["label"]),
    ({"label": "Teleport"}, 422, ["label", "Teleport"]),
    ({"label": "Email_Archive", "variant": "Gold", "colour": "red", "auto_renew": "maybe"}, 422,
     ["variant", "Gold", "Standard, Extended", "colour", "auto_renew"]),
    ({"label": "Email_Security"}, 409, ["package"]),
])
def test_purchase_refused(api, err, body, status, fragments):
    err(api.post(P, body), status, *fragments)
    assert api.get(P + "/Email_Archive").get_json()["is_purchased"] is False


def test_core_product(api, err):
    assert api.patch(P + "/Email_Security", {"auto_renew": False}).status_code == 204
    got = api.get(P + "/Email_Security").get_json()
    assert got["auto_renew"] is False and got["variant"] == "Business"
    err(api.patch(P + "/Email_Security", {"variant": "Advanced"}), 422, "variant", "package")
    err(api.delete(P + "/Email_Security"), 403, "licensing package")
    err(api.patch(P + "/Teleport", {"auto_renew": True}), 404, "Teleport")
    err(api.delete(P + "/Email_Archive", as_="readonly"), 403, "read-only")


H = "/orgs/acme.example/domains/acme.example/health"


def test_health(api, err):
    report = api.get(H, as_="acme").get_json()
    assert report["domain"] == "acme.example" and report["status"] == "fail"
    assert [(c["name"], c["status"]) for c in report["checks"]] == [
        ("ownership", "fail"), ("mx", "fail"), ("spf", "warn"), ("dkim", "warn"), ("dmarc", "warn")]
    assert api.client.put("/_sim/dns/acme.example", json={"verification": ["TXT"], "dkim": ["s1"],
                                                          "mail": ["mx", "SPF"]}).status_code == 204
    assert api.put("/orgs/acme.example/domains/acme.example/verify/TXT").status_code == 204
    key = "-----BEGIN PRIVATE KEY-----\nMIIB\n-----END PRIVATE KEY-----"
    assert api.post("/orgs/acme.example/domains/acme.example/dkim/s1", {"private_key": key}).status_code == 201
    assert api.get(H).get_json()["checks"][3]["message"] == "DKIM keypairs exist but none is verified in DNS"
    assert api.put("/orgs/acme.example/domains/acme.example/dkim/s1/verify").status_code == 204
    report = api.get(H).get_json()
    assert report["status"] == "warn" and [c["status"] for c in report["checks"]] == [
        "pass", "pass", "pass", "pass", "warn"]
    assert api.get(H).get_json() == report  # deterministic
    err(api.get("/orgs/acme.example/domains/globex.example/health"), 404, "globex.example")
    err(api.get("/orgs/globex.example/domains/globex.example/health"), 403)
    assert api.client.put("/_sim/dns/acme.example", json={"mail": ["CNAME"]}).status_code == 400
