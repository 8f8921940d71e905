"""Request validation, custom gateway responses, binary payloads and body parameter mappings,
driven with boto3 against the real binary and checked with `requests`: AWS's answers (400
`Invalid request body` / `Missing required request parameters: [..]` with
`x-amzn-ErrorType: BadRequestException`), gateway responses from the management API and from
OpenAPI (`x-amazon-apigateway-request-validators`, `x-amazon-apigateway-gateway-responses`),
contentHandling through an HTTP non-proxy integration, and HTTP API response mappings."""
import base64
import json
import os
import time

import pytest

from local_http import QuietHandler, start, stop

PET_SCHEMA = {
    "$schema": "http://json-schema.org/draft-04/schema#", "type": "object", "required": ["name", "price"],
    "properties": {
        "name": {"type": "string"}, "price": {"type": "integer", "minimum": 1},
        "tag": {"$ref": "https://apigateway.amazonaws.com/restapis/API_ID/models/Tag"},
    },
}


def wait_for(call, predicate, timeout=5.0):
    """Calls `call()` until `predicate(response)` holds: a deployment is live once it does."""
    deadline = time.time() + timeout
    while True:
        response = call()
        if predicate(response) or time.time() > deadline:
            return response
        time.sleep(0.05)


def root_id(client, api_id):
    return next(item["id"] for item in client.get_resources(restApiId=api_id)["items"] if item["path"] == "/")


class EchoBackend(QuietHandler):
    """Answers with the request's body, Content-Type and the headers tests look at."""

    def do_POST(self):
        data = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        if self.path.startswith("/base64"):
            data = base64.b64encode(data)
        self.send_response(200)
        self.send_header("Content-Type", self.headers.get("Content-Type", "application/octet-stream"))
        self.send_header("X-Seen-Pet", self.headers.get("X-Pet-Name", ""))
        self.send_header("X-Seen-Body", self.headers.get("X-Whole-Body", ""))
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self):
        self.send_json(200, {"order": {"id": 42, "items": ["a", "b"]}}, headers={"X-Drop": "me", "X-Keep": "k"})


@pytest.fixture(scope="module")
def backend():
    server, url = start(EchoBackend)
    yield url
    stop(server)


@pytest.fixture(scope="module")
def validated_api(apigateway):
    """POST /pets: validator for body and parameters, model Pet ($ref to Tag), MOCK integration."""
    api_id = apigateway.create_rest_api(name="validation")["id"]
    apigateway.create_model(restApiId=api_id, name="Tag", contentType="application/json",
                            schema=json.dumps({"type": "string", "enum": ["cat", "dog"]}))
    apigateway.create_model(restApiId=api_id, name="Pet", contentType="application/json",
                            schema=json.dumps(PET_SCHEMA).replace("API_ID", api_id))
    validator = apigateway.create_request_validator(restApiId=api_id, name="all", validateRequestBody=True,
                                                    validateRequestParameters=True)
    resource = apigateway.create_resource(restApiId=api_id, parentId=root_id(apigateway, api_id), pathPart="pets")
    apigateway.put_method(
        restApiId=api_id, resourceId=resource["id"], httpMethod="POST", authorizationType="NONE",
        requestValidatorId=validator["id"], requestModels={"application/json": "Pet"},
        requestParameters={"method.request.header.x-trace": True, "method.request.querystring.owner": True,
                           "method.request.querystring.optional": False})
    apigateway.put_integration(restApiId=api_id, resourceId=resource["id"], httpMethod="POST", type="MOCK",
                               requestTemplates={"application/json": '{"statusCode": 200}'})
    apigateway.put_method_response(restApiId=api_id, resourceId=resource["id"], httpMethod="POST", statusCode="200")
    apigateway.put_integration_response(restApiId=api_id, resourceId=resource["id"], httpMethod="POST", statusCode="200",
                                        responseTemplates={"application/json": '{"created": true}'})
    apigateway.create_deployment(restApiId=api_id, stageName="dev")
    return api_id


GOOD = {"name": "rex", "price": 3, "tag": "dog"}
HEADERS = {"x-trace": "abc", "Content-Type": "application/json"}


def post(gateway, api_id, path="/pets?owner=me", body=GOOD, headers=HEADERS, stage="dev"):
    data = body if isinstance(body, (bytes, str)) or body is None else json.dumps(body)
    return gateway.invoke(api_id, stage, path, method="POST", data=data, headers=headers)


def test_valid_request_reaches_the_integration(gateway, validated_api):
    response = wait_for(lambda: post(gateway, validated_api), lambda r: r.status_code != 403)
    assert response.status_code == 200, response.text
    assert response.json() == {"created": True}


def test_missing_parameters_are_named_in_awss_answer(gateway, validated_api):
    response = post(gateway, validated_api, path="/pets", headers={"Content-Type": "application/json"})
    assert response.status_code == 400
    assert response.json() == {"message": "Missing required request parameters: [x-trace, owner]"}
    assert response.headers["x-amzn-ErrorType"] == "BadRequestException"
    # Present but blank counts as missing; the optional one is never required.
    blank = post(gateway, validated_api, path="/pets?owner=", headers={"x-trace": "t", "Content-Type": "application/json"})
    assert blank.json() == {"message": "Missing required request parameters: [owner]"}


@pytest.mark.parametrize("body", [
    {"name": "rex"},                          # required price missing
    {"name": "rex", "price": "3"},            # wrong type
    {"name": "rex", "price": 0},              # below minimum
    {"name": "rex", "price": 3, "tag": "cow"},  # $ref to the Tag model: not in its enum
    "[1, 2]",                                 # not an object
    '{"name": ',                              # not JSON
    None,                                     # empty: validated as {}
])
def test_invalid_bodies_answer_invalid_request_body(gateway, validated_api, body):
    response = post(gateway, validated_api, body=body)
    assert response.status_code == 400
    assert response.json() == {"message": "Invalid request body"}
    assert response.headers["x-amzn-ErrorType"] == "BadRequestException"


def test_a_content_type_without_a_model_is_not_validated(gateway, validated_api):
    # requestModels name only application/json: AWS validates no other type.
    response = post(gateway, validated_api, body="plain text", headers={"x-trace": "t", "Content-Type": "text/plain"})
    assert response.status_code != 400


def test_custom_gateway_responses_from_the_management_api(apigateway, gateway, validated_api):
    apigateway.put_gateway_response(
        restApiId=validated_api, responseType="BAD_REQUEST_BODY", statusCode="422",
        responseParameters={"gatewayresponse.header.x-trace-back": "method.request.header.x-trace",
                            "gatewayresponse.header.x-kind": "'validation'"},
        responseTemplates={"application/json": '{"error": "the pet is not valid"}'})
    apigateway.put_gateway_response(
        restApiId=validated_api, responseType="DEFAULT_4XX",
        responseParameters={"gatewayresponse.header.Access-Control-Allow-Origin": "'*'"})
    apigateway.create_deployment(restApiId=validated_api, stageName="dev")
    response = wait_for(lambda: post(gateway, validated_api, body={"name": 1}), lambda r: r.status_code == 422)
    assert response.status_code == 422
    assert response.json() == {"error": "the pet is not valid"}
    assert response.headers["x-trace-back"] == "abc" and response.headers["x-kind"] == "validation"
    assert response.headers["x-amzn-ErrorType"] == "BadRequestException"
    # DEFAULT_4XX covers the other 4XX answers, each keeping its own status and body.
    missing = post(gateway, validated_api, path="/pets")
    assert missing.status_code == 400 and missing.headers["Access-Control-Allow-Origin"] == "*"
    assert missing.json() == {"message": "Missing required request parameters: [owner]"}
    no_route = gateway.invoke(validated_api, "dev", "/nothing")
    assert no_route.status_code == 403 and no_route.headers["Access-Control-Allow-Origin"] == "*"
    assert no_route.json() == {"message": "Missing Authentication Token"}
    # Still correct for a valid request.
    assert post(gateway, validated_api).status_code == 200


def test_gateway_response_templates_render_the_error_context(apigateway, gateway, validated_api):
    """A VTL gateway-response template reads `$context.error.*` (AWS's own default template
    among them) and the rest of `$context`."""
    apigateway.put_gateway_response(
        restApiId=validated_api, responseType="BAD_REQUEST_BODY", statusCode="400",
        responseTemplates={"application/json": '{"type": "$context.error.responseType", "message": $context.error.messageString, '
                                               '"why": "$util.escapeJavaScript($context.error.validationErrorString)", '
                                               '"stage": "$context.stage"}'})
    apigateway.put_gateway_response(
        restApiId=validated_api, responseType="BAD_REQUEST_PARAMETERS",
        responseTemplates={"application/json": '{"message":$context.error.messageString}'})
    apigateway.create_deployment(restApiId=validated_api, stageName="dev")
    response = wait_for(lambda: post(gateway, validated_api, body={"name": 1}),
                        lambda r: r.status_code == 400 and "type" in r.json())
    body = response.json()
    assert body["type"] == "BAD_REQUEST_BODY" and body["message"] == "Invalid request body" and body["stage"] == "dev"
    # escapeJavaScript escaped the quotes of AWS's report, so it is a JSON string here.
    assert body["why"] == '[object has missing required properties (["price"])]'
    missing = post(gateway, validated_api, path="/pets")
    assert missing.json() == {"message": "Missing required request parameters: [owner]"}


IMPORTED = {
    "openapi": "3.0.1",
    "info": {"title": "imported-validation", "version": "1"},
    "x-amazon-apigateway-request-validators": {
        "body-only": {"validateRequestBody": True, "validateRequestParameters": False},
        "params-only": {"validateRequestBody": False, "validateRequestParameters": True},
    },
    "x-amazon-apigateway-request-validator": "body-only",
    "x-amazon-apigateway-gateway-responses": {
        "BAD_REQUEST_PARAMETERS": {
            "statusCode": 400,
            "responseParameters": {"gatewayresponse.header.x-why": "'parameters'"},
            "responseTemplates": {"application/json": '{"problem": "parameters"}'},
        },
        "MISSING_AUTHENTICATION_TOKEN": {"statusCode": 404, "responseTemplates": {"application/json": '{"problem": "no such route"}'}},
    },
    "paths": {
        "/items": {
            "post": {
                "requestBody": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Item"}}}},
                "responses": {"200": {"description": "ok"}},
                "x-amazon-apigateway-integration": {
                    "type": "mock", "requestTemplates": {"application/json": '{"statusCode": 200}'},
                    "responses": {"default": {"statusCode": "200", "responseTemplates": {"application/json": '{"ok": 1}'}}},
                },
            },
            "get": {
                "parameters": [{"name": "page", "in": "query", "required": True, "schema": {"type": "string"}}],
                "x-amazon-apigateway-request-validator": "params-only",
                "responses": {"200": {"description": "ok"}},
                "x-amazon-apigateway-integration": {
                    "type": "mock", "requestTemplates": {"application/json": '{"statusCode": 200}'},
                    "responses": {"default": {"statusCode": "200", "responseTemplates": {"application/json": '{"ok": 2}'}}},
                },
            },
        }
    },
    "components": {"schemas": {"Item": {"type": "object", "required": ["sku"], "properties": {"sku": {"type": "string"}}}}},
}


def test_imported_validators_and_gateway_responses(apigateway, gateway):
    api_id = apigateway.import_rest_api(body=json.dumps(IMPORTED).encode(), failOnWarnings=True)["id"]
    apigateway.create_deployment(restApiId=api_id, stageName="v1")
    headers = {"Content-Type": "application/json"}
    good = wait_for(lambda: post(gateway, api_id, "/items", {"sku": "x"}, headers, "v1"), lambda r: r.status_code == 200)
    assert good.json() == {"ok": 1}
    # The API's default validator (body only) applies to POST.
    bad = post(gateway, api_id, "/items", {"nope": 1}, headers, "v1")
    assert bad.status_code == 400 and bad.json() == {"message": "Invalid request body"}
    # GET uses its own validator (parameters only) and the custom BAD_REQUEST_PARAMETERS answer.
    missing = gateway.invoke(api_id, "v1", "/items")
    assert missing.status_code == 400 and missing.json() == {"problem": "parameters"}
    assert missing.headers["x-why"] == "parameters"
    assert gateway.invoke(api_id, "v1", "/items?page=2").json() == {"ok": 2}
    nowhere = gateway.invoke(api_id, "v1", "/elsewhere")
    assert nowhere.status_code == 404 and nowhere.json() == {"problem": "no such route"}
    # Export gives them back.
    exported = json.loads(apigateway.get_export(restApiId=api_id, stageName="v1", exportType="oas30",
                                                parameters={"extensions": "apigateway"})["body"].read())
    assert set(exported["x-amazon-apigateway-request-validators"]) == {"body-only", "params-only"}
    responses = exported["x-amazon-apigateway-gateway-responses"]
    assert responses["BAD_REQUEST_PARAMETERS"]["responseParameters"] == {"gatewayresponse.header.x-why": "'parameters'"}
    assert str(responses["MISSING_AUTHENTICATION_TOKEN"]["statusCode"]) == "404"


def http_post_method(client, api_id, parent, part, uri, content_handling=None, response_handling=None,
                     request_parameters=None, response_parameters=None):
    """POST /part: an HTTP (non-proxy) integration to `uri` with passthrough bodies."""
    resource = client.create_resource(restApiId=api_id, parentId=parent, pathPart=part)
    client.put_method(restApiId=api_id, resourceId=resource["id"], httpMethod="POST", authorizationType="NONE")
    extra = {"contentHandling": content_handling} if content_handling else {}
    client.put_integration(restApiId=api_id, resourceId=resource["id"], httpMethod="POST", type="HTTP",
                           integrationHttpMethod="POST", uri=uri, requestParameters=request_parameters or {}, **extra)
    client.put_method_response(restApiId=api_id, resourceId=resource["id"], httpMethod="POST", statusCode="200",
                               responseParameters={f"method.response.header.{name}": False
                                                   for name in ["Content-Type", *[k.rsplit(".", 1)[-1] for k in (response_parameters or {})]]})
    response_extra = {"contentHandling": response_handling} if response_handling else {}
    client.put_integration_response(
        restApiId=api_id, resourceId=resource["id"], httpMethod="POST", statusCode="200",
        responseParameters={"method.response.header.Content-Type": "integration.response.header.Content-Type",
                            **(response_parameters or {})}, **response_extra)


def test_binary_round_trip_and_content_handling(apigateway, gateway, backend):
    api_id = apigateway.create_rest_api(name="binary", binaryMediaTypes=["image/*"])["id"]
    root = root_id(apigateway, api_id)
    http_post_method(apigateway, api_id, root, "echo", f"{backend}/echo")
    http_post_method(apigateway, api_id, root, "as-text", f"{backend}/echo", content_handling="CONVERT_TO_TEXT")
    http_post_method(apigateway, api_id, root, "decode", f"{backend}/base64", response_handling="CONVERT_TO_BINARY")
    apigateway.create_deployment(restApiId=api_id, stageName="bin")
    png = b"\x89PNG\r\n\x1a\n" + os.urandom(4096)
    binary = {"Content-Type": "image/png", "Accept": "image/png"}
    echoed = wait_for(lambda: post(gateway, api_id, "/echo", png, binary, "bin"), lambda r: r.status_code == 200)
    assert echoed.status_code == 200 and echoed.content == png, "binary in, binary out, byte for byte"
    # A binary payload answered to a client that accepts text goes back base64 (AWS's table).
    as_text_accept = post(gateway, api_id, "/echo", png, {"Content-Type": "image/png", "Accept": "application/json"}, "bin")
    assert as_text_accept.content == base64.b64encode(png)
    # CONVERT_TO_TEXT on the integration request: the backend gets (and echoes) base64 text; its
    # answer is still typed image/png, so a client accepting only text gets it base64 once more.
    converted = post(gateway, api_id, "/as-text", png, {"Content-Type": "image/png", "Accept": "image/png"}, "bin")
    assert converted.status_code == 200 and converted.content == base64.b64encode(png)
    # CONVERT_TO_BINARY on the integration response: the backend's base64 text becomes bytes.
    decoded = post(gateway, api_id, "/decode", b"hello text", {"Content-Type": "text/plain"}, "bin")
    assert decoded.status_code == 200 and decoded.content == b"hello text"


def test_body_parameter_mappings(apigateway, gateway, backend):
    api_id = apigateway.create_rest_api(name="body-mapping")["id"]
    http_post_method(
        apigateway, api_id, root_id(apigateway, api_id), "pets", f"{backend}/echo",
        request_parameters={"integration.request.header.X-Pet-Name": "method.request.body.pet.name",
                            "integration.request.header.X-Whole-Body": "method.request.body"},
        response_parameters={"method.response.header.X-Pet-Tag": "integration.response.body.pet.tags[1]",
                             "method.response.header.X-Seen": "integration.response.header.X-Seen-Pet"})
    apigateway.create_deployment(restApiId=api_id, stageName="map")
    body = {"pet": {"name": "rex", "tags": ["a", "good-boy"]}}
    response = wait_for(lambda: post(gateway, api_id, "/pets", body, {"Content-Type": "application/json"}, "map"),
                        lambda r: r.status_code == 200)
    assert response.status_code == 200, response.text
    assert response.headers["X-Seen"] == "rex"
    assert response.headers["X-Pet-Tag"] == "good-boy"
    assert response.json() == body


def test_http_api_response_parameters(apigatewayv2, gateway, backend):
    api_id = apigatewayv2.create_api(Name="response-mapping", ProtocolType="HTTP")["ApiId"]
    integration = apigatewayv2.create_integration(
        ApiId=api_id, IntegrationType="HTTP_PROXY", IntegrationMethod="GET", IntegrationUri=f"{backend}/order",
        PayloadFormatVersion="1.0",
        ResponseParameters={"200": {"overwrite:statuscode": "201", "append:header.x-keep": "more",
                                    "remove:header.x-drop": "''", "overwrite:header.x-order": "$response.body.order.id",
                                    "append:header.x-stage": "$context.stage"}})
    apigatewayv2.create_route(ApiId=api_id, RouteKey="GET /order", Target=f"integrations/{integration['IntegrationId']}")
    apigatewayv2.create_stage(ApiId=api_id, StageName="$default", AutoDeploy=True)
    response = wait_for(lambda: gateway.invoke(api_id, "$default", "/order"), lambda r: r.status_code == 201)
    assert response.status_code == 201
    assert "x-drop" not in response.headers
    assert response.headers["x-keep"] == "k,more"
    assert response.headers["x-order"] == "42"
    assert response.headers["x-stage"] == "$default"
