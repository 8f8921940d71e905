"""`apigateway` deployments and stages with boto3 and the aws CLI, and what the data plane serves."""
import pytest
from botocore.exceptions import ClientError


def error_of(excinfo):
    return excinfo.value.response["Error"]["Code"], excinfo.value.response["Error"]["Message"]


def mock_api(client, name, body):
    api = client.create_rest_api(name=name)
    api_id, root = api["id"], api["rootResourceId"]
    resource = client.create_resource(restApiId=api_id, parentId=root, pathPart="hello")
    client.put_method(restApiId=api_id, resourceId=resource["id"], httpMethod="GET", authorizationType="NONE")
    client.put_integration(restApiId=api_id, resourceId=resource["id"], httpMethod="GET", type="MOCK",
                           requestTemplates={"application/json": '{"statusCode": 200}'})
    client.put_method_response(restApiId=api_id, resourceId=resource["id"], httpMethod="GET", statusCode="200")
    client.put_integration_response(restApiId=api_id, resourceId=resource["id"], httpMethod="GET", statusCode="200",
                                    responseTemplates={"application/json": body})
    return api_id, resource["id"]


def test_deployment_needs_methods(apigateway):
    api_id = apigateway.create_rest_api(name="pytest-empty")["id"]
    try:
        with pytest.raises(ClientError) as excinfo:
            apigateway.create_deployment(restApiId=api_id, stageName="prod")
        assert error_of(excinfo) == ("BadRequestException", "The REST API doesn't contain any methods")
    finally:
        apigateway.delete_rest_api(restApiId=api_id)


def test_deploy_serve_stages(apigateway, aws_cli, gateway):
    api_id, _ = mock_api(apigateway, "pytest-deploy", '{"hello": "world"}')
    try:
        deployment = apigateway.create_deployment(restApiId=api_id, stageName="prod", description="first", variables={"v": "1"})
        assert deployment["ResponseMetadata"]["HTTPStatusCode"] == 201
        served = gateway.wait_until(api_id, "prod", "/hello", lambda r: r.status_code == 200)
        assert served.status_code == 200 and served.json() == {"hello": "world"}

        stage = apigateway.get_stage(restApiId=api_id, stageName="prod")
        assert stage["deploymentId"] == deployment["id"] and stage["variables"] == {"v": "1"}
        assert stage["cacheClusterStatus"] == "NOT_AVAILABLE" and stage["tracingEnabled"] is False
        with pytest.raises(ClientError) as excinfo:
            apigateway.create_stage(restApiId=api_id, stageName="prod", deploymentId=deployment["id"])
        assert error_of(excinfo) == ("ConflictException", "Stage already exists")
        dev = aws_cli("apigateway", "create-stage", "--rest-api-id", api_id, "--stage-name", "dev", "--deployment-id", deployment["id"])
        assert dev["stageName"] == "dev"
        stages = apigateway.get_stages(restApiId=api_id, deploymentId=deployment["id"])["item"]
        assert sorted(item["stageName"] for item in stages) == ["dev", "prod"]

        updated = apigateway.update_stage(restApiId=api_id, stageName="dev", patchOperations=[
            {"op": "replace", "path": "/variables/backend", "value": "example.com"},
            {"op": "replace", "path": "/*/*/throttling/rateLimit", "value": "50"},
            {"op": "replace", "path": "/tracingEnabled", "value": "true"},
        ])
        assert updated["variables"] == {"backend": "example.com"}
        assert updated["methodSettings"]["*/*"]["throttlingRateLimit"] == 50.0
        assert updated["tracingEnabled"] is True
        with pytest.raises(ClientError) as excinfo:
            apigateway.update_stage(restApiId=api_id, stageName="dev", patchOperations=[{"op": "replace", "path": "/deploymentId", "value": "nope"}])
        assert error_of(excinfo) == ("BadRequestException", "Deployment id does not exist")

        patched = apigateway.update_deployment(restApiId=api_id, deploymentId=deployment["id"],
                                               patchOperations=[{"op": "replace", "path": "/description", "value": "renamed"}])
        assert patched["description"] == "renamed"
        assert [item["id"] for item in apigateway.get_deployments(restApiId=api_id)["items"]] == [deployment["id"]]
        with pytest.raises(ClientError) as excinfo:
            apigateway.delete_deployment(restApiId=api_id, deploymentId=deployment["id"])
        assert error_of(excinfo) == ("BadRequestException", "Active stages pointing to this deployment must be moved or deleted")

        apigateway.delete_stage(restApiId=api_id, stageName="dev")
        with pytest.raises(ClientError) as excinfo:
            apigateway.get_stage(restApiId=api_id, stageName="dev")
        assert error_of(excinfo) == ("NotFoundException", "Invalid Stage identifier specified")
    finally:
        apigateway.delete_rest_api(restApiId=api_id)
