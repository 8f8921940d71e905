"""apigatewayv2 ImportApi, ReimportApi and ExportApi with boto3 and the aws CLI."""
import json
import uuid

import pytest
from botocore.exceptions import ClientError

DOCUMENT = """openapi: 3.0.1
info:
  title: %s
  version: "1.0"
paths:
  /pets:
    get:
      x-amazon-apigateway-integration:
        type: http_proxy
        httpMethod: GET
        uri: https://backend.example.com/pets
        payloadFormatVersion: "1.0"
  /pets/{id}:
    get:
      parameters:
        - {name: id, in: path, required: true, schema: {type: string}}
      x-amazon-apigateway-integration:
        type: aws_proxy
        httpMethod: POST
        uri: arn:aws:lambda:us-east-1:123456789012:function:pets
        payloadFormatVersion: "2.0"
"""


def test_import_reimport_export(apigatewayv2):
    title = f"imported-{uuid.uuid4().hex[:8]}"
    imported = apigatewayv2.import_api(Body=DOCUMENT % title)
    assert imported["ResponseMetadata"]["HTTPStatusCode"] == 201
    api_id = imported["ApiId"]
    assert imported["Name"] == title
    assert imported["ProtocolType"] == "HTTP"
    routes = sorted(item["RouteKey"] for item in apigatewayv2.get_routes(ApiId=api_id)["Items"])
    assert routes == ["GET /pets", "GET /pets/{id}"]

    exported = apigatewayv2.export_api(ApiId=api_id, Specification="OAS30", OutputType="JSON")
    document = json.loads(exported["body"].read())
    assert document["openapi"].startswith("3.0")
    assert set(document["paths"]) == {"/pets", "/pets/{id}"}
    assert "x-amazon-apigateway-integration" in document["paths"]["/pets"]["get"]
    plain = json.loads(apigatewayv2.export_api(ApiId=api_id, Specification="OAS30", OutputType="JSON",
                                               IncludeExtensions=False)["body"].read())
    assert "x-amazon-apigateway-integration" not in plain["paths"]["/pets"]["get"]
    yaml = apigatewayv2.export_api(ApiId=api_id, Specification="OAS30", OutputType="YAML")["body"].read().decode()
    assert "openapi:" in yaml

    renamed = DOCUMENT.replace("/pets/{id}:", "/owners/{id}:") % (title + "-v2")
    reimported = apigatewayv2.reimport_api(ApiId=api_id, Body=renamed, Basepath="ignore")
    assert reimported["ApiId"] == api_id
    assert reimported["Name"] == title + "-v2"
    routes = sorted(item["RouteKey"] for item in apigatewayv2.get_routes(ApiId=api_id)["Items"])
    assert routes == ["GET /owners/{id}", "GET /pets"]
    apigatewayv2.delete_api(ApiId=api_id)


def test_import_errors(apigatewayv2):
    with pytest.raises(ClientError) as excinfo:
        apigatewayv2.import_api(Body="swagger: '2.0'\ninfo: {title: x, version: '1'}\npaths: {}")
    assert excinfo.value.response["Error"]["Code"] == "BadRequestException"
    with pytest.raises(ClientError) as excinfo:
        apigatewayv2.export_api(ApiId="nothere00", Specification="OAS30", OutputType="JSON")
    assert excinfo.value.response["Error"]["Code"] == "NotFoundException"


def test_aws_cli_import_export(aws_cli, tmp_path):
    source = tmp_path / "api.yaml"
    source.write_text(DOCUMENT % f"cli-{uuid.uuid4().hex[:8]}")
    imported = aws_cli("apigatewayv2", "import-api", "--body", f"file://{source}")
    api_id = imported["ApiId"]
    target = tmp_path / "exported.json"
    env_result = aws_cli("apigatewayv2", "export-api", "--api-id", api_id, "--specification", "OAS30",
                         "--output-type", "JSON", str(target))
    assert env_result == {}
    assert set(json.loads(target.read_text())["paths"]) == {"/pets", "/pets/{id}"}
    aws_cli("apigatewayv2", "delete-api", "--api-id", api_id)
