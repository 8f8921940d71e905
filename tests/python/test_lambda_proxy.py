"""Lambda proxy integrations (AWS_PROXY) against the real binary, with the functions served by
the Lambda Invoke double on loopback (AWS_ENDPOINT_URL_LAMBDA) that checks every call's SigV4
signature: REST APIs (payload 1.0) and HTTP APIs (payload 1.0 and 2.0) created with boto3, the
events the functions get field by field, AWS's response rules with exact statuses, bodies and
headers, hostile answers (garbage, wrong types, too big, too deep, slow) bounded."""
import base64
import json
import time

from conftest import REGION, Gateway, make_client
# The Lambda double, its credentials and the served-server fixture are the authorizer tests'.
from test_lambda_authorizers import ACCOUNT, LAMBDA_KEY, LAMBDA_SECRET, function_uri, lambdas, served  # noqa: F401

REST_502 = {"message": "Internal server error"}
HTTP_500 = {"message": "Internal Server Error"}


def function_arn(name):
    return f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:{name}"


def hostile(event):
    """Answers by the `case` query parameter: AWS's malformed shapes and worse."""
    case = (event.get("queryStringParameters") or {}).get("case")
    if case is None:
        case = event.get("rawQueryString", "").partition("case=")[2]
    answers = {
        "ok": {"statusCode": 200, "body": "fine"},
        "garbage": b"\x00\xffnot json at all",
        "bare-string": "hello",
        "unknown-key": {"statusCode": 200, "wrongValue": 1},
        "bad-status": {"statusCode": "abc"},
        "status-out-of-range": {"statusCode": 700},
        "multi-not-list": {"multiValueHeaders": {"X-A": "b"}},
        "body-object": {"statusCode": 200, "body": {"a": 1}},
        "header-object": {"statusCode": 200, "headers": {"X-A": {"b": 1}}},
        "header-newline": {"statusCode": 200, "headers": {"X-A": "a\r\nX-Injected: 1"}},
        "bad-base64": {"statusCode": 200, "body": "%%%", "isBase64Encoded": True},
        "deep": ("[" * 200_000).encode(),
        "huge": b'{"body": "' + b"x" * (7 * 1024 * 1024) + b'"}',
        "empty": b"",
    }
    if case == "raise":
        raise ValueError("the function broke")
    return answers[case]


HOSTILE_CASES = ["garbage", "bare-string", "unknown-key", "bad-status", "status-out-of-range", "multi-not-list",
                 "body-object", "header-object", "header-newline", "deep", "huge", "empty", "raise"]


def slow(event):
    time.sleep(1.5)
    return {"statusCode": 200, "body": "late"}


# MARK: REST


def rest_proxy_api(apigateway, uri, binary_media_types=None, timeout=None, authorizer=None):
    """A REST API with `ANY /{proxy+}` integrated with `uri`; `authorizer`: authorizer arguments
    for a CUSTOM method."""
    extra = {"binaryMediaTypes": binary_media_types} if binary_media_types else {}
    api_id = apigateway.create_rest_api(name="lambda-proxy", **extra)["id"]
    method = {"authorizationType": "NONE"}
    if authorizer:
        made = apigateway.create_authorizer(restApiId=api_id, **authorizer)
        method = {"authorizationType": "CUSTOM", "authorizerId": made["id"]}
    root = next(item for item in apigateway.get_resources(restApiId=api_id)["items"] if item["path"] == "/")
    resource = apigateway.create_resource(restApiId=api_id, parentId=root["id"], pathPart="{proxy+}")
    apigateway.put_method(restApiId=api_id, resourceId=resource["id"], httpMethod="ANY", **method)
    integration = {"timeoutInMillis": timeout} if timeout else {}
    apigateway.put_integration(restApiId=api_id, resourceId=resource["id"], httpMethod="ANY", type="AWS_PROXY",
                               integrationHttpMethod="POST", uri=uri, **integration)
    return api_id


def test_rest_event_and_response(served, lambdas):
    _, apigateway, _, gateway = served

    def echo(event):
        return {"statusCode": "201", "headers": {"X-Echo": "yes", "X-Bool": True, "x-shared": "solo"},
                "multiValueHeaders": {"X-Shared": ["multi"], "Set-Cookie": ["a=1", "b=2"]}, "body": "created"}

    lambdas.functions["echo"] = echo
    uri = (f"arn:aws:apigateway:{REGION}:lambda:path/2015-03-31/functions/"
           f"{function_arn('echo')}:${{stageVariables.alias}}/invocations")
    api_id = rest_proxy_api(apigateway, uri)
    apigateway.create_deployment(restApiId=api_id, stageName="prod", variables={"alias": "live"})
    gateway.wait_until(api_id, "prod", "/x", lambda r: r.status_code == 201)

    response = gateway.invoke(api_id, "prod", "/hello/world?a=1&a=2&b=x", method="POST", data=b'{"k": 1}',
                              headers={"Content-Type": "application/json", "X-Custom": "c1", "User-Agent": "tests/1"})
    assert response.status_code == 201 and response.text == "created"
    assert response.headers["X-Echo"] == "yes" and response.headers["X-Bool"] == "true"
    assert response.headers["X-Shared"] == "multi, solo", "multi-value values first, one name"
    assert response.raw.headers.getlist("Set-Cookie") == ["a=1", "b=2"]
    assert response.headers["Content-Type"] == "application/json"
    assert response.headers["x-amzn-RequestId"] and response.headers["X-Amzn-Trace-Id"].startswith("Root=1-")

    name, event = lambdas.events[-1]
    assert name == function_arn("echo") + ":live", "the alias comes from the stage variable"
    assert event["resource"] == "/{proxy+}" and event["path"] == "/hello/world" and event["httpMethod"] == "POST"
    assert event["headers"]["X-Custom"] == "c1" and event["multiValueHeaders"]["X-Custom"] == ["c1"]
    assert event["queryStringParameters"] == {"a": "2", "b": "x"}
    assert event["multiValueQueryStringParameters"] == {"a": ["1", "2"], "b": ["x"]}
    assert event["pathParameters"] == {"proxy": "hello/world"} and event["stageVariables"] == {"alias": "live"}
    assert event["body"] == '{"k": 1}' and event["isBase64Encoded"] is False
    assert "version" not in event
    context = event["requestContext"]
    assert context["path"] == "/prod/hello/world" and context["stage"] == "prod" and context["apiId"] == api_id
    assert context["accountId"] == ACCOUNT and context["resourcePath"] == "/{proxy+}" and context["httpMethod"] == "POST"
    assert context["requestId"] == response.headers["x-amzn-RequestId"]
    assert context["extendedRequestId"] == response.headers["x-amz-apigw-id"]
    assert context["protocol"] == "HTTP/1.1" and context["domainName"] == f"{api_id}.execute-api.{REGION}.amazonaws.com"
    assert time.strptime(context["requestTime"], "%d/%b/%Y:%H:%M:%S +0000")
    assert abs(context["requestTimeEpoch"] / 1000 - time.time()) < 60
    identity = context["identity"]
    assert identity["sourceIp"] == "127.0.0.1" and identity["userAgent"] == "tests/1"
    for key in ("accessKey", "accountId", "caller", "cognitoAuthenticationProvider", "cognitoAuthenticationType",
                "cognitoIdentityId", "cognitoIdentityPoolId", "principalOrgId", "user", "userArn"):
        assert key in identity and identity[key] is None, key
    assert "authorizer" not in context

    root = gateway.invoke(api_id, "prod", "/")
    assert root.status_code == 403 and root.json() == {"message": "Missing Authentication Token"}
    get = gateway.invoke(api_id, "prod", "/only")
    event = lambdas.events[-1][1]
    assert get.status_code == 201 and event["body"] is None and event["queryStringParameters"] is None
    assert event["multiValueQueryStringParameters"] is None


def test_rest_hostile_answers_are_502(served, lambdas):
    _, apigateway, _, gateway = served
    lambdas.functions["hostile"] = hostile
    api_id = rest_proxy_api(apigateway, function_uri("hostile"))
    apigateway.create_deployment(restApiId=api_id, stageName="prod")
    gateway.wait_until(api_id, "prod", "/x?case=ok", lambda r: r.status_code == 200)
    assert gateway.invoke(api_id, "prod", "/x?case=ok").text == "fine"
    for case in HOSTILE_CASES:
        response = gateway.invoke(api_id, "prod", f"/x?case={case}")
        assert response.status_code == 502 and response.json() == REST_502, (case, response.status_code, response.text[:200])
        assert response.headers["x-amzn-ErrorType"] == "InternalServerErrorException"
        assert "X-Injected" not in response.headers
    # The base64 text goes out as it is when no binary media type matches (nothing to decode).
    plain = gateway.invoke(api_id, "prod", "/x?case=bad-base64")
    assert plain.status_code == 200 and plain.text == "%%%"


def test_rest_empty_and_header_only_answers(served, lambdas):
    _, apigateway, _, gateway = served
    lambdas.functions["emptyish"] = lambda event: {} if event["path"] == "/empty" else {"headers": {"X-Only": "h"}}
    api_id = rest_proxy_api(apigateway, function_uri("emptyish"))
    apigateway.create_deployment(restApiId=api_id, stageName="prod")
    empty = gateway.wait_until(api_id, "prod", "/empty", lambda r: r.status_code == 200)
    assert empty.status_code == 200 and empty.content == b""
    headers_only = gateway.invoke(api_id, "prod", "/headers")
    assert headers_only.status_code == 200 and headers_only.content == b"" and headers_only.headers["X-Only"] == "h"


def test_rest_function_errors_timeouts_and_missing_functions(served, lambdas):
    _, apigateway, _, gateway = served
    lambdas.functions["slow"] = slow
    api_id = rest_proxy_api(apigateway, function_uri("slow"), timeout=300)
    apigateway.create_deployment(restApiId=api_id, stageName="prod")
    started = time.time()
    late = gateway.wait_until(api_id, "prod", "/x", lambda r: r.status_code == 504)
    assert late.status_code == 504 and late.json() == {"message": "Endpoint request timed out"}
    assert time.time() - started < 5

    missing_id = rest_proxy_api(apigateway, function_uri("no-such-function"))
    apigateway.create_deployment(restApiId=missing_id, stageName="prod")
    missing = gateway.wait_until(missing_id, "prod", "/x", lambda r: r.status_code == 500)
    assert missing.status_code == 500 and missing.json() == REST_502
    assert missing.headers["x-amzn-ErrorType"] == "InternalServerErrorException"


def test_rest_binary_bodies(served, lambdas):
    _, apigateway, _, gateway = served
    png = b"\x89PNG\r\n\x1a\n\x00\x01"

    def image(event):
        assert event["isBase64Encoded"] is True and base64.b64decode(event["body"]) == png
        return {"statusCode": 200, "headers": {"Content-Type": "image/png"}, "body": base64.b64encode(png).decode(),
                "isBase64Encoded": True}

    lambdas.functions["image"] = image
    api_id = rest_proxy_api(apigateway, function_uri("image"), binary_media_types=["image/*"])
    apigateway.create_deployment(restApiId=api_id, stageName="prod")
    response = None
    deadline = time.time() + 5
    while time.time() < deadline:
        response = gateway.invoke(api_id, "prod", "/img", method="POST", data=png,
                                  headers={"Content-Type": "image/png", "Accept": "image/png"})
        if response.status_code == 200:
            break
        time.sleep(0.05)
    assert response.status_code == 200 and response.content == png
    assert response.headers["Content-Type"] == "image/png"


def test_rest_authorizer_context_reaches_the_function(served, lambdas):
    _, apigateway, _, gateway = served

    def authorize(event):
        return {"principalId": "user-7", "context": {"tenant": "acme", "tier": 3, "admin": False},
                "policyDocument": {"Version": "2012-10-17", "Statement": [
                    {"Action": "execute-api:Invoke", "Effect": "Allow", "Resource": event["methodArn"]}]}}

    lambdas.functions["authorize"] = authorize
    lambdas.functions["echo-context"] = lambda event: {"statusCode": 200, "body": json.dumps(event["requestContext"]["authorizer"])}
    api_id = rest_proxy_api(apigateway, function_uri("echo-context"), authorizer={
        "name": "a", "type": "TOKEN", "authorizerUri": function_uri("authorize"),
        "identitySource": "method.request.header.Authorization", "authorizerResultTtlInSeconds": 0})
    apigateway.create_deployment(restApiId=api_id, stageName="prod")
    gateway.wait_until(api_id, "prod", "/x", lambda r: r.status_code == 401)
    response = gateway.invoke(api_id, "prod", "/x", headers={"Authorization": "token"})
    assert response.status_code == 200, response.text
    seen = response.json()
    assert seen["principalId"] == "user-7" and seen["tenant"] == "acme" and seen["tier"] == 3 and seen["admin"] is False
    assert isinstance(seen["integrationLatency"], int)


# MARK: HTTP APIs


def http_proxy_api(apigatewayv2, uri, version="2.0", route="ANY /items/{id}", timeout=None, variables=None):
    api_id = apigatewayv2.create_api(Name="lambda-http-proxy", ProtocolType="HTTP")["ApiId"]
    extra = {"TimeoutInMillis": timeout} if timeout else {}
    integration = apigatewayv2.create_integration(ApiId=api_id, IntegrationType="AWS_PROXY", IntegrationUri=uri,
                                                  PayloadFormatVersion=version, **extra)
    apigatewayv2.create_route(ApiId=api_id, RouteKey=route, Target=f"integrations/{integration['IntegrationId']}")
    apigatewayv2.create_stage(ApiId=api_id, StageName="dev", StageVariables=variables or {})
    apigatewayv2.create_deployment(ApiId=api_id, StageName="dev")
    return api_id


def test_http_v2_event_and_inferred_answers(served, lambdas):
    _, _, apigatewayv2, gateway = served

    def v2(event):
        if event["rawPath"].endswith("/bare"):
            return {"message": "Hello from Lambda!"}
        if event["rawPath"].endswith("/string"):
            return "Hello from Lambda!"
        return {"statusCode": 202, "headers": {"x-n": 1}, "cookies": ["c1=v1; Path=/", "c2=v2"], "body": "accepted"}

    lambdas.functions["v2"] = v2
    api_id = http_proxy_api(apigatewayv2, function_arn("v2"), variables={"color": "blue"})
    gateway.wait_until(api_id, "dev", "/items/7", lambda r: r.status_code == 202)

    response = gateway.invoke(api_id, "dev", "/items/7?a=1&a=2", method="PUT", data="text body",
                              headers={"Content-Type": "text/plain", "Cookie": "s=1; t=2", "X-Dup": "x"})
    assert response.status_code == 202 and response.text == "accepted"
    assert response.raw.headers.getlist("set-cookie") == ["c1=v1; Path=/", "c2=v2"]
    assert response.headers["x-n"] == "1" and response.headers["apigw-requestid"]
    event = lambdas.events[-1][1]
    assert event["version"] == "2.0" and event["routeKey"] == "ANY /items/{id}"
    assert event["rawPath"] == "/dev/items/7" and event["rawQueryString"] == "a=1&a=2"
    assert event["cookies"] == ["s=1", "t=2"] and "cookie" not in event["headers"]
    assert event["headers"]["x-dup"] == "x" and event["headers"]["content-type"] == "text/plain"
    assert event["queryStringParameters"] == {"a": "1,2"} and event["pathParameters"] == {"id": "7"}
    assert event["stageVariables"] == {"color": "blue"}
    assert event["body"] == "text body" and event["isBase64Encoded"] is False
    assert "multiValueHeaders" not in event
    context = event["requestContext"]
    assert context["http"]["method"] == "PUT" and context["http"]["path"] == "/dev/items/7"
    assert context["http"]["sourceIp"] == "127.0.0.1" and context["stage"] == "dev" and context["accountId"] == ACCOUNT
    assert context["requestId"] == response.headers["apigw-requestid"] and context["routeKey"] == "ANY /items/{id}"

    bare = gateway.invoke(api_id, "dev", "/items/bare")
    assert bare.status_code == 200 and bare.headers["content-type"] == "application/json"
    assert bare.text == '{"message": "Hello from Lambda!"}'
    string = gateway.invoke(api_id, "dev", "/items/string")
    assert string.status_code == 200 and string.text == "Hello from Lambda!"

    binary = gateway.invoke(api_id, "dev", "/items/9", method="POST", data=b"\x00\x01",
                            headers={"Content-Type": "application/octet-stream"})
    assert binary.status_code == 202
    event = lambdas.events[-1][1]
    assert event["isBase64Encoded"] is True and event["body"] == "AAE="


def test_http_v2_hostile_answers_errors_and_timeouts(served, lambdas):
    _, _, apigatewayv2, gateway = served
    lambdas.functions["hostile"] = hostile
    lambdas.functions["slow"] = slow
    api_id = http_proxy_api(apigatewayv2, function_arn("hostile"), route="GET /x")
    gateway.wait_until(api_id, "dev", "/x?case=ok", lambda r: r.status_code == 200)
    # Valid JSON without statusCode is a body (2.0 inference): the bare string, the object with an unknown key.
    assert gateway.invoke(api_id, "dev", "/x?case=bare-string").text == "hello"
    for case in ["garbage", "bad-status", "status-out-of-range", "body-object", "header-object", "header-newline",
                 "bad-base64", "deep", "huge", "empty", "raise"]:
        response = gateway.invoke(api_id, "dev", f"/x?case={case}")
        assert response.status_code == 500 and response.json() == HTTP_500, (case, response.status_code, response.text[:200])
        assert "X-Injected" not in response.headers

    slow_id = http_proxy_api(apigatewayv2, function_arn("slow"), route="GET /x", timeout=300)
    late = gateway.wait_until(slow_id, "dev", "/x", lambda r: r.status_code == 503)
    assert late.status_code == 503 and late.json() == {"message": "Service Unavailable"}


def test_http_v1_event_and_answers(served, lambdas):
    _, _, apigatewayv2, gateway = served

    def v1(event):
        if event["path"].endswith("/bad"):
            return "not a proxy answer"
        return {"statusCode": 200, "multiValueHeaders": {"x-m": ["1", "2"]}, "body": json.dumps({"seen": event["path"]})}

    lambdas.functions["v1"] = v1
    api_id = http_proxy_api(apigatewayv2, function_uri("v1"), version="1.0", route="GET /items/{id}")
    gateway.wait_until(api_id, "dev", "/items/1", lambda r: r.status_code == 200)
    response = gateway.invoke(api_id, "dev", "/items/1?q=a&q=b", headers={"X-Two": "v"})
    assert response.status_code == 200 and response.json() == {"seen": "/dev/items/1"}
    assert response.headers["x-m"] == "1, 2"
    event = lambdas.events[-1][1]
    assert event["version"] == "1.0" and event["headers"]["x-two"] == "v" and event["multiValueHeaders"]["x-two"] == ["v"]
    assert event["multiValueQueryStringParameters"] == {"q": ["a", "b"]} and event["queryStringParameters"] == {"q": "b"}
    assert event["pathParameters"] == {"id": "1"} and event["body"] is None and event["isBase64Encoded"] is False
    bad = gateway.invoke(api_id, "dev", "/items/bad")
    assert bad.status_code == 500 and bad.json() == HTTP_500


def test_unreachable_lambda_answers_500(fresh_server):
    server = fresh_server()
    server.extra_env = {"AWS_ENDPOINT_URL_LAMBDA": "http://127.0.0.1:9", "AWS_ACCESS_KEY_ID": LAMBDA_KEY,
                        "AWS_SECRET_ACCESS_KEY": LAMBDA_SECRET, "AWS_REGION": REGION}
    server.start()
    apigateway = make_client("apigateway", server.endpoint)
    gateway = Gateway(server)
    api_id = rest_proxy_api(apigateway, function_uri("anything"))
    apigateway.create_deployment(restApiId=api_id, stageName="prod")
    unreachable = gateway.wait_until(api_id, "prod", "/x", lambda r: r.status_code == 500)
    assert unreachable.status_code == 500 and unreachable.json() == REST_502
