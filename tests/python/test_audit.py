"""The audit trail against the real binary: boto3 creates, updates and deletes things through the
management API (an API key with a value among them, a call that fails, reads that are not
recorded), then `portcullis audit` reads the trail back: CloudTrail-shaped events with the
caller's identity, the request ids boto3 saw, AWS's error codes, and no secret anywhere."""
import datetime
import json
import os
import subprocess
import time

import botocore.exceptions
import pytest

from conftest import ACCESS_KEY, make_client

SECRET = "audit-secret-key-value-0123456789"


def audit(server, *args):
    result = subprocess.run([server.binary, "audit", "--store", str(server.directory / "portcullis.sqlite"), *args],
                            capture_output=True, text=True, timeout=30)
    assert result.returncode == 0, result.stderr
    return result.stdout


def events(server, *args):
    return [json.loads(line) for line in audit(server, *args).splitlines() if line.strip()]


def wait_for_events(server, count, *args, timeout=10.0):
    deadline = time.time() + timeout
    while True:
        found = events(server, *args)
        if len(found) >= count or time.time() > deadline:
            return found
        time.sleep(0.1)


def test_management_writes_are_audited_without_secrets(fresh_server):
    server = fresh_server().start()
    client = make_client("apigateway", server.endpoint)
    created = client.create_rest_api(name="audited")
    api_id = created["id"]
    root = next(item for item in client.get_resources(restApiId=api_id)["items"] if item["path"] == "/")
    resource = client.create_resource(restApiId=api_id, parentId=root["id"], pathPart="orders")
    client.update_rest_api(restApiId=api_id, patchOperations=[{"op": "replace", "path": "/description", "value": "audited API"}])
    key = client.create_api_key(name="partner", enabled=True, value=SECRET)
    with pytest.raises(botocore.exceptions.ClientError) as failure:
        client.delete_resource(restApiId=api_id, resourceId="missing1")
    client.get_rest_api(restApiId=api_id)  # a read: not recorded
    deleted = client.delete_rest_api(restApiId=api_id)

    trail = wait_for_events(server, 5, "--api-id", api_id)
    names = [event["eventName"] for event in trail]
    assert names == ["CreateRestApi", "CreateResource", "UpdateRestApi", "DeleteResource", "DeleteRestApi"]
    for event in trail:
        assert event["eventSource"] == "apigateway.amazonaws.com"
        assert event["eventType"] == "AwsApiCall" and event["readOnly"] is False
        assert event["awsRegion"] == "us-east-1" and event["recipientAccountId"] == "000000000000"
        assert event["userIdentity"] == {"type": "Root", "principalId": "000000000000", "arn": "arn:aws:iam::000000000000:root",
                                         "accountId": "000000000000", "accessKeyId": ACCESS_KEY}
        assert event["sourceIPAddress"] == "127.0.0.1"
        assert "Boto3" in event["userAgent"]
        assert event["eventTime"].endswith("Z")
        assert len(event["eventID"]) == 36
    by_name = {event["eventName"]: event for event in trail}
    assert by_name["CreateRestApi"]["requestID"] == created["ResponseMetadata"]["RequestId"]
    assert by_name["CreateRestApi"]["requestParameters"]["name"] == "audited"
    assert by_name["CreateRestApi"]["responseElements"]["id"] == api_id
    assert by_name["CreateResource"]["requestParameters"] == {"parentId": root["id"], "restApiId": api_id, "pathPart": "orders"}
    assert by_name["CreateResource"]["responseElements"]["id"] == resource["id"]
    assert by_name["UpdateRestApi"]["requestParameters"]["patchOperations"][0]["value"] == "audited API"
    failed = by_name["DeleteResource"]
    assert failed["errorCode"] == "NotFoundException" == failure.value.response["Error"]["Code"]
    assert failed["errorMessage"] == failure.value.response["Error"]["Message"]
    assert failed["responseElements"] is None
    assert failed["requestID"] == failure.value.response["ResponseMetadata"]["RequestId"]
    assert by_name["DeleteRestApi"]["requestID"] == deleted["ResponseMetadata"]["RequestId"]
    assert "errorCode" not in by_name["DeleteRestApi"]

    # The API key: recorded, its value hidden in the request and the answer.
    [key_event] = events(server, "--event-name", "CreateApiKey")
    assert key_event["requestParameters"]["value"] == "HIDDEN_DUE_TO_SECURITY_REASONS"
    assert key_event["requestParameters"]["name"] == "partner"
    assert key_event["responseElements"]["id"] == key["id"]
    assert key_event["responseElements"]["value"] == "HIDDEN_DUE_TO_SECURITY_REASONS"
    raw = open(server.directory / "audit.jsonl").read()
    assert SECRET not in raw and SECRET not in audit(server)
    assert "GetRestApi" not in raw and "GetResources" not in raw
    assert oct(os.stat(server.directory / "audit.jsonl").st_mode & 0o777) == "0o600"

    # Filters and the table.
    assert events(server, "--user", "AKIDSOMEONEELSE") == []
    assert len(events(server, "--user", "arn:aws:iam::000000000000:root")) == 6
    assert events(server, "--since", "1h", "--event-name", "DeleteRestApi")[0]["eventName"] == "DeleteRestApi"
    tomorrow = (datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(days=1)).strftime("%Y-%m-%d")
    assert events(server, "--since", tomorrow) == []
    assert len(events(server, "--until", tomorrow)) == 6
    table = audit(server, "--api-id", api_id, "--format", "table").splitlines()
    assert table[0].split()[:3] == ["TIME", "EVENT", "RESULT"]
    assert len(table) == 6
    assert any("DeleteResource" in row and "NotFoundException" in row for row in table)


def test_http_api_writes_and_the_trail_switched_off(fresh_server, tmp_path):
    server = fresh_server().start()
    client = make_client("apigatewayv2", server.endpoint)
    api_id = client.create_api(Name="audited-http", ProtocolType="HTTP")["ApiId"]
    client.create_stage(ApiId=api_id, StageName="live")
    client.tag_resource(ResourceArn=f"arn:aws:apigateway:us-east-1::/apis/{api_id}", Tags={"team": "payments"})
    trail = wait_for_events(server, 2, "--api-id", api_id)
    assert [event["eventName"] for event in trail] == ["CreateApi", "CreateStage"]
    assert trail[1]["requestParameters"]["apiId"] == api_id and trail[1]["requestParameters"]["stageName"] == "live"
    tagged = wait_for_events(server, 1, "--event-name", "TagResource")
    assert tagged[0]["requestParameters"]["tags"] == {"team": "payments"}
    server.stop()

    # The same store with the trail off: nothing more is written.
    quiet = fresh_server(extra_args=["--audit-file", "off"]).start()
    make_client("apigatewayv2", quiet.endpoint).create_api(Name="unaudited", ProtocolType="HTTP")
    quiet.stop()  # a graceful stop drains the sinks
    assert "unaudited" not in (tmp_path / "audit.jsonl").read_text()
