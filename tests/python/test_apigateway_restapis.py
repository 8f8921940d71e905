"""`apigateway` REST APIs, resources, methods, method responses, integrations and integration
responses, driven with boto3 and the aws CLI against the real binary."""
import pytest
from botocore.exceptions import ClientError


def error_of(excinfo):
    return excinfo.value.response["Error"]["Code"], excinfo.value.response["Error"]["Message"]


@pytest.fixture
def api(apigateway):
    created = apigateway.create_rest_api(name="pytest-restapi", description="made by pytest")
    yield created
    try:
        apigateway.delete_rest_api(restApiId=created["id"])
    except ClientError:
        pass


def test_create_has_aws_defaults(apigateway, api):
    assert api["ResponseMetadata"]["HTTPStatusCode"] == 201
    assert len(api["id"]) == 10
    assert api["apiKeySource"] == "HEADER"
    assert api["endpointConfiguration"]["types"] == ["EDGE"]
    assert api["disableExecuteApiEndpoint"] is False
    resources = apigateway.get_resources(restApiId=api["id"])["items"]
    assert resources == [{"id": api["rootResourceId"], "path": "/"}]
    names = sorted(model["name"] for model in apigateway.get_models(restApiId=api["id"])["items"])
    assert names == ["Empty", "Error"]


def test_get_list_paginate_and_errors(apigateway, aws_cli):
    ids = [apigateway.create_rest_api(name=f"pytest-page-{index}")["id"] for index in range(3)]
    try:
        seen, position = [], None
        while True:
            kwargs = {"limit": 1}
            if position:
                kwargs["position"] = position
            page = apigateway.get_rest_apis(**kwargs)
            seen += [item["id"] for item in page["items"]]
            position = page.get("position")
            if not position:
                break
        assert set(ids) <= set(seen)
        assert aws_cli("apigateway", "get-rest-api", "--rest-api-id", ids[0])["name"] == "pytest-page-0"
        with pytest.raises(ClientError) as excinfo:
            apigateway.get_rest_api(restApiId="doesnotexist")
        code, message = error_of(excinfo)
        assert code == "NotFoundException"
        assert message.startswith("Invalid API identifier specified ") and message.endswith(":doesnotexist")
        with pytest.raises(ClientError) as excinfo:
            apigateway.create_rest_api(name="x", description="")
        assert error_of(excinfo) == ("BadRequestException", "Description cannot be an empty string")
    finally:
        for api_id in ids:
            apigateway.delete_rest_api(restApiId=api_id)


def test_update_rest_api_patch(apigateway, aws_cli, api):
    updated = apigateway.update_rest_api(restApiId=api["id"], patchOperations=[
        {"op": "replace", "path": "/name", "value": "renamed"},
        {"op": "add", "path": "/binaryMediaTypes/image~1png"},
        {"op": "replace", "path": "/minimumCompressionSize", "value": "1024"},
    ])
    assert updated["name"] == "renamed"
    assert updated["binaryMediaTypes"] == ["image/png"]
    assert updated["minimumCompressionSize"] == 1024
    cli = aws_cli("apigateway", "update-rest-api", "--rest-api-id", api["id"],
                  "--patch-operations", "op=replace,path=/description,value=from-cli")
    assert cli["description"] == "from-cli"
    with pytest.raises(ClientError) as excinfo:
        apigateway.update_rest_api(restApiId=api["id"], patchOperations=[{"op": "add", "path": "/minimumCompressionSize", "value": "1"}])
    assert error_of(excinfo) == ("BadRequestException", "Invalid patch operation specified. Must be one of: [replace]")


def test_resources_tree_rules(apigateway, aws_cli, api):
    api_id, root = api["id"], api["rootResourceId"]
    pets = apigateway.create_resource(restApiId=api_id, parentId=root, pathPart="pets")
    assert pets["path"] == "/pets" and pets["ResponseMetadata"]["HTTPStatusCode"] == 201
    pet = aws_cli("apigateway", "create-resource", "--rest-api-id", api_id, "--parent-id", pets["id"], "--path-part", "{petId}")
    assert pet["path"] == "/pets/{petId}"
    with pytest.raises(ClientError) as excinfo:
        apigateway.create_resource(restApiId=api_id, parentId=root, pathPart="pets")
    assert error_of(excinfo) == ("ConflictException", "Another resource with the same parent already has this name: pets")
    proxy = apigateway.create_resource(restApiId=api_id, parentId=root, pathPart="{proxy+}")
    with pytest.raises(ClientError) as excinfo:
        apigateway.create_resource(restApiId=api_id, parentId=proxy["id"], pathPart="child")
    assert error_of(excinfo) == ("BadRequestException", "Cannot create a child of a resource with a greedy path variable: {proxy+}")
    renamed = apigateway.update_resource(restApiId=api_id, resourceId=pets["id"], patchOperations=[{"op": "replace", "path": "/pathPart", "value": "dogs"}])
    assert renamed["path"] == "/dogs"
    assert apigateway.get_resource(restApiId=api_id, resourceId=pet["id"])["path"] == "/dogs/{petId}"
    apigateway.delete_resource(restApiId=api_id, resourceId=pets["id"])
    with pytest.raises(ClientError) as excinfo:
        apigateway.get_resource(restApiId=api_id, resourceId=pet["id"])
    assert error_of(excinfo) == ("NotFoundException", "Invalid Resource identifier specified")


def test_methods_integrations_and_responses(apigateway, aws_cli, api):
    api_id, root = api["id"], api["rootResourceId"]
    method = apigateway.put_method(restApiId=api_id, resourceId=root, httpMethod="GET", authorizationType="NONE")
    assert method["ResponseMetadata"]["HTTPStatusCode"] == 201
    assert method["apiKeyRequired"] is False
    with pytest.raises(ClientError) as excinfo:
        apigateway.put_method(restApiId=api_id, resourceId=root, httpMethod="FETCH", authorizationType="NONE")
    assert error_of(excinfo)[1] == "Invalid HttpMethod specified. Valid options are GET,PUT,POST,DELETE,PATCH,OPTIONS,HEAD,ANY"
    updated = apigateway.update_method(restApiId=api_id, resourceId=root, httpMethod="GET", patchOperations=[
        {"op": "add", "path": "/requestParameters/method.request.header.x-id", "value": "true"},
        {"op": "replace", "path": "/apiKeyRequired", "value": "true"},
    ])
    assert updated["requestParameters"] == {"method.request.header.x-id": True}
    assert updated["apiKeyRequired"] is True

    integration = apigateway.put_integration(restApiId=api_id, resourceId=root, httpMethod="GET", type="HTTP_PROXY",
                                             integrationHttpMethod="GET", uri="http://127.0.0.1:9/")
    assert integration["timeoutInMillis"] == 29000
    assert integration["passthroughBehavior"] == "WHEN_NO_MATCH"
    assert integration["cacheNamespace"] == root
    with pytest.raises(ClientError) as excinfo:
        apigateway.put_integration(restApiId=api_id, resourceId=root, httpMethod="GET", type="HTTP", uri="http://x")
    assert error_of(excinfo)[1] == "Enumeration value for HttpMethod must be non-empty"
    patched = apigateway.update_integration(restApiId=api_id, resourceId=root, httpMethod="GET", patchOperations=[
        {"op": "add", "path": "/requestParameters/integration.request.header.x-id", "value": "method.request.header.x-id"},
        {"op": "replace", "path": "/timeoutInMillis", "value": "5000"},
    ])
    assert patched["requestParameters"] == {"integration.request.header.x-id": "method.request.header.x-id"}
    assert patched["timeoutInMillis"] == 5000

    apigateway.put_method_response(restApiId=api_id, resourceId=root, httpMethod="GET", statusCode="200")
    response = aws_cli("apigateway", "put-integration-response", "--rest-api-id", api_id, "--resource-id", root,
                       "--http-method", "GET", "--status-code", "200", "--selection-pattern", "")
    assert response["statusCode"] == "200"
    full = apigateway.get_method(restApiId=api_id, resourceId=root, httpMethod="GET")
    assert "200" in full["methodResponses"] and "200" in full["methodIntegration"]["integrationResponses"]
    with pytest.raises(ClientError) as excinfo:
        apigateway.get_method_response(restApiId=api_id, resourceId=root, httpMethod="GET", statusCode="404")
    assert error_of(excinfo) == ("NotFoundException", "Invalid Response status code specified")
    apigateway.delete_integration(restApiId=api_id, resourceId=root, httpMethod="GET")
    with pytest.raises(ClientError) as excinfo:
        apigateway.get_integration(restApiId=api_id, resourceId=root, httpMethod="GET")
    assert error_of(excinfo) == ("NotFoundException", "Invalid Integration identifier specified")
    apigateway.delete_method(restApiId=api_id, resourceId=root, httpMethod="GET")
    with pytest.raises(ClientError) as excinfo:
        apigateway.get_method(restApiId=api_id, resourceId=root, httpMethod="GET")
    assert error_of(excinfo) == ("NotFoundException", "Invalid Method identifier specified")
