"""Canary releases and custom domain names against the real binary, driven by boto3 and plain
HTTP: the canary's share of live traffic, `$context.isCanaryRequest`, stage variable overrides,
promotion and removal by UpdateStage patches; custom domains routed by Host with AWS's base path
precedence, HTTP API mappings, AWS's answers for unmapped paths and disabled execute-api
endpoints; a blue/green switch of a mapping under load with zero failed requests."""
import time
import uuid
from concurrent.futures import ThreadPoolExecutor

import requests

import local_http
from conftest import Gateway, Load, make_client


def mock_api(client, name, version, disable_execute_api=False):
    """A REST API whose GET /version answers {"version": N} with x-canary (`$context.isCanaryRequest`)
    and x-color (`${stageVariables.color}`) headers."""
    api_id = client.create_rest_api(name=name, disableExecuteApiEndpoint=disable_execute_api)["id"]
    root = next(item for item in client.get_resources(restApiId=api_id)["items"] if item["path"] == "/")
    resource = client.create_resource(restApiId=api_id, parentId=root["id"], pathPart="version")
    for resource_id in (root["id"], resource["id"]):
        client.put_method(restApiId=api_id, resourceId=resource_id, httpMethod="GET", authorizationType="NONE")
        client.put_integration(restApiId=api_id, resourceId=resource_id, httpMethod="GET", type="MOCK",
                               requestTemplates={"application/json": '{"statusCode": 200}'})
        client.put_method_response(restApiId=api_id, resourceId=resource_id, httpMethod="GET", statusCode="200",
                                   responseParameters={"method.response.header.x-canary": False,
                                                       "method.response.header.x-color": False})
    set_version(client, api_id, version)
    return api_id


def set_version(client, api_id, version):
    for item in client.get_resources(restApiId=api_id)["items"]:
        client.put_integration_response(
            restApiId=api_id, resourceId=item["id"], httpMethod="GET", statusCode="200",
            responseTemplates={"application/json": '{"version": %d, "path": "%s"}' % (version, item["path"])},
            responseParameters={"method.response.header.x-canary": "context.isCanaryRequest",
                                "method.response.header.x-color": "stageVariables.color"})


def test_canary_split_promotion_and_removal(fresh_server):
    server = fresh_server().start()
    client = make_client("apigateway", server.endpoint)
    gateway = Gateway(server)
    api_id = mock_api(client, "canary", 1)
    first = client.create_deployment(restApiId=api_id, stageName="prod", variables={"color": "blue"})
    assert gateway.wait_until(api_id, "prod", "/version", lambda r: r.status_code == 200).json() == {"version": 1, "path": "/version"}

    set_version(client, api_id, 2)
    canary = client.create_deployment(restApiId=api_id, stageName="prod", canarySettings={
        "percentTraffic": 10.0, "stageVariableOverrides": {"color": "green"}})
    stage = client.get_stage(restApiId=api_id, stageName="prod")
    assert stage["deploymentId"] == first["id"]
    assert stage["canarySettings"] == {"deploymentId": canary["id"], "percentTraffic": 10.0,
                                       "stageVariableOverrides": {"color": "green"}, "useStageCache": False}
    assert stage["variables"] == {"color": "blue"}
    gateway.wait_until(api_id, "prod", "/version", lambda r: r.headers.get("x-canary") == "true", timeout=10)

    # 10,000 requests: the canary's share is 10 % within ±1.5 points (5 standard deviations), and
    # every canary answer is the canary's deployment with the overridden variable.
    def burst(count):
        session = requests.Session()
        seen = []
        for _ in range(count):
            response = session.get(gateway.url("prod", "/version"),
                                   headers={"Host": f"{api_id}.execute-api.us-east-1.amazonaws.com"}, timeout=10)
            seen.append((response.status_code, response.json()["version"], response.headers["x-canary"],
                         response.headers["x-color"]))
        return seen

    with ThreadPoolExecutor(4) as pool:
        answers = [answer for part in pool.map(burst, [2500] * 4) for answer in part]
    assert len(answers) == 10_000
    assert {answer for answer in answers} == {(200, 1, "false", "blue"), (200, 2, "true", "green")}
    share = sum(1 for answer in answers if answer[2] == "true") / len(answers)
    assert 0.085 <= share <= 0.115, f"canary share {share:.4f}"

    # Promotion as AWS documents it: the stage takes the canary's deployment and variables, and
    # the canary's share goes to 0; the canary stays until removed.
    promoted = client.update_stage(restApiId=api_id, stageName="prod", patchOperations=[
        {"op": "copy", "from": "/canarySettings/deploymentId", "path": "/deploymentId"},
        {"op": "copy", "from": "/canarySettings/stageVariableOverrides", "path": "/variables"},
        {"op": "replace", "path": "/canarySettings/percentTraffic", "value": "0.0"},
    ])
    assert promoted["deploymentId"] == canary["id"]
    assert promoted["variables"] == {"color": "green"}
    assert promoted["canarySettings"]["percentTraffic"] == 0.0
    # Before the promotion is installed, version 2 comes only from the canary (x-canary true).
    gateway.wait_until(api_id, "prod", "/version", lambda r: r.json()["version"] == 2 and r.headers.get("x-canary") == "false")
    after = burst(200)
    assert set(after) == {(200, 2, "false", "green")}

    removed = client.update_stage(restApiId=api_id, stageName="prod",
                                  patchOperations=[{"op": "remove", "path": "/canarySettings"}])
    assert "canarySettings" not in removed
    assert "canarySettings" not in client.get_stage(restApiId=api_id, stageName="prod")
    time.sleep(0.3)
    assert set(burst(50)) == {(200, 2, "false", "green")}


def test_every_request_to_a_full_canary(fresh_server):
    server = fresh_server().start()
    client = make_client("apigateway", server.endpoint)
    gateway = Gateway(server)
    api_id = mock_api(client, "full-canary", 1)
    client.create_deployment(restApiId=api_id, stageName="prod", variables={"color": "blue"})
    set_version(client, api_id, 2)
    client.create_deployment(restApiId=api_id, stageName="prod", canarySettings={"percentTraffic": 100.0})
    response = gateway.wait_until(api_id, "prod", "/version", lambda r: r.headers.get("x-canary") == "true")
    assert response.json() == {"version": 2, "path": "/version"}
    # Without overrides the canary serves with the stage's variables.
    assert response.headers["x-color"] == "blue"
    client.update_stage(restApiId=api_id, stageName="prod",
                        patchOperations=[{"op": "replace", "path": "/canarySettings/percentTraffic", "value": "0"}])
    assert gateway.wait_until(api_id, "prod", "/version", lambda r: r.headers.get("x-canary") == "false").json()["version"] == 1


class Domain:
    """Plain HTTP to the data plane with a custom domain's Host header."""

    def __init__(self, server, host, headers=None):
        self.server, self.host, self.headers = server, host, headers or {}

    def get(self, path, session=requests, headers=None, **kwargs):
        sent = {"Host": self.host, **self.headers, **(headers or {})}
        return session.get(f"http://127.0.0.1:{self.server.data_port}{path}", headers=sent, timeout=10, **kwargs)

    def wait_until(self, path, predicate, timeout=5.0):
        deadline = time.time() + timeout
        while True:
            response = self.get(path)
            if predicate(response) or time.time() > deadline:
                return response
            time.sleep(0.05)


def test_custom_domains_route_by_host(fresh_server):
    server = fresh_server().start()
    v1 = make_client("apigateway", server.endpoint)
    v2 = make_client("apigatewayv2", server.endpoint)
    root_api = mock_api(v1, "root", 1)
    orders_api = mock_api(v1, "orders", 2)
    orders_v1_api = mock_api(v1, "orders-v1", 3, disable_execute_api=True)
    for api_id in (root_api, orders_api, orders_v1_api):
        v1.create_deployment(restApiId=api_id, stageName="prod", variables={"color": api_id})

    # A REST domain with base path mappings: (none) and orders.
    rest_domain = f"rest-{uuid.uuid4().hex[:6]}.example.test"
    v1.create_domain_name(domainName=rest_domain, regionalCertificateArn="arn:aws:acm:us-east-1:1:certificate/c",
                          endpointConfiguration={"types": ["REGIONAL"]})
    v1.create_base_path_mapping(domainName=rest_domain, restApiId=root_api, stage="prod")
    v1.create_base_path_mapping(domainName=rest_domain, restApiId=orders_api, stage="prod", basePath="orders")
    # An apigatewayv2 domain with API mappings, multi-level keys included, to REST APIs.
    shop = f"shop-{uuid.uuid4().hex[:6]}.example.test"
    v2.create_domain_name(DomainName=shop, DomainNameConfigurations=[{"CertificateArn": "arn:aws:acm:us-east-1:1:certificate/c"}])
    v2.create_api_mapping(DomainName=shop, ApiId=orders_api, Stage="prod", ApiMappingKey="orders")
    v2.create_api_mapping(DomainName=shop, ApiId=orders_v1_api, Stage="prod", ApiMappingKey="orders/v1")

    rest = Domain(server, rest_domain.upper() + ":8443")  # case-insensitive, port ignored
    first = rest.wait_until("/version", lambda r: r.status_code == 200)
    assert (first.status_code, first.json()) == (200, {"version": 1, "path": "/version"})
    assert rest.get("/").json() == {"version": 1, "path": "/"}
    assert rest.get("/orders/version").json() == {"version": 2, "path": "/version"}
    assert rest.get("/orders").json() == {"version": 2, "path": "/"}
    # The stage is not in the URL: /prod/version is a path of the (none) API, which has none.
    missing = rest.get("/prod/version")
    assert (missing.status_code, missing.json()) == (403, {"message": "Missing Authentication Token"})

    domain = Domain(server, shop)
    assert domain.wait_until("/orders/v1/version", lambda r: r.status_code == 200).json() == {"version": 3, "path": "/version"}
    assert domain.get("/orders/version").json() == {"version": 2, "path": "/version"}
    assert domain.get("/orders/v1").json() == {"version": 3, "path": "/"}
    assert domain.get("/orders/v1x/version").status_code == 403  # a base path ends at a slash
    unmapped = domain.get("/carts")
    assert (unmapped.status_code, unmapped.json()) == (403, {"message": "Forbidden"})
    assert unmapped.headers["x-amzn-ErrorType"] == "ForbiddenException"

    # disableExecuteApiEndpoint: the execute-api host refuses the API; its domain serves it.
    disabled = Gateway(server).invoke(orders_v1_api, "prod", "/version")
    assert (disabled.status_code, disabled.json()) == (403, {"message": "Forbidden"})
    assert Gateway(server).invoke(orders_api, "prod", "/version").json() == {"version": 2, "path": "/version"}

    # An unknown host is not a domain: the execute-api and short addresses are unchanged.
    other = requests.get(f"http://127.0.0.1:{server.data_port}/prod/version", headers={"Host": "unknown.example.test"}, timeout=10)
    assert other.status_code == 403 and other.json() == {"message": "Missing Authentication Token"}


def test_http_api_mappings_and_unmapped_paths(fresh_server):
    class Backend(local_http.QuietHandler):
        def do_GET(self):
            self.send_json(200, {"backend": self.path})

    backend, url = local_http.start(Backend)
    try:
        server = fresh_server().start()
        v2 = make_client("apigatewayv2", server.endpoint)
        api_id = v2.create_api(Name="pets", ProtocolType="HTTP", Target=url)["ApiId"]
        # GET /dogs has a backend path of its own: the route is matched on the path after the base path.
        dogs = v2.create_integration(ApiId=api_id, IntegrationType="HTTP_PROXY", IntegrationMethod="GET",
                                     IntegrationUri=url + "/dogs-backend", PayloadFormatVersion="1.0")
        v2.create_route(ApiId=api_id, RouteKey="GET /dogs", Target=f"integrations/{dogs['IntegrationId']}")
        host = f"http-{uuid.uuid4().hex[:6]}.example.test"
        v2.create_domain_name(DomainName=host, DomainNameConfigurations=[{"CertificateArn": "arn:aws:acm:us-east-1:1:certificate/c"}])
        v2.create_api_mapping(DomainName=host, ApiId=api_id, Stage="$default", ApiMappingKey="pets/v2")
        domain = Domain(server, host)
        answer = domain.wait_until("/pets/v2/dogs?x=1", lambda r: r.status_code == 200 and "dogs" in r.text)
        assert answer.json() == {"backend": "/dogs-backend?x=1"}
        assert domain.get("/pets/v2/cats").json() == {"backend": "/"}
        assert Gateway(server).invoke(api_id, "$default", "/dogs").json() == {"backend": "/dogs-backend"}
        unmapped = domain.get("/cats")
        assert (unmapped.status_code, unmapped.json()) == (404, {"message": "Not Found"})
    finally:
        local_http.stop(backend)


def test_blue_green_switch_under_load(fresh_server):
    server = fresh_server().start()
    client = make_client("apigateway", server.endpoint)
    api_id = mock_api(client, "blue-green", 1)
    client.create_deployment(restApiId=api_id, stageName="blue", variables={"color": "blue"})
    set_version(client, api_id, 2)
    client.create_deployment(restApiId=api_id, stageName="green", variables={"color": "green"})
    host = f"app-{uuid.uuid4().hex[:6]}.example.test"
    client.create_domain_name(domainName=host, regionalCertificateArn="arn:aws:acm:us-east-1:1:certificate/c",
                              endpointConfiguration={"types": ["REGIONAL"]})
    client.create_base_path_mapping(domainName=host, restApiId=api_id, stage="blue", basePath="app")
    domain = Domain(server, host)
    assert domain.wait_until("/app/version", lambda r: r.status_code == 200).headers["x-color"] == "blue"

    with Load(lambda session: domain.get("/app/version", session=session),
              lambda response: (response.headers["x-color"], response.json()["version"])) as load:
        time.sleep(0.5)
        client.update_base_path_mapping(domainName=host, basePath="app",
                                        patchOperations=[{"op": "replace", "path": "/stage", "value": "green"}])
        live_after = load.wait_for(lambda answer: answer[0] == "green")
        time.sleep(0.5)
    assert load.failures == []
    assert {answer for _, answer in load.seen} == {("blue", 1), ("green", 2)}
    assert live_after < 1.0, f"the switch was served after {live_after:.3f} s"
    # After the switch is visible every answer is green.
    first_green = min(at for at, (color, _) in load.seen if color == "green")
    assert all(color == "green" for at, (color, _) in load.seen if at > first_green + 0.2)
