"""Metrics and access logs against the real binary: AWS's metric names and dimensions in the
Prometheus exposition (checked with promtool), labelled by resource path and route template; one
access log line per request in the stage's `$context` format, delivered to a CloudWatch Logs log
group on moto's server (conftest's `moto` fixture, as `AWS_ENDPOINT_URL_LOGS`) and read back
with boto3, and to the local file sink."""
import json
import shutil
import subprocess
import time

import pytest
import requests

import local_http
from conftest import Gateway, make_client, rest_mock_method

CLF = ('$context.identity.sourceIp $context.identity.caller $context.identity.user [$context.requestTime]'
       '"$context.httpMethod $context.resourcePath $context.protocol" $context.status $context.responseLength '
       '$context.requestId $context.extendedRequestId')
HTTP_JSON = ('{ "requestId":"$context.requestId", "ip": "$context.identity.sourceIp", "requestTime":"$context.requestTime", '
             '"httpMethod":"$context.httpMethod","routeKey":"$context.routeKey", "status":"$context.status",'
             '"protocol":"$context.protocol", "responseLength":"$context.responseLength" }')


@pytest.fixture
def moto_logs(moto):
    """moto's server as the CloudWatch Logs endpoint: (endpoint URL, boto3 logs client)."""
    return moto.endpoint, moto.client("logs")


def observed_server(fresh_server, tmp_path, endpoint):
    server = fresh_server(extra_args=["--access-log", str(tmp_path / "access.log")])
    server.extra_env = {"AWS_ENDPOINT_URL_LOGS": endpoint, "AWS_ACCESS_KEY_ID": "testing",
                        "AWS_SECRET_ACCESS_KEY": "testing", "AWS_REGION": "us-east-1"}
    return server.start()


def scrape(server):
    response = requests.get(f"http://127.0.0.1:{server.metrics_port}/metrics", timeout=10)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain")
    return response.text


def events_of(logs, group, count, timeout=15.0):
    deadline = time.time() + timeout
    while True:
        streams = logs.describe_log_streams(logGroupName=group)["logStreams"]
        events = []
        for stream in streams:
            events += logs.get_log_events(logGroupName=group, logStreamName=stream["logStreamName"],
                                          startFromHead=True)["events"]
        if len(events) >= count or time.time() > deadline:
            return streams, events
        time.sleep(0.2)


def test_rest_metrics_and_access_logs_to_cloudwatch_logs(fresh_server, tmp_path, moto_logs):
    endpoint, logs = moto_logs
    logs.create_log_group(logGroupName="rest-access")
    server = observed_server(fresh_server, tmp_path, endpoint)
    client = make_client("apigateway", server.endpoint)
    api_id = client.create_rest_api(name="observed-pets")["id"]
    root = next(item for item in client.get_resources(restApiId=api_id)["items"] if item["path"] == "/")
    pets = client.create_resource(restApiId=api_id, parentId=root["id"], pathPart="pets")
    rest_mock_method(client, api_id, pets["id"], "{id}", authorizationType="NONE")
    rest_mock_method(client, api_id, root["id"], "plain", authorizationType="NONE")
    client.create_deployment(restApiId=api_id, stageName="prod")
    client.update_stage(restApiId=api_id, stageName="prod", patchOperations=[
        {"op": "replace", "path": "/accessLogSettings/destinationArn",
         "value": "arn:aws:logs:us-east-1:000000000000:log-group:rest-access"},
        {"op": "replace", "path": "/accessLogSettings/format", "value": CLF},
        {"op": "replace", "path": "/~1pets~1{id}/GET/metrics/enabled", "value": "true"},
    ])
    gateway = Gateway(server)
    assert gateway.wait_until(api_id, "prod", "/pets/1", lambda r: r.status_code == 200).status_code == 200
    # The stage's new settings are served once its lines reach the local sink (flushed each second).
    deadline = time.time() + 10
    while time.time() < deadline:
        gateway.invoke(api_id, "prod", "/pets/1")
        time.sleep(0.5)
        if (tmp_path / "access.log").stat().st_size > 0:
            break
    before = scrape(server)
    ids = []
    for path in ["/pets/7", "/pets/8", "/plain", "/nothing"]:
        response = gateway.invoke(api_id, "prod", path)
        ids.append(response.headers["x-amzn-RequestId"])
    time.sleep(0.2)
    text = scrape(server)

    def value(line_start, text):
        for line in text.splitlines():
            if line.startswith(line_start + " "):
                return float(line.rsplit(" ", 1)[1])
        return 0.0

    detailed = 'aws_apigateway_count_total{api_name="observed-pets",stage="prod",resource="/pets/{id}",method="GET"}'
    stage = 'aws_apigateway_count_total{api_name="observed-pets",stage="prod"}'
    assert value(detailed, text) - value(detailed, before) == 2
    assert value(stage, text) - value(stage, before) == 2
    errors = 'aws_apigateway_4xx_error_total{api_name="observed-pets",stage="prod"}'
    assert value(errors, text) - value(errors, before) == 1
    assert "/pets/7" not in text and "/pets/8" not in text
    assert 'aws_apigateway_latency_seconds_bucket{api_name="observed-pets",stage="prod",resource="/pets/{id}",method="GET",le="+Inf"}' in text
    assert 'portcullis_gateway_responses_total{type="MISSING_AUTHENTICATION_TOKEN"}' in text
    assert value("portcullis_active_connections", text) >= 0
    assert value("portcullis_deployed_stages", text) >= 1

    promtool = shutil.which("promtool")
    if promtool is None:
        pytest.fail("promtool is missing: scripts/test installs Debian's prometheus package")
    checked = subprocess.run([promtool, "check", "metrics"], input=text, capture_output=True, text=True, timeout=30)
    assert checked.returncode == 0, checked.stdout + checked.stderr

    # CloudWatch Logs: one event per request, in a stream named by a 32-digit hex id.
    streams, events = events_of(logs, "rest-access", 4)
    messages = [event["message"] for event in events]
    for request_id in ids:
        assert any(request_id in message for message in messages), (request_id, messages)
    line = next(message for message in messages if ids[0] in message)
    assert line.startswith('127.0.0.1 - - [')
    assert '"GET /pets/{id} HTTP/1.1" 200 12 ' + ids[0] + " " in line
    missing = next(message for message in messages if ids[3] in message)
    assert '"GET - HTTP/1.1" 403 ' in missing
    assert all(len(stream["logStreamName"]) == 32 for stream in streams)
    int(streams[0]["logStreamName"], 16)

    # The local sink has the same lines.
    local = open(tmp_path / "access.log").read()
    for request_id in ids:
        assert request_id in local


class Backend(local_http.QuietHandler):
    def do_GET(self):
        self.send_json(200, {"path": self.path})


def test_http_api_metrics_by_route_and_access_log_json(fresh_server, tmp_path, moto_logs):
    endpoint, logs = moto_logs
    logs.create_log_group(logGroupName="http-access")
    backend, base = local_http.start(Backend)
    try:
        server = observed_server(fresh_server, tmp_path, endpoint)
        client = make_client("apigatewayv2", server.endpoint)
        api_id = client.create_api(Name="observed-http", ProtocolType="HTTP")["ApiId"]
        integration = client.create_integration(ApiId=api_id, IntegrationType="HTTP_PROXY", IntegrationMethod="GET",
                                                IntegrationUri=base, PayloadFormatVersion="1.0")
        client.create_route(ApiId=api_id, RouteKey="GET /items/{id}", Target=f"integrations/{integration['IntegrationId']}")
        client.create_stage(ApiId=api_id, StageName="$default", AutoDeploy=True,
                            DefaultRouteSettings={"DetailedMetricsEnabled": True},
                            AccessLogSettings={"DestinationArn": "arn:aws:logs:us-east-1:000000000000:log-group:http-access",
                                               "Format": HTTP_JSON})
        gateway = Gateway(server)
        first = gateway.wait_until(api_id, "$default", "/items/1", lambda r: r.status_code == 200)
        assert first.status_code == 200
        ids = [gateway.invoke(api_id, "$default", f"/items/{n}").headers["apigw-requestid"] for n in (2, 3)]
        text = scrape(server)
        series = f'api_id="{api_id}",stage="$default",resource="/items/{{id}}",method="GET"'
        assert f"aws_apigateway_count_total{{{series}}} 3" in text
        assert f"aws_apigateway_4xx_total{{{series}}} 0" in text
        assert f"aws_apigateway_integration_latency_seconds_count{{{series}}} 3" in text
        assert f"aws_apigateway_data_processed_bytes_total{{{series}}}" in text
        assert "/items/2" not in text
        streams, events = events_of(logs, "http-access", 3)
        records = [json.loads(event["message"]) for event in events]
        mine = next(record for record in records if record["requestId"] == ids[0])
        assert mine["routeKey"] == "GET /items/{id}"
        assert mine["status"] == "200" and mine["httpMethod"] == "GET" and mine["protocol"] == "HTTP/1.1"
        assert mine["ip"] == "127.0.0.1"
    finally:
        backend.shutdown()


def test_metrics_listener_answers_only_metrics(fresh_server, tmp_path):
    server = fresh_server().start()
    assert requests.get(f"http://127.0.0.1:{server.metrics_port}/other", timeout=10).status_code == 404
    assert "portcullis_deployed_stages" in scrape(server)


def logged_mock_api(server, name, destination_arn, access_format):
    """A REST API `name` whose GET /plain (MOCK) is served on stage prod with these access log
    settings; its id and a Gateway, once the stage serves."""
    client = make_client("apigateway", server.endpoint)
    api_id = client.create_rest_api(name=name)["id"]
    root = next(item for item in client.get_resources(restApiId=api_id)["items"] if item["path"] == "/")
    rest_mock_method(client, api_id, root["id"], "plain", authorizationType="NONE")
    client.create_deployment(restApiId=api_id, stageName="prod")
    client.update_stage(restApiId=api_id, stageName="prod", patchOperations=[
        {"op": "replace", "path": "/accessLogSettings/destinationArn", "value": destination_arn},
        {"op": "replace", "path": "/accessLogSettings/format", "value": access_format},
    ])
    gateway = Gateway(server)
    gateway.wait_until(api_id, "prod", "/plain", lambda r: r.status_code == 200)
    return api_id, gateway


def test_access_log_file_rotates_by_size(fresh_server, tmp_path):
    """`logRotation`: the local access log file is renamed `access.log.1` (…) at the size given,
    keeping `keptFiles`; every line lands in exactly one file."""
    config = tmp_path / "rotation.yaml"
    config.write_text("logRotation: {maximumFileBytes: 2000, keptFiles: 2}\n")
    log = tmp_path / "access.log"
    server = fresh_server(extra_args=["--access-log", str(log), "--config", str(config)]).start()
    api_id, gateway = logged_mock_api(server, "rotated", "arn:aws:logs:us-east-1:000000000000:log-group:unused",
                                      "$context.requestId $context.status " + "x" * 60)
    # Groups of 10 requests, spaced so that the sink writes each group as a batch (it takes its
    # queue every 100 ms and rotates after a write that filled the file).
    for _ in range(8):
        for _ in range(10):
            assert gateway.invoke(api_id, "prod", "/plain").status_code == 200
        time.sleep(0.3)
    deadline = time.time() + 10
    while not (tmp_path / "access.log.2").exists() and time.time() < deadline:
        time.sleep(0.1)
    assert (tmp_path / "access.log.1").exists() and (tmp_path / "access.log.2").exists()
    assert not (tmp_path / "access.log.3").exists()  # keptFiles: 2
    for path in (log, tmp_path / "access.log.1", tmp_path / "access.log.2"):
        assert path.stat().st_size <= 2000 + 1500  # rotated after the batch that reached the size
        for line in path.read_text().splitlines():
            assert line.endswith(" 200 " + "x" * 60)  # whole lines: none split by a rotation


def test_access_logs_to_a_firehose_delivery_stream(fresh_server, moto):
    """A stage whose access log destination is a Firehose delivery stream
    (`amazon-apigateway-…`): its lines reach the stream by PutRecordBatch, one record per line;
    moto's Firehose delivers them to an S3 bucket, where they are read back."""
    s3 = moto.client("s3")
    s3.create_bucket(Bucket="access-logs")
    firehose = moto.client("firehose")
    firehose.create_delivery_stream(
        DeliveryStreamName="amazon-apigateway-access",
        ExtendedS3DestinationConfiguration={"RoleARN": "arn:aws:iam::123456789012:role/firehose",
                                            "BucketARN": "arn:aws:s3:::access-logs"})
    stream_arn = firehose.describe_delivery_stream(DeliveryStreamName="amazon-apigateway-access")[
        "DeliveryStreamDescription"]["DeliveryStreamARN"]
    server = fresh_server()
    server.extra_env = {"AWS_ENDPOINT_URL_FIREHOSE": moto.endpoint, "AWS_ACCESS_KEY_ID": "testing",
                        "AWS_SECRET_ACCESS_KEY": "testing", "AWS_REGION": "us-east-1"}
    server.start()
    api_id, gateway = logged_mock_api(
        server, "firehosed", stream_arn, '{"requestId":"$context.requestId","status":"$context.status","path":"$context.path"}')
    ids = {gateway.invoke(api_id, "prod", "/plain").headers["x-amzn-RequestId"] for _ in range(5)}

    def delivered():
        lines = []
        for item in s3.list_objects_v2(Bucket="access-logs").get("Contents", []):
            lines += s3.get_object(Bucket="access-logs", Key=item["Key"])["Body"].read().decode().splitlines()
        return [json.loads(line) for line in lines if line]

    deadline = time.time() + 15
    while not ids <= {record["requestId"] for record in delivered()} and time.time() < deadline:
        time.sleep(0.2)
    records = {record["requestId"]: record for record in delivered()}
    assert ids <= set(records), records
    assert all(records[i] == {"requestId": i, "status": "200", "path": "/prod/plain"} for i in ids)
    counted = [float(line.split()[-1]) for line in scrape(server).splitlines()
               if line.startswith("portcullis_access_log_lines_total{") and 'sink="firehose"' in line and 'outcome="delivered"' in line]
    assert counted and counted[0] >= len(ids)
