"""The whole flow with boto3: create a REST API, deploy it, invoke it over HTTP, change the
integration and redeploy under load with zero failed requests, restart, still served."""
import time

from conftest import Gateway, Load, make_client


def build_mock_api(client, version):
    api = client.create_rest_api(name="end-to-end")
    api_id = api["id"]
    root = next(item for item in client.get_resources(restApiId=api_id)["items"] if item["path"] == "/")
    resource = client.create_resource(restApiId=api_id, parentId=root["id"], pathPart="version")
    client.put_method(restApiId=api_id, resourceId=resource["id"], httpMethod="GET", authorizationType="NONE")
    client.put_integration(restApiId=api_id, resourceId=resource["id"], httpMethod="GET", type="MOCK",
                           requestTemplates={"application/json": '{"statusCode": 200}'})
    client.put_method_response(restApiId=api_id, resourceId=resource["id"], httpMethod="GET", statusCode="200")
    set_version(client, api_id, resource["id"], version)
    return api_id, resource["id"]


def set_version(client, api_id, resource_id, version):
    client.put_integration_response(restApiId=api_id, resourceId=resource_id, httpMethod="GET", statusCode="200",
                                    responseTemplates={"application/json": '{"version": %d}' % version})


def test_create_deploy_invoke_redeploy_under_load_restart(fresh_server):
    server = fresh_server().start()
    client = make_client("apigateway", server.endpoint)
    gateway = Gateway(server)
    api_id, resource_id = build_mock_api(client, 1)
    client.create_deployment(restApiId=api_id, stageName="prod")
    first = gateway.wait_until(api_id, "prod", "/version", lambda r: r.status_code == 200)
    assert first.status_code == 200 and first.json() == {"version": 1}
    assert first.headers["x-amzn-RequestId"]

    headers = {"Host": f"{api_id}.execute-api.us-east-1.amazonaws.com"}
    with Load(lambda session: session.get(gateway.url("prod", "/version"), timeout=10, headers=headers),
              lambda response: response.json()["version"]) as load:
        time.sleep(0.5)
        set_version(client, api_id, resource_id, 2)
        client.create_deployment(restApiId=api_id, stageName="prod")
        live_after = load.wait_for(lambda version: version == 2)
        time.sleep(0.5)
    assert load.failures == []
    assert {version for _, version in load.seen} == {1, 2}
    assert live_after < 1.0, f"the new deployment served after {live_after:.3f} s"

    server.restart()
    after = Gateway(server).invoke(api_id, "prod", "/version")
    assert after.status_code == 200 and after.json() == {"version": 2}
