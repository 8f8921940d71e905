"""Bad input never crashes the server and always gets an AWS-shaped answer: every management
operation of both services (from botocore's models) called with a malformed body and with a body
of wrong types; the data plane fed malformed HTTP. Bounded: one pass, a few hundred requests."""
import json
import re
import socket

import botocore.session
import requests
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

from conftest import ACCESS_KEY, REGION, SECRET_KEY


def operations():
    session = botocore.session.get_session()
    for service in ("apigateway", "apigatewayv2"):
        model = session.get_service_model(service)
        for name in model.operation_names:
            http = model.operation_model(name).http
            yield service, name, http["method"], http["requestUri"]


def call(server, method, uri, body):
    path = re.sub(r"\{[^}]+\}", "x1", uri)
    request = AWSRequest(method=method, url=f"{server.endpoint}{path}", data=body,
                         headers={"Content-Type": "application/json"})
    SigV4Auth(Credentials(ACCESS_KEY, SECRET_KEY), "apigateway", REGION).add_auth(request)
    prepared = request.prepare()
    return requests.request(method, prepared.url, headers=dict(prepared.headers), data=body, timeout=30)


def test_every_operation_answers_malformed_bodies_with_aws_errors(server):
    seen = 0
    for service, name, method, uri in operations():
        for body in (b"{not json", json.dumps({"name": 7, "patchOperations": "nope", "tags": [1]}).encode()):
            response = call(server, method, uri, body)
            seen += 1
            assert response.status_code < 500 or response.status_code == 501, (service, name, response.status_code, response.text)
            if response.status_code >= 400:
                assert "message" in response.json(), (service, name, response.text)
                assert response.headers.get("x-amzn-ErrorType"), (service, name)
    assert seen > 400
    assert requests.get(f"{server.endpoint}/restapis", timeout=10).status_code == 403  # still up


def test_data_plane_survives_malformed_http(server, gateway):
    garbage = [
        b"\x00\x01\x02\r\n\r\n",
        b"GET / HTTP/9.9\r\n\r\n",
        b"GET /" + b"a" * 20000 + b" HTTP/1.1\r\nHost: x\r\n\r\n",
        b"POST / HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n",
        b"POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
        b"GET / HTTP/1.1\r\n" + b"X: y\r\n" * 2000 + b"\r\n",
    ]
    for payload in garbage:
        with socket.create_connection(("127.0.0.1", server.data_port), timeout=10) as sock:
            sock.sendall(payload)
            sock.settimeout(10)
            answer = sock.recv(65536)
            assert answer.startswith(b"HTTP/1.1 4"), (payload[:40], answer[:80])
    assert gateway.invoke("nothing", "dev", "/x").status_code == 403  # still serving


def test_a_body_of_a_million_duplicate_keys_costs_one_key(fresh_server):
    """6 MB of `"name":"x",` repeated: the management API answers it without building a million
    entries (the gateway's RSS grows by far less than the 100 MB such a body used to cost)."""
    server = fresh_server().start()
    with open(f"/proc/{server.process.pid}/status") as status:
        before = next(int(line.split()[1]) for line in status if line.startswith("VmRSS:"))
    pair = b'"name":"x",'
    body = b"{" + pair * ((6_000_000 - 20) // len(pair)) + b'"name":"dup"}'
    response = call(server, "POST", "/restapis", body)
    assert response.status_code == 201, response.text
    assert response.json()["name"] == "dup"
    with open(f"/proc/{server.process.pid}/status") as status:
        after = next(int(line.split()[1]) for line in status if line.startswith("VmRSS:"))
    assert (after - before) * 1024 < 48 << 20, f"RSS grew by {(after - before) >> 10} MiB"
