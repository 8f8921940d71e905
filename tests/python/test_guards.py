"""A method or route that declares a guard this build cannot enforce yet (an authorizer) is never
answered by its integration: it answers AWS's 500, and `validate` names it."""
import subprocess

from conftest import Gateway, make_client
from test_cli import run

MOCK_TEMPLATES = {"application/json": '{"statusCode": 200}'}


def guarded_rest_api(client, **method):
    api_id = client.create_rest_api(name="guarded")["id"]
    root = next(item for item in client.get_resources(restApiId=api_id)["items"] if item["path"] == "/")
    resource = client.create_resource(restApiId=api_id, parentId=root["id"], pathPart="secret")
    client.put_method(restApiId=api_id, resourceId=resource["id"], httpMethod="GET", **method)
    client.put_integration(restApiId=api_id, resourceId=resource["id"], httpMethod="GET", type="MOCK",
                           requestTemplates=MOCK_TEMPLATES)
    client.put_method_response(restApiId=api_id, resourceId=resource["id"], httpMethod="GET", statusCode="200")
    client.put_integration_response(restApiId=api_id, resourceId=resource["id"], httpMethod="GET", statusCode="200",
                                    responseTemplates={"application/json": '{"secret": true}'})
    client.create_deployment(restApiId=api_id, stageName="prod")
    return api_id


def test_rest_methods_with_guards_answer_500_not_their_integration(server, apigateway, gateway):
    for method in ({"authorizationType": "AWS_IAM"}, {"authorizationType": "AWS_IAM", "apiKeyRequired": True}):
        api_id = guarded_rest_api(apigateway, **method)
        response = gateway.wait_until(api_id, "prod", "/secret", lambda r: r.status_code != 403)
        assert response.status_code == 500, method
        assert response.json() == {"message": "Internal server error"}
        assert response.headers["x-amzn-ErrorType"] == "InternalServerErrorException"
        assert "secret" not in response.text


def test_http_routes_with_authorizers_answer_500(server, apigatewayv2, gateway):
    api = apigatewayv2.create_api(Name="guarded-http", ProtocolType="HTTP", Target="http://127.0.0.1:9/")
    route = apigatewayv2.get_routes(ApiId=api["ApiId"])["Items"][0]
    apigatewayv2.update_route(ApiId=api["ApiId"], RouteId=route["RouteId"], AuthorizationType="AWS_IAM")
    response = gateway.wait_until(api["ApiId"], "$default", "/anything", lambda r: r.status_code == 500)
    assert response.status_code == 500
    assert response.json() == {"message": "Internal Server Error"}


def test_validate_reports_an_unenforced_guard_as_an_error(tmp_path):
    document = tmp_path / "guarded.yaml"
    document.write_text("""
openapi: 3.0.1
info: {title: guarded, version: "1"}
components:
  securitySchemes:
    sigv4: {type: apiKey, name: Authorization, in: header, x-amazon-apigateway-authtype: awsSigv4}
paths:
  /secret:
    get:
      security: [{sigv4: []}]
      x-amazon-apigateway-integration:
        type: mock
        requestTemplates: {application/json: '{"statusCode": 200}'}
        responses: {default: {statusCode: "200"}}
""")
    result = run("validate", str(document))
    assert result.returncode == 1, result.stdout
    assert "error: GET /secret: authorization type AWS_IAM is not enforced" in result.stdout
