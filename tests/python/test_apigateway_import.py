"""ImportRestApi, PutRestApi and ImportApi create everything a document declares (issue 11)."""
import json

import pytest
from botocore.exceptions import ClientError

from conftest import REGION

DOCUMENT = {
    "swagger": "2.0",
    "info": {"title": "pytest-import-definitions", "version": "1"},
    "x-amazon-apigateway-request-validators": {"all": {"validateRequestBody": True, "validateRequestParameters": True}},
    "x-amazon-apigateway-gateway-responses": {"DEFAULT_4XX": {"responseParameters": {
        "gatewayresponse.header.Access-Control-Allow-Origin": "'*'"}}},
    "x-amazon-apigateway-binary-media-types": ["image/png"],
    "x-amazon-apigateway-minimum-compression-size": 1024,
    "securityDefinitions": {"tokens": {
        "type": "apiKey", "name": "Authorization", "in": "header", "x-amazon-apigateway-authtype": "custom",
        "x-amazon-apigateway-authorizer": {
            "type": "token", "authorizerResultTtlInSeconds": 60,
            "authorizerUri": "arn:aws:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/"
                             "arn:aws:lambda:${AWS::Region}:${AWS::AccountId}:function:auth/invocations"}}},
    "definitions": {
        "Pet": {"type": "object", "properties": {"owner": {"$ref": "#/definitions/Owner"}}},
        "Owner": {"type": "object", "properties": {"name": {"type": "string"}}},
    },
    "paths": {"/pets": {"post": {
        "security": [{"api_key": []}, {"tokens": []}],
        "x-amazon-apigateway-request-validator": "all",
        "parameters": [{"in": "body", "name": "Pet", "schema": {"$ref": "#/definitions/Pet"}}],
        "x-amazon-apigateway-integration": {
            "type": "mock", "requestTemplates": {"application/json": '{"statusCode": 200}'},
            "responses": {"default": {"statusCode": "200"}}}}}},
}


def test_import_creates_authorizers_validators_models_and_gateway_responses(apigateway):
    api = apigateway.import_rest_api(body=json.dumps(DOCUMENT).encode(), failOnWarnings=True)
    api_id = api["id"]
    try:
        assert api["binaryMediaTypes"] == ["image/png"]
        assert api["minimumCompressionSize"] == 1024
        authorizers = apigateway.get_authorizers(restApiId=api_id)["items"]
        assert [(a["name"], a["type"], a["identitySource"]) for a in authorizers] == [
            ("tokens", "TOKEN", "method.request.header.Authorization")]
        assert f"arn:aws:lambda:{REGION}:" in authorizers[0]["authorizerUri"]
        assert "${AWS::" not in authorizers[0]["authorizerUri"]
        validators = apigateway.get_request_validators(restApiId=api_id)["items"]
        assert [(v["name"], v["validateRequestBody"]) for v in validators] == [("all", True)]
        models = {m["name"]: m for m in apigateway.get_models(restApiId=api_id)["items"]}
        assert {"Pet", "Owner", "Empty", "Error"} <= set(models)
        assert f"https://apigateway.amazonaws.com/restapis/{api_id}/models/Owner" in models["Pet"]["schema"]
        response = apigateway.get_gateway_response(restApiId=api_id, responseType="DEFAULT_4XX")
        assert response["responseParameters"] == {"gatewayresponse.header.Access-Control-Allow-Origin": "'*'"}
        assert response["defaultResponse"] is False
        resource = next(r for r in apigateway.get_resources(restApiId=api_id)["items"] if r["path"] == "/pets")
        method = apigateway.get_method(restApiId=api_id, resourceId=resource["id"], httpMethod="POST")
        assert method["authorizationType"] == "CUSTOM" and method["authorizerId"] == authorizers[0]["id"]
        assert method["apiKeyRequired"] is False  # `api_key` is not declared: AWS ignores it
        assert method["requestValidatorId"] == validators[0]["id"]
        assert method["requestModels"] == {"application/json": "Pet"}
        apigateway.create_deployment(restApiId=api_id, stageName="test")

        # Overwrite keeps the ids of what has the same name, and drops what the document no longer has.
        smaller = json.loads(json.dumps(DOCUMENT))
        del smaller["x-amazon-apigateway-gateway-responses"]
        del smaller["definitions"]["Owner"]
        smaller["definitions"]["Pet"] = {"type": "object"}
        apigateway.put_rest_api(restApiId=api_id, mode="overwrite", body=json.dumps(smaller).encode(), failOnWarnings=True)
        assert [a["id"] for a in apigateway.get_authorizers(restApiId=api_id)["items"]] == [authorizers[0]["id"]]
        assert "Owner" not in {m["name"] for m in apigateway.get_models(restApiId=api_id)["items"]}
        assert apigateway.get_gateway_response(restApiId=api_id, responseType="DEFAULT_4XX")["defaultResponse"] is True
    finally:
        apigateway.delete_rest_api(restApiId=api_id)


def test_a_refused_import_stores_nothing(apigateway):
    before = len(apigateway.get_rest_apis(limit=500)["items"])
    broken = json.loads(json.dumps(DOCUMENT))
    broken["definitions"]["pet_input"] = {"type": "object"}
    with pytest.raises(ClientError) as excinfo:
        apigateway.import_rest_api(body=json.dumps(broken).encode())
    assert excinfo.value.response["Error"]["Code"] == "BadRequestException"
    assert "Model name must be alphanumeric: pet_input" in excinfo.value.response["Error"]["Message"]
    assert len(apigateway.get_rest_apis(limit=500)["items"]) == before


def test_import_api_creates_http_api_authorizers(apigatewayv2):
    document = """openapi: 3.0.1
info: {title: pytest-http-authorizers, version: "1"}
components:
  securitySchemes:
    jwt:
      type: oauth2
      x-amazon-apigateway-authorizer:
        type: jwt
        identitySource: $request.header.Authorization
        jwtConfiguration:
          issuer: https://cognito-idp.${AWS::Region}.amazonaws.com/pool
          audience: [client]
paths:
  /pets:
    get:
      security: [{jwt: [pets/read]}]
      x-amazon-apigateway-integration:
        type: http_proxy
        httpMethod: GET
        uri: https://example.com/pets
        payloadFormatVersion: "1.0"
"""
    api = apigatewayv2.import_api(Body=document, FailOnWarnings=True)
    try:
        authorizers = apigatewayv2.get_authorizers(ApiId=api["ApiId"])["Items"]
        assert [(a["Name"], a["AuthorizerType"]) for a in authorizers] == [("jwt", "JWT")]
        assert authorizers[0]["JwtConfiguration"]["Issuer"] == f"https://cognito-idp.{REGION}.amazonaws.com/pool"
        route = apigatewayv2.get_routes(ApiId=api["ApiId"])["Items"][0]
        assert route["AuthorizerId"] == authorizers[0]["AuthorizerId"]
        assert route["AuthorizationScopes"] == ["pets/read"]
        apigatewayv2.reimport_api(ApiId=api["ApiId"], Body=document)
        assert [a["AuthorizerId"] for a in apigatewayv2.get_authorizers(ApiId=api["ApiId"])["Items"]] == [authorizers[0]["AuthorizerId"]]
    finally:
        apigatewayv2.delete_api(ApiId=api["ApiId"])


def test_import_creates_documentation_parts(apigateway):
    document = json.loads(json.dumps(DOCUMENT))
    document["info"]["title"] = "pytest-import-documentation"
    document["x-amazon-apigateway-documentation"] = {"version": "1.0.0", "documentationParts": [
        {"location": {"type": "API"}, "properties": {"description": "Pets"}},
        {"location": {"type": "METHOD", "path": "/pets", "method": "POST"}, "properties": {"summary": "Add a pet"}}]}
    api_id = apigateway.import_rest_api(body=json.dumps(document).encode(), failOnWarnings=True)["id"]
    try:
        parts = apigateway.get_documentation_parts(restApiId=api_id)["items"]
        assert sorted(p["location"]["type"] for p in parts) == ["API", "METHOD"]
        method_part = next(p for p in parts if p["location"]["type"] == "METHOD")
        assert json.loads(method_part["properties"]) == {"summary": "Add a pet"}
        apigateway.update_documentation_part(restApiId=api_id, documentationPartId=method_part["id"], patchOperations=[
            {"op": "replace", "path": "/properties", "value": '{"summary": "Adds a pet"}'}])
        assert json.loads(apigateway.get_documentation_part(restApiId=api_id, documentationPartId=method_part["id"])["properties"]) == {
            "summary": "Adds a pet"}
    finally:
        apigateway.delete_rest_api(restApiId=api_id)
