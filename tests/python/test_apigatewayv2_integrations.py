"""apigatewayv2 integrations and integration responses with boto3 and the aws CLI."""
import uuid

import pytest
from botocore.exceptions import ClientError

LAMBDA = "arn:aws:lambda:us-east-1:123456789012:function:pets"


@pytest.fixture
def api(apigatewayv2):
    api_id = apigatewayv2.create_api(Name=f"integrations-{uuid.uuid4().hex[:8]}", ProtocolType="HTTP")["ApiId"]
    yield api_id
    apigatewayv2.delete_api(ApiId=api_id)


def test_integration_crud(apigatewayv2, api):
    created = apigatewayv2.create_integration(ApiId=api, IntegrationType="AWS_PROXY", IntegrationUri=LAMBDA,
                                              PayloadFormatVersion="2.0")
    assert created["ResponseMetadata"]["HTTPStatusCode"] == 201
    integration_id = created["IntegrationId"]
    assert created["ConnectionType"] == "INTERNET"
    assert created["TimeoutInMillis"] == 30000
    assert created["IntegrationMethod"] == "POST"
    proxy = apigatewayv2.create_integration(ApiId=api, IntegrationType="HTTP_PROXY", IntegrationMethod="GET",
                                            IntegrationUri="https://backend.example.com", TimeoutInMillis=1000)
    assert proxy["PayloadFormatVersion"] == "1.0"
    assert proxy["TimeoutInMillis"] == 1000
    updated = apigatewayv2.update_integration(ApiId=api, IntegrationId=integration_id, PayloadFormatVersion="1.0",
                                              Description="lambda")
    assert (updated["PayloadFormatVersion"], updated["Description"]) == ("1.0", "lambda")
    assert apigatewayv2.get_integration(ApiId=api, IntegrationId=integration_id)["Description"] == "lambda"
    pages = list(apigatewayv2.get_paginator("get_integrations").paginate(ApiId=api, PaginationConfig={"PageSize": 1}))
    assert [len(page["Items"]) for page in pages] == [1, 1]

    route_id = apigatewayv2.create_route(ApiId=api, RouteKey="GET /a", Target=f"integrations/{integration_id}")["RouteId"]
    with pytest.raises(ClientError) as excinfo:
        apigatewayv2.delete_integration(ApiId=api, IntegrationId=integration_id)
    assert excinfo.value.response["Error"]["Code"] == "ConflictException"
    assert excinfo.value.response["Error"]["Message"] == (
        f"Cannot delete Integration because it is referenced by the following Routes with Ids: [{route_id}]")
    apigatewayv2.delete_route(ApiId=api, RouteId=route_id)
    assert apigatewayv2.delete_integration(ApiId=api, IntegrationId=integration_id)["ResponseMetadata"]["HTTPStatusCode"] == 204
    with pytest.raises(ClientError) as excinfo:
        apigatewayv2.get_integration(ApiId=api, IntegrationId=integration_id)
    assert excinfo.value.response["Error"]["Message"] == f"Invalid Integration identifier specified {integration_id}"


@pytest.mark.parametrize("arguments", [
    dict(IntegrationType="AWS", IntegrationUri=LAMBDA),
    dict(IntegrationType="AWS_PROXY", IntegrationUri=LAMBDA),
    dict(IntegrationType="AWS_PROXY", IntegrationUri=LAMBDA, PayloadFormatVersion="3.0"),
    dict(IntegrationType="HTTP_PROXY", IntegrationUri="https://b.example"),
    dict(IntegrationType="HTTP_PROXY", IntegrationMethod="GET", IntegrationUri="https://b.example", PayloadFormatVersion="2.0"),
    dict(IntegrationType="HTTP_PROXY", IntegrationMethod="GET"),
    dict(IntegrationType="AWS_PROXY", IntegrationUri=LAMBDA, PayloadFormatVersion="2.0", TimeoutInMillis=30001),
])
def test_integration_validation(apigatewayv2, api, arguments):
    with pytest.raises(ClientError) as excinfo:
        apigatewayv2.create_integration(ApiId=api, **arguments)
    assert excinfo.value.response["Error"]["Code"] == "BadRequestException"
    assert excinfo.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400


def test_proxy_only_message(apigatewayv2, api):
    with pytest.raises(ClientError) as excinfo:
        apigatewayv2.create_integration(ApiId=api, IntegrationType="AWS", IntegrationUri=LAMBDA)
    assert excinfo.value.response["Error"]["Message"] == (
        "Currently, an API with a protocol type of HTTP may only be associated with proxy integrations (AWS_PROXY, HTTP_PROXY)")


def test_integration_responses(apigatewayv2, api):
    integration_id = apigatewayv2.create_integration(ApiId=api, IntegrationType="HTTP_PROXY", IntegrationMethod="ANY",
                                                     IntegrationUri="https://b.example")["IntegrationId"]
    created = apigatewayv2.create_integration_response(ApiId=api, IntegrationId=integration_id,
                                                       IntegrationResponseKey="$default")
    assert created["ResponseMetadata"]["HTTPStatusCode"] == 201
    response_id = created["IntegrationResponseId"]
    updated = apigatewayv2.update_integration_response(ApiId=api, IntegrationId=integration_id,
                                                       IntegrationResponseId=response_id,
                                                       ResponseTemplates={"application/json": "{}"})
    assert updated["ResponseTemplates"] == {"application/json": "{}"}
    listed = apigatewayv2.get_integration_responses(ApiId=api, IntegrationId=integration_id)["Items"]
    assert [item["IntegrationResponseId"] for item in listed] == [response_id]
    apigatewayv2.delete_integration_response(ApiId=api, IntegrationId=integration_id, IntegrationResponseId=response_id)
    with pytest.raises(ClientError) as excinfo:
        apigatewayv2.get_integration_response(ApiId=api, IntegrationId=integration_id, IntegrationResponseId=response_id)
    assert excinfo.value.response["Error"]["Code"] == "NotFoundException"


def test_aws_cli_integrations(aws_cli, api):
    created = aws_cli("apigatewayv2", "create-integration", "--api-id", api, "--integration-type", "AWS_PROXY",
                      "--integration-uri", LAMBDA, "--payload-format-version", "2.0")
    assert created["PayloadFormatVersion"] == "2.0"
    listed = aws_cli("apigatewayv2", "get-integrations", "--api-id", api)
    assert [item["IntegrationId"] for item in listed["Items"]] == [created["IntegrationId"]]
    updated = aws_cli("apigatewayv2", "update-integration", "--api-id", api, "--integration-id", created["IntegrationId"],
                      "--timeout-in-millis", "5000")
    assert updated["TimeoutInMillis"] == 5000
    aws_cli("apigatewayv2", "delete-integration", "--api-id", api, "--integration-id", created["IntegrationId"])
    error = aws_cli("apigatewayv2", "create-integration", "--api-id", api, "--integration-type", "MOCK", expect_failure=True)
    assert "BadRequestException" in error
