"""TestInvokeMethod (`boto3 test_invoke_method`) against the real binary: the API's current,
undeployed definition runs through the data plane pipeline and the call answers the status, body,
headers, latency and the execution log."""
import json

import pytest
from botocore.exceptions import ClientError

from local_http import QuietHandler, start, stop


def root_id(client, api_id):
    return next(item["id"] for item in client.get_resources(restApiId=api_id)["items"] if item["path"] == "/")


class EchoBackend(QuietHandler):
    """Answers the path and query it was asked for, and the request body."""

    def do_POST(self):
        length = int(self.headers.get("Content-Length") or 0)
        self.send_json(200, {"path": self.path, "body": self.rfile.read(length).decode()}, {"X-Backend": "echo"})

    do_GET = do_POST


@pytest.fixture(scope="module")
def backend():
    server, url = start(EchoBackend)
    yield url
    stop(server)


def test_mock_method_with_a_response_template(apigateway):
    api_id = apigateway.create_rest_api(name="test-invoke-mock")["id"]
    pets = apigateway.create_resource(restApiId=api_id, parentId=root_id(apigateway, api_id), pathPart="pets")
    pet = apigateway.create_resource(restApiId=api_id, parentId=pets["id"], pathPart="{id}")
    # Authorization and API keys are skipped by a test invocation, as AWS does.
    apigateway.put_method(restApiId=api_id, resourceId=pet["id"], httpMethod="GET", authorizationType="AWS_IAM",
                          apiKeyRequired=True)
    apigateway.put_integration(restApiId=api_id, resourceId=pet["id"], httpMethod="GET", type="MOCK",
                               requestTemplates={"application/json": '{"statusCode": 200}'})
    apigateway.put_method_response(restApiId=api_id, resourceId=pet["id"], httpMethod="GET", statusCode="200",
                                   responseParameters={"method.response.header.X-Pet": False})
    apigateway.put_integration_response(
        restApiId=api_id, resourceId=pet["id"], httpMethod="GET", statusCode="200",
        responseParameters={"method.response.header.X-Pet": "'yes'"},
        responseTemplates={"application/json":
                           '{"id": "$input.params(\'id\')", "kind": "$input.params(\'kind\')", "stage": "$context.stage"}'})

    answer = apigateway.test_invoke_method(restApiId=api_id, resourceId=pet["id"], httpMethod="GET",
                                           pathWithQueryString="/pets/7?kind=cat")
    assert answer["status"] == 200
    assert json.loads(answer["body"]) == {"id": "7", "kind": "cat", "stage": "test-invoke-stage"}
    assert answer["headers"]["X-Pet"] == "yes"
    assert answer["multiValueHeaders"]["X-Pet"] == ["yes"]
    assert answer["latency"] >= 0
    log = answer["log"]
    assert log.startswith("Execution log for request ")
    assert "Starting execution for request: " in log
    assert "HTTP Method: GET, Resource Path: /pets/7" in log
    assert "Method request headers: {}" in log  # only the call's headers, none here
    assert "Method completed with status: 200" in log
    # Each line stamped as AWS stamps them: `Mon Dec 07 09:40:00 UTC 2026 : …`.
    stamped = log.splitlines()[1]
    assert " UTC " in stamped.split(" : ")[0] and len(stamped.split(" : ")[0]) == 28
    # The API was never deployed: TestInvokeMethod does not need a deployment.
    assert apigateway.get_deployments(restApiId=api_id)["items"] == []


def test_http_method_uses_the_calls_stage_variables(apigateway, backend):
    api_id = apigateway.create_rest_api(name="test-invoke-http")["id"]
    items = apigateway.create_resource(restApiId=api_id, parentId=root_id(apigateway, api_id), pathPart="items")
    apigateway.put_method(restApiId=api_id, resourceId=items["id"], httpMethod="POST", authorizationType="NONE")
    apigateway.put_integration(restApiId=api_id, resourceId=items["id"], httpMethod="POST", type="HTTP_PROXY",
                               integrationHttpMethod="POST", uri=backend + "/${stageVariables.prefix}/items")
    answer = apigateway.test_invoke_method(
        restApiId=api_id, resourceId=items["id"], httpMethod="POST", pathWithQueryString="/items?page=2",
        body='{"name": "lamp"}', headers={"Content-Type": "application/json"}, stageVariables={"prefix": "v2"})
    assert answer["status"] == 200, answer
    assert json.loads(answer["body"]) == {"path": "/v2/items?page=2", "body": '{"name": "lamp"}'}
    assert answer["headers"]["X-Backend"] == "echo"
    assert f"Sending request to {backend}/v2/items" in answer["log"]
    assert "Method completed with status: 200" in answer["log"]


def test_a_request_failing_validation_answers_awss_400(apigateway):
    api_id = apigateway.create_rest_api(name="test-invoke-validation")["id"]
    apigateway.create_model(restApiId=api_id, name="Pet", contentType="application/json",
                            schema=json.dumps({"type": "object", "required": ["name"]}))
    validator = apigateway.create_request_validator(restApiId=api_id, name="body", validateRequestBody=True)
    pets = apigateway.create_resource(restApiId=api_id, parentId=root_id(apigateway, api_id), pathPart="pets")
    apigateway.put_method(restApiId=api_id, resourceId=pets["id"], httpMethod="POST", authorizationType="NONE",
                          requestValidatorId=validator["id"], requestModels={"application/json": "Pet"})
    apigateway.put_integration(restApiId=api_id, resourceId=pets["id"], httpMethod="POST", type="MOCK",
                               requestTemplates={"application/json": '{"statusCode": 200}'})
    apigateway.put_method_response(restApiId=api_id, resourceId=pets["id"], httpMethod="POST", statusCode="200")
    apigateway.put_integration_response(restApiId=api_id, resourceId=pets["id"], httpMethod="POST", statusCode="200",
                                        responseTemplates={"application/json": '{"created": true}'})
    call = dict(restApiId=api_id, resourceId=pets["id"], httpMethod="POST", pathWithQueryString="/pets",
                headers={"Content-Type": "application/json"})
    refused = apigateway.test_invoke_method(body='{"price": 3}', **call)
    assert refused["status"] == 400
    assert json.loads(refused["body"]) == {"message": "Invalid request body"}
    assert refused["headers"]["x-amzn-ErrorType"] == "BadRequestException"
    accepted = apigateway.test_invoke_method(body='{"name": "rex"}', **call)
    assert accepted["status"] == 200
    assert json.loads(accepted["body"]) == {"created": True}


def test_unknown_resource_and_method_are_not_found(apigateway):
    api_id = apigateway.create_rest_api(name="test-invoke-missing")["id"]
    with pytest.raises(ClientError) as raised:
        apigateway.test_invoke_method(restApiId=api_id, resourceId="nope00", httpMethod="GET")
    assert raised.value.response["Error"]["Code"] == "NotFoundException"
    assert raised.value.response["Error"]["Message"] == "Invalid Resource identifier specified"
    with pytest.raises(ClientError) as raised:
        apigateway.test_invoke_method(restApiId=api_id, resourceId=root_id(apigateway, api_id), httpMethod="GET")
    assert raised.value.response["Error"]["Code"] == "NotFoundException"
    assert raised.value.response["Error"]["Message"] == "Invalid Method identifier specified"
