"""Throttling against the real binary, configured with boto3 as on AWS: stage method settings
(REST), usage-plan throttles per client, route settings (HTTP APIs). An empty bucket answers 429
`{"message":"Too Many Requests"}` (REST with `x-amzn-ErrorType: TooManyRequestsException`)."""
import time

from test_api_keys import eventually, forbidden, keyed_api


def throttled(response):
    return response.status_code == 429 and response.json() == {"message": "Too Many Requests"}


def burst(gateway, api_id, stage, path, count, headers=None):
    return [gateway.invoke(api_id, stage, path, headers=headers or {}) for _ in range(count)]


def test_stage_method_settings_throttle_a_rest_method(server, apigateway, gateway):
    api_id = keyed_api(apigateway)  # GET /things needs a key; we throttle the stage before keys matter
    apigateway.update_stage(restApiId=api_id, stageName="test", patchOperations=[
        {"op": "replace", "path": "/*/*/throttling/rateLimit", "value": "0.5"},
        {"op": "replace", "path": "/*/*/throttling/burstLimit", "value": "2"},
    ])
    key = apigateway.create_api_key(name="throttled", enabled=True, value="throttled-key-0123456789abcdef")
    plan = apigateway.create_usage_plan(name="open", apiStages=[{"apiId": api_id, "stage": "test"}])
    apigateway.create_usage_plan_key(usagePlanId=plan["id"], keyId=key["id"], keyType="API_KEY")
    headers = {"x-api-key": key["value"]}
    eventually(gateway, api_id, "test", key["value"], lambda r: r.status_code in (200, 429))
    time.sleep(4.5)  # let the bucket fill to its burst of 2
    statuses = [r.status_code for r in burst(gateway, api_id, "test", "/things", 4, headers)]
    assert statuses[:2] == [200, 200] and statuses[2:] == [429, 429], statuses
    response = gateway.invoke(api_id, "test", "/things", headers=headers)
    assert throttled(response)
    assert response.headers["x-amzn-ErrorType"] == "TooManyRequestsException"
    assert response.headers["x-amzn-RequestId"]


def test_a_usage_plan_throttles_each_client_on_its_own(server, apigateway, gateway):
    api_id = keyed_api(apigateway)
    plan = apigateway.create_usage_plan(name="bronze", apiStages=[{"apiId": api_id, "stage": "prod"}],
                                        throttle={"rateLimit": 0.5, "burstLimit": 3})
    keys = []
    for name in ("alice", "bob"):
        key = apigateway.create_api_key(name=name, enabled=True, value=f"{name}-key-0123456789abcdefgh")
        apigateway.create_usage_plan_key(usagePlanId=plan["id"], keyId=key["id"], keyType="API_KEY")
        keys.append(key["value"])
    eventually(gateway, api_id, "prod", keys[0], lambda r: r.status_code == 200)
    eventually(gateway, api_id, "prod", keys[1], lambda r: r.status_code == 200)
    time.sleep(6.5)  # both buckets back to their burst of 3
    alice = [r.status_code for r in burst(gateway, api_id, "prod", "/things", 5, {"x-api-key": keys[0]})]
    assert alice[:3] == [200, 200, 200] and alice[3:] == [429, 429], alice
    # Bob's bucket is his own: Alice's burst did not empty it.
    bob = [r.status_code for r in burst(gateway, api_id, "prod", "/things", 3, {"x-api-key": keys[1]})]
    assert bob == [200, 200, 200], bob
    assert forbidden(gateway.invoke(api_id, "prod", "/things"))  # no key: the key phase answers first


def test_http_api_route_settings_throttle(server, apigatewayv2, gateway):
    api = apigatewayv2.create_api(Name="throttled-http", ProtocolType="HTTP", Target="http://127.0.0.1:9/")
    apigatewayv2.update_stage(ApiId=api["ApiId"], StageName="$default",
                              DefaultRouteSettings={"ThrottlingRateLimit": 0.5, "ThrottlingBurstLimit": 1})
    deadline = time.time() + 5
    while time.time() < deadline and not throttled(gateway.invoke(api["ApiId"], "$default", "/x")):
        time.sleep(0.05)
    response = gateway.invoke(api["ApiId"], "$default", "/x")
    assert throttled(response), response.text
    assert "x-amzn-ErrorType" not in response.headers


def test_the_account_throttle_is_process_configuration(tmp_path, fresh_server):
    from conftest import ROOT, make_client

    config = tmp_path / "account.yaml"
    config.write_text("accountThrottle: {rateLimit: 0.5, burstLimit: 2}\n")
    server = fresh_server(files=[str(ROOT / "examples" / "petstore-rest.yaml")], extra_args=["--config", str(config)]).start()
    import requests

    statuses = [requests.get(f"http://127.0.0.1:{server.data_port}/dev/health", timeout=10).status_code for _ in range(4)]
    assert statuses == [200, 200, 429, 429], statuses
    account = make_client("apigateway", server.endpoint).get_account()
    assert account["throttleSettings"] == {"burstLimit": 2, "rateLimit": 0.5}
