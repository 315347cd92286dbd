# -*- coding: utf-8 -*-
# Copyright (c) ppe.essentials contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The fleet report filters: rows, flags, the fleet's sums, and the HTML and CSV (escaping, formula cells)."""

from __future__ import annotations

import csv
import html
import html.parser
import io
import json
import re
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ansible.errors import AnsibleFilterError

from ansible_collections.ppe.essentials.plugins.filter.fleet_report import (
    FilterModule, fleet_org, fleet_partner, fleet_report, fleet_report_csv, fleet_report_html)
from ansible_collections.ppe.essentials.plugins.plugin_utils._fleet_report import csv_cell
from ansible_collections.ppe.essentials.plugins.plugin_utils._fleet_report_html import SORT_SCRIPT
from ansible_collections.ppe.essentials.plugins.plugin_utils._since import changes, compare

HOSTILE = "<script>document.title='pwned'</script>"
DATES = ["2026-01-0%dT00:00:00Z" % d for d in (3, 1, 2)]  # not in time order, as a JSON object may come


def report(scale=1):
    """A ppe_report_info report: 3 days, both directions."""
    out = {"period": "30d", "frequency": "24h"}
    for n, direction in enumerate(("inbound", "outbound")):
        series = {}
        for m, metric in enumerate(("clean", "spam", "virus", "fraud", "safelist")):
            series[metric] = dict((stamp, scale * (10 * (m + 1) + i + n)) for i, stamp in enumerate(DATES))
        out[direction] = {"totals": dict((k, sum(v.values())) for k, v in series.items()), "series": series}
    return out


def org(domain="acme.example", name="Acme", licences=5, active_users=3, **extra):
    record = {"primary_domain": domain, "name": name, "licensing_package": "business", "is_on_trial": False,
              "user_licenses": licences, "active_users": active_users, "is_active": True, "when_renewal": "2027/01/31",
              "domains": [{"name": domain}, {"name": "mail." + domain}]}
    record.update(extra)
    return record


def users(active_billable=3, inactive=0, non_billable=0):
    out = [{"primary_email": "admin@acme.example", "type": "organization_admin", "is_active": True, "is_billable": True}]
    out += [{"primary_email": "u%d@acme.example" % i, "type": "end_user"} for i in range(active_billable - 1)]
    out += [{"primary_email": "off%d@acme.example" % i, "type": "end_user", "is_active": False} for i in range(inactive)]
    out += [{"primary_email": "svc%d@acme.example" % i, "type": "functional_account", "is_billable": False}
            for i in range(non_billable)]
    return out


def codes(row):
    return [f["code"] for f in row["flags"]]


def test_the_filters_are_registered():
    assert sorted(FilterModule().filters()) == ["fleet_changes", "fleet_org", "fleet_partner", "fleet_report",
                                                "fleet_report_csv", "fleet_report_html"]


def test_a_row_counts_users_and_keeps_the_api_numbers():
    row = fleet_org(org(licences=4), users=users(active_billable=3, inactive=2, non_billable=1),
                    features={"dlp": True, "instant_replay": 30, "url_defense": False, "disclaimers": "true"},
                    report=report())
    assert row["users"] == {"total": 6, "active": 4, "billable": 5, "active_billable": 3,
                            "admins": ["admin@acme.example"]}
    assert row["licence_gap"] == -1 and row["licences"] == 4 and row["active_users_reported"] == 3
    assert row["features_enabled"] == ["disclaimers", "dlp", "instant_replay"]
    assert row["domains"] == ["acme.example", "mail.acme.example"]
    mail = row["mail"]
    assert mail["dates"] == sorted(DATES)
    assert mail["inbound"]["totals"] == report()["inbound"]["totals"]  # the API's totals, untouched
    # the series in time order: day 1 is index 1 of DATES
    assert mail["inbound"]["series"]["spam"] == [21, 22, 20]
    assert mail["inbound"]["messages"] == [11 + 21 + 31 + 41, 12 + 22 + 32 + 42, 10 + 20 + 30 + 40]
    assert mail["inbound"]["messages_total"] == sum(mail["inbound"]["messages"])  # safelist is not a disposition
    assert mail["spam_ratio"] == round(63.0 / 312, 4)  # 33 clean + 63 spam + 93 virus + 123 fraud
    assert codes(row) == []  # 1 of 4 licences unused is 25%, but under the minimum of 5: ordinary headroom


@pytest.mark.parametrize("sent, counted", [
    (25, 25), ("25", 25), ("25.0", 25), (" 7 ", 7), ("inf", None), ("-inf", None), ("nan", None), ("", None),
    (True, None), (None, None), ([], None),
])
def test_a_count_the_api_sends_oddly_is_a_number_or_unknown_never_a_crash(sent, counted):
    row = fleet_org(org(licences=sent, active_users=sent))
    assert (row["licences"], row["active_users_reported"]) == (counted, counted)


@pytest.mark.parametrize("kwargs, expected", [
    ({"org_extra": {"user_licenses": 2}}, ["over_licence"]),
    ({"org_extra": {"user_licenses": 10}}, ["unused_licences"]),
    ({"org_extra": {"user_licenses": 3}}, []),
    ({"org_extra": {"is_on_trial": True}}, ["on_trial"]),
    ({"org_extra": {"is_active": False}}, ["inactive"]),
    ({"org_extra": {"active_users": 7}}, ["count_mismatch"]),
    ({"report_scale": 0}, ["no_mail"]),
    ({"drift": {"changes": [{"resource": "domain", "name": "acme.example", "field": "destination", "old": "a",
                             "new": "b"}], "unmanaged": [], "problems": []}}, ["drift"]),
    ({"drift": {"changes": [], "unmanaged": [], "problems": ["users[0].email: is required"]}},
     ["invalid_declaration"]),
    ({"drift": {"changes": [], "unmanaged": [], "problems": []}}, []),
    ({"errors": ["HTTP 403 on GET /users"]}, ["read_error"]),
])
def test_flags(kwargs, expected):
    record = org(licences=4)
    record.update(kwargs.get("org_extra", {}))
    row = fleet_org(record, users=users(3), report=report(kwargs.get("report_scale", 1)), drift=kwargs.get("drift"),
                    errors=kwargs.get("errors"))
    # 3 active billable users and the org's default of 3 reported; 4 licences leave 1 unused (25%, under 5 licences)
    assert sorted(codes(row)) == sorted(set(expected))


def test_the_unused_ratio_and_the_trial_text():
    record = org(licences=10, is_on_trial=True)
    assert codes(fleet_org(record, users=users(3), unused_ratio=0.8)) == ["on_trial"]
    assert codes(fleet_org(record, users=users(3), unused_min=8)) == ["on_trial"]  # 7 unused, under 8
    assert codes(fleet_org(record, users=users(3), unused_min=0, unused_ratio=0.7)) == ["unused_licences", "on_trial"]
    row = fleet_org(record, users=users(3), unused_ratio=0.5)
    assert [f["text"] for f in row["flags"]] == ["unused licences (7 of 10 unused)", "on trial (renewal 2027/01/31)"]
    for ratio in (2, -0.1, "nan", "half"):  # NaN compares false both ways: refused too
        with pytest.raises(AnsibleFilterError, match="unused_ratio"):
            fleet_org(record, unused_ratio=ratio)
    with pytest.raises(AnsibleFilterError, match="unused_min"):
        fleet_org(record, unused_min=-1)
    with pytest.raises(AnsibleFilterError, match="the organization"):
        fleet_org(["not", "an", "org"])


def test_an_org_that_could_not_be_read():
    row = fleet_org(None, domain="Gone.Example", errors=["not found"])
    assert row["org"] == "gone.example" and row["users"] is None and row["mail"] is None
    assert codes(row) == ["read_error"]


def fleet_of_three():
    rows = [fleet_org(org("a.example", licences=10), users=users(3), report=report()),
            fleet_org(org("b.example", name=HOSTILE, licences=1), users=users(3), report=report(2)),
            fleet_org(org("c.example", name="=HYPERLINK(\"http://x\")", licences=3, is_on_trial=True),
                      users=users(3), report=report(),
                      drift={"changes": [{"resource": "org", "name": "c", "field": "name", "old": 1, "new": 2}],
                             "unmanaged": [{"resource": "user", "name": "x@c.example", "admin": True}],
                             "problems": []})]
    return fleet_report(rows, partner="msp.example", generated="2026-01-04T00:00:00Z",
                        declared=["a.example", "C.example", "missing.example"])


def test_the_fleet_sums_and_order():
    out = fleet_of_three()
    assert [r["org"] for r in out["orgs"]] == ["b.example", "c.example", "a.example"]  # licence gap, highest first
    summary = out["summary"]
    assert summary["orgs"] == 3 and summary["licences"] == 14 and summary["active_billable_users"] == 9
    assert summary["over_licence_users"] == 2
    assert summary["flag_counts"] == {"drift": 1, "on_trial": 1, "over_licence": 1, "unused_licences": 1}
    assert summary["flags"] == 4 and summary["orgs_flagged"] == 3 and summary["drifted_fields"] == 1
    assert out["declared_missing"] == ["missing.example"]
    day1 = out["daily"]["dates"].index("2026-01-01T00:00:00Z")
    assert out["daily"]["inbound_spam"][day1] == 21 + 42 + 21
    assert out["daily"]["outbound_messages"] == [
        sum(r["mail"]["outbound"]["messages"][i] for r in out["orgs"]) for i in range(3)]
    assert summary["inbound_messages"] == sum(out["daily"]["inbound_messages"])
    json.dumps(out)  # plain data


class Parsed(html.parser.HTMLParser):
    """Elements and text of a page, as a browser's parser sees them."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags = []
        self.text = []
        self.scripts = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        self._in_script = tag == "script"

    def handle_endtag(self, tag):
        self._in_script = False

    def handle_data(self, data):
        (self.scripts if self._in_script else self.text).append(data)


def test_the_page_escapes_api_values_and_holds_every_number():
    page = fleet_report_html(fleet_of_three())
    parsed = Parsed()
    parsed.feed(page)
    # the hostile name is text, not an element; the only script is the sorting script, allowed by its hash
    assert HOSTILE in "".join(parsed.text)
    assert HOSTILE not in page
    assert parsed.scripts == [SORT_SCRIPT]
    assert [t for t, _a in parsed.tags].count("script") == 1
    csp = [a["content"] for t, a in parsed.tags if t == "meta" and a.get("http-equiv") == "Content-Security-Policy"]
    assert len(csp) == 1 and "default-src 'none'" in csp[0] and "script-src 'sha256-" in csp[0]
    # self-contained: no external resource at all
    assert not [a for t, a in parsed.tags if a.get("src") or (t == "link")]
    assert "http://" not in page.replace('http://x', '') and "https://" not in page
    # the summary and the table's numbers are in the HTML, with an SVG sparkline per org and one fleet chart
    summary = re.sub(r"<[^>]+>", "", re.search(r'<p class="summary" id="summary">(.*?)</p>', page).group(1))
    assert html.unescape(summary) == ("3 organizations \u00b7 14 licences \u00b7 9 active billable users (the orgs "
                                      "report 9) \u00b7 4 flags on 3 organizations")
    rows = [a for t, a in parsed.tags if t == "tr" and "data-org" in a]
    assert [r["data-org"] for r in rows] == ["b.example", "c.example", "a.example"]
    assert [r["data-gap"] for r in rows] == ["2", "0", "-7"]
    assert [r["data-drift"] for r in rows] == ["", "2", ""]
    assert [t for t, a in parsed.tags].count("svg") == 4
    daily = fleet_of_three()["daily"]
    for value in daily["inbound_messages"] + daily["outbound_messages"]:
        assert '<td class="n">%s</td>' % "{:,}".format(value) in page


ATTACK = "<script>alert(1)</script>\" onmouseover=\"alert(2)\" x='"


def test_every_api_value_and_the_title_are_escaped_in_text_and_attributes():
    """Issue 21 (the page from a Jinja2 template): a script or a quote in any value is text, never markup."""
    record = org("h.example", name=ATTACK, licensing_package=ATTACK, is_on_trial=True, when_renewal=ATTACK,
                 domains=[{"name": ATTACK}])
    row = fleet_org(record, users=[{"primary_email": ATTACK, "type": "organization_admin"}], features={ATTACK: True},
                    report=report(), errors=[ATTACK], drift={"changes": [], "unmanaged": [], "problems": [ATTACK]})
    page = fleet_report_html(fleet_report([row], partner=ATTACK, generated=ATTACK, declared=[ATTACK]), title=ATTACK)
    parsed = Parsed()
    parsed.feed(page)
    assert "<script>alert" not in page and "onmouseover" not in [n for _t, a in parsed.tags for n in a]
    assert parsed.scripts == [SORT_SCRIPT]
    text = "".join(parsed.text)
    # the title (twice), partner, generated, name, package, renewal, admin, 2 flags, the drift's problem, domain,
    # feature, missing
    assert text.count(ATTACK) == 14, text
    # the flags' texts as tooltips, the invalid declaration as the drift's tooltip
    titles = [a["title"] for t, a in parsed.tags if t == "span" and ATTACK in a.get("title", "")]
    assert titles == [ATTACK, "on trial (renewal %s)" % ATTACK, "read error (%s)" % ATTACK], titles


def test_the_csv_keeps_numbers_and_neutralises_formulas():
    out = fleet_of_three()
    lines = list(csv.DictReader(io.StringIO(fleet_report_csv(out))))
    assert [line["org"] for line in lines] == ["b.example", "c.example", "a.example"]
    by_org = dict((line["org"], line) for line in lines)
    assert by_org["c.example"]["name"] == "'=HYPERLINK(\"http://x\")"
    assert by_org["b.example"]["name"] == HOSTILE  # plain text in a CSV
    assert by_org["a.example"]["licence_gap"] == "-7"  # a number, not neutralised
    for row in out["orgs"]:
        line = by_org[row["org"]]
        assert int(line["inbound_spam"]) == row["mail"]["inbound"]["totals"]["spam"]
        assert int(line["outbound_clean"]) == row["mail"]["outbound"]["totals"]["clean"]
        assert int(line["users_active_billable"]) == row["users"]["active_billable"]
    assert by_org["c.example"]["flags"] == "on trial (renewal 2027/01/31); drift (1 field(s), 1 unmanaged)"


@pytest.mark.parametrize("value, expected", [
    ("=1+1", "'=1+1"), ("+1", "'+1"), ("-1", "'-1"), ("@SUM(A1)", "'@SUM(A1)"), ("\tx", "'\tx"), ("\rx", "'\rx"),
    ("acme", "acme"), (-3, -3), (0.5, 0.5), (None, ""), (True, "true"),
])
def test_csv_cells(value, expected):
    assert csv_cell(value) == expected


# Issue 20: what a spreadsheet still takes for a formula after white space or in a full-width form, and control
# characters (a NUL was written raw).
@pytest.mark.parametrize("value, expected", [
    ("\n=1+1", "'\n=1+1"), ("\r\n=1", "'\r\n=1"), ("\t", "'\t"),
    (" =1+1", "' =1+1"), ("   +1", "'   +1"), (" \t-1", "' \t-1"), ("\u00a0@A1", "'\u00a0@A1"),
    ("\u3000=1", "'\u3000=1"), ("\u2003=1", "'\u2003=1"), ("\u200b=1", "'\u200b=1"), ("\ufeff=1", "'\ufeff=1"),
    ("\uff1d1+1", "'\uff1d1+1"), ("\uff0b1", "'\uff0b1"), ("\uff0d1", "'\uff0d1"), ("\uff20SUM(A1)", "'\uff20SUM(A1)"),
    (" \uff1dcmd|' /C calc'!A0", "' \uff1dcmd|' /C calc'!A0"), ("\ufe66=1", "'\ufe66=1"),
    ("a\x00b", "ab"), ("\x00=1", "'=1"), ("=\x00", "'="), ("x\x07y\x1bz\x7f\x9b", "xyz"), ("\x85=1", "'=1"),
    ("  acme", "  acme"), ("line 1\nline 2", "line 1\nline 2"), ("a\tb", "a\tb"), ("x=1", "x=1"), ("a-b", "a-b"),
    ("\uff21cme", "\uff21cme"), ("", ""),
])
def test_csv_cells_led_by_a_formula_behind_white_space_or_in_full_width_and_without_control_characters(value, expected):
    assert csv_cell(value) == expected


SHOWN_FIRST = re.compile(r"[\s\u200b-\u200f\u2060-\u2064\ufeff]*")


@given(st.text())
def test_no_csv_text_cell_starts_a_formula_or_holds_a_control_character(value):
    cell = csv_cell(value)
    assert not [c for c in cell if unicodedata.category(c) == "Cc" and c not in "\t\n\r"]
    if not cell.startswith("'"):
        assert not cell.startswith(("\t", "\r", "\n"))
        first = cell[SHOWN_FIRST.match(cell).end():][:1]
        assert not unicodedata.normalize("NFKC", first).startswith(("=", "+", "-", "@")), repr(cell)
    content = "".join(c for c in value if unicodedata.category(c) != "Cc" or c in "\t\n\r")
    assert cell in (content, "'" + content)  # only the control characters go, and at most a ' comes first


def test_the_csv_of_a_hostile_name_is_text_without_a_nul():
    out = fleet_report([fleet_org(org("a.example", name=" \uff1dHYPERLINK(\"http://x\")\x00"), users=users(3)),
                        fleet_org(org("b.example", name="\n@SUM(1+1)*cmd|' /C calc'!A0"), users=users(3))])
    text = fleet_report_csv(out)
    assert "\x00" not in text
    lines = dict((line["org"], line) for line in csv.DictReader(io.StringIO(text)))
    assert lines["a.example"]["name"] == "' \uff1dHYPERLINK(\"http://x\")"
    assert lines["b.example"]["name"] == "'\n@SUM(1+1)*cmd|' /C calc'!A0"


def test_an_empty_fleet_renders():
    out = fleet_report([])
    assert out["summary"]["orgs"] == 0
    assert out["notes"] == ["No customer organization: the report is empty."]
    assert "No mail-flow data" in fleet_report_html(out)
    assert fleet_report_csv(out).count("\r\n") == 1
    with pytest.raises(AnsibleFilterError):
        fleet_report_html([])
    with pytest.raises(AnsibleFilterError):
        fleet_report_csv("x")


def test_the_drift_details_are_in_words_in_the_cell_and_its_tooltip_escaped():
    """Issue 24: the drift was "live ['a', 'b'], declared {'k': 1}", Python's reprs, and only in a tooltip."""
    row = fleet_org(org(), users=users(3), drift={
        "changes": [{"resource": "domain", "name": "acme.example", "field": "destination", "old": HOSTILE,
                     "new": "mx.example"},
                    {"resource": "domain", "name": "acme.example", "field": "failovers", "old": [],
                     "new": ["192.0.2.1", "192.0.2.2"]},
                    {"resource": "email_tagging", "name": "acme.example", "field": "email_subject_tags",
                     "old": {"is_enabled": False, "content": ""}, "new": {"is_enabled": True, "content": "[Ext]"}},
                    {"resource": "org", "name": "acme.example", "field": "phone", "old": None, "new": "555"}],
        "unmanaged": [{"resource": "user", "name": "x@acme.example", "admin": True},
                      {"resource": "saml_idp", "name": "Shadow", "admin": False, "forces_login": True}], "problems": []})
    lines = ["domain acme.example: destination is %s, declared mx.example" % HOSTILE,
             "domain acme.example: failovers is none, declared 192.0.2.1, 192.0.2.2",
             "email_tagging acme.example: email_subject_tags is content empty, is_enabled false, declared content "
             "[Ext], is_enabled true",
             "org acme.example: phone is not set, declared 555",
             "unmanaged administrator user x@acme.example",
             "unmanaged saml_idp Shadow (forces the login)"]
    page = fleet_report_html(fleet_report([row]))
    parsed = Parsed()
    parsed.feed(page)
    titles = [a["title"] for t, a in parsed.tags if t == "span" and a.get("class") == "drift"]
    assert titles == ["\n".join(lines)]
    assert HOSTILE not in page and "[" + "'" not in html.unescape(page) and "{'" not in html.unescape(page)
    cell = re.search(r'<td class="words">(.*?)</td>', page, re.S).group(1)
    assert [html.unescape(li) for li in re.findall(r"<li>(.*?)</li>", cell)] == lines  # listed in the cell too
    line = list(csv.DictReader(io.StringIO(fleet_report_csv(fleet_report([row])))))[0]
    assert line["drift_details"] == "; ".join(lines)


def test_a_partner_without_customers_is_said_so_in_the_report_not_silently_empty():
    """An MSP with no customer organization yet is legitimate: the report is written, and says why it is empty."""
    out = fleet_report([], partner="msp.example")
    note = "The partner msp.example has no customer organizations yet: the report is empty."
    assert out["notes"] == [note]
    assert "<p class=\"note\" id=\"notes\">%s</p>" % note in fleet_report_html(out)
    assert fleet_report([fleet_org(org(), users=users(3))], partner="msp.example")["notes"] == []


@pytest.mark.parametrize("partner, expected", [
    (" MSP.example. ", "msp.example"), ("msp-alias.example", "msp-alias.example")])
def test_fleet_partner_gives_the_domain_it_reads(partner, expected):
    assert fleet_partner(partner) == expected
    assert fleet_partner(partner, org={"primary_domain": expected, "type": "channel"}) == expected


@pytest.mark.parametrize("partner", ["msp example", "https://msp.example", "admin@msp.example", "", None, 42, ["a.b"]])
def test_fleet_partner_refuses_what_is_not_a_domain_before_any_request(partner):
    with pytest.raises(AnsibleFilterError, match=r"^ppe_fleet_partner: .* is not a valid domain name; give the "
                                                 r"partner's primary domain, for example msp\.example\. Nothing "
                                                 r"was read\.$"):
        fleet_partner(partner)


@pytest.mark.parametrize("found", [None, "", {}])
def test_fleet_partner_that_does_not_exist(found):
    with pytest.raises(AnsibleFilterError) as caught:
        fleet_partner("msp.exmaple", org=found)
    assert str(caught.value) == (
        "ppe_fleet_partner: the partner organization msp.exmaple does not exist; check it for a typo (the API "
        "answered HTTP 404 to GET /orgs/msp.exmaple). Nothing else was read.")


@pytest.mark.parametrize("hierarchy, under", [
    (["101 : 'Acme Corporation'", "100 : 'Example MSP'"], ", under the partner Example MSP, eid 100"),
    (["101 : 'Acme Corporation'"], ""), (None, ""), (["garbled"], ""), (["101 : 'A'", "strange"], ", under strange")])
def test_fleet_partner_that_is_a_customer_organization_names_its_type_and_parent(hierarchy, under):
    record = {"primary_domain": "acme.example", "name": "Acme Corporation", "type": "organization",
              "organization_hierarchy": hierarchy}
    with pytest.raises(AnsibleFilterError) as caught:
        fleet_partner("acme.example", org=record)
    assert str(caught.value) == (
        "ppe_fleet_partner: acme.example is a customer organization (type organization, Acme Corporation%s), not a "
        "partner: it has no customer organizations to report on. Give the domain of its partner (channel, strategic "
        "or OEM account). Nothing else was read." % under)


# -- issue 24: the report as an owner reads it -------------------------------------------------------------------
def onboarded(**extra):
    """acme.example with two domains, one verified, one DKIM key valid on the first."""
    record = org(domains=[{"name": "acme.example", "is_verified": True}, {"name": "mail.acme.example",
                                                                          "is_verified": False}])
    kwargs = {"users": users(3), "report": report(), "auth": {"is_mfa_enabled": True, "mfa_admins_only": False},
              "dkim": {"acme.example": [{"selector": "s1", "is_valid": True}, {"selector": "s2", "is_valid": False}],
                       "mail.acme.example": []}}
    kwargs.update(extra)
    return fleet_org(record, **kwargs)


def cell_text(page, css_class):
    return [html.unescape(re.sub(r"<[^>]+>", " ", c)).split() for c in
            re.findall(r'<td class="words %s">(.*?)</td>' % css_class, page, re.S)]


@pytest.mark.parametrize("auth, mfa", [
    ({"is_mfa_enabled": True, "mfa_admins_only": False}, "on"),
    ({"is_mfa_enabled": "true", "mfa_admins_only": True}, "admins only"),
    ({"is_mfa_enabled": False, "mfa_admins_only": True}, "off"),
    (None, None),
])
def test_the_onboarding_state_mfa_dkim_and_verified_domains(auth, mfa):
    row = onboarded(auth=auth)
    assert row["onboarding"] == {
        "mfa": mfa,
        "dkim": [{"domain": "acme.example", "selectors": ["s1", "s2"], "valid": ["s1"]},
                 {"domain": "mail.acme.example", "selectors": [], "valid": []}],
        "verified": [{"domain": "acme.example", "verified": True}, {"domain": "mail.acme.example", "verified": False}]}
    page = fleet_report_html(fleet_report([row]))
    assert cell_text(page, "onboarding") == [("MFA %s DKIM 1 of 2 domain(s) signed 1 of 2 domain(s) verified"
                                              % (mfa or "-")).split()]
    assert "acme.example: s1 valid, s2 not valid yet\nmail.acme.example: no key" in html.unescape(page)
    line = list(csv.DictReader(io.StringIO(fleet_report_csv(fleet_report([row])))))[0]
    assert (line["mfa"], line["dkim"], line["domains_verified"]) == (
        mfa or "", "1 of 2 domain(s) signed", "1 of 2 domain(s) verified")


def test_the_onboarding_state_of_what_was_not_read_or_not_shown_is_a_dash():
    row = fleet_org(org(), users=users(3))  # domains without is_verified (the API may not show it), nothing read
    assert row["onboarding"] == {"mfa": None, "dkim": None, "verified": [
        {"domain": "acme.example", "verified": None}, {"domain": "mail.acme.example", "verified": None}]}
    line = list(csv.DictReader(io.StringIO(fleet_report_csv(fleet_report([row])))))[0]
    assert (line["mfa"], line["dkim"], line["domains_verified"]) == ("", "", "")  # unknown: empty cells


def test_a_ppe_fleet_info_item_gives_its_mfa_and_dkim():
    item = {"domain": "acme.example", "org": org(), "users": users(3), "features": {}, "report": report(),
            "auth_settings": {"is_mfa_enabled": False}, "dkim": {"acme.example": []}, "drift": None, "errors": []}
    row = fleet_org(item)
    assert row["onboarding"]["mfa"] == "off" and row["onboarding"]["dkim"] == [
        {"domain": "acme.example", "selectors": [], "valid": []}]


STANDARDS = [
    {"path": "authentication.is_mfa_enabled", "standard": True, "live": False, "state": "short"},
    {"path": "features.url_defense", "standard": True, "live": True, "state": "held"},
    {"path": "sender_lists.block_list", "standard": ["bad.example", "*@spam.example"], "live": ["bad.example"],
     "state": "short"},
    {"path": "features.dlp", "standard": True, "live": False, "state": "excepted", "reason": "no budget this year"},
]


def test_the_standards_column_counts_and_names_the_short_ones_in_words():
    drift = {"changes": [], "unmanaged": [], "problems": [], "standards": STANDARDS}
    row = fleet_org(org(), users=users(3), report=report(), drift=drift)
    assert row["standards"] == {
        "held": 1, "short": 2, "excepted": 1, "not_applicable": 0,
        "short_items": [
            {"path": "authentication.is_mfa_enabled",
             "text": "authentication.is_mfa_enabled: standard true, live false"},
            {"path": "sender_lists.block_list",
             "text": "sender_lists.block_list: standard bad.example, *@spam.example, live bad.example"}],
        "excepted_items": [{"path": "features.dlp", "text": "features.dlp: excepted (no budget this year)"}]}
    assert codes(row) == ["standards_short"] and row["flags"][0]["text"] == "short of standards (2 of 3)"
    undeclared = fleet_org(org("b.example"), users=users(3), report=report())
    none_set = fleet_org(org("c.example"), users=users(3), report=report(),
                         drift={"changes": [], "unmanaged": [], "problems": []})
    assert undeclared["standards"] is None and none_set["standards"] is None
    out = fleet_report([row, undeclared, none_set])
    assert out["summary"]["orgs_short_of_standards"] == 1
    page = fleet_report_html(out)
    cells = cell_text(page, "standards")
    assert cells[0] == ("1 held \u00b7 2 short \u00b7 1 excepted authentication.is_mfa_enabled: standard true, live "
                        "false sender_lists.block_list: standard bad.example, *@spam.example, live bad.example "
                        "excepted features.dlp: excepted (no budget this year)").split()
    assert cells[1:] == [["\u2013"], ["\u2013"]]
    lines = dict((line["org"], line) for line in csv.DictReader(io.StringIO(fleet_report_csv(out))))
    assert [lines["acme.example"][k] for k in ("standards_held", "standards_short", "standards_excepted")] == [
        "1", "2", "1"]
    assert lines["acme.example"]["standards_short_list"] == (
        "authentication.is_mfa_enabled: standard true, live false; "
        "sender_lists.block_list: standard bad.example, *@spam.example, live bad.example")
    assert lines["b.example"]["standards_short"] == ""


@pytest.mark.parametrize("licences, active_billable, flagged", [
    (4, 3, False), (10, 8, False), (12, 9, False), (25, 21, False), (50, 42, False),  # ordinary headroom
    (10, 5, True), (25, 3, True), (100, 75, True), (100, 81, False),
])
def test_unused_licences_are_not_flagged_for_ordinary_headroom(licences, active_billable, flagged):
    """Issue 24: from 20% alone, 1 of 4 or 2 of 10 licences unused was flagged: every org of an ordinary fleet."""
    row = fleet_org(org(licences=licences, active_users=active_billable), users=users(active_billable),
                    report=report())
    assert codes(row) == (["unused_licences"] if flagged else [])


def test_an_inactive_organization_is_shown_as_such_once():
    """Issue 24: a deactivated org was flagged inactive, unused licences, no mail and active users differ."""
    record = org(licences=20, active_users=0, is_active=False, is_on_trial=True)
    row = fleet_org(record, users=users(3), report=report(0), errors=[])
    assert codes(row) == ["inactive"]
    drifted = fleet_org(record, users=users(3), report=report(0),
                        drift={"changes": [{"resource": "org", "name": "acme.example", "field": "phone", "old": "1",
                                            "new": "2"}], "unmanaged": [], "problems": []})
    assert codes(drifted) == ["drift", "inactive"]  # what is not a consequence of the deactivation stays
    page = fleet_report_html(fleet_report([row]))
    assert re.findall(r'<tr data-org="acme.example"[^>]*class="inactive">', page)
    assert 'class="n "' in page and 'class="n under"' not in page  # the licence gap is not coloured either
    assert page.count(">trial<") == 0 and page.count('class="flag inactive"') == 2  # the flag and the summary's


def test_the_chart_is_labelled_with_the_dates_of_the_data():
    dates = ["2026-03-%02dT00:00:00Z" % d for d in range(1, 31)]
    out = {"period": "30d", "inbound": {"totals": {"clean": 30}, "series": {"clean": dict((d, 1) for d in dates)}},
           "outbound": {"totals": {}, "series": {}}}
    page = fleet_report_html(fleet_report([fleet_org(org(), users=users(3), report=out)]))
    labels = re.findall(r'class="axis">(\d{4}-[^<]+)</text>', page)
    assert labels == ["2026-03-01", "2026-03-16", "2026-03-30"]


# -- what changed since the previous report ------------------------------------------------------------------------
def a_run(licences=10, active=3, drift_changes=(), short=None, names=("a.example", "b.example"), generated="T2"):
    rows = []
    for name in names:
        drift = None
        if name == "a.example":
            drift = {"changes": [{"resource": "domain", "name": name, "field": f, "old": 1, "new": 2}
                                 for f in drift_changes], "unmanaged": [], "problems": []}
            if short is not None:
                drift["standards"] = [{"path": p, "standard": True, "live": False, "state": "short"} for p in short]
        rows.append(fleet_org(org(name, licences=licences, active_users=active), users=users(active),
                              report=report(), drift=drift))
    return fleet_report(rows, partner="msp.example", generated=generated)


def test_what_changed_since_the_previous_report():
    before = a_run(licences=10, active=3, drift_changes=("destination", "failovers"), short=["features.dlp"],
                   names=("a.example", "b.example", "gone.example"), generated="2026-01-01T00:00:00Z")
    after = a_run(licences=12, active=4, drift_changes=("destination", "is_relay"),
                  short=["features.dlp", "authentication.is_mfa_enabled"],
                  names=("a.example", "b.example", "new.example"))
    out = FilterModule().filters()["fleet_changes"](after, previous=json.dumps(before), source="reports/x.json")
    assert out["previous"] == "2026-01-01T00:00:00Z" and out["orgs_gone"] == ["gone.example"]
    assert out["summary"]["orgs_changed"] == 3 and out["notes"] == []
    since = dict((r["org"], r["changes_since"]) for r in out["orgs"])
    assert since["a.example"]["drift_appeared"] == ["domain a.example: is_relay"]
    assert since["a.example"]["drift_resolved"] == ["domain a.example: failovers"]
    assert since["a.example"]["standards_newly_short"] == ["authentication.is_mfa_enabled"]
    assert since["a.example"]["text"] == (
        "1 drift(s) appeared: domain a.example: is_relay; 1 drift(s) resolved: domain a.example: failovers; "
        "licences 10 -> 12 (+2); active billable users 3 -> 4 (+1); newly short of 1 standard(s): "
        "authentication.is_mfa_enabled")
    # b.example is not declared: no drift compared, only its numbers
    assert since["b.example"]["text"] == "licences 10 -> 12 (+2); active billable users 3 -> 4 (+1)"
    assert since["new.example"]["state"] == "added"
    page = fleet_report_html(out)
    section = html.unescape(re.search(r'<h2 id="since">(.*?)\n', page).group(1))
    assert section.startswith("Since 2026-01-01T00:00:00Z</h2>")
    assert re.sub(r"<[^>]+>", "", section).count(": ") >= 4
    assert "gone.example: gone since then" in re.sub(r"<[^>]+>", "", section)
    lines = dict((line["org"], line) for line in csv.DictReader(io.StringIO(fleet_report_csv(out))))
    assert lines["a.example"]["changes_since"] == since["a.example"]["text"]
    assert lines["new.example"]["changes_since"] == "new since then"
    # the same run again: nothing changed
    again = FilterModule().filters()["fleet_changes"](after, previous=dict(after))
    assert [r["changes_since"]["state"] for r in again["orgs"]] == ["unchanged"] * 3
    assert "No organization changed." in fleet_report_html(again)


@pytest.mark.parametrize("previous, note", [
    ("{not json", "The previous report reports/fleet-report.json is not valid JSON ("),
    ("", "The previous report reports/fleet-report.json is empty or could not be read: nothing compared with it."),
    ([], "The previous report reports/fleet-report.json is empty or could not be read: nothing compared with it."),
    ('{"ppe_customers": []}', "The previous report reports/fleet-report.json is not a fleet report (no summary and "
                              "organizations): nothing compared with it."),
    ('{"summary": {}, "orgs": ["x"]}', "is not a fleet report"),
    (json.dumps(dict(fleet_report([]), partner="other.example")),
     "The previous report reports/fleet-report.json is the report of the partner other.example, not msp.example: "
     "nothing compared with it."),
])
def test_a_broken_or_foreign_previous_report_is_a_note_never_a_failure(previous, note):
    out = FilterModule().filters()["fleet_changes"](a_run(), previous=previous, source="reports/fleet-report.json")
    assert len(out["notes"]) == 1 and note in out["notes"][0]
    assert out["previous"] is None and [r["changes_since"] for r in out["orgs"]] == [None, None]
    fleet_report_html(out)
    fleet_report_csv(out)


def test_without_a_previous_report_nothing_is_compared():
    out = FilterModule().filters()["fleet_changes"](a_run(), previous=None)
    assert out["previous"] is None and out["orgs_gone"] == [] and out["notes"] == []
    assert 'id="since"' not in fleet_report_html(out)
    with pytest.raises(AnsibleFilterError):
        FilterModule().filters()["fleet_changes"]([])


def test_one_comparison_of_two_neutral_summaries_for_the_fleet_report_and_the_audit():
    """plugin_utils/_since.changes: what is unknown in either run (None) is not compared, never 'appeared' or
    'resolved'; a field still drifted is the same drift; more than five items are counted, not all listed."""
    same = {"drift": ["org a: phone"], "licences": 5, "active_billable_users": 4, "standards_short": ["x.y"]}
    assert changes(same, dict(same))["state"] == "unchanged" and changes(same, dict(same))["text"] == "no change"
    unknown = changes({"drift": None, "licences": None, "standards_short": None},
                      {"drift": ["org a: phone"], "licences": 5, "standards_short": None})
    assert unknown["state"] == "unchanged" and unknown["drift_appeared"] == [] and unknown["licences"] is None
    many = changes({"drift": []}, {"drift": ["d%d" % i for i in range(7)]})
    assert many["text"] == "7 drift(s) appeared: d0, d1, d2, d3, d4 and 2 more"
    fewer = changes({"active_billable_users": 9, "standards_short": ["a", "b"]},
                    {"active_billable_users": 7, "standards_short": ["b"]})
    assert fewer["text"] == "active billable users 9 -> 7 (-2); no longer short of a"
    assert fewer["active_billable_users"] == [9, 7] and fewer["standards_no_longer_short"] == ["a"]
    assert [(org, c["state"]) for org, c in compare({"a": same, "gone": same}, {"a": same, "new": same}).items()] == [
        ("a", "unchanged"), ("new", "added"), ("gone", "gone")]
