"""The REST stage cache against the real binary, driven with boto3: a stage with
`cacheClusterEnabled` over an HTTP backend that counts its calls. Repeated GETs are answered from
the cache, `cacheKeyParameters` key entries, entries expire after their TTL, `Cache-Control:
max-age=0` follows `requireAuthorizationForCacheControl` and each
`unauthorizedCacheControlHeaderStrategy` (a SigV4-signed account-root caller may invalidate),
FlushStageCache empties the cache, FlushStageAuthorizersCache a Lambda authorizer's decisions,
canaries use the cache only with `useStageCache`, and CacheHitCount/CacheMissCount are on /metrics."""
import threading
import time

import pytest
import requests
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

from conftest import ACCESS_KEY, REGION, SECRET_KEY
from local_http import QuietHandler, start, stop
from test_lambda_authorizers import function_uri, lambdas, policy, rest_api, served  # noqa: F401 (fixtures)

API_NAME = "stage-cache-e2e"
WARNING = "199 Cache-control headers were ignored because the caller was unauthorized."


class Counting(QuietHandler):
    """Answers `{"n": <calls so far>, "path": ...}` and counts every call."""
    calls = 0
    lock = threading.Lock()

    def do_GET(self):
        with Counting.lock:
            Counting.calls += 1
            count = Counting.calls
        self.send_json(200, {"n": count, "path": self.path})


@pytest.fixture(scope="module")
def backend():
    server, url = start(Counting)
    yield url
    stop(server)


def add_method(client, api_id, parent_id, part, backend_url, authorization="NONE"):
    """`GET /{part}/{id}` proxied to the backend, keyed by the path id and the `type` query."""
    resource = client.create_resource(restApiId=api_id, parentId=parent_id, pathPart=part)
    child = client.create_resource(restApiId=api_id, parentId=resource["id"], pathPart="{id}")
    client.put_method(restApiId=api_id, resourceId=child["id"], httpMethod="GET", authorizationType=authorization,
                      requestParameters={"method.request.path.id": True, "method.request.querystring.type": False})
    client.put_integration(
        restApiId=api_id, resourceId=child["id"], httpMethod="GET", type="HTTP_PROXY", integrationHttpMethod="GET",
        uri=f"{backend_url}/{part}/{{id}}", requestParameters={"integration.request.path.id": "method.request.path.id"},
        cacheKeyParameters=["method.request.path.id", "method.request.querystring.type"])
    return child


def method_caching(part, **fields):
    """Patch operations giving `/{part}/{id}` GET its own cache settings (caching on)."""
    path = f"/~1{part}~1{{id}}/GET/caching"
    operations = [{"op": "replace", "path": f"{path}/enabled", "value": "true"}]
    for name, value in fields.items():
        operations.append({"op": "replace", "path": f"{path}/{name}", "value": value})
    return operations


@pytest.fixture(scope="module")
def cached_api(apigateway, gateway, backend):
    client = apigateway
    api_id = client.create_rest_api(name=API_NAME)["id"]
    root = next(item for item in client.get_resources(restApiId=api_id)["items"] if item["path"] == "/")
    for part in ("items", "short", "open", "warn", "silent", "strict"):
        add_method(client, api_id, root["id"], part, backend)
    add_method(client, api_id, root["id"], "signed", backend, authorization="AWS_IAM")
    client.create_deployment(restApiId=api_id, stageName="prod")
    client.update_stage(restApiId=api_id, stageName="prod", patchOperations=[
        {"op": "replace", "path": "/cacheClusterEnabled", "value": "true"},
        {"op": "replace", "path": "/cacheClusterSize", "value": "0.5"},
        {"op": "replace", "path": "/*/*/caching/enabled", "value": "true"},
        {"op": "replace", "path": "/*/*/metrics/enabled", "value": "true"},
        *method_caching("short", ttlInSeconds="1"),
        *method_caching("open", requireAuthorizationForCacheControl="false"),
        *method_caching("warn", unauthorizedCacheControlHeaderStrategy="SUCCEED_WITH_RESPONSE_HEADER"),
        *method_caching("silent", unauthorizedCacheControlHeaderStrategy="SUCCEED_WITHOUT_RESPONSE_HEADER"),
        *method_caching("strict", unauthorizedCacheControlHeaderStrategy="FAIL_WITH_403"),
        *method_caching("signed", unauthorizedCacheControlHeaderStrategy="FAIL_WITH_403"),
    ])
    stage = client.get_stage(restApiId=api_id, stageName="prod")
    assert stage["cacheClusterEnabled"] is True and stage["cacheClusterStatus"] == "AVAILABLE"
    wait_until_cached(gateway, api_id, "/items/warmup")
    return api_id


def get(gateway, api_id, path, headers=None):
    response = gateway.invoke(api_id, "prod", path, headers=headers)
    assert response.status_code == 200, response.text
    return response


def wait_until_cached(gateway, api_id, path, timeout=10.0):
    """Until two GETs in a row get the same backend answer: the stage update is being served.
    (A new API may take a moment to be served at all on a busy session server.)"""
    deadline = time.time() + timeout
    while True:
        first = gateway.invoke(api_id, "prod", path)
        second = gateway.invoke(api_id, "prod", path)
        if first.status_code == second.status_code == 200 and first.json() == second.json():
            return
        assert time.time() < deadline, "the stage cache never came into service"
        time.sleep(0.05)


def test_a_repeated_get_is_answered_from_the_cache(cached_api, gateway):
    before = Counting.calls
    first = get(gateway, cached_api, "/items/a?type=x")
    second = get(gateway, cached_api, "/items/a?type=x")
    assert second.json() == first.json()
    assert Counting.calls == before + 1, "the backend is called once"
    assert first.headers["x-amzn-RequestId"] != second.headers["x-amzn-RequestId"]


def test_cache_key_parameters_key_the_entries(cached_api, gateway):
    first = get(gateway, cached_api, "/items/b?type=x").json()
    assert get(gateway, cached_api, "/items/b?type=x&page=2").json() == first, "page is not a cache key parameter"
    other_type = get(gateway, cached_api, "/items/b?type=y").json()
    other_id = get(gateway, cached_api, "/items/c?type=x").json()
    assert other_type["n"] > first["n"] and other_id["n"] > other_type["n"], "each key value is an entry of its own"
    assert other_id["path"] == "/items/c?type=x"


def test_entries_expire_after_their_ttl(cached_api, gateway):
    first = get(gateway, cached_api, "/short/a").json()
    assert get(gateway, cached_api, "/short/a").json() == first
    time.sleep(1.2)
    assert get(gateway, cached_api, "/short/a").json()["n"] > first["n"], "a 1 s TTL has run out"


def test_cache_control_max_age_0_without_required_authorization_refreshes(cached_api, gateway):
    first = get(gateway, cached_api, "/open/a").json()
    fresh = get(gateway, cached_api, "/open/a", headers={"Cache-Control": "max-age=0"})
    assert fresh.json()["n"] > first["n"] and "Warning" not in fresh.headers
    assert get(gateway, cached_api, "/open/a").json() == fresh.json(), "the fresh answer replaced the entry"


def test_unauthorized_cache_control_follows_the_strategy(cached_api, gateway):
    cached = get(gateway, cached_api, "/warn/a").json()
    warned = get(gateway, cached_api, "/warn/a", headers={"Cache-Control": "max-age=0"})
    assert warned.json() == cached and warned.headers["Warning"] == WARNING

    cached = get(gateway, cached_api, "/silent/a").json()
    silent = get(gateway, cached_api, "/silent/a", headers={"Cache-Control": "max-age=0"})
    assert silent.json() == cached and "Warning" not in silent.headers

    cached = get(gateway, cached_api, "/strict/a").json()
    refused = gateway.invoke(cached_api, "prod", "/strict/a", headers={"Cache-Control": "max-age=0"})
    assert refused.status_code == 403
    assert refused.headers["x-amzn-ErrorType"] == "AccessDeniedException"
    assert refused.json() == {"Message": "User: anonymous is not authorized to perform: execute-api:InvalidateCache on resource: "
                              f"arn:aws:execute-api:{REGION}:000000000000:{cached_api}/prod/GET/strict/a"}
    assert get(gateway, cached_api, "/strict/a").json() == cached


def signed_get(gateway, api_id, path, headers):
    url = f"http://127.0.0.1:{gateway.server.data_port}/prod{path}"
    request = AWSRequest(method="GET", url=url, headers={"Host": f"{api_id}.execute-api.{REGION}.amazonaws.com", **headers})
    SigV4Auth(Credentials(ACCESS_KEY, SECRET_KEY), "execute-api", REGION).add_auth(request)
    prepared = request.prepare()
    return requests.get(prepared.url, headers=dict(prepared.headers), timeout=30)


def test_a_caller_allowed_to_invalidate_refreshes(cached_api, gateway):
    """The account root (the admin key, SigV4-signed by botocore) may invalidate, as on AWS."""
    first = signed_get(gateway, cached_api, "/signed/a", {})
    assert first.status_code == 200, first.text
    assert signed_get(gateway, cached_api, "/signed/a", {}).json() == first.json()
    fresh = signed_get(gateway, cached_api, "/signed/a", {"Cache-Control": "max-age=0"})
    assert fresh.status_code == 200 and fresh.json()["n"] > first.json()["n"]
    assert signed_get(gateway, cached_api, "/signed/a", {}).json() == fresh.json()


def test_flush_stage_cache_empties_it(cached_api, apigateway, gateway):
    cached = get(gateway, cached_api, "/items/flush").json()
    assert get(gateway, cached_api, "/items/flush").json() == cached
    answer = apigateway.flush_stage_cache(restApiId=cached_api, stageName="prod")
    assert answer["ResponseMetadata"]["HTTPStatusCode"] == 202
    deadline = time.time() + 10
    while get(gateway, cached_api, "/items/flush").json() == cached:
        assert time.time() < deadline, "the flush never reached the data plane"
        time.sleep(0.05)
    refilled = get(gateway, cached_api, "/items/flush").json()
    assert get(gateway, cached_api, "/items/flush").json() == refilled, "the cache fills again"
    answer = apigateway.flush_stage_authorizers_cache(restApiId=cached_api, stageName="prod")
    assert answer["ResponseMetadata"]["HTTPStatusCode"] == 202
    with pytest.raises(apigateway.exceptions.NotFoundException):
        apigateway.flush_stage_cache(restApiId=cached_api, stageName="nope")


def test_http_api_reset_authorizers_cache(apigatewayv2):
    api_id = apigatewayv2.create_api(Name="reset-authorizers", ProtocolType="HTTP")["ApiId"]
    apigatewayv2.create_stage(ApiId=api_id, StageName="live")
    answer = apigatewayv2.reset_authorizers_cache(ApiId=api_id, StageName="live")
    assert answer["ResponseMetadata"]["HTTPStatusCode"] == 204
    with pytest.raises(apigatewayv2.exceptions.NotFoundException):
        apigatewayv2.reset_authorizers_cache(ApiId=api_id, StageName="nope")


def test_canary_uses_the_stage_cache_only_when_asked(cached_api, apigateway, gateway):
    deployment = apigateway.create_deployment(restApiId=cached_api)["id"]
    cached = get(gateway, cached_api, "/items/canary").json()
    apigateway.update_stage(restApiId=cached_api, stageName="prod", patchOperations=[
        {"op": "replace", "path": "/canarySettings/deploymentId", "value": deployment},
        {"op": "replace", "path": "/canarySettings/percentTraffic", "value": "100"},
        {"op": "replace", "path": "/canarySettings/useStageCache", "value": "false"},
    ])
    deadline = time.time() + 10
    while get(gateway, cached_api, "/items/canary").json() == cached:
        assert time.time() < deadline, "the canary never bypassed the cache"
        time.sleep(0.05)
    assert get(gateway, cached_api, "/items/canary").json() != get(gateway, cached_api, "/items/canary").json()
    apigateway.update_stage(restApiId=cached_api, stageName="prod", patchOperations=[
        {"op": "replace", "path": "/canarySettings/useStageCache", "value": "true"}])
    deadline = time.time() + 10
    while True:
        first, second = get(gateway, cached_api, "/items/canary").json(), get(gateway, cached_api, "/items/canary").json()
        if first == second:
            break
        assert time.time() < deadline, "the canary never used the stage cache"
    apigateway.update_stage(restApiId=cached_api, stageName="prod", patchOperations=[{"op": "remove", "path": "/canarySettings"}])


def test_cache_hits_and_misses_are_metrics(cached_api, gateway, server):
    get(gateway, cached_api, "/items/metrics")
    get(gateway, cached_api, "/items/metrics")
    deadline = time.time() + 10
    while True:
        text = requests.get(f"http://127.0.0.1:{server.metrics_port}/metrics", timeout=10).text
        labels = f'api_name="{API_NAME}",method="GET",resource="/items/{{id}}",stage="prod"'
        values = {}
        for line in text.splitlines():
            for name in ("aws_apigateway_cache_hit_count_total", "aws_apigateway_cache_miss_count_total"):
                if line.startswith(name + "{") and all(part in line for part in labels.split(",")):
                    values[name] = float(line.rsplit(" ", 1)[1])
        if values.get("aws_apigateway_cache_hit_count_total", 0) >= 1 and values.get("aws_apigateway_cache_miss_count_total", 0) >= 1:
            break
        assert time.time() < deadline, f"no cache metrics: {values}"
        time.sleep(0.2)


def test_flush_stage_authorizers_cache_forgets_lambda_decisions(served, lambdas):
    """A TOKEN authorizer's cached decision is used until FlushStageAuthorizersCache, then the
    function is invoked again (and its new decision cached)."""
    _, apigateway, _, gateway = served
    lambdas.functions["flushed"] = lambda event: policy("user-1", "Allow", event["methodArn"])
    api_id = rest_api(apigateway, {"type": "TOKEN", "authorizerUri": function_uri("flushed"),
                                   "identitySource": "method.request.header.Authorization",
                                   "authorizerResultTtlInSeconds": 300}, paths=("things",))

    def get():
        return gateway.invoke(api_id, "prod", "/things", headers={"Authorization": "Bearer flush"})

    deadline = time.time() + 10
    while get().status_code != 200:
        assert time.time() < deadline, "the API was never served"
        time.sleep(0.05)
    calls = len(lambdas.invocations("flushed"))
    assert get().status_code == 200 and len(lambdas.invocations("flushed")) == calls, "the decision is cached"
    answer = apigateway.flush_stage_authorizers_cache(restApiId=api_id, stageName="prod")
    assert answer["ResponseMetadata"]["HTTPStatusCode"] == 202
    deadline = time.time() + 10
    while len(lambdas.invocations("flushed")) == calls:
        assert get().status_code == 200
        assert time.time() < deadline, "the flush never reached the authorizer's cache"
        time.sleep(0.05)
    calls = len(lambdas.invocations("flushed"))
    assert get().status_code == 200 and len(lambdas.invocations("flushed")) == calls, "cached again"
