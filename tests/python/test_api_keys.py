"""REST API keys against the real binary, set up with boto3 as on AWS: a method with
`apiKeyRequired` answers 403 `{"message":"Forbidden"}` (ForbiddenException) unless the request's
`x-api-key` is an enabled key in a usage plan that lists the API and stage. Keys and plans take
effect without a redeployment."""
import time

from conftest import REGION, rest_mock_method


def forbidden(response):
    return (response.status_code == 403 and response.json() == {"message": "Forbidden"}
            and response.headers["x-amzn-ErrorType"] == "ForbiddenException")


def keyed_api(client):
    api_id = client.create_rest_api(name="keyed")["id"]
    root = next(item for item in client.get_resources(restApiId=api_id)["items"] if item["path"] == "/")
    rest_mock_method(client, api_id, root["id"], "things", {"method.response.header.x-key-id": "context.identity.apiKeyId"},
                     authorizationType="NONE", apiKeyRequired=True)
    client.create_deployment(restApiId=api_id, stageName="prod")
    client.create_deployment(restApiId=api_id, stageName="test")
    return api_id


def eventually(gateway, api_id, stage, key, predicate, timeout=5.0):
    deadline = time.time() + timeout
    while True:
        headers = {"x-api-key": key} if key is not None else {}
        response = gateway.invoke(api_id, stage, "/things", headers=headers)
        if predicate(response) or time.time() > deadline:
            return response
        time.sleep(0.05)


def test_api_keys_and_usage_plans_guard_the_method(server, apigateway, gateway):
    api_id = keyed_api(apigateway)
    assert forbidden(eventually(gateway, api_id, "prod", None, forbidden))

    key = apigateway.create_api_key(name="client-a", enabled=True, value="client-a-key-0123456789abcdef")
    # A key that exists but is in no plan is refused.
    assert forbidden(eventually(gateway, api_id, "prod", key["value"], forbidden))

    plan = apigateway.create_usage_plan(name="gold", apiStages=[{"apiId": api_id, "stage": "prod"}])
    apigateway.create_usage_plan_key(usagePlanId=plan["id"], keyId=key["id"], keyType="API_KEY")
    ok = eventually(gateway, api_id, "prod", key["value"], lambda r: r.status_code == 200)
    assert ok.status_code == 200 and ok.json() == {"ok": True}
    assert ok.headers.get("x-key-id") == key["id"], "context.identity.apiKeyId is filled"

    # The plan does not list the `test` stage; a wrong or truncated key is refused.
    assert forbidden(gateway.invoke(api_id, "test", "/things", headers={"x-api-key": key["value"]}))
    assert forbidden(gateway.invoke(api_id, "prod", "/things", headers={"x-api-key": key["value"][:-1]}))
    assert forbidden(gateway.invoke(api_id, "prod", "/things", headers={"x-api-key": ""}))

    # Disabling the key takes effect without a redeployment.
    apigateway.update_api_key(apiKey=key["id"], patchOperations=[{"op": "replace", "path": "/enabled", "value": "false"}])
    assert forbidden(eventually(gateway, api_id, "prod", key["value"], forbidden))
    apigateway.update_api_key(apiKey=key["id"], patchOperations=[{"op": "replace", "path": "/enabled", "value": "true"}])
    assert eventually(gateway, api_id, "prod", key["value"], lambda r: r.status_code == 200).status_code == 200

    # Removing the key from the plan refuses it again.
    apigateway.delete_usage_plan_key(usagePlanId=plan["id"], keyId=key["id"])
    assert forbidden(eventually(gateway, api_id, "prod", key["value"], forbidden))


def test_api_key_values_never_reach_the_log(server, apigateway, gateway):
    key = apigateway.create_api_key(name="secret-one", enabled=True, value="never-log-this-key-0123456789")
    api_id = keyed_api(apigateway)
    eventually(gateway, api_id, "prod", key["value"], forbidden)
    assert key["value"] not in server.logs()
