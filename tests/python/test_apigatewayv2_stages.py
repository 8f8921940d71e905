"""apigatewayv2 stages and deployments with boto3 and the aws CLI, autoDeploy, and an HTTP API
served by the data plane after a change."""
import json
import threading
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from botocore.exceptions import ClientError


@pytest.fixture
def api(apigatewayv2):
    api_id = apigatewayv2.create_api(Name=f"stages-{uuid.uuid4().hex[:8]}", ProtocolType="HTTP")["ApiId"]
    yield api_id
    apigatewayv2.delete_api(ApiId=api_id)


def test_stage_crud(apigatewayv2, api):
    apigatewayv2.create_route(ApiId=api, RouteKey="GET /pets")
    created = apigatewayv2.create_stage(ApiId=api, StageName="dev", StageVariables={"a": "1", "b": "2"},
                                        RouteSettings={"GET /pets": {"ThrottlingBurstLimit": 5}})
    assert created["ResponseMetadata"]["HTTPStatusCode"] == 201
    assert created["AutoDeploy"] is False
    assert created["DefaultRouteSettings"] == {"DetailedMetricsEnabled": False}
    assert created["CreatedDate"] and created["LastUpdatedDate"]
    with pytest.raises(ClientError) as excinfo:
        apigatewayv2.create_stage(ApiId=api, StageName="dev")
    assert (excinfo.value.response["Error"]["Code"], excinfo.value.response["Error"]["Message"]) == (
        "ConflictException", "Stage already exists")
    with pytest.raises(ClientError) as excinfo:
        apigatewayv2.create_stage(ApiId=api, StageName="x", RouteSettings={"GET /cats": {"ThrottlingBurstLimit": 1}})
    assert excinfo.value.response["Error"]["Message"] == "Unable to find Route by key GET /cats within the provided RouteSettings"
    updated = apigatewayv2.update_stage(ApiId=api, StageName="dev", StageVariables={"a": "", "c": "3"}, Description="d",
                                        DefaultRouteSettings={"ThrottlingRateLimit": 10.0})
    assert updated["StageVariables"] == {"b": "2", "c": "3"}
    assert updated["DefaultRouteSettings"]["ThrottlingRateLimit"] == 10.0
    apigatewayv2.delete_route_settings(ApiId=api, StageName="dev", RouteKey="GET /pets")
    assert apigatewayv2.get_stage(ApiId=api, StageName="dev")["RouteSettings"] == {}
    apigatewayv2.create_stage(ApiId=api, StageName="$default")
    pages = list(apigatewayv2.get_paginator("get_stages").paginate(ApiId=api, PaginationConfig={"PageSize": 1}))
    assert sorted(item["StageName"] for page in pages for item in page["Items"]) == ["$default", "dev"]
    assert apigatewayv2.delete_stage(ApiId=api, StageName="dev")["ResponseMetadata"]["HTTPStatusCode"] == 204
    with pytest.raises(ClientError) as excinfo:
        apigatewayv2.get_stage(ApiId=api, StageName="dev")
    assert excinfo.value.response["Error"]["Code"] == "NotFoundException"


def test_deployments(apigatewayv2, api):
    with pytest.raises(ClientError) as excinfo:
        apigatewayv2.create_deployment(ApiId=api)
    assert excinfo.value.response["Error"]["Message"] == "Unable to deploy API because no routes exist in this API"
    apigatewayv2.create_route(ApiId=api, RouteKey="GET /pets")
    apigatewayv2.create_stage(ApiId=api, StageName="prod")
    deployment = apigatewayv2.create_deployment(ApiId=api, StageName="prod", Description="first")
    assert deployment["ResponseMetadata"]["HTTPStatusCode"] == 201
    assert deployment["DeploymentStatus"] == "DEPLOYED"
    assert deployment["AutoDeployed"] is False
    assert apigatewayv2.get_stage(ApiId=api, StageName="prod")["DeploymentId"] == deployment["DeploymentId"]
    second = apigatewayv2.create_deployment(ApiId=api)
    pages = list(apigatewayv2.get_paginator("get_deployments").paginate(ApiId=api, PaginationConfig={"PageSize": 1}))
    assert {item["DeploymentId"] for page in pages for item in page["Items"]} == {deployment["DeploymentId"], second["DeploymentId"]}
    assert apigatewayv2.update_deployment(ApiId=api, DeploymentId=second["DeploymentId"], Description="x")["Description"] == "x"
    with pytest.raises(ClientError) as excinfo:
        apigatewayv2.delete_deployment(ApiId=api, DeploymentId=deployment["DeploymentId"])
    assert excinfo.value.response["Error"]["Code"] == "BadRequestException"
    apigatewayv2.delete_deployment(ApiId=api, DeploymentId=second["DeploymentId"])
    with pytest.raises(ClientError) as excinfo:
        apigatewayv2.get_deployment(ApiId=api, DeploymentId=second["DeploymentId"])
    assert excinfo.value.response["Error"]["Code"] == "NotFoundException"


def test_auto_deploy(apigatewayv2, api):
    apigatewayv2.create_stage(ApiId=api, StageName="$default", AutoDeploy=True)
    apigatewayv2.create_route(ApiId=api, RouteKey="GET /pets")
    stage = apigatewayv2.get_stage(ApiId=api, StageName="$default")
    first = stage["DeploymentId"]
    assert stage["LastDeploymentStatusMessage"] == f"Successfully deployed stage with deployment ID '{first}'"
    assert apigatewayv2.get_deployment(ApiId=api, DeploymentId=first)["AutoDeployed"] is True
    apigatewayv2.create_route(ApiId=api, RouteKey="POST /pets")
    assert apigatewayv2.get_stage(ApiId=api, StageName="$default")["DeploymentId"] != first


def test_aws_cli_stages_and_deployments(aws_cli, api):
    aws_cli("apigatewayv2", "create-route", "--api-id", api, "--route-key", "GET /x")
    stage = aws_cli("apigatewayv2", "create-stage", "--api-id", api, "--stage-name", "cli")
    assert stage["StageName"] == "cli"
    deployment = aws_cli("apigatewayv2", "create-deployment", "--api-id", api, "--stage-name", "cli")
    assert aws_cli("apigatewayv2", "get-stage", "--api-id", api, "--stage-name", "cli")["DeploymentId"] == deployment["DeploymentId"]
    assert aws_cli("apigatewayv2", "get-deployments", "--api-id", api)["Items"][0]["DeploymentId"] == deployment["DeploymentId"]
    updated = aws_cli("apigatewayv2", "update-stage", "--api-id", api, "--stage-name", "cli", "--auto-deploy")
    assert updated["AutoDeploy"] is True
    aws_cli("apigatewayv2", "delete-stage", "--api-id", api, "--stage-name", "cli")
    assert aws_cli("apigatewayv2", "get-stages", "--api-id", api)["Items"] == []


class Backend:
    """A local HTTP backend that answers its name and the path it received."""

    def __init__(self, name):
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                body = json.dumps({"backend": outer.name, "path": self.path}).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.name = name
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


def test_http_api_is_served_and_follows_auto_deploy(apigatewayv2, gateway):
    first, second = Backend("first"), Backend("second")
    try:
        api_id = apigatewayv2.create_api(Name=f"served-{uuid.uuid4().hex[:8]}", ProtocolType="HTTP")["ApiId"]
        integration_id = apigatewayv2.create_integration(
            ApiId=api_id, IntegrationType="HTTP_PROXY", IntegrationMethod="GET",
            IntegrationUri=f"http://127.0.0.1:{first.port}/{{proxy}}")["IntegrationId"]
        apigatewayv2.create_route(ApiId=api_id, RouteKey="GET /{proxy+}", Target=f"integrations/{integration_id}")
        apigatewayv2.create_stage(ApiId=api_id, StageName="$default", AutoDeploy=True)
        response = gateway.wait_until(api_id, "$default", "/pets", lambda r: r.status_code == 200)
        assert response.status_code == 200, response.text
        assert response.json()["backend"] == "first"
        apigatewayv2.update_integration(ApiId=api_id, IntegrationId=integration_id,
                                        IntegrationUri=f"http://127.0.0.1:{second.port}/{{proxy}}")
        response = gateway.wait_until(api_id, "$default", "/pets",
                                      lambda r: r.status_code == 200 and r.json().get("backend") == "second")
        assert response.json()["backend"] == "second"
        apigatewayv2.delete_api(ApiId=api_id)
    finally:
        first.close()
        second.close()
