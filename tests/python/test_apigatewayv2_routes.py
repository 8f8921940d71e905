"""apigatewayv2 routes and route responses with boto3 and the aws CLI."""
import uuid

import pytest
from botocore.exceptions import ClientError


@pytest.fixture
def api(apigatewayv2):
    api_id = apigatewayv2.create_api(Name=f"routes-{uuid.uuid4().hex[:8]}", ProtocolType="HTTP")["ApiId"]
    yield api_id
    apigatewayv2.delete_api(ApiId=api_id)


def http_integration(client, api_id):
    return client.create_integration(ApiId=api_id, IntegrationType="HTTP_PROXY", IntegrationMethod="ANY",
                                     IntegrationUri="https://backend.example.com")["IntegrationId"]


def test_route_crud(apigatewayv2, api):
    integration_id = http_integration(apigatewayv2, api)
    created = apigatewayv2.create_route(ApiId=api, RouteKey="GET /pets/{id}", Target=f"integrations/{integration_id}")
    assert created["ResponseMetadata"]["HTTPStatusCode"] == 201
    assert len(created["RouteId"]) == 7
    assert created["AuthorizationType"] == "NONE"
    assert created["ApiKeyRequired"] is False
    route_id = created["RouteId"]
    assert apigatewayv2.get_route(ApiId=api, RouteId=route_id)["RouteKey"] == "GET /pets/{id}"
    updated = apigatewayv2.update_route(ApiId=api, RouteId=route_id, RouteKey="DELETE /pets/{id}", OperationName="deletePet")
    assert (updated["RouteKey"], updated["OperationName"]) == ("DELETE /pets/{id}", "deletePet")
    assert updated["Target"] == f"integrations/{integration_id}"
    for index in range(4):
        apigatewayv2.create_route(ApiId=api, RouteKey=f"GET /r{index}")
    pages = list(apigatewayv2.get_paginator("get_routes").paginate(ApiId=api, PaginationConfig={"PageSize": 2}))
    assert len(pages) == 3
    assert sum(len(page["Items"]) for page in pages) == 5
    assert apigatewayv2.delete_route(ApiId=api, RouteId=route_id)["ResponseMetadata"]["HTTPStatusCode"] == 204
    with pytest.raises(ClientError) as excinfo:
        apigatewayv2.get_route(ApiId=api, RouteId=route_id)
    assert excinfo.value.response["Error"]["Code"] == "NotFoundException"
    assert excinfo.value.response["Error"]["Message"] == f"Invalid Route identifier specified {route_id}"


def test_route_errors(apigatewayv2, api):
    apigatewayv2.create_route(ApiId=api, RouteKey="GET /pets/{id}")
    with pytest.raises(ClientError) as excinfo:
        apigatewayv2.create_route(ApiId=api, RouteKey="GET /pets/{id}")
    assert excinfo.value.response["Error"]["Code"] == "ConflictException"
    assert excinfo.value.response["ResponseMetadata"]["HTTPStatusCode"] == 409
    with pytest.raises(ClientError) as excinfo:
        apigatewayv2.create_route(ApiId=api, RouteKey="GET /pets/{petId}")
    assert excinfo.value.response["Error"]["Message"] == (
        'The provided route key "GET /pets/{petId}" has a conflicting variable on the same hierarchical level as "GET /pets/{id}"')
    for bad in ["GET", "FETCH /pets", "GET /pets/", "GET /{proxy+}/more"]:
        with pytest.raises(ClientError) as excinfo:
            apigatewayv2.create_route(ApiId=api, RouteKey=bad)
        assert excinfo.value.response["Error"]["Code"] == "BadRequestException", bad
    with pytest.raises(ClientError) as excinfo:
        apigatewayv2.create_route(ApiId=api, RouteKey="GET /a", Target="integrations/abcdefg")
    assert excinfo.value.response["Error"]["Code"] == "NotFoundException"
    with pytest.raises(ClientError) as excinfo:
        apigatewayv2.get_routes(ApiId="nothere00")
    assert excinfo.value.response["Error"]["Code"] == "NotFoundException"


def test_route_responses(apigatewayv2, api):
    route_id = apigatewayv2.create_route(ApiId=api, RouteKey="GET /a")["RouteId"]
    created = apigatewayv2.create_route_response(ApiId=api, RouteId=route_id, RouteResponseKey="$default")
    assert created["ResponseMetadata"]["HTTPStatusCode"] == 201
    response_id = created["RouteResponseId"]
    updated = apigatewayv2.update_route_response(ApiId=api, RouteId=route_id, RouteResponseId=response_id,
                                                 ModelSelectionExpression="$default")
    assert updated["ModelSelectionExpression"] == "$default"
    got = apigatewayv2.get_route_response(ApiId=api, RouteId=route_id, RouteResponseId=response_id)
    assert got["RouteResponseKey"] == "$default"
    assert len(apigatewayv2.get_route_responses(ApiId=api, RouteId=route_id)["Items"]) == 1
    apigatewayv2.delete_route_response(ApiId=api, RouteId=route_id, RouteResponseId=response_id)
    with pytest.raises(ClientError) as excinfo:
        apigatewayv2.get_route_response(ApiId=api, RouteId=route_id, RouteResponseId=response_id)
    assert excinfo.value.response["Error"]["Code"] == "NotFoundException"


def test_aws_cli_routes(aws_cli, apigatewayv2, api):
    created = aws_cli("apigatewayv2", "create-route", "--api-id", api, "--route-key", "POST /orders")
    assert created["RouteKey"] == "POST /orders"
    listed = aws_cli("apigatewayv2", "get-routes", "--api-id", api)
    assert [item["RouteKey"] for item in listed["Items"]] == ["POST /orders"]
    updated = aws_cli("apigatewayv2", "update-route", "--api-id", api, "--route-id", created["RouteId"],
                      "--route-key", "PUT /orders")
    assert updated["RouteKey"] == "PUT /orders"
    aws_cli("apigatewayv2", "delete-route", "--api-id", api, "--route-id", created["RouteId"])
    error = aws_cli("apigatewayv2", "create-route", "--api-id", api, "--route-key", "GET pets", expect_failure=True)
    assert "BadRequestException" in error
