"""A method or route whose guard cannot work (an authorizer URI that names no function) or that
this build cannot enforce yet (a resource policy the engine cannot judge) is never answered by its
integration: it answers AWS's 500, and
`validate` names it."""
import subprocess

from conftest import Gateway, make_client
from test_cli import run

MOCK_TEMPLATES = {"application/json": '{"statusCode": 200}'}


def guarded_rest_api(client, existing=None, **method):
    api_id = existing or client.create_rest_api(name="guarded")["id"]
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


# An authorizer URI that names no Lambda function: the authorizer cannot work.
AUTHORIZER_URI = "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/not/a/function/invocations"


def test_rest_methods_with_guards_answer_500_not_their_integration(server, apigateway, gateway):
    for custom in (False, True):
        api_id = apigateway.create_rest_api(name="guarded-custom")["id"]
        authorizer = apigateway.create_authorizer(restApiId=api_id, name="tokens", type="TOKEN", authorizerUri=AUTHORIZER_URI,
                                                  identitySource="method.request.header.Authorization")
        method = {"authorizationType": "CUSTOM", "authorizerId": authorizer["id"]}
        if custom:
            method["apiKeyRequired"] = True
        api_id = guarded_rest_api(apigateway, existing=api_id, **method)
        response = gateway.wait_until(api_id, "prod", "/secret", lambda r: r.status_code != 403)
        assert response.status_code == 500, method
        assert response.json() == {"message": "Internal server error"}
        assert response.headers["x-amzn-ErrorType"] == "InternalServerErrorException"
        assert "secret" not in response.text


def test_http_routes_with_authorizers_answer_500(server, apigatewayv2, gateway):
    # The target is the gateway itself, which answers this path with its own 403: so a 500 can
    # only come from the refused guard, not from an unreachable backend.
    api = apigatewayv2.create_api(Name="guarded-http", ProtocolType="HTTP", Target=f"http://127.0.0.1:{server.data_port}/")
    before = gateway.wait_until(api["ApiId"], "$default", "/anything", lambda r: r.status_code != 404)
    assert before.status_code == 403, before.text
    route = apigatewayv2.get_routes(ApiId=api["ApiId"])["Items"][0]
    authorizer = apigatewayv2.create_authorizer(ApiId=api["ApiId"], Name="lambda", AuthorizerType="REQUEST",
                                                IdentitySource=["$request.header.Authorization"],
                                                AuthorizerUri=AUTHORIZER_URI, AuthorizerPayloadFormatVersion="2.0")
    apigatewayv2.update_route(ApiId=api["ApiId"], RouteId=route["RouteId"], AuthorizationType="CUSTOM",
                              AuthorizerId=authorizer["AuthorizerId"])
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
    tokens:
      type: apiKey
      name: Authorization
      in: header
      x-amazon-apigateway-authtype: custom
      x-amazon-apigateway-authorizer:
        type: token
        authorizerUri: arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/not/a/function/invocations
paths:
  /secret:
    get:
      security: [{tokens: []}]
      x-amazon-apigateway-integration:
        type: mock
        requestTemplates: {application/json: '{"statusCode": 200}'}
        responses: {default: {statusCode: "200"}}
""")
    result = run("validate", str(document))
    assert result.returncode == 1, result.stdout
    assert "error: GET /secret: authorizer" in result.stdout and "does not name a Lambda function" in result.stdout


def policy(*statements):
    import json

    return json.dumps({"Version": "2012-10-17", "Statement": list(statements)})


ALLOW_ALL = {"Effect": "Allow", "Principal": "*", "Action": "execute-api:Invoke", "Resource": "execute-api:/*"}


def deny_outside(cidr):
    return {"Effect": "Deny", "Principal": "*", "Action": "execute-api:Invoke", "Resource": "execute-api:/*",
            "Condition": {"NotIpAddress": {"aws:SourceIp": cidr}}}


def test_resource_policies_with_source_ip_conditions_are_enforced(server, apigateway, gateway):
    def served(document):
        api_id = apigateway.create_rest_api(name="policy", policy=document)["id"]
        guarded_rest_api(apigateway, existing=api_id, authorizationType="NONE")
        return api_id, gateway.wait_until(api_id, "prod", "/secret", lambda r: r.status_code != 403 or "Message" in r.json())

    api_id, inside = served(policy(ALLOW_ALL, deny_outside("127.0.0.0/8")))
    assert inside.status_code == 200, inside.text
    arn = f"arn:aws:execute-api:us-east-1:000000000000:{api_id}/prod/GET/secret"

    api_id, outside = served(policy(ALLOW_ALL, deny_outside("10.0.0.0/8")))
    arn = f"arn:aws:execute-api:us-east-1:000000000000:{api_id}/prod/GET/secret"
    assert outside.status_code == 403 and outside.headers["x-amzn-ErrorType"] == "AccessDeniedException"
    assert outside.json() == {
        "Message": f"User: anonymous is not authorized to perform: execute-api:Invoke on resource: {arn} with an explicit deny"}

    only_ten = dict(ALLOW_ALL, Condition={"IpAddress": {"aws:SourceIp": ["10.0.0.0/8"]}})
    api_id, implicit = served(policy(only_ten))
    arn = f"arn:aws:execute-api:us-east-1:000000000000:{api_id}/prod/GET/secret"
    assert implicit.json() == {"Message": f"User: anonymous is not authorized to perform: execute-api:Invoke on resource: {arn}"}


def test_apis_with_a_policy_the_engine_cannot_judge_are_refused(server, apigateway, gateway):
    tagged = policy(dict(ALLOW_ALL, Condition={"StringEquals": {"aws:PrincipalTag/team": "blue"}}))
    binary = policy(dict(ALLOW_ALL, Condition={"BinaryEquals": {"aws:SourceVpce": "QUJD"}}))
    for create in ({"policy": tagged}, {"policy": binary}):
        api_id = apigateway.create_rest_api(name="guarded-api", **create)["id"]
        guarded_rest_api(apigateway, existing=api_id, authorizationType="NONE")
        response = gateway.wait_until(api_id, "prod", "/secret", lambda r: r.status_code != 403)
        assert response.status_code == 500, (create, response.text)
        assert response.json() == {"message": "Internal server error"}
        assert "secret" not in response.text


def test_private_apis_without_a_configured_vpc_endpoint_answer_forbidden(server, apigateway, gateway):
    api_id = apigateway.create_rest_api(name="private", endpointConfiguration={"types": ["PRIVATE"]}, policy=policy(ALLOW_ALL))["id"]
    guarded_rest_api(apigateway, existing=api_id, authorizationType="NONE")
    response = gateway.wait_until(api_id, "prod", "/secret", lambda r: "Missing" not in r.text)
    assert response.status_code == 403 and response.json() == {"message": "Forbidden"}
    assert response.headers["x-amzn-ErrorType"] == "ForbiddenException"
