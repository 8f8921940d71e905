"""The CloudWatch metrics push against the real binary: after real requests, moto's server (the
`AWS_ENDPOINT_URL_MONITORING` endpoint) holds AWS's API Gateway metrics in `AWS/ApiGateway`,
read back with boto3's `get_metric_statistics` and `list_metrics`: the right names, units,
dimension sets (detailed ones only where method or route settings enable them) and values."""
import datetime
import time

import boto3
import requests

import local_http
from conftest import Gateway, make_client, rest_mock_method

NAMESPACE = "AWS/ApiGateway"


def pushing_server(fresh_server, endpoint, extra_args=()):
    server = fresh_server(extra_args=["--cloudwatch-metrics", *extra_args])
    server.extra_env = {"AWS_ENDPOINT_URL_MONITORING": endpoint, "AWS_ACCESS_KEY_ID": "testing",
                        "AWS_SECRET_ACCESS_KEY": "testing", "AWS_REGION": "us-east-1",
                        "PORTCULLIS_CLOUDWATCH_METRICS_FLUSH_INTERVAL_MS": "500"}
    return server.start()


def cloudwatch(endpoint):
    return boto3.client("cloudwatch", endpoint_url=endpoint, region_name="us-east-1",
                        aws_access_key_id="testing", aws_secret_access_key="testing")


def dims(**pairs):
    return [{"Name": name, "Value": value} for name, value in pairs.items()]


def statistics(client, metric, dimensions):
    """Sum, SampleCount, Minimum, Maximum over the last hour, added up across minutes."""
    now = datetime.datetime.now(datetime.timezone.utc)
    points = client.get_metric_statistics(
        Namespace=NAMESPACE, MetricName=metric, Dimensions=dimensions, StartTime=now - datetime.timedelta(hours=1),
        EndTime=now + datetime.timedelta(minutes=5), Period=60,
        Statistics=["Sum", "SampleCount", "Minimum", "Maximum"])["Datapoints"]
    if not points:
        return None
    return {"Sum": sum(p["Sum"] for p in points), "SampleCount": sum(p["SampleCount"] for p in points),
            "Minimum": min(p["Minimum"] for p in points), "Maximum": max(p["Maximum"] for p in points),
            "Unit": points[0].get("Unit")}


def wait_for(client, metric, dimensions, predicate, timeout=20.0):
    deadline = time.time() + timeout
    while True:
        found = statistics(client, metric, dimensions)
        if (found and predicate(found)) or time.time() > deadline:
            return found
        time.sleep(0.25)


def dimension_sets(client, metric):
    metrics = client.list_metrics(Namespace=NAMESPACE, MetricName=metric)["Metrics"]
    return {tuple(sorted((d["Name"], d["Value"]) for d in m["Dimensions"])) for m in metrics}


def test_rest_metrics_reach_cloudwatch(fresh_server, moto_endpoint, tmp_path):
    access_log = tmp_path / "access.log"
    server = pushing_server(fresh_server, moto_endpoint, ["--access-log", str(access_log)])
    client = make_client("apigateway", server.endpoint)
    api_id = client.create_rest_api(name="cw-pets")["id"]
    root = next(item for item in client.get_resources(restApiId=api_id)["items"] if item["path"] == "/")
    pets = client.create_resource(restApiId=api_id, parentId=root["id"], pathPart="pets")
    rest_mock_method(client, api_id, pets["id"], "{id}", authorizationType="NONE")
    rest_mock_method(client, api_id, root["id"], "ready", authorizationType="NONE")
    client.create_deployment(restApiId=api_id, stageName="prod")
    gateway = Gateway(server)
    # Every 200 of /ready is a request of the stage (before the stage is served, none is counted).
    ready = 0
    deadline = time.time() + 10
    while gateway.invoke(api_id, "prod", "/ready").status_code != 200:
        assert time.time() < deadline, "the stage was not served"
        time.sleep(0.05)
    ready += 1
    # Detailed metrics for GET /pets/{id} and an access log format, in one update: once /ready
    # writes access log lines, the method settings are served too.
    client.update_stage(restApiId=api_id, stageName="prod", patchOperations=[
        {"op": "replace", "path": "/~1pets~1{id}/GET/metrics/enabled", "value": "true"},
        {"op": "replace", "path": "/accessLogSettings/format", "value": "$context.requestId $context.status"},
    ])
    deadline = time.time() + 10
    while not (access_log.exists() and access_log.stat().st_size > 0):
        assert time.time() < deadline, "the stage's new settings were not served"
        assert gateway.invoke(api_id, "prod", "/ready").status_code == 200
        ready += 1
        time.sleep(0.2)
    for n in (1, 2, 3):
        assert gateway.invoke(api_id, "prod", f"/pets/{n}").status_code == 200
    for _ in range(2):
        assert gateway.invoke(api_id, "prod", "/nothing").status_code == 403

    metrics = cloudwatch(moto_endpoint)
    detailed = dims(ApiName="cw-pets", Method="GET", Resource="/pets/{id}", Stage="prod")
    count = wait_for(metrics, "Count", detailed, lambda s: s["Sum"] >= 3)
    assert count["Sum"] == 3 and count["SampleCount"] == 3 and count["Unit"] == "Count"
    errors = wait_for(metrics, "4XXError", dims(ApiName="cw-pets", Stage="prod"), lambda s: s["Sum"] >= 2)
    assert errors["Sum"] == 2 and errors["Minimum"] == 0 and errors["Maximum"] == 1
    # The stage's and the API's sets each hold every request of the stage (those of /ready
    # included). moto matches every datum whose dimensions include the query's (CloudWatch matches
    # the set exactly), so a set's own sum is moto's answer less that of the next finer set.
    total = ready + 3 + 2
    api_and_finer = wait_for(metrics, "Count", dims(ApiName="cw-pets"), lambda s: s["Sum"] >= 2 * total + 3)
    stage_and_finer = statistics(metrics, "Count", dims(ApiName="cw-pets", Stage="prod"))
    assert stage_and_finer["Sum"] - count["Sum"] == total
    assert api_and_finer["Sum"] - stage_and_finer["Sum"] == total
    assert api_and_finer["SampleCount"] == 2 * total + 3
    latency = statistics(metrics, "Latency", detailed)
    assert latency["SampleCount"] == 3 and latency["Unit"] == "Milliseconds"
    assert 0 <= latency["Minimum"] <= latency["Maximum"] < 5000
    assert statistics(metrics, "5XXError", detailed)["Sum"] == 0
    # Dimension sets: ApiName; ApiName+Stage; the detailed method only.
    sets = dimension_sets(metrics, "Count")
    assert (("ApiName", "cw-pets"),) in sets
    assert (("ApiName", "cw-pets"), ("Stage", "prod")) in sets
    assert (("ApiName", "cw-pets"), ("Method", "GET"), ("Resource", "/pets/{id}"), ("Stage", "prod")) in sets
    assert not any(("Resource", "/ready") in s for s in sets)
    assert not any(("Resource", "/pets/1") in s for s in sets)
    exposition = requests.get(f"http://127.0.0.1:{server.metrics_port}/metrics", timeout=10).text
    assert 'portcullis_cloudwatch_metric_data_total{outcome="delivered"}' in exposition
    assert 'portcullis_cloudwatch_metric_data_total{outcome="failed"} 0' in exposition


class Backend(local_http.QuietHandler):
    def do_POST(self):
        length = int(self.headers.get("Content-Length", "0"))
        self.rfile.read(length)
        self.send_json(200, {"stored": True})


def test_http_api_metrics_reach_cloudwatch(fresh_server, moto_endpoint):
    backend, base = local_http.start(Backend)
    try:
        server = pushing_server(fresh_server, moto_endpoint)
        client = make_client("apigatewayv2", server.endpoint)
        api_id = client.create_api(Name="cw-http", ProtocolType="HTTP")["ApiId"]
        integration = client.create_integration(ApiId=api_id, IntegrationType="HTTP_PROXY", IntegrationMethod="POST",
                                                IntegrationUri=base, PayloadFormatVersion="1.0")
        client.create_route(ApiId=api_id, RouteKey="POST /items", Target=f"integrations/{integration['IntegrationId']}")
        client.create_stage(ApiId=api_id, StageName="$default", AutoDeploy=True, DefaultRouteSettings={"DetailedMetricsEnabled": True})
        gateway = Gateway(server)
        body = '{"name": "x"}'
        # Until the stage is served no stage counts the request; then exactly one 200 of this loop counts.
        deadline = time.time() + 10
        while gateway.invoke(api_id, "$default", "/items", method="POST", data=body).status_code != 200:
            assert time.time() < deadline, "the stage was not served"
            time.sleep(0.05)
        answers = [gateway.invoke(api_id, "$default", "/items", method="POST", data=body) for _ in range(2)]
        assert all(answer.status_code == 200 for answer in answers)
        metrics = cloudwatch(moto_endpoint)
        detailed = dims(ApiId=api_id, Method="POST", Resource="/items", Stage="$default")
        count = wait_for(metrics, "Count", detailed, lambda s: s["Sum"] >= 3)
        assert count["Sum"] == 3
        processed = wait_for(metrics, "DataProcessed", detailed, lambda s: s["SampleCount"] >= 3)
        per_request = len(body) + len(answers[0].content)
        assert processed["Unit"] == "Bytes" and processed["Sum"] == 3 * per_request
        assert processed["Minimum"] == processed["Maximum"] == per_request
        assert statistics(metrics, "IntegrationLatency", detailed)["SampleCount"] == 3
        assert statistics(metrics, "4xx", detailed)["Sum"] == 0
        assert "5xx" in {m["MetricName"] for m in metrics.list_metrics(Namespace=NAMESPACE)["Metrics"]}
        assert (("ApiId", api_id),) in dimension_sets(metrics, "Count")
        assert not dimension_sets(metrics, "4XXError") & {(("ApiId", api_id),)}
    finally:
        local_http.stop(backend)
