"""Lambda authorizers against the real binary, with the functions served by a Lambda Invoke
double on loopback (AWS_ENDPOINT_URL_LAMBDA) that checks every call's SigV4 signature: REST TOKEN
and REQUEST authorizers with IAM policies, caching, usageIdentifierKey; HTTP API REQUEST
authorizers with payload 2.0 simple responses. Every answer is checked with AWS's exact body."""
import json
import time

import pytest

from conftest import REGION, Gateway, make_client, rest_mock_method
from lambda_double import LambdaDouble
from test_token_authorizers import EchoBackend

LAMBDA_KEY, LAMBDA_SECRET = "AKIDLAMBDACALLER0001", "lambda-caller-secret-0123456789"
ACCOUNT = "123456789012"


def function_uri(name):
    return (f"arn:aws:apigateway:{REGION}:lambda:path/2015-03-31/functions/"
            f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:{name}/invocations")


def policy(principal, effect, resource, context=None, usage_key=None):
    answer = {"principalId": principal, "policyDocument": {"Version": "2012-10-17", "Statement": [
        {"Action": "execute-api:Invoke", "Effect": effect, "Resource": resource}]}}
    if context is not None:
        answer["context"] = context
    if usage_key is not None:
        answer["usageIdentifierKey"] = usage_key
    return answer


@pytest.fixture(scope="module")
def lambdas():
    double = LambdaDouble(LAMBDA_SECRET)
    yield double
    double.close()


@pytest.fixture
def served(fresh_server, lambdas):
    server = fresh_server()
    server.extra_env = {"AWS_ENDPOINT_URL_LAMBDA": lambdas.url, "AWS_ACCESS_KEY_ID": LAMBDA_KEY,
                        "AWS_SECRET_ACCESS_KEY": LAMBDA_SECRET, "AWS_REGION": REGION, "PORTCULLIS_ACCOUNT_ID": ACCOUNT}
    server.start()
    return server, make_client("apigateway", server.endpoint), make_client("apigatewayv2", server.endpoint), Gateway(server)


def rest_api(client, authorizer_args, paths=("things", "others"), api_key_required=False, api_key_source=None):
    extra = {"apiKeySource": api_key_source} if api_key_source else {}
    api_id = client.create_rest_api(name="lambda-guarded", **extra)["id"]
    root = next(item for item in client.get_resources(restApiId=api_id)["items"] if item["path"] == "/")
    authorizer = client.create_authorizer(restApiId=api_id, name="auth", **authorizer_args)
    for path in paths:
        rest_mock_method(client, api_id, root["id"], path, {"method.response.header.x-principal": "context.authorizer.principalId",
                                                            "method.response.header.x-tier": "context.authorizer.tier"},
                         authorizationType="CUSTOM", authorizerId=authorizer["id"], apiKeyRequired=api_key_required)
    client.create_deployment(restApiId=api_id, stageName="prod")
    return api_id


def rest_unauthorized(response):
    return (response.status_code == 401 and response.json() == {"message": "Unauthorized"}
            and response.headers.get("x-amzn-ErrorType") == "UnauthorizedException")


def test_rest_token_authorizer(served, lambdas):
    server, apigateway, _, gateway = served

    def tokens(event):
        token = event["authorizationToken"]
        arn = event["methodArn"]
        if token == "Bearer allow":
            return policy("user-7", "Allow", "/".join(arn.split("/")[:2]) + "/*", {"tier": "gold", "admin": False, "n": 3})
        if token == "Bearer things":  # a policy for one method only: reused from the cache for others
            return policy("user-8", "Allow", arn.rsplit("/", 1)[0] + "/things")
        if token == "Bearer deny":
            return policy("user-9", "Deny", arn)
        if token == "Bearer nothing":
            return policy("user-10", "Allow", "arn:aws:execute-api:us-east-1:1:other/*")
        if token == "Bearer unauthorized":
            raise Exception("Unauthorized")
        if token == "Bearer crash":
            raise RuntimeError("boom")
        if token == "Bearer garbage":
            return ["not", "a", "policy"]
        if token == "Bearer nested":
            return policy("user-11", "Allow", arn, {"nested": {"a": 1}})
        return policy("x", "Deny", arn)

    lambdas.functions["tokens"] = tokens
    api_id = rest_api(apigateway, {"type": "TOKEN", "authorizerUri": function_uri("tokens"),
                                   "identitySource": "method.request.header.Authorization",
                                   "identityValidationExpression": "^Bearer [a-z]+$",
                                   "authorizerResultTtlInSeconds": 300})
    first = gateway.wait_until(api_id, "prod", "/things", lambda r: r.status_code != 403)
    assert rest_unauthorized(first), (first.status_code, first.text)

    def get(path, token):
        return gateway.invoke(api_id, "prod", path, headers={"Authorization": token})

    # A token that does not match identityValidationExpression is refused without invoking.
    before = len(lambdas.events)
    assert rest_unauthorized(get("/things", "Bearer 123"))
    assert len(lambdas.events) == before

    ok = get("/things", "Bearer allow")
    assert ok.status_code == 200 and ok.json() == {"ok": True}, ok.text
    assert ok.headers["x-principal"] == "user-7" and ok.headers["x-tier"] == "gold"
    event = lambdas.invocations("tokens")[-1]
    assert event == {"type": "TOKEN", "authorizationToken": "Bearer allow",
                     "methodArn": f"arn:aws:execute-api:{REGION}:{ACCOUNT}:{api_id}/prod/GET/things"}
    # Cached: the same token again does not invoke the function.
    calls = len(lambdas.invocations("tokens"))
    assert get("/things", "Bearer allow").status_code == 200
    assert get("/others", "Bearer allow").status_code == 200
    assert len(lambdas.invocations("tokens")) == calls

    # A cached policy is evaluated again for each method, as AWS does.
    assert get("/things", "Bearer things").status_code == 200
    denied = get("/others", "Bearer things")
    assert denied.status_code == 403 and denied.json() == {"Message": "User is not authorized to access this resource"}
    assert denied.headers["x-amzn-ErrorType"] == "AccessDeniedException"

    explicit = get("/things", "Bearer deny")
    assert explicit.status_code == 403
    assert explicit.json() == {"Message": "User is not authorized to access this resource with an explicit deny"}
    assert get("/things", "Bearer nothing").json() == {"Message": "User is not authorized to access this resource"}
    assert rest_unauthorized(get("/things", "Bearer unauthorized"))
    for broken in ("Bearer crash", "Bearer garbage", "Bearer nested"):
        response = get("/things", broken)
        assert response.status_code == 500 and response.json() == {"message": None}, (broken, response.text)
        assert response.headers["x-amzn-ErrorType"] == "AuthorizerConfigurationException"
    # Failures are not cached: the function is asked again.
    calls = len(lambdas.invocations("tokens"))
    get("/things", "Bearer crash")
    assert len(lambdas.invocations("tokens")) == calls + 1
    assert lambdas.bad_signatures == 0


def test_rest_request_authorizer_and_usage_identifier_key(served, lambdas):
    server, apigateway, _, gateway = served
    key = apigateway.create_api_key(name="from-authorizer", enabled=True, value="authorizer-supplied-key-0123456789")

    def requests_(event):
        tenant = (event.get("headers") or {}).get("X-Tenant") or (event.get("headers") or {}).get("x-tenant")
        if tenant == "acme":
            return policy("acme", "Allow", event["methodArn"], usage_key=key["value"])
        if tenant == "nokey":
            return policy("nokey", "Allow", event["methodArn"], usage_key="not-a-key")
        return policy("anon", "Deny", event["methodArn"])

    lambdas.functions["requests"] = requests_
    api_id = rest_api(apigateway, {"type": "REQUEST", "authorizerUri": function_uri("requests"),
                                   "identitySource": "method.request.header.X-Tenant, method.request.querystring.v",
                                   "authorizerResultTtlInSeconds": 0},
                      paths=("things",), api_key_required=True, api_key_source="AUTHORIZER")
    plan = apigateway.create_usage_plan(name="authorizer-plan", apiStages=[{"apiId": api_id, "stage": "prod"}])
    apigateway.create_usage_plan_key(usagePlanId=plan["id"], keyId=key["id"], keyType="API_KEY")
    gateway.wait_until(api_id, "prod", "/things", lambda r: r.status_code != 403)

    ok = gateway.invoke(api_id, "prod", "/things?v=1", headers={"X-Tenant": "acme"})
    assert ok.status_code == 200, ok.text
    event = lambdas.invocations("requests")[-1]
    assert event["type"] == "REQUEST" and event["methodArn"].endswith(f"{api_id}/prod/GET/things")
    assert event["path"] == "/things" and event["httpMethod"] == "GET" and event["resource"] == "/things"
    assert event["queryStringParameters"] == {"v": "1"} and event["multiValueQueryStringParameters"] == {"v": ["1"]}
    assert event["requestContext"]["stage"] == "prod" and event["requestContext"]["apiId"] == api_id
    assert event["pathParameters"] is None and event["stageVariables"] is None
    # The authorizer's key must be a key of a plan for the stage.
    forbidden = gateway.invoke(api_id, "prod", "/things?v=1", headers={"X-Tenant": "nokey"})
    assert forbidden.status_code == 403 and forbidden.json() == {"message": "Forbidden"}


def test_http_api_request_authorizer_with_simple_responses(served, lambdas):
    server, _, apigatewayv2, gateway = served

    def simple(event):
        token = event["identitySource"][0]
        return {"isAuthorized": token == "let-me-in", "context": {"who": token}}

    lambdas.functions["simple"] = simple
    backend = EchoBackend()
    api = apigatewayv2.create_api(Name="lambda-http", ProtocolType="HTTP", Target=backend.url)
    api_id = api["ApiId"]
    authorizer = apigatewayv2.create_authorizer(
        ApiId=api_id, Name="simple", AuthorizerType="REQUEST", IdentitySource=["$request.header.X-Token"],
        AuthorizerUri=function_uri("simple"), AuthorizerPayloadFormatVersion="2.0", EnableSimpleResponses=True,
        AuthorizerResultTtlInSeconds=60)
    route = apigatewayv2.get_routes(ApiId=api_id)["Items"][0]
    apigatewayv2.update_route(ApiId=api_id, RouteId=route["RouteId"], AuthorizationType="CUSTOM",
                              AuthorizerId=authorizer["AuthorizerId"])
    missing = gateway.wait_until(api_id, "$default", "/x", lambda r: r.status_code == 401)
    assert missing.status_code == 401 and missing.json() == {"message": "Unauthorized"}

    refused = gateway.invoke(api_id, "$default", "/x", headers={"X-Token": "nope"})
    assert refused.status_code == 403 and refused.json() == {"message": "Forbidden"}
    allowed = gateway.invoke(api_id, "$default", "/x?a=1", headers={"X-Token": "let-me-in"})
    backend.close()
    assert allowed.status_code == 200 and "path" in allowed.json(), allowed.text
    event = lambdas.invocations("simple")[-1]
    assert event["version"] == "2.0" and event["type"] == "REQUEST"
    assert event["identitySource"] == ["let-me-in"] and event["routeKey"] == "$default"
    assert event["rawPath"] == "/x" and event["rawQueryString"] == "a=1"
    assert event["routeArn"] == f"arn:aws:execute-api:{REGION}:{ACCOUNT}:{api_id}/$default/GET/x"
    assert event["headers"]["x-token"] == "let-me-in"
    calls = len(lambdas.invocations("simple"))
    gateway.invoke(api_id, "$default", "/y", headers={"X-Token": "let-me-in"})
    assert len(lambdas.invocations("simple")) == calls, "the decision is cached by identity source"


def test_unreachable_lambda_answers_500(fresh_server):
    server = fresh_server()
    server.extra_env = {"AWS_ENDPOINT_URL_LAMBDA": "http://127.0.0.1:9", "AWS_ACCESS_KEY_ID": LAMBDA_KEY,
                        "AWS_SECRET_ACCESS_KEY": LAMBDA_SECRET}
    server.start()
    apigateway, gateway = make_client("apigateway", server.endpoint), Gateway(server)
    api_id = rest_api(apigateway, {"type": "TOKEN", "authorizerUri": function_uri("nowhere"),
                                   "identitySource": "method.request.header.Authorization"}, paths=("things",))
    gateway.wait_until(api_id, "prod", "/things", lambda r: r.status_code != 403)
    started = time.time()
    response = gateway.invoke(api_id, "prod", "/things", headers={"Authorization": "x"})
    assert response.status_code == 500 and response.json() == {"message": None}
    assert time.time() - started < 11
