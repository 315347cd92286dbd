# -*- coding: utf-8 -*-
# Copyright (c) ppe.essentials contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""A server that echoes a secret back gets it masked: a DKIM private key or a user's password that the API quotes
in an error message (whole, one line, escaped, cut short) never reaches the task result, its warnings, its
exception or the module's log, through either execution path (the action plugin in the worker, the module).

The API is the simulator app in process behind `responses`, with one write answered by a hostile echo.
"""

from __future__ import annotations

import json
import re
from types import SimpleNamespace
from unittest import mock
from urllib.parse import quote

import pytest
import responses
from ansible import constants as C
from ansible.module_utils import basic
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ed25519, rsa

from ansible_collections.ppe.essentials.plugins.action import ppe_customer as customer_action
from ansible_collections.ppe.essentials.plugins.action import ppe_dkim as dkim_action
from ansible_collections.ppe.essentials.plugins.module_utils import _module as glue
from ansible_collections.ppe.essentials.plugins.modules import ppe_customer, ppe_dkim
from ansible_collections.ppe.essentials.plugins.plugin_utils import _action
from tests.simulator import res_dkim
from tests.simulator.app import create_app

from tests.support import patch_module_args

BASE = "http://sim.ppe.test"
CONNECTION = {"url": BASE, "username": "admin@msp.example", "password": "demo-password", "retries": 0}
VARS = {"ansible_inject_invocation": True}  # ansible-core 2.21 adds invocation only when asked
USER_SECRET = 'Echoed"User\\Passw0rd-9e4b'  # JSON, repr and URL encoding all change it


def rsa_key(fmt):
    """A fresh RSA key: (private key PEM in `fmt`, public key as the base64 of its SubjectPublicKeyInfo)."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=1024)
    pem = key.private_bytes(serialization.Encoding.PEM, fmt, serialization.NoEncryption()).decode("ascii")
    spki = key.public_key().public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
    return pem, "".join(spki.decode("ascii").splitlines()[1:-1])


# PKCS#1 ("BEGIN RSA PRIVATE KEY"): its modulus has the same base64 alignment as in the public key, so whole lines
# of it are in the DKIM record, which must stay readable.
KEY, PUBLIC = rsa_key(serialization.PrivateFormat.TraditionalOpenSSL)
KEY_LINES = KEY.splitlines()[1:-1]
# The private exponent and primes: the last lines (the first ones hold the public modulus).
SECRET_LINES = KEY_LINES[-6:-1]


def fragments():
    """Pieces of the secrets that must never show: 12 characters from the start, middle and end of each secret line
    of the key (whatever the echo cut or escaped) and of the user's password."""
    pieces = ["Passw0rd-9e4b", "Echoed"]
    for line in SECRET_LINES:
        pieces += [line[:12], line[26:38], line[-12:]]
    return pieces


def leaks(text):
    return [piece for piece in fragments() if piece in text]


ECHOES = {  # how a hostile or odd server quotes what it was sent, in a 400/422 answer
    "whole key": lambda key: (422, {"error_message": "private_key %s is not a key" % key}),
    "one line": lambda key: (422, {"error_message": "private_key: line 13 (%s) is not base64" % key.splitlines()[-3]}),
    "joined lines": lambda key: (422, {"error_message": "bad key %s" % "".join(key.splitlines()[-6:-1])}),
    "repr": lambda key: (422, {"error_message": "ValueError(%r)" % key}),
    "url encoded": lambda key: (422, {"error_message": "bad form field private_key=%s" % quote(key, safe="")}),
    # not JSON: the client keeps the first 200 characters of the body, which cut a line short
    "JSON text cut short": lambda key: (400, "Bad Request: %s" % json.dumps({"pk": key.splitlines()[-5:]})),
}


@pytest.fixture(name="api")
def api_fixture():
    """The simulator app behind `responses`; api.echo = (method, path regex, answer(request body text)) makes the
    first matching request get that answer instead."""
    app = create_app(base_url=BASE)
    test_client = app.test_client()
    state = SimpleNamespace(echo=None, store=app.config["SIM_STORE"])

    def forward(request):
        body = request.body.decode("utf-8") if isinstance(request.body, bytes) else request.body or ""
        if state.echo and request.method == state.echo[0] and re.search(state.echo[1], request.path_url):
            status, answer = state.echo[2](body)
            state.echo = None
            if isinstance(answer, str):
                return status, {"Content-Type": "text/plain"}, answer
            return status, {"Content-Type": "application/json"}, json.dumps(answer)
        answer = test_client.open(request.path_url, method=request.method, data=request.body,
                                  headers=dict(request.headers))
        return answer.status_code, dict(answer.headers), answer.get_data()

    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock_api:
        for method in (responses.GET, responses.POST, responses.PUT, responses.PATCH, responses.DELETE):
            mock_api.add_callback(method, re.compile(BASE + "/.*"), callback=forward)
        yield state


def in_process(plugin, action, args, check_mode=False):
    """The task's result through the action plugin (the in-process path)."""
    task = SimpleNamespace(args=dict(CONNECTION, **args), action=action, async_val=0, check_mode=check_mode,
                           diff=False, environment=[], no_log=False, delegate_to=None)
    connection = SimpleNamespace(transport="local", _shell=SimpleNamespace(tmpdir=None, env_prefix=lambda **kw: ""))
    plugin = plugin.ActionModule(task, connection, SimpleNamespace(become=False), loader=None,
                                 templar=SimpleNamespace(template=lambda value: value), shared_loader_obj=None)
    return plugin.run(task_vars=VARS)


def as_module(module, args, logged):
    """The module's own result (AnsibleModule's JSON output); what it logs (syslog/journal) is added to `logged`."""
    args = dict(CONNECTION, **args)
    if "INJECT_INVOCATION" in C.config.get_configuration_definitions():
        args["_ansible_inject_invocation"] = True
    output = []
    with patch_module_args(args), mock.patch("builtins.print", lambda *a, **k: output.append(a[0])), \
            mock.patch.object(basic.AnsibleModule, "log", lambda self, msg, log_args=None: logged.append(
                "%s %s" % (msg, json.dumps(log_args)))):
        with pytest.raises(SystemExit):
            module.main()
    return json.loads(output[-1])


def run(path, name, args, logged=None):
    plugins = {"ppe_dkim": (dkim_action, ppe_dkim), "ppe_customer": (customer_action, ppe_customer)}
    if path == "in process":
        return in_process(plugins[name][0], "ppe.essentials." + name, args)
    return as_module(plugins[name][1], args, logged if logged is not None else [])


DKIM = {"org": "acme.example", "domain": "acme.example", "selector": "sel2026", "private_key": KEY}
CUSTOMER = {"domain": "acme.example", "parent": "msp.example", "name": "Acme Corporation",
            "users": [{"email": "newhire@acme.example", "firstname": "New", "surname": "Hire",
                       "user_password": USER_SECRET}],
            "dkim": [{"domain": "acme.example", "selector": "sel2026", "private_key": KEY}]}


@pytest.mark.parametrize("path", ["in process", "module"])
@pytest.mark.parametrize("echo", sorted(ECHOES))
def test_a_dkim_key_the_api_echoes_is_masked(api, path, echo):
    api.echo = ("POST", r"/dkim/sel2026$", lambda body: ECHOES[echo](json.loads(body)["private_key"]))
    result = run(path, "ppe_dkim", DKIM)
    assert result["failed"] and "HTTP 4" in result["msg"], result  # the API's refusal is reported
    assert leaks(json.dumps(result)) == [], result["msg"]


@pytest.mark.parametrize("path", ["in process", "module"])
@pytest.mark.parametrize("step, echo", [
    ("dkim", "one line"),
    ("dkim", "JSON text cut short"),
    ("users", "JSON text"),
    ("users", "repr"),
    ("users", "url encoded"),
])
def test_secrets_of_a_declaration_the_api_echoes_are_masked(api, path, step, echo, monkeypatch):
    """ppe_customer's secrets have no no_log option of their own; what the API echoes of them is masked too, and the
    module's log (the invocation it writes to syslog/journal, with the declaration as text) never shows them."""
    for name in ("url", "username", "password"):  # the steps' connection, as a play gives it (PPE_*)
        monkeypatch.setenv("PPE_" + name.upper(), CONNECTION[name])
    answers = {
        "users": {"JSON text": lambda body: (400, "Bad Request: %s" % body),
                  "repr": lambda body: (422, {"error_message": "bad user %r" % json.loads(body)}),
                  "url encoded": lambda body: (422, {"error_message": "rejected %s" % quote(body)})},
        "dkim": dict((name, lambda body, name=name: ECHOES[name](json.loads(body)["private_key"]))
                     for name in ("one line", "JSON text cut short")),
    }
    api.echo = ("POST", r"/users$" if step == "users" else r"/dkim/sel2026$", answers[step][echo])
    logged = []
    result = run(path, "ppe_customer", {"customer": CUSTOMER}, logged)
    assert result["failed"] and "HTTP 4" in result["msg"], result
    assert leaks(json.dumps(result)) == [], result["msg"]
    assert leaks("\n".join(logged)) == []
    assert (path == "module") is bool(logged)  # the module logged its invocation


@pytest.mark.parametrize("path", ["in process", "module"])
def test_an_unexpected_error_that_quotes_a_secret_is_masked(path, monkeypatch):
    """A bug whose exception quotes a key's line: the failure and its traceback are masked (the module used to die
    with the traceback on stderr, which ansible shows as module_stderr)."""

    def broken(_self, params, _client, _check_mode, _warn):
        raise ValueError("cannot parse %r" % params["private_key"].splitlines()[-3])

    monkeypatch.setattr(type(ppe_dkim.DEFINITION), "run", broken)
    monkeypatch.setattr(_action.display, "verbosity", 3)  # the in-process path adds the traceback from -vvv on
    result = run(path, "ppe_dkim", DKIM)
    assert result["failed"] and "ValueError" in result["msg"]
    assert path == "module" or "ValueError" in result["exception"]  # a module adds it when asked for (2.19+)
    assert leaks(json.dumps(result)) == []


def test_warnings_are_masked_in_every_form():
    secrets = {USER_SECRET, KEY}
    warnings = ["retrying: the API said %s" % json.dumps(USER_SECRET), "line %s" % SECRET_LINES[1][:20]]
    result = _action.module_result({"changed": False}, {}, warnings, secrets)
    assert len(result["warnings"]) == 2 and leaks(json.dumps(result)) == []


@pytest.mark.parametrize("fmt", ["TraditionalOpenSSL", "PKCS8"])
def test_the_public_part_of_a_key_stays_readable(fmt):
    """The DKIM record the customer must publish holds the key's modulus, which PKCS#1 encodes with the same base64
    alignment as the record: those lines are not secret and are not masked; the private part always is."""
    key, public = rsa_key(getattr(serialization.PrivateFormat, fmt))
    lines = key.splitlines()[1:-1]
    masker = glue.Masker([key])
    record = "v=DKIM1; k=rsa; p=%s" % public
    shared = [line for line in lines if line in public]
    assert bool(shared) is (fmt == "TraditionalOpenSSL")  # the reason for the rule
    assert masker.data({"value": record, "public_key": public}) == {"value": record, "public_key": public}
    assert masker.text("echo: %s" % lines[-2]) == "echo: ********"
    assert masker.text("echo: %s..." % lines[-3][:10]) == "echo: ********..."
    assert masker.text("%s ok" % key) == "******** ok"
    assert masker.text(json.dumps(key)).count("*") and lines[-2] not in masker.text(json.dumps(key))


def test_the_public_part_of_other_keys_stays_readable():
    """An Ed25519 key shares its algorithm's structure with its public key (the private key follows it), and a key
    cut short in its modulus (as the scenario playbooks' stand-in keys are) holds nothing but public data."""
    key = ed25519.Ed25519PrivateKey.generate()
    pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                            serialization.NoEncryption()).decode("ascii")
    public = "".join(key.public_key().public_bytes(serialization.Encoding.PEM,
                                                   serialization.PublicFormat.SubjectPublicKeyInfo)
                     .decode("ascii").splitlines()[1:-1])
    body = "".join(pem.splitlines()[1:-1])
    masker = glue.Masker([pem])
    assert masker.text(public) == public
    assert masker.text("echo %s" % body[-20:]) == "echo ********"
    stand_in = ("-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQDdkimTestKeyOnly\n"
                "-----END PRIVATE KEY-----\n")  # tests/integration/playbooks/ppe_dkim.yml
    record = "MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAq2V5"
    assert glue.Masker([stand_in]).text(record) == record
    assert glue.Masker([stand_in]).text("key: %s" % stand_in) == "key: ********"


def test_the_public_part_of_a_created_key_is_in_the_result(api, monkeypatch):
    """A created keypair's result keeps the public key and its DNS record (through the in-process path)."""
    monkeypatch.setattr(res_dkim, "public_key", lambda private_key: PUBLIC)
    result = in_process(dkim_action, "ppe.essentials.ppe_dkim", DKIM)
    assert result["changed"] and not result.get("failed"), result
    assert result["dkim"]["public_key"] == PUBLIC
    assert result["record"]["value"] == "v=DKIM1; k=rsa; p=%s" % PUBLIC
    assert leaks(json.dumps(result)) == []


def test_a_short_or_public_fragment_is_left_alone():
    """Base64-looking words of a message are not masked for sharing a few characters with a key."""
    masker = glue.Masker([KEY])
    text = "GET /api/v1/orgs/acme.example/domains/acme.example/dkim/sel2026 failed with HTTP 404"
    assert masker.text(text) == text


def test_the_module_logs_its_invocation_without_the_secrets_of_a_declaration(api, monkeypatch):
    """AnsibleModule logs the options (syslog/journal) before the module runs, the declaration as Python text, in
    which a key's line breaks are escaped: neither the key nor the password with its escaped quote show."""
    for name in ("url", "username", "password"):
        monkeypatch.setenv("PPE_" + name.upper(), CONNECTION[name])
    logged = []
    result = as_module(ppe_customer, {"customer": CUSTOMER}, logged)
    assert result["changed"] and not result.get("failed"), result
    assert logged and "sel2026" in logged[0]  # the invocation was logged
    assert leaks("\n".join(logged)) == []
