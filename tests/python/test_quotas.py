"""Usage-plan quotas against the real binary, set up with boto3 as on AWS: a key's requests count
against its plan's quota per UTC period; past it, 429 `{"message":"Limit Exceeded"}`
(LimitExceededException). GetUsage reports the real counts, UpdateUsage changes them and the
gateway honours the change, and the count survives a restart on the same store (SIGTERM flushes
the last batch; after SIGKILL at most the last flush interval would be lost)."""
import datetime
import time

import pytest
from botocore.exceptions import ClientError

from conftest import Gateway, make_client
from test_api_keys import eventually, keyed_api


def limit_exceeded(response):
    return (response.status_code == 429 and response.json() == {"message": "Limit Exceeded"}
            and response.headers["x-amzn-ErrorType"] == "LimitExceededException"
            and response.headers["Content-Type"] == "application/json")


def usage_of(client, plan_id, key_id, predicate, timeout=5.0):
    today = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d")
    deadline = time.time() + timeout
    while True:
        usage = client.get_usage(usagePlanId=plan_id, keyId=key_id, startDate=today, endDate=today)
        if predicate(usage) or time.time() > deadline:
            return usage
        time.sleep(0.1)


def quota_setup(client, gateway, limit=5):
    api_id = keyed_api(client)
    key = client.create_api_key(name="metered", enabled=True, value=f"metered-key-{api_id}-0123456789")
    plan = client.create_usage_plan(
        name="five-a-day", apiStages=[{"apiId": api_id, "stage": "prod"}], quota={"limit": limit, "period": "DAY"})
    assert plan["quota"] == {"limit": limit, "offset": 0, "period": "DAY"}
    client.create_usage_plan_key(usagePlanId=plan["id"], keyId=key["id"], keyType="API_KEY")
    # The first request that passes (once the plan reaches the data plane) is the first counted.
    first = eventually(gateway, api_id, "prod", key["value"], lambda r: r.status_code == 200)
    assert first.status_code == 200 and first.json() == {"ok": True}
    return api_id, key, plan


def test_quota_is_enforced_reported_updated_and_durable(fresh_server):
    server = fresh_server(extra_args=()).start()
    client = make_client("apigateway", server.endpoint)
    gateway = Gateway(server)
    api_id, key, plan = quota_setup(client, gateway)

    def call():
        return gateway.invoke(api_id, "prod", "/things", headers={"x-api-key": key["value"]})

    for _ in range(4):
        assert call().status_code == 200
    refused = call()
    assert limit_exceeded(refused), (refused.status_code, refused.text, dict(refused.headers))
    assert refused.headers.get("x-amzn-RequestId")
    # Refused requests do not count: still 5 used, 0 remaining.
    assert call().status_code == 429

    usage = usage_of(client, plan["id"], key["id"], lambda u: u["items"].get(key["id"]) == [[5, 0]])
    assert usage["items"] == {key["id"]: [[5, 0]]}, usage
    assert usage["usagePlanId"] == plan["id"]

    # UpdateUsage grants 2 more; the gateway honours it without a redeployment.
    updated = client.update_usage(
        usagePlanId=plan["id"], keyId=key["id"], patchOperations=[{"op": "replace", "path": "/remaining", "value": "2"}])
    assert updated["items"] == {key["id"]: [[3, 2]]}
    assert eventually(gateway, api_id, "prod", key["value"], lambda r: r.status_code == 200).status_code == 200
    assert call().status_code == 200
    assert limit_exceeded(call())
    assert usage_of(client, plan["id"], key["id"], lambda u: u["items"][key["id"]] == [[5, 0]])["items"][key["id"]] == [[5, 0]]

    # A graceful restart keeps the count.
    server.restart()
    client = make_client("apigateway", server.endpoint)
    assert limit_exceeded(call())
    assert usage_of(client, plan["id"], key["id"], lambda u: True)["items"] == {key["id"]: [[5, 0]]}

    # So does a kill, once the flush interval has passed.
    client.update_usage(
        usagePlanId=plan["id"], keyId=key["id"], patchOperations=[{"op": "replace", "path": "/remaining", "value": "1"}])
    assert eventually(gateway, api_id, "prod", key["value"], lambda r: r.status_code == 200).status_code == 200
    time.sleep(2.0)
    server.kill()
    server.start()
    assert limit_exceeded(call())
    client = make_client("apigateway", server.endpoint)
    assert usage_of(client, plan["id"], key["id"], lambda u: True)["items"] == {key["id"]: [[5, 0]]}


def test_a_plan_without_quota_and_a_raised_quota(server, apigateway, gateway):
    api_id, key, plan = quota_setup(apigateway, gateway, limit=1)
    assert limit_exceeded(gateway.invoke(api_id, "prod", "/things", headers={"x-api-key": key["value"]}))
    apigateway.update_usage_plan(usagePlanId=plan["id"], patchOperations=[{"op": "replace", "path": "/quota/limit", "value": "3"}])
    ok = eventually(gateway, api_id, "prod", key["value"], lambda r: r.status_code == 200)
    assert ok.status_code == 200
    assert gateway.invoke(api_id, "prod", "/things", headers={"x-api-key": key["value"]}).status_code == 200
    assert limit_exceeded(gateway.invoke(api_id, "prod", "/things", headers={"x-api-key": key["value"]}))
    apigateway.update_usage_plan(usagePlanId=plan["id"], patchOperations=[{"op": "remove", "path": "/quota"}])
    assert eventually(gateway, api_id, "prod", key["value"], lambda r: r.status_code == 200).status_code == 200


@pytest.mark.parametrize("quota", [
    {"limit": -1, "period": "DAY"},
    {"limit": 5, "period": "YEAR"},
    {"limit": 5, "offset": -1, "period": "DAY"},
    {"limit": 5, "offset": 6, "period": "DAY"},
    {"limit": 2 ** 40, "period": "MONTH"},
])
def test_hostile_quotas_are_bad_requests(apigateway, quota):
    with pytest.raises(ClientError) as error:
        apigateway.create_usage_plan(name="hostile", quota=quota)
    assert error.value.response["Error"]["Code"] == "BadRequestException"


@pytest.mark.parametrize("start,end", [
    ("2026-13-01", "2026-13-02"),
    ("2026-02-30", "2026-03-01"),
    ("yesterday", "today"),
    ("2026-03-02", "2026-03-01"),
    ("2026-3-1", "2026-03-02"),
])
def test_get_usage_refuses_bad_dates(apigateway, start, end):
    plan = apigateway.create_usage_plan(name="dates", quota={"limit": 5, "period": "WEEK"})
    with pytest.raises(ClientError) as error:
        apigateway.get_usage(usagePlanId=plan["id"], startDate=start, endDate=end)
    assert error.value.response["Error"]["Code"] == "BadRequestException"


def test_a_graceful_stop_flushes_the_last_batch_and_a_kill_loses_at_most_one_interval(fresh_server, monkeypatch):
    # A flush interval longer than the test: only a stop (or a reload) writes the counts.
    monkeypatch.setenv("PORTCULLIS_QUOTA_FLUSH_INTERVAL_MS", "600000")
    server = fresh_server().start()
    client = make_client("apigateway", server.endpoint)
    gateway = Gateway(server)
    api_id, key, plan = quota_setup(client, gateway)

    def call():
        return gateway.invoke(api_id, "prod", "/things", headers={"x-api-key": key["value"]})

    assert call().status_code == 200 and call().status_code == 200
    server.restart()  # SIGTERM: the data plane drains, then the last batch is written
    client = make_client("apigateway", server.endpoint)
    assert usage_of(client, plan["id"], key["id"], lambda u: True)["items"] == {key["id"]: [[3, 2]]}

    assert call().status_code == 200 and call().status_code == 200
    assert limit_exceeded(call())
    server.kill()  # SIGKILL: the two requests since the last write are the interval lost
    server.start()
    client = make_client("apigateway", server.endpoint)
    assert usage_of(client, plan["id"], key["id"], lambda u: True)["items"] == {key["id"]: [[3, 2]]}
    assert call().status_code == 200


def test_offset_is_subtracted_in_the_initial_period(server, apigateway, gateway):
    api_id = keyed_api(apigateway)
    key = apigateway.create_api_key(name="offset", enabled=True, value=f"offset-key-{api_id}-0123456789")
    plan = apigateway.create_usage_plan(
        name="offset", apiStages=[{"apiId": api_id, "stage": "prod"}], quota={"limit": 5, "offset": 2, "period": "WEEK"})
    assert plan["quota"] == {"limit": 5, "offset": 2, "period": "WEEK"}
    apigateway.create_usage_plan_key(usagePlanId=plan["id"], keyId=key["id"], keyType="API_KEY")
    # This week is the plan's first: 5 - 2 = 3 requests.
    assert eventually(gateway, api_id, "prod", key["value"], lambda r: r.status_code == 200).status_code == 200
    for _ in range(2):
        assert gateway.invoke(api_id, "prod", "/things", headers={"x-api-key": key["value"]}).status_code == 200
    assert limit_exceeded(gateway.invoke(api_id, "prod", "/things", headers={"x-api-key": key["value"]}))
    usage = usage_of(apigateway, plan["id"], key["id"], lambda u: u["items"][key["id"]] == [[3, 0]])
    assert usage["items"] == {key["id"]: [[3, 0]]}
