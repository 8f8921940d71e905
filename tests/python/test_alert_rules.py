"""deploy/observability against promtool and the real binary: the rules pass `promtool check
rules` and their unit tests (`promtool test rules`), and every metric the rules and the Grafana
dashboard read is one a live gateway exports on /metrics (scraped after real requests)."""
import json
import re
import shutil
import subprocess
import time

import pytest
import requests
import yaml

from conftest import Gateway, ROOT, make_client, rest_mock_method

DEPLOY = ROOT / "deploy" / "observability"
METRIC = re.compile(r"\b((?:aws_apigateway|portcullis)_[a-z0-9_]+)\b")


def promtool():
    found = shutil.which("promtool")
    if found is None:
        pytest.fail("promtool is missing: scripts/test installs Debian's prometheus package")
    return found


def run(*args):
    result = subprocess.run([promtool(), *args], capture_output=True, text=True, timeout=60, cwd=DEPLOY)
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def test_rules_pass_promtool_check_and_unit_tests():
    assert "SUCCESS" in run("check", "rules", "portcullis-rules.yml")
    tests = sorted(str(path.relative_to(DEPLOY)) for path in (DEPLOY / "tests").glob("*.yml"))
    assert tests
    assert "SUCCESS" in run("test", "rules", *tests)
    assert "SUCCESS" in run("check", "config", "prometheus.yml")


def expressions():
    rules = yaml.safe_load((DEPLOY / "portcullis-rules.yml").read_text())
    found = [rule["expr"] for group in rules["groups"] for rule in group["rules"]]
    dashboard = json.loads((DEPLOY / "grafana-dashboard.json").read_text())
    found += [target["expr"] for panel in dashboard["panels"] for target in panel["targets"]]
    found += [variable["query"]["query"] for variable in dashboard["templating"]["list"] if isinstance(variable.get("query"), dict)]
    return found


def test_rules_and_dashboard_read_metrics_the_gateway_exports(fresh_server):
    # The CloudWatch push on (its counters exported); nothing listens at its endpoint, and with
    # the default interval it sends nothing during the test.
    server = fresh_server(extra_args=["--cloudwatch-metrics"])
    server.extra_env = {"AWS_ENDPOINT_URL_MONITORING": "http://127.0.0.1:9", "AWS_ACCESS_KEY_ID": "testing",
                        "AWS_SECRET_ACCESS_KEY": "testing"}
    server.start()
    client = make_client("apigateway", server.endpoint)
    api_id = client.create_rest_api(name="alerted")["id"]
    root = next(item for item in client.get_resources(restApiId=api_id)["items"] if item["path"] == "/")
    rest_mock_method(client, api_id, root["id"], "ok", authorizationType="NONE")
    client.create_deployment(restApiId=api_id, stageName="prod")
    assert Gateway(server).wait_until(api_id, "prod", "/ok", lambda r: r.status_code == 200).status_code == 200
    # An HTTP API stage: its series (4xx, 5xx, DataProcessed) exist once it is served.
    v2 = make_client("apigatewayv2", server.endpoint)
    http_api = v2.create_api(Name="alerted-http", ProtocolType="HTTP")["ApiId"]
    v2.create_route(ApiId=http_api, RouteKey="GET /items")
    v2.create_stage(ApiId=http_api, StageName="$default", AutoDeploy=True)
    deadline = time.time() + 10
    while True:
        text = requests.get(f"http://127.0.0.1:{server.metrics_port}/metrics", timeout=10).text
        if f'api_id="{http_api}"' in text or time.time() > deadline:
            break
        time.sleep(0.1)
    exported = {line.split()[2] for line in text.splitlines() if line.startswith("# TYPE ")}
    histograms = {name for name in exported if f"# TYPE {name} histogram" in text}
    readable = exported | {name + suffix for name in histograms for suffix in ("_bucket", "_sum", "_count")}
    used = {name for expr in expressions() for name in METRIC.findall(expr)}
    assert {"aws_apigateway_count_total", "aws_apigateway_latency_seconds_bucket", "portcullis_gateway_responses_total"} <= used
    missing = sorted(used - readable)
    assert not missing, f"not exported by the gateway: {missing}"
    # Every gateway response type the alerts name is one the gateway counts.
    for kind in re.findall(r'type=~?"([A-Z_|]+)"', (DEPLOY / "portcullis-rules.yml").read_text()):
        for name in kind.split("|"):
            assert f'portcullis_gateway_responses_total{{type="{name}"}}' in text, name
