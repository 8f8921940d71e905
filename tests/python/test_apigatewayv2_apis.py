"""apigatewayv2 APIs with boto3 and the aws CLI: create (with quick create), get, list with
pagination, update, delete, errors."""
import re
import uuid

import pytest
from botocore.exceptions import ClientError

LAMBDA = "arn:aws:lambda:us-east-1:123456789012:function:pets"


def unique(prefix):
    return f"{prefix}-{uuid.uuid4().hex[:8]}"


def error_of(excinfo):
    return excinfo.value.response["Error"]["Code"], excinfo.value.response["Error"]["Message"], \
        excinfo.value.response["ResponseMetadata"]["HTTPStatusCode"]


def test_create_get_update_delete_api(apigatewayv2):
    created = apigatewayv2.create_api(Name=unique("pets"), ProtocolType="HTTP", Description="first", Tags={"team": "a"})
    assert created["ResponseMetadata"]["HTTPStatusCode"] == 201
    api_id = created["ApiId"]
    assert re.fullmatch(r"[a-z0-9]{10}", api_id)
    assert created["RouteSelectionExpression"] == "$request.method $request.path"
    assert created["ApiKeySelectionExpression"] == "$request.header.x-api-key"
    assert created["ApiEndpoint"].startswith(f"https://{api_id}.execute-api.")
    assert created["DisableExecuteApiEndpoint"] is False
    assert created["CreatedDate"].tzinfo is not None
    assert created["Tags"] == {"team": "a"}

    fetched = apigatewayv2.get_api(ApiId=api_id)
    assert fetched["Name"] == created["Name"]
    assert fetched["CreatedDate"] == created["CreatedDate"]

    updated = apigatewayv2.update_api(ApiId=api_id, Name="renamed",
                                      CorsConfiguration={"AllowOrigins": ["https://a.example"], "MaxAge": 300})
    assert updated["Name"] == "renamed"
    assert updated["Description"] == "first"
    assert updated["CorsConfiguration"] == {"AllowOrigins": ["https://a.example"], "MaxAge": 300}
    apigatewayv2.delete_cors_configuration(ApiId=api_id)
    assert "CorsConfiguration" not in apigatewayv2.get_api(ApiId=api_id)

    deleted = apigatewayv2.delete_api(ApiId=api_id)
    assert deleted["ResponseMetadata"]["HTTPStatusCode"] == 204
    with pytest.raises(ClientError) as excinfo:
        apigatewayv2.get_api(ApiId=api_id)
    code, message, status = error_of(excinfo)
    assert (code, status) == ("NotFoundException", 404)
    assert re.fullmatch(rf"Invalid API identifier specified \d{{12}}:{api_id}", message)


def test_get_apis_paginates(apigatewayv2):
    ids = {apigatewayv2.create_api(Name=unique("page"), ProtocolType="HTTP")["ApiId"] for _ in range(5)}
    first = apigatewayv2.get_apis(MaxResults="2")
    assert len(first["Items"]) == 2
    assert first["NextToken"]
    seen = []
    for page in apigatewayv2.get_paginator("get_apis").paginate(PaginationConfig={"PageSize": 2}):
        assert len(page["Items"]) <= 2
        seen += [item["ApiId"] for item in page["Items"]]
    assert len(seen) == len(set(seen))
    assert ids <= set(seen)
    for api_id in ids:
        apigatewayv2.delete_api(ApiId=api_id)


def test_create_api_errors(apigatewayv2):
    with pytest.raises(ClientError) as excinfo:
        apigatewayv2.create_api(Name="x", ProtocolType="HTTP", RouteSelectionExpression="$request.body.action")
    assert error_of(excinfo)[0] == "BadRequestException"
    with pytest.raises(ClientError) as excinfo:
        apigatewayv2.create_api(Name="x", ProtocolType="HTTP", Target="ftp://nowhere")
    assert error_of(excinfo)[2] == 400
    with pytest.raises(ClientError) as excinfo:
        apigatewayv2.update_api(ApiId="nothere00", Name="x")
    assert error_of(excinfo)[:1] == ("NotFoundException",)
    with pytest.raises(ClientError) as excinfo:
        apigatewayv2.delete_api(ApiId="nothere00")
    assert error_of(excinfo)[2] == 404


def test_quick_create(apigatewayv2):
    created = apigatewayv2.create_api(Name=unique("quick"), ProtocolType="HTTP", Target=LAMBDA)
    api_id = created["ApiId"]
    integrations = apigatewayv2.get_integrations(ApiId=api_id)["Items"]
    assert len(integrations) == 1
    integration = integrations[0]
    assert integration["IntegrationType"] == "AWS_PROXY"
    assert integration["PayloadFormatVersion"] == "2.0"
    assert integration["ApiGatewayManaged"] is True
    routes = apigatewayv2.get_routes(ApiId=api_id)["Items"]
    assert [route["RouteKey"] for route in routes] == ["$default"]
    assert routes[0]["Target"] == f"integrations/{integration['IntegrationId']}"
    stage = apigatewayv2.get_stage(ApiId=api_id, StageName="$default")
    assert stage["AutoDeploy"] is True
    assert stage["ApiGatewayManaged"] is True
    deployment = apigatewayv2.get_deployment(ApiId=api_id, DeploymentId=stage["DeploymentId"])
    assert deployment["AutoDeployed"] is True
    assert deployment["DeploymentStatus"] == "DEPLOYED"

    apigatewayv2.update_api(ApiId=api_id, Target="https://backend.example.com", RouteKey="ANY /{proxy+}")
    integration = apigatewayv2.get_integrations(ApiId=api_id)["Items"][0]
    assert (integration["IntegrationType"], integration["PayloadFormatVersion"]) == ("HTTP_PROXY", "1.0")
    assert [route["RouteKey"] for route in apigatewayv2.get_routes(ApiId=api_id)["Items"]] == ["ANY /{proxy+}"]
    assert apigatewayv2.get_stage(ApiId=api_id, StageName="$default")["DeploymentId"] != stage["DeploymentId"]
    apigatewayv2.delete_api(ApiId=api_id)


def test_websocket_api_is_stored(apigatewayv2):
    created = apigatewayv2.create_api(Name=unique("chat"), ProtocolType="WEBSOCKET",
                                      RouteSelectionExpression="$request.body.action")
    assert created["ProtocolType"] == "WEBSOCKET"
    assert created["ApiEndpoint"].startswith("wss://")
    route = apigatewayv2.create_route(ApiId=created["ApiId"], RouteKey="$connect")
    assert route["RouteKey"] == "$connect"
    apigatewayv2.delete_api(ApiId=created["ApiId"])


def test_aws_cli_apis(aws_cli):
    name = unique("cli")
    created = aws_cli("apigatewayv2", "create-api", "--name", name, "--protocol-type", "HTTP")
    api_id = created["ApiId"]
    assert created["Name"] == name
    assert aws_cli("apigatewayv2", "get-api", "--api-id", api_id)["ApiId"] == api_id
    listed = aws_cli("apigatewayv2", "get-apis", "--page-size", "1")
    assert api_id in [item["ApiId"] for item in listed["Items"]]
    updated = aws_cli("apigatewayv2", "update-api", "--api-id", api_id, "--description", "from the cli")
    assert updated["Description"] == "from the cli"
    assert aws_cli("apigatewayv2", "delete-api", "--api-id", api_id) == {}
    error = aws_cli("apigatewayv2", "get-api", "--api-id", api_id, expect_failure=True)
    assert "NotFoundException" in error and f":{api_id}" in error
