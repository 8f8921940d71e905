"""Tracing and execution logs against the real binary.

Tracing: a REST stage with `tracingEnabled` (and, with `tracing.allStages`, an HTTP API) continues
the client's `traceparent` or `X-Amzn-Trace-Id`, tells the backend (an HTTP double, the
SigV4-checking Lambda double) of it with the integration span as parent, and exports its spans as
OTLP/HTTP JSON to a loopback receiver, where every request body is decoded into
opentelemetry-proto's `ExportTraceServiceRequest` (strict: an unknown field fails the test).

Execution logs: AWS's lines, prefixed `(requestId)`, secrets masked, in the local sink and in the
CloudWatch Logs group `API-Gateway-Execution-Logs_{apiId}/{stage}` on moto's server.
"""
import base64
import json
import threading
import time

import pytest
from google.protobuf import json_format
from opentelemetry.proto.collector.trace.v1.trace_service_pb2 import ExportTraceServiceRequest

import local_http
from conftest import Gateway, make_client
from lambda_double import LambdaDouble
from test_observability import events_of, moto_logs  # noqa: F401 (fixture)

CLIENT_TRACE = "4bf92f3577b34da6a3ce929d0e0e4736"
CLIENT_SPAN = "00f067aa0ba902b7"
LAMBDA_SECRET = "lambda-double-secret-0123456789abcdef"


class Receiver:
    """An OTLP/HTTP receiver on loopback: collects the spans of every `POST /v1/traces`."""

    def __init__(self):
        self.spans = []
        self.requests = []
        self.lock = threading.Lock()
        outer = self

        class Handler(local_http.QuietHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                outer.requests.append((self.path, self.headers.get("Content-Type"), body))
                if self.path != "/v1/traces":
                    return self.send_json(404, {})
                document = json.loads(body)
                outer.check_with_proto(document)
                with outer.lock:
                    for resource in document["resourceSpans"]:
                        for scope in resource["scopeSpans"]:
                            outer.spans += scope["spans"]
                self.send_json(200, {})

        self.server, self.url = local_http.start(Handler)

    @staticmethod
    def check_with_proto(document):
        """OTLP/JSON writes ids as hex where protobuf's JSON mapping has base64: convert, then parse
        strictly into opentelemetry-proto's message."""
        copy = json.loads(json.dumps(document))
        for resource in copy["resourceSpans"]:
            for scope in resource["scopeSpans"]:
                for span in scope["spans"]:
                    for key in ("traceId", "spanId", "parentSpanId"):
                        if key in span:
                            span[key] = base64.b64encode(bytes.fromhex(span[key])).decode()
        json_format.Parse(json.dumps(copy), ExportTraceServiceRequest(), ignore_unknown_fields=False)

    def wait_for(self, predicate, timeout=15.0):
        deadline = time.time() + timeout
        while time.time() < deadline:
            with self.lock:
                found = [span for span in self.spans if predicate(span)]
            if found:
                return found
            time.sleep(0.1)
        return []

    def close(self):
        local_http.stop(self.server)


class Backend(local_http.QuietHandler):
    seen = []

    def do_GET(self):
        Backend.seen.append({k.lower(): v for k, v in self.headers.items()})
        self.send_json(200, {"ok": True})


def attributes(span):
    return {item["key"]: next(iter(item["value"].values())) for item in span.get("attributes", [])}


@pytest.fixture
def receiver():
    running = Receiver()
    try:
        yield running
    finally:
        running.close()


@pytest.fixture
def backend():
    Backend.seen = []
    server, base = local_http.start(Backend)
    try:
        yield base
    finally:
        local_http.stop(server)


def traced_server(fresh_server, tmp_path, receiver, logs_endpoint, lambda_url=None, all_stages=False):
    server = fresh_server()
    server.extra_env = {
        "OTEL_EXPORTER_OTLP_ENDPOINT": receiver.url, "PORTCULLIS_TRACING_SAMPLE_RATE": "1",
        "PORTCULLIS_TRACING_ALL_STAGES": "true" if all_stages else "false",
        "PORTCULLIS_EXECUTION_LOG": str(tmp_path / "execution.log"),
        "AWS_ENDPOINT_URL_LOGS": logs_endpoint, "AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": LAMBDA_SECRET,
        "AWS_REGION": "us-east-1",
    }
    if lambda_url:
        server.extra_env["AWS_ENDPOINT_URL_LAMBDA"] = lambda_url
    return server.start()


def rest_api(client, backend_url, lambda_function=None):
    api_id = client.create_rest_api(name="traced-pets")["id"]
    root = next(item for item in client.get_resources(restApiId=api_id)["items"] if item["path"] == "/")
    pets = client.create_resource(restApiId=api_id, parentId=root["id"], pathPart="pets")
    client.put_method(restApiId=api_id, resourceId=pets["id"], httpMethod="GET", authorizationType="NONE")
    client.put_integration(restApiId=api_id, resourceId=pets["id"], httpMethod="GET", type="HTTP_PROXY",
                           integrationHttpMethod="GET", uri=backend_url + "/pets")
    if lambda_function:
        fn = client.create_resource(restApiId=api_id, parentId=root["id"], pathPart="fn")
        client.put_method(restApiId=api_id, resourceId=fn["id"], httpMethod="GET", authorizationType="NONE")
        client.put_integration(
            restApiId=api_id, resourceId=fn["id"], httpMethod="GET", type="AWS_PROXY", integrationHttpMethod="POST",
            uri=f"arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:{lambda_function}/invocations")
    client.create_deployment(restApiId=api_id, stageName="prod")
    client.update_stage(restApiId=api_id, stageName="prod", patchOperations=[
        {"op": "replace", "path": "/tracingEnabled", "value": "true"},
        {"op": "replace", "path": "/*/*/logging/loglevel", "value": "INFO"},
        {"op": "replace", "path": "/*/*/logging/dataTrace", "value": "true"},
    ])
    return api_id


def test_rest_trace_continued_to_backend_and_exported(fresh_server, tmp_path, receiver, backend, moto_logs):
    logs_endpoint, logs = moto_logs
    server = traced_server(fresh_server, tmp_path, receiver, logs_endpoint)
    client = make_client("apigateway", server.endpoint)
    api_id = rest_api(client, backend)
    gateway = Gateway(server)
    # The stage is traced once a request's backend sees the W3C header.
    gateway.wait_until(api_id, "prod", "/pets", lambda r: r.status_code == 200 and Backend.seen
                       and "traceparent" in Backend.seen[-1], timeout=10)

    Backend.seen = []
    response = gateway.invoke(api_id, "prod", "/pets", headers={
        "traceparent": f"00-{CLIENT_TRACE}-{CLIENT_SPAN}-01", "tracestate": "vendor=abc"})
    assert response.status_code == 200
    sent = Backend.seen[-1]
    version, trace_id, parent, flags = sent["traceparent"].split("-")
    assert (version, trace_id, flags) == ("00", CLIENT_TRACE, "01")
    assert parent != CLIENT_SPAN and len(parent) == 16
    assert sent["x-amzn-trace-id"] == f"Root=1-{CLIENT_TRACE[:8]}-{CLIENT_TRACE[8:]};Parent={parent};Sampled=1"
    assert sent["tracestate"] == "vendor=abc"

    spans = receiver.wait_for(lambda span: span["traceId"] == CLIENT_TRACE)
    deadline = time.time() + 10
    while len(spans) < 2 and time.time() < deadline:
        time.sleep(0.1)
        spans = receiver.wait_for(lambda span: span["traceId"] == CLIENT_TRACE)
    request = next(span for span in spans if span["kind"] == 2)
    integration = next(span for span in spans if span["kind"] == 3)
    assert request["parentSpanId"] == CLIENT_SPAN
    assert request["name"] == "GET /pets"
    assert request["traceState"] == "vendor=abc"
    attrs = attributes(request)
    assert attrs["http.request.method"] == "GET" and attrs["http.route"] == "/pets"
    assert attrs["http.response.status_code"] == "200"
    assert attrs["aws.request_id"] == response.headers["x-amzn-RequestId"]
    assert attrs["aws.api_gateway.api_id"] == api_id and attrs["aws.api_gateway.stage"] == "prod"
    # The backend's parent is the exported integration span, a child of the request's span.
    assert integration["spanId"] == parent
    assert integration["parentSpanId"] == request["spanId"]
    assert int(request["startTimeUnixNano"]) <= int(integration["startTimeUnixNano"]) <= int(integration["endTimeUnixNano"])
    assert int(integration["endTimeUnixNano"]) <= int(request["endTimeUnixNano"])
    assert all(content_type == "application/json" for _, content_type, _ in receiver.requests)

    # X-Amzn-Trace-Id from the client: the same trace, its segment as parent.
    Backend.seen = []
    xray_parent = "53995c3f42cd8ad8"
    gateway.invoke(api_id, "prod", "/pets", headers={
        "X-Amzn-Trace-Id": f"Root=1-5759e988-bd862e3fe1be46a994272793;Parent={xray_parent};Sampled=1"})
    assert Backend.seen[-1]["x-amzn-trace-id"].startswith("Root=1-5759e988-bd862e3fe1be46a994272793;Parent=")
    assert Backend.seen[-1]["traceparent"].startswith("00-5759e988bd862e3fe1be46a994272793-")
    xray_spans = receiver.wait_for(lambda span: span["traceId"] == "5759e988bd862e3fe1be46a994272793" and span["kind"] == 2)
    assert xray_spans and xray_spans[0]["parentSpanId"] == xray_parent

    # A client that decided not to sample: propagated as such, no span exported.
    Backend.seen = []
    gateway.invoke(api_id, "prod", "/pets", headers={"traceparent": "00-11111111111111111111111111111111-2222222222222222-00"})
    assert Backend.seen[-1]["traceparent"].startswith("00-11111111111111111111111111111111-")
    assert Backend.seen[-1]["traceparent"].endswith("-00")
    assert "Sampled=0" in Backend.seen[-1]["x-amzn-trace-id"]
    time.sleep(1.5)
    assert not [span for span in receiver.spans if span["traceId"] == "11111111111111111111111111111111"]

    # Execution logs: AWS's lines with the request id, the API key and Authorization masked.
    key = "k3y-0123456789abcdefWXYZ"
    authorization = "Bearer sEcReT-token-value-9876"
    masked = gateway.invoke(api_id, "prod", "/pets", headers={"x-api-key": key, "Authorization": authorization})
    request_id = masked.headers["x-amzn-RequestId"]
    path = tmp_path / "execution.log"
    deadline = time.time() + 10
    while time.time() < deadline and (not path.exists() or request_id not in path.read_text()):
        time.sleep(0.2)
    mine = [line for line in path.read_text().splitlines() if line.startswith(f"({request_id}) ")]
    texts = [line[len(request_id) + 3:] for line in mine]
    assert texts[0].startswith("Extended Request Id: ")
    assert f"Starting execution for request: {request_id}" in texts
    assert "HTTP Method: GET, Resource Path: /pets" in texts
    assert f"Endpoint request URI: {backend}/pets" in texts
    assert any(text.startswith("Received response. Status: 200, Integration latency: ") for text in texts)
    assert texts[-1] == "Method completed with status: 200"
    headers_line = next(text for text in texts if text.startswith("Method request headers: "))
    assert "0123456789" not in headers_line and "sEcReT" not in headers_line
    # Every character a star but the last four, as AWS masks keys and authorization values.
    assert "x-api-key=" + "*" * (len(key) - 4) + "WXYZ" in headers_line
    assert "Authorization=" + "*" * (len(authorization) - 4) + "9876" in headers_line
    assert "sEcReT" not in path.read_text() and key not in path.read_text()

    # The same lines in the stage's execution log group on CloudWatch Logs.
    group = f"API-Gateway-Execution-Logs_{api_id}/prod"
    deadline = time.time() + 15
    messages = []
    while time.time() < deadline and not any(request_id in message for message in messages):
        try:
            _, events = events_of(logs, group, 1, timeout=1)
            messages = [event["message"] for event in events]
        except logs.exceptions.ResourceNotFoundException:
            time.sleep(0.3)
    assert f"({request_id}) Method completed with status: 200" in messages


def test_lambda_and_http_api_get_the_trace(fresh_server, tmp_path, receiver, backend, moto_logs):
    logs_endpoint, _ = moto_logs
    double = LambdaDouble(LAMBDA_SECRET)
    double.functions["echo"] = lambda event: {"statusCode": 200, "body": "hi"}
    try:
        server = traced_server(fresh_server, tmp_path, receiver, logs_endpoint, lambda_url=double.url, all_stages=True)
        client = make_client("apigateway", server.endpoint)
        api_id = rest_api(client, backend, lambda_function="echo")
        gateway = Gateway(server)
        gateway.wait_until(api_id, "prod", "/fn", lambda r: r.status_code == 200 and double.headers
                           and "sampled=1" in double.headers[-1][1].get("x-amzn-trace-id", "").lower(), timeout=10)
        response = gateway.invoke(api_id, "prod", "/fn", headers={"traceparent": f"00-{CLIENT_TRACE}-{CLIENT_SPAN}-01"})
        assert response.status_code == 200
        header = double.headers[-1][1]["x-amzn-trace-id"]
        assert header.startswith(f"Root=1-{CLIENT_TRACE[:8]}-{CLIENT_TRACE[8:]};Parent=")
        assert response.headers["X-Amzn-Trace-Id"] == header  # REST Lambda proxy answers carry it back
        parent = header.split("Parent=")[1].split(";")[0]
        spans = receiver.wait_for(lambda span: span["traceId"] == CLIENT_TRACE and span["kind"] == 3)
        assert spans and spans[0]["spanId"] == parent

        # An HTTP API has no tracingEnabled: `tracing.allStages` traces it.
        v2 = make_client("apigatewayv2", server.endpoint)
        http_api = v2.create_api(Name="traced-http", ProtocolType="HTTP")["ApiId"]
        integration = v2.create_integration(ApiId=http_api, IntegrationType="HTTP_PROXY", IntegrationMethod="GET",
                                            IntegrationUri=backend, PayloadFormatVersion="1.0")
        v2.create_route(ApiId=http_api, RouteKey="GET /items", Target=f"integrations/{integration['IntegrationId']}")
        v2.create_stage(ApiId=http_api, StageName="$default", AutoDeploy=True)
        Backend.seen = []
        first = gateway.wait_until(http_api, "$default", "/items", lambda r: r.status_code == 200)
        assert first.status_code == 200
        Backend.seen = []
        gateway.invoke(http_api, "$default", "/items", headers={"traceparent": f"00-{CLIENT_TRACE}-{CLIENT_SPAN}-01"})
        assert Backend.seen[-1]["traceparent"].startswith(f"00-{CLIENT_TRACE}-")
        assert not Backend.seen[-1]["traceparent"].startswith(f"00-{CLIENT_TRACE}-{CLIENT_SPAN}")
        route_spans = receiver.wait_for(lambda span: span["traceId"] == CLIENT_TRACE and span["name"] == "GET /items")
        assert route_spans and route_spans[0]["parentSpanId"] == CLIENT_SPAN
    finally:
        double.close()
