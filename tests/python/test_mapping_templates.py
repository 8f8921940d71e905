"""Velocity mapping templates end to end: boto3 builds REST APIs whose MOCK and HTTP integrations
render VTL request and response templates; a loopback backend records what the gateway sends."""
import json
import threading

import pytest

from conftest import make_client
from local_http import QuietHandler, start, stop


class Recorder(QuietHandler):
    """Records every request and answers 201 with a JSON document."""
    received = []
    lock = threading.Lock()

    def do_POST(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length).decode()
        with self.lock:
            Recorder.received.append({"method": "POST", "path": self.path, "headers": dict(self.headers), "body": body})
        self.send_json(201, {"created": True, "id": 7, "items": [1, 2, 3], "note": "it's here"})


@pytest.fixture()
def backend():
    Recorder.received = []
    server, url = start(Recorder)
    yield url
    stop(server)


def mock_method(client, name, path_part, request_template):
    """A REST API with `GET /{path_part}` integrated with MOCK; returns (api id, resource id)."""
    api_id = client.create_rest_api(name=name)["id"]
    root = client.get_resources(restApiId=api_id)["items"][0]["id"]
    resource = client.create_resource(restApiId=api_id, parentId=root, pathPart=path_part)["id"]
    client.put_method(restApiId=api_id, resourceId=resource, httpMethod="GET", authorizationType="NONE")
    client.put_integration(restApiId=api_id, resourceId=resource, httpMethod="GET", type="MOCK",
                           requestTemplates={"application/json": request_template})
    return api_id, resource


def deploy(client, gateway, api_id, path, stage="prod", variables=None):
    client.create_deployment(restApiId=api_id, stageName=stage, variables=variables or {})
    return gateway.wait_until(api_id, stage, path, lambda r: r.status_code != 403)


MOCK_REQUEST = """#if($input.params('fail') == 'yes')
{"statusCode": 500}
#else
{"statusCode": 200}
#end"""

MOCK_RESPONSE = """#set($names = $input.params('name').split(','))
{
  "names": [#foreach($n in $names)"$n.trim()"#if($foreach.hasNext), #end#end],
  "count": $names.size(),
  "stage": "$context.stage",
  "requestId": "$context.requestId",
  "resourcePath": "$context.resourcePath",
  "method": "$context.httpMethod",
  "env": "$stageVariables.env",
  "sourceIp": "$context.identity.sourceIp"
}"""


def test_mock_status_chosen_by_vtl_and_response_rendered(server, gateway):
    client = make_client("apigateway", server.endpoint)
    api_id, resource = mock_method(client, "vtl-mock", "greet", MOCK_REQUEST)
    for code in ("200", "500"):
        client.put_method_response(restApiId=api_id, resourceId=resource, httpMethod="GET", statusCode=code)
    client.put_integration_response(restApiId=api_id, resourceId=resource, httpMethod="GET", statusCode="200",
                                    responseTemplates={"application/json": MOCK_RESPONSE})
    client.put_integration_response(restApiId=api_id, resourceId=resource, httpMethod="GET", statusCode="500",
                                    selectionPattern="5\\d\\d",
                                    responseTemplates={"application/json": '{"error": "chosen by the template"}'})
    deploy(client, gateway, api_id, "/greet", variables={"env": "test"})

    ok = gateway.invoke(api_id, "prod", "/greet", params={"name": "Rex, Fido"})
    assert ok.status_code == 200, ok.text
    document = json.loads(ok.text)
    assert document == {
        "names": ["Rex", "Fido"], "count": 2, "stage": "prod", "requestId": ok.headers["x-amzn-RequestId"],
        "resourcePath": "/greet", "method": "GET", "env": "test", "sourceIp": "127.0.0.1",
    }

    failed = gateway.invoke(api_id, "prod", "/greet", params={"fail": "yes", "name": "x"})
    assert failed.status_code == 500
    assert failed.json() == {"error": "chosen by the template"}


HTTP_REQUEST = """#set($root = $input.path('$'))
{
  "petId": "$input.params('id')",
  "count": $root.pets.size(),
  "types": [#foreach($p in $root.pets)"$p.type"#if($foreach.hasNext),#end#end],
  "cheap": [#foreach($p in $root.pets)#if($p.price < 100)$p.id#end#end],
  "first": $input.json('$.pets[0]'),
  "q": "$util.escapeJavaScript($input.params('q')).replaceAll("\\\\'","'")",
  "encoded": "$util.urlEncode($input.params('q'))"
}
#set($context.requestOverride.header.X-Combined = "$input.params('a')-$input.params('b')")
#set($context.requestOverride.querystring.extra = "x y")"""

HTTP_RESPONSE = """#set($r = $input.path('$'))
{"ok": $r.created, "id": "$r.id", "n": $r.items.size(), "note": "$util.escapeJavaScript($r.note).replaceAll("\\\\'","'")", "whole": "$r"}
#set($context.responseOverride.status = 202)
#set($context.responseOverride.header.X-From-Template = "yes")"""


def test_http_integration_request_and_response_templates(server, gateway, backend):
    client = make_client("apigateway", server.endpoint)
    api_id = client.create_rest_api(name="vtl-http")["id"]
    root = client.get_resources(restApiId=api_id)["items"][0]["id"]
    pets = client.create_resource(restApiId=api_id, parentId=root, pathPart="pets")["id"]
    pet = client.create_resource(restApiId=api_id, parentId=pets, pathPart="{id}")["id"]
    client.put_method(restApiId=api_id, resourceId=pet, httpMethod="POST", authorizationType="NONE",
                      requestParameters={"method.request.path.id": True})
    client.put_integration(
        restApiId=api_id, resourceId=pet, httpMethod="POST", type="HTTP", integrationHttpMethod="POST",
        uri=f"{backend}/backend/{{id}}", requestParameters={"integration.request.path.id": "method.request.path.id"},
        requestTemplates={"application/json": HTTP_REQUEST})
    for code in ("200", "202"):
        client.put_method_response(restApiId=api_id, resourceId=pet, httpMethod="POST", statusCode=code)
    client.put_integration_response(restApiId=api_id, resourceId=pet, httpMethod="POST", statusCode="200",
                                    responseTemplates={"application/json": HTTP_RESPONSE})
    client.create_deployment(restApiId=api_id, stageName="prod")
    body = {"pets": [{"id": 1, "type": "dog", "price": 249.99}, {"id": 2, "type": "cat", "price": 24.99}]}
    send = lambda: gateway.invoke(api_id, "prod", "/pets/42?q=it's%20a%2Fb&a=A&b=B", method="POST", json=body)
    response = send()
    for _ in range(100):
        if response.status_code != 403:
            break
        response = send()

    assert response.status_code == 202, response.text
    assert response.headers["X-From-Template"] == "yes"
    assert response.json() == {"ok": True, "id": "7", "n": 3, "note": "it's here",
                               "whole": '{created=true, id=7, items=[1,2,3], note=it\'s here}'}

    received = Recorder.received[-1]
    assert received["path"].startswith("/backend/42?")
    assert "extra=x+y" in received["path"] or "extra=x%20y" in received["path"]
    assert received["headers"]["X-Combined"] == "A-B"
    assert received["headers"]["Content-Type"] == "application/json"
    assert json.loads(received["body"]) == {
        "petId": "42", "count": 2, "types": ["dog", "cat"], "cheap": [2], "first": body["pets"][0],
        "q": "it's a/b", "encoded": "it%27s+a%2Fb",
    }


def test_template_that_does_not_parse_answers_500(server, gateway):
    client = make_client("apigateway", server.endpoint)
    api_id, resource = mock_method(client, "vtl-broken", "broken", '{"statusCode": 200}')
    client.put_method_response(restApiId=api_id, resourceId=resource, httpMethod="GET", statusCode="200")
    client.put_integration_response(restApiId=api_id, resourceId=resource, httpMethod="GET", statusCode="200",
                                    responseTemplates={"application/json": '#if($input.params("x") {"never": "closed"}'})
    response = deploy(client, gateway, api_id, "/broken")
    assert response.status_code == 500
    assert response.json() == {"message": "Internal server error"}
