"""`apigateway` models, request validators, authorizers, gateway responses, API keys, usage plans,
domain names and base path mappings, tags, import and export — boto3 and the aws CLI."""
import json

import pytest
from botocore.exceptions import ClientError

from conftest import REGION


def error_of(excinfo):
    return excinfo.value.response["Error"]["Code"], excinfo.value.response["Error"]["Message"]


@pytest.fixture
def api(apigateway):
    created = apigateway.create_rest_api(name="pytest-account")
    yield created
    try:
        apigateway.delete_rest_api(restApiId=created["id"])
    except ClientError:
        pass


def test_models_validators_authorizers(apigateway, aws_cli, api):
    api_id = api["id"]
    model = apigateway.create_model(restApiId=api_id, name="Pet", contentType="application/json",
                                    schema=json.dumps({"type": "object", "properties": {"name": {"type": "string"}}}))
    assert model["ResponseMetadata"]["HTTPStatusCode"] == 201
    with pytest.raises(ClientError) as excinfo:
        apigateway.create_model(restApiId=api_id, name="Pet", contentType="application/json", schema='{"type":"object"}')
    assert error_of(excinfo) == ("ConflictException", "Model name already exists for this REST API")
    with pytest.raises(ClientError) as excinfo:
        apigateway.get_model(restApiId=api_id, modelName="Nope")
    assert error_of(excinfo) == ("NotFoundException", "Invalid model name specified: Nope")
    assert apigateway.update_model(restApiId=api_id, modelName="Pet", patchOperations=[
        {"op": "replace", "path": "/description", "value": "a pet"}])["description"] == "a pet"

    validator = aws_cli("apigateway", "create-request-validator", "--rest-api-id", api_id, "--name", "body", "--validate-request-body")
    assert validator["validateRequestBody"] is True
    assert apigateway.get_request_validators(restApiId=api_id)["items"][0]["id"] == validator["id"]

    authorizer = apigateway.create_authorizer(
        restApiId=api_id, name="token", type="TOKEN", identitySource="method.request.header.Authorization",
        authorizerUri=f"arn:aws:apigateway:{REGION}:lambda:path/2015-03-31/functions/arn:aws:lambda:{REGION}:000000000000:function:auth/invocations")
    assert authorizer["authorizerResultTtlInSeconds"] == 300
    method = apigateway.put_method(restApiId=api_id, resourceId=api["rootResourceId"], httpMethod="GET",
                                   authorizationType="CUSTOM", authorizerId=authorizer["id"], requestValidatorId=validator["id"],
                                   requestModels={"application/json": "Pet"})
    assert method["authorizerId"] == authorizer["id"]
    with pytest.raises(ClientError) as excinfo:
        apigateway.delete_model(restApiId=api_id, modelName="Pet")
    assert error_of(excinfo) == ("ConflictException", "Cannot delete model 'Pet', is referenced in method request: //GET")
    with pytest.raises(ClientError) as excinfo:
        apigateway.put_method(restApiId=api_id, resourceId=api["rootResourceId"], httpMethod="POST", authorizationType="CUSTOM")
    assert error_of(excinfo)[1].startswith("Invalid authorizer ID specified.")


def test_gateway_responses(apigateway, api):
    api_id = api["id"]
    default = apigateway.get_gateway_response(restApiId=api_id, responseType="MISSING_AUTHENTICATION_TOKEN")
    assert default["defaultResponse"] is True and default["statusCode"] == "403"
    put = apigateway.put_gateway_response(restApiId=api_id, responseType="DEFAULT_4XX", statusCode="444",
                                          responseParameters={"gatewayresponse.header.x-test": "'yes'"})
    assert put["ResponseMetadata"]["HTTPStatusCode"] == 201 and put["defaultResponse"] is False
    items = apigateway.get_gateway_responses(restApiId=api_id)["items"]
    assert len(items) == 21
    assert next(item for item in items if item["responseType"] == "BAD_REQUEST_BODY")["statusCode"] == "444"
    with pytest.raises(ClientError) as excinfo:
        apigateway.delete_gateway_response(restApiId=api_id, responseType="THROTTLED")
    assert error_of(excinfo) == ("NotFoundException", "Gateway response type not defined on api")


def test_api_keys_usage_plans(apigateway, aws_cli, api):
    api_id, root = api["id"], api["rootResourceId"]
    apigateway.put_method(restApiId=api_id, resourceId=root, httpMethod="GET", authorizationType="NONE")
    apigateway.put_integration(restApiId=api_id, resourceId=root, httpMethod="GET", type="MOCK")
    apigateway.create_deployment(restApiId=api_id, stageName="prod")

    key = apigateway.create_api_key(name="pytest-key", enabled=True, customerId="customer-1")
    assert len(key["value"]) == 40
    assert "value" not in apigateway.get_api_key(apiKey=key["id"])
    assert apigateway.get_api_key(apiKey=key["id"], includeValue=True)["value"] == key["value"]
    listed = aws_cli("apigateway", "get-api-keys", "--name-query", "pytest-k", "--include-values")
    assert [item["value"] for item in listed["items"]] == [key["value"]]
    with pytest.raises(ClientError) as excinfo:
        apigateway.create_api_key(name="short", value="tooshort")
    assert error_of(excinfo) == ("BadRequestException", "API Key value should be at least 20 characters")

    plan = apigateway.create_usage_plan(name="pytest-plan", apiStages=[{"apiId": api_id, "stage": "prod"}],
                                        throttle={"rateLimit": 10.0, "burstLimit": 20}, quota={"limit": 1000, "period": "DAY"})
    assert plan["quota"]["offset"] == 0
    plan_key = apigateway.create_usage_plan_key(usagePlanId=plan["id"], keyId=key["id"], keyType="API_KEY")
    assert plan_key["value"] == key["value"]
    assert [item["id"] for item in apigateway.get_usage_plan_keys(usagePlanId=plan["id"])["items"]] == [key["id"]]
    updated = apigateway.update_usage_plan(usagePlanId=plan["id"], patchOperations=[{"op": "replace", "path": "/quota/limit", "value": "500"}])
    assert updated["quota"]["limit"] == 500
    usage = apigateway.update_usage(usagePlanId=plan["id"], keyId=key["id"], patchOperations=[{"op": "replace", "path": "/remaining", "value": "400"}])
    today = usage["startDate"]
    report = apigateway.get_usage(usagePlanId=plan["id"], startDate=today, endDate=today)
    assert report["items"][key["id"]] == [[100, 400]]

    apigateway.delete_usage_plan_key(usagePlanId=plan["id"], keyId=key["id"])
    apigateway.delete_usage_plan(usagePlanId=plan["id"])
    with pytest.raises(ClientError) as excinfo:
        apigateway.get_usage_plan(usagePlanId=plan["id"])
    assert error_of(excinfo) == ("NotFoundException", "Invalid Usage Plan ID specified")
    apigateway.delete_api_key(apiKey=key["id"])
    with pytest.raises(ClientError) as excinfo:
        apigateway.get_api_key(apiKey=key["id"])
    assert error_of(excinfo) == ("NotFoundException", "Invalid API Key identifier specified")


def test_import_api_keys_csv(apigateway):
    result = apigateway.import_api_keys(body=b"name,key,description,enabled\ncsv-key,abcdefghijklmnopqrstuvwxyz0123,from csv,true\n",
                                        format="csv")
    assert len(result["ids"]) == 1
    imported = apigateway.get_api_key(apiKey=result["ids"][0], includeValue=True)
    assert imported["value"] == "abcdefghijklmnopqrstuvwxyz0123" and imported["enabled"] is True
    apigateway.delete_api_key(apiKey=result["ids"][0])


def test_domain_names_tags(apigateway, aws_cli, api):
    api_id, root = api["id"], api["rootResourceId"]
    apigateway.put_method(restApiId=api_id, resourceId=root, httpMethod="GET", authorizationType="NONE")
    apigateway.put_integration(restApiId=api_id, resourceId=root, httpMethod="GET", type="MOCK")
    apigateway.create_deployment(restApiId=api_id, stageName="prod")
    domain = apigateway.create_domain_name(domainName="pytest.example.com", regionalCertificateArn="arn:aws:acm:us-east-1:000000000000:certificate/x",
                                           endpointConfiguration={"types": ["REGIONAL"]})
    try:
        assert domain["domainNameStatus"] == "AVAILABLE"
        mapping = apigateway.create_base_path_mapping(domainName="pytest.example.com", restApiId=api_id, stage="prod", basePath="v1")
        assert mapping["basePath"] == "v1"
        assert aws_cli("apigateway", "get-base-path-mappings", "--domain-name", "pytest.example.com")["items"][0]["restApiId"] == api_id
        with pytest.raises(ClientError) as excinfo:
            apigateway.get_base_path_mapping(domainName="pytest.example.com", basePath="nope")
        assert error_of(excinfo) == ("NotFoundException", "Invalid base path mapping identifier specified")
    finally:
        apigateway.delete_domain_name(domainName="pytest.example.com")

    arn = f"arn:aws:apigateway:{REGION}::/restapis/{api_id}"
    apigateway.tag_resource(resourceArn=arn, tags={"team": "gateway", "env": "test"})
    assert apigateway.get_tags(resourceArn=arn)["tags"] == {"team": "gateway", "env": "test"}
    apigateway.untag_resource(resourceArn=arn, tagKeys=["env"])
    assert aws_cli("apigateway", "get-tags", "--resource-arn", arn)["tags"] == {"team": "gateway"}


def test_import_put_export(apigateway, gateway, tmp_path):
    document = {
        "openapi": "3.0.1", "info": {"title": "pytest-imported", "version": "1"},
        "paths": {"/pets": {"get": {"x-amazon-apigateway-integration": {
            "type": "mock", "requestTemplates": {"application/json": '{"statusCode": 200}'},
            "responses": {"default": {"statusCode": "200", "responseTemplates": {"application/json": '{"pets": []}'}}}}}}},
    }
    imported = apigateway.import_rest_api(body=json.dumps(document).encode(), failOnWarnings=False)
    api_id = imported["id"]
    try:
        paths = sorted(item["path"] for item in apigateway.get_resources(restApiId=api_id)["items"])
        assert paths == ["/", "/pets"]
        document["paths"]["/owners"] = document["paths"]["/pets"]
        apigateway.put_rest_api(restApiId=api_id, mode="merge", body=json.dumps(document).encode())
        paths = sorted(item["path"] for item in apigateway.get_resources(restApiId=api_id)["items"])
        assert paths == ["/", "/owners", "/pets"]
        apigateway.create_deployment(restApiId=api_id, stageName="prod")
        served = gateway.wait_until(api_id, "prod", "/owners", lambda r: r.status_code == 200)
        assert served.status_code == 200
        exported = apigateway.get_export(restApiId=api_id, stageName="prod", exportType="oas30", accepts="application/json",
                                         parameters={"extensions": "integrations"})
        body = json.loads(exported["body"].read())
        assert "/owners" in body["paths"] and "x-amazon-apigateway-integration" in body["paths"]["/owners"]["get"]
        yaml_export = apigateway.get_export(restApiId=api_id, stageName="prod", exportType="swagger", accepts="application/yaml")
        assert b"swagger:" in yaml_export["body"].read()
        with pytest.raises(ClientError) as excinfo:
            apigateway.import_rest_api(body=b"not an openapi document")
        assert error_of(excinfo)[0] == "BadRequestException"
    finally:
        apigateway.delete_rest_api(restApiId=api_id)
