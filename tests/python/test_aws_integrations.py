"""AWS integrations against the real binary, with moto's server mode as AWS (conftest's `moto`
fixture; the gateway finds it through AWS_ENDPOINT_URL, STS included) and the SigV4-checking
Lambda double as Lambda (AWS_ENDPOINT_URL_LAMBDA):

- REST `AWS` service integrations, action and path style: SQS SendMessage, DynamoDB PutItem /
  GetItem / Query from JSON request templates, integration responses selected by the service's
  status; an integration `credentials` role assumed through moto's STS (the message lands in the
  role's account, which only the role's credentials reach);
- HTTP API first-class integrations: SQS-SendMessage / ReceiveMessage / DeleteMessage,
  EventBridge-PutEvents (delivered by a rule to a queue), Kinesis-PutRecord; their parameters
  checked when compiled;
- REST `AWS` Lambda (non-proxy) integrations: the template's event, `selectionPattern` against the
  function's `errorMessage`, the unmatched error through the default response, `Event` and client
  context from the integration request headers, timeouts.

Each effect is read back from moto with boto3, never from the gateway's own answer alone."""
import base64
import json
import re
import time

import pytest

from conftest import REGION, Gateway, make_client, rest_mock_method
# The Lambda double and its credentials are the authorizer tests'.
from test_lambda_authorizers import ACCOUNT, LAMBDA_KEY, LAMBDA_SECRET, function_uri, lambdas  # noqa: F401

ROLE_ACCOUNT = "111122223333"


@pytest.fixture
def aws(fresh_server, moto, lambdas):
    """A gateway calling moto for every AWS service but Lambda: (moto, apigateway, apigatewayv2, gateway)."""
    server = fresh_server()
    server.extra_env = {"AWS_ENDPOINT_URL": moto.endpoint, "AWS_ENDPOINT_URL_LAMBDA": lambdas.url,
                        "AWS_ACCESS_KEY_ID": LAMBDA_KEY, "AWS_SECRET_ACCESS_KEY": LAMBDA_SECRET, "AWS_REGION": REGION,
                        "PORTCULLIS_ACCOUNT_ID": ACCOUNT}
    server.start()
    return moto, make_client("apigateway", server.endpoint), make_client("apigatewayv2", server.endpoint), Gateway(server)


def rest_method(apigateway, api_id, path_part, http_method="POST", integration=None, responses=None, request_parameters=None):
    """`{http_method} /{path_part}` with `integration` (PutIntegration arguments) and integration
    responses `responses` ({status: selectionPattern or None}), passthrough."""
    root = next(item for item in apigateway.get_resources(restApiId=api_id)["items"] if item["path"] == "/")
    resource = apigateway.create_resource(restApiId=api_id, parentId=root["id"], pathPart=path_part)
    apigateway.put_method(restApiId=api_id, resourceId=resource["id"], httpMethod=http_method, authorizationType="NONE",
                          requestParameters=request_parameters or {})
    apigateway.put_integration(restApiId=api_id, resourceId=resource["id"], httpMethod=http_method, **integration)
    for status, pattern in (responses or {"200": None}).items():
        apigateway.put_method_response(restApiId=api_id, resourceId=resource["id"], httpMethod=http_method, statusCode=status)
        extra = {"selectionPattern": pattern} if pattern is not None else {}
        apigateway.put_integration_response(restApiId=api_id, resourceId=resource["id"], httpMethod=http_method,
                                            statusCode=status, **extra)


def deployed(apigateway, gateway, api_id):
    """Deploys the API to `prod` with a MOCK `GET /ready` to wait on (the methods under test have
    side effects)."""
    root = next(item for item in apigateway.get_resources(restApiId=api_id)["items"] if item["path"] == "/")
    rest_mock_method(apigateway, api_id, root["id"], "ready", authorizationType="NONE")
    apigateway.create_deployment(restApiId=api_id, stageName="prod")
    assert gateway.wait_until(api_id, "prod", "/ready", lambda r: r.status_code == 200).status_code == 200


def received(sqs, queue_url, count=1, timeout=5.0):
    deadline = time.time() + timeout
    messages = []
    while len(messages) < count and time.time() < deadline:
        messages += sqs.receive_message(QueueUrl=queue_url, MaxNumberOfMessages=10, WaitTimeSeconds=0).get("Messages", [])
        time.sleep(0.05)
    return messages


# MARK: REST service integrations


def test_rest_sqs_send_message_action(aws):
    moto, apigateway, _, gateway = aws
    sqs = moto.client("sqs")
    queue_url = sqs.create_queue(QueueName="rest-action")["QueueUrl"]
    api_id = apigateway.create_rest_api(name="sqs-action")["id"]
    rest_method(apigateway, api_id, "messages", integration={
        "type": "AWS", "integrationHttpMethod": "POST", "uri": f"arn:aws:apigateway:{REGION}:sqs:action/SendMessage",
        "requestParameters": {"integration.request.querystring.QueueUrl": f"'{queue_url}'",
                              "integration.request.querystring.MessageBody": "method.request.querystring.text"}},
        request_parameters={"method.request.querystring.text": False})
    deployed(apigateway, gateway, api_id)

    response = gateway.invoke(api_id, "prod", "/messages?text=hello%20from%20REST", method="POST")
    assert response.status_code == 200, response.text
    assert response.headers["X-Amzn-Trace-Id"].startswith("Root=1-")
    messages = received(sqs, queue_url)
    assert [message["Body"] for message in messages] == ["hello from REST"]
    assert messages[0]["MessageId"] in response.text, "the service's answer is the client's (passthrough)"


def test_rest_sqs_path_with_role_credentials(aws):
    """A `credentials` role of another account: the gateway assumes it through moto's STS and
    signs with its session, so the message lands in that account's queue."""
    moto, apigateway, _, gateway = aws
    role = f"arn:aws:iam::{ROLE_ACCOUNT}:role/apigateway-sqs"
    session = moto.client("sts").assume_role(RoleArn=role, RoleSessionName="test")["Credentials"]
    role_sqs = moto.client("sqs", aws_access_key_id=session["AccessKeyId"], aws_secret_access_key=session["SecretAccessKey"],
                           aws_session_token=session["SessionToken"])
    queue_url = role_sqs.create_queue(QueueName="role-queue")["QueueUrl"]
    assert ROLE_ACCOUNT in queue_url
    assert "role-queue" not in json.dumps(moto.client("sqs").list_queues()), "the default account has no such queue"

    api_id = apigateway.create_rest_api(name="sqs-path")["id"]
    rest_method(apigateway, api_id, "enqueue", integration={
        "type": "AWS", "integrationHttpMethod": "POST", "uri": f"arn:aws:apigateway:{REGION}:sqs:path/{ROLE_ACCOUNT}/role-queue",
        "credentials": role,
        "requestParameters": {"integration.request.header.Content-Type": "'application/x-www-form-urlencoded'"},
        "requestTemplates": {"application/json": "Action=SendMessage&MessageBody=sent-with-the-role"}})
    deployed(apigateway, gateway, api_id)

    for _ in range(3):  # the first call waits for STS; the next ones use the cached session
        response = gateway.invoke(api_id, "prod", "/enqueue", method="POST", json={"ignored": True})
        assert response.status_code == 200, response.text
    assert [m["Body"] for m in received(role_sqs, queue_url, count=3)] == ["sent-with-the-role"] * 3


def test_rest_dynamodb_put_get_query_from_json_templates(aws):
    moto, apigateway, _, gateway = aws
    dynamodb = moto.client("dynamodb")
    dynamodb.create_table(TableName="things", KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
                          AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}], BillingMode="PAY_PER_REQUEST")
    api_id = apigateway.create_rest_api(name="dynamodb")["id"]
    action = lambda name: f"arn:aws:apigateway:{REGION}:dynamodb:action/{name}"  # noqa: E731
    templates = {
        "put": '{"TableName": "things", "Item": {"id": {"S": "thing-1"}, "colour": {"S": "teal"}}}',
        "get": '{"TableName": "things", "Key": {"id": {"S": "thing-1"}}}',
        "query": ('{"TableName": "things", "KeyConditionExpression": "id = :id", '
                  '"ExpressionAttributeValues": {":id": {"S": "thing-1"}}}'),
        "broken": '{"TableName": "no-such-table", "Key": {"id": {"S": "x"}}}',
    }
    for path, operation in [("put", "PutItem"), ("get", "GetItem"), ("query", "Query"), ("broken", "GetItem")]:
        rest_method(apigateway, api_id, path, integration={
            "type": "AWS", "integrationHttpMethod": "POST", "uri": action(operation),
            "requestTemplates": {"application/json": templates[path]}},
            responses={"200": None, "400": r"4\d{2}"})
    deployed(apigateway, gateway, api_id)

    assert gateway.invoke(api_id, "prod", "/put", method="POST").status_code == 200
    stored = dynamodb.get_item(TableName="things", Key={"id": {"S": "thing-1"}})["Item"]
    assert stored == {"id": {"S": "thing-1"}, "colour": {"S": "teal"}}

    got = gateway.invoke(api_id, "prod", "/get", method="POST")
    assert got.status_code == 200 and got.json()["Item"]["colour"] == {"S": "teal"}
    queried = gateway.invoke(api_id, "prod", "/query", method="POST", json={})
    assert queried.status_code == 200 and queried.json()["Count"] == 1

    broken = gateway.invoke(api_id, "prod", "/broken", method="POST")
    assert broken.status_code == 400, "DynamoDB's 400 selects the integration response of pattern 4\\d{2}"
    assert "ResourceNotFoundException" in broken.text


def test_rest_aws_integration_without_credentials(fresh_server, moto):
    """No credentials to sign with: 500, and no call."""
    server = fresh_server()
    server.extra_env = {"AWS_ENDPOINT_URL": moto.endpoint, "AWS_ACCESS_KEY_ID": "", "AWS_SECRET_ACCESS_KEY": "", "AWS_SHARED_CREDENTIALS_FILE": "/nonexistent",
                        "AWS_CONFIG_FILE": "/nonexistent", "AWS_REGION": REGION}
    server.start()
    apigateway, gateway = make_client("apigateway", server.endpoint), Gateway(server)
    api_id = apigateway.create_rest_api(name="no-credentials")["id"]
    rest_method(apigateway, api_id, "send", integration={
        "type": "AWS", "integrationHttpMethod": "POST", "uri": f"arn:aws:apigateway:{REGION}:sqs:action/SendMessage"})
    deployed(apigateway, gateway, api_id)
    response = gateway.invoke(api_id, "prod", "/send", method="POST")
    assert response.status_code == 500 and response.json() == {"message": "Internal server error"}


# MARK: HTTP API first-class integrations


def http_subtype_api(apigatewayv2, gateway, routes, credentials=None):
    """An HTTP API whose routes ({route key: (subtype, parameters)}) integrate AWS services,
    deployed to `$default`, with a `GET /ready` route (to a closed port: 500 once served) to
    wait on."""
    api_id = apigatewayv2.create_api(Name="aws-subtypes", ProtocolType="HTTP")["ApiId"]
    closed = apigatewayv2.create_integration(ApiId=api_id, IntegrationType="HTTP_PROXY", IntegrationUri="http://127.0.0.1:9/",
                                             IntegrationMethod="GET", PayloadFormatVersion="1.0")
    apigatewayv2.create_route(ApiId=api_id, RouteKey="GET /ready", Target=f"integrations/{closed['IntegrationId']}")
    for route, (subtype, parameters) in routes.items():
        extra = {"CredentialsArn": credentials} if credentials else {}
        integration = apigatewayv2.create_integration(
            ApiId=api_id, IntegrationType="AWS_PROXY", IntegrationSubtype=subtype, PayloadFormatVersion="1.0",
            RequestParameters=parameters, **extra)
        apigatewayv2.create_route(ApiId=api_id, RouteKey=route, Target=f"integrations/{integration['IntegrationId']}")
    apigatewayv2.create_stage(ApiId=api_id, StageName="$default", AutoDeploy=False)
    apigatewayv2.create_deployment(ApiId=api_id, StageName="$default")
    assert gateway.wait_until(api_id, "$default", "/ready", lambda r: r.status_code == 500).status_code == 500
    return api_id


def test_http_sqs_send_receive_delete(aws):
    moto, _, apigatewayv2, gateway = aws
    sqs = moto.client("sqs")
    queue_url = sqs.create_queue(QueueName="http-queue")["QueueUrl"]
    api_id = http_subtype_api(apigatewayv2, gateway, {
        "POST /send": ("SQS-SendMessage", {"QueueUrl": queue_url, "MessageBody": "$request.body.message",
                                           "MessageAttributes": '{"origin": {"DataType": "String", "StringValue": "http-api"}}'}),
        "GET /receive": ("SQS-ReceiveMessage", {"QueueUrl": queue_url, "MaxNumberOfMessages": "5",
                                                "MessageAttributeNames": '["All"]'}),
        "DELETE /message": ("SQS-DeleteMessage", {"QueueUrl": queue_url, "ReceiptHandle": "$request.header.x-receipt"}),
    }, credentials=f"arn:aws:iam::{ACCOUNT}:role/apigateway-sqs")

    sent = gateway.invoke(api_id, "$default", "/send", method="POST", json={"message": "hello from HTTP"})
    assert sent.status_code == 200, sent.text

    answer = gateway.invoke(api_id, "$default", "/receive")
    assert answer.status_code == 200 and "hello from HTTP" in answer.text and "http-api" in answer.text
    handle = re.search(r'<ReceiptHandle>([^<]+)</ReceiptHandle>|"ReceiptHandle":\s*"([^"]+)"', answer.text)
    assert handle, answer.text
    receipt = handle.group(1) or handle.group(2)

    deleted = gateway.invoke(api_id, "$default", "/message", method="DELETE", headers={"x-receipt": receipt})
    assert deleted.status_code == 200, deleted.text
    attributes = sqs.get_queue_attributes(QueueUrl=queue_url, AttributeNames=["All"])["Attributes"]
    assert attributes["ApproximateNumberOfMessages"] == "0" and attributes["ApproximateNumberOfMessagesNotVisible"] == "0"


def test_http_eventbridge_put_events_and_kinesis_put_record(aws):
    moto, _, apigatewayv2, gateway = aws
    sqs, events, kinesis = moto.client("sqs"), moto.client("events"), moto.client("kinesis")
    queue_url = sqs.create_queue(QueueName="orders-events")["QueueUrl"]
    queue_arn = sqs.get_queue_attributes(QueueUrl=queue_url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    events.put_rule(Name="orders", EventPattern=json.dumps({"source": ["shop.orders"]}))
    events.put_targets(Rule="orders", Targets=[{"Id": "queue", "Arn": queue_arn}])
    kinesis.create_stream(StreamName="clicks", ShardCount=1)

    api_id = http_subtype_api(apigatewayv2, gateway, {
        "POST /orders": ("EventBridge-PutEvents", {"Source": "$request.body.source", "DetailType": "OrderPlaced",
                                                   "Detail": "$request.body.detail"}),
        "POST /clicks/{user}": ("Kinesis-PutRecord", {"StreamName": "clicks", "Data": "$request.body.data",
                                                      "PartitionKey": "$request.path.user"}),
    })

    put = gateway.invoke(api_id, "$default", "/orders", method="POST",
                         json={"source": "shop.orders", "detail": {"orderId": 42, "items": ["a"]}})
    assert put.status_code == 200 and put.json()["FailedEntryCount"] == 0, put.text
    delivered = received(sqs, queue_url)
    assert len(delivered) == 1
    event = json.loads(delivered[0]["Body"])
    assert event["source"] == "shop.orders" and event["detail-type"] == "OrderPlaced"
    assert event["detail"] == {"orderId": 42, "items": ["a"]}

    data = base64.b64encode(b"click at 12:00").decode()
    record = gateway.invoke(api_id, "$default", "/clicks/user-9", method="POST", json={"data": data})
    assert record.status_code == 200 and record.json()["ShardId"], record.text
    shard = kinesis.describe_stream(StreamName="clicks")["StreamDescription"]["Shards"][0]["ShardId"]
    iterator = kinesis.get_shard_iterator(StreamName="clicks", ShardId=shard, ShardIteratorType="TRIM_HORIZON")["ShardIterator"]
    records = kinesis.get_records(ShardIterator=iterator)["Records"]
    assert [(r["Data"], r["PartitionKey"]) for r in records] == [(b"click at 12:00", "user-9")]


def test_http_subtype_parameters_checked_when_compiled(aws):
    """A subtype without a required parameter, or with one it does not take, is refused: the
    route answers 500 and nothing reaches the service."""
    moto, _, apigatewayv2, gateway = aws
    sqs = moto.client("sqs")
    queue_url = sqs.create_queue(QueueName="untouched")["QueueUrl"]
    api_id = http_subtype_api(apigatewayv2, gateway, {
        "POST /missing": ("SQS-SendMessage", {"QueueUrl": queue_url}),
        "POST /unknown": ("SQS-SendMessage", {"QueueUrl": queue_url, "MessageBody": "x", "Colour": "blue"}),
    })
    for path in ("/missing", "/unknown"):
        response = gateway.invoke(api_id, "$default", path, method="POST")
        assert response.status_code == 500 and response.json() == {"message": "Internal Server Error"}
    assert received(sqs, queue_url, timeout=0.5) == []


# MARK: Lambda non-proxy


def test_rest_lambda_custom_integration(aws, lambdas):
    _, apigateway, _, gateway = aws

    def orders(event):
        if event.get("case") == "missing":
            raise LookupError("Order not found: 7")
        if event.get("case") == "broken":
            raise RuntimeError("database unreachable")
        if event.get("case") == "slow":
            time.sleep(1.5)
        return {"order": event.get("id"), "status": "shipped"}

    lambdas.functions["orders"] = orders
    api_id = apigateway.create_rest_api(name="lambda-custom")["id"]
    rest_method(apigateway, api_id, "orders", integration={
        "type": "AWS", "integrationHttpMethod": "POST", "uri": function_uri("orders"), "timeoutInMillis": 1000},
        responses={"200": None, "404": ".*not found.*", "400": "Invalid:.*"})
    rest_method(apigateway, api_id, "later", integration={
        "type": "AWS", "integrationHttpMethod": "POST", "uri": function_uri("orders"),
        "requestParameters": {"integration.request.header.X-Amz-Invocation-Type": "'Event'",
                              "integration.request.header.X-Amz-Client-Context": "method.request.header.x-client-context"}},
        request_parameters={"method.request.header.x-client-context": False})
    deployed(apigateway, gateway, api_id)

    ok = gateway.invoke(api_id, "prod", "/orders", method="POST", json={"id": 7})
    assert ok.status_code == 200 and ok.json() == {"order": 7, "status": "shipped"}
    assert ok.headers["Content-Type"] == "application/json" and ok.headers["X-Amzn-Trace-Id"].startswith("Root=1-")
    assert lambdas.calls[-1]["event"] == {"id": 7} and lambdas.calls[-1]["invocation_type"] == "RequestResponse"

    missing = gateway.invoke(api_id, "prod", "/orders", method="POST", json={"case": "missing"})
    assert missing.status_code == 404, "selectionPattern matched against errorMessage"
    assert missing.json()["errorMessage"] == "Order not found: 7"

    broken = gateway.invoke(api_id, "prod", "/orders", method="POST", json={"case": "broken"})
    assert broken.status_code == 200, "an unmatched function error takes the default response, as AWS does"
    assert broken.json() == {"errorMessage": "database unreachable", "errorType": "RuntimeError"}

    slow = gateway.invoke(api_id, "prod", "/orders", method="POST", json={"case": "slow"})
    assert slow.status_code == 504 and slow.json() == {"message": "Endpoint request timed out"}

    context = base64.b64encode(json.dumps({"custom": {"tenant": "acme"}}).encode()).decode()
    later = gateway.invoke(api_id, "prod", "/later", method="POST", json={"id": 8}, headers={"x-client-context": context})
    assert later.status_code == 200 and later.content == b"", "Lambda's 202 for an Event invocation, as AWS answers it"
    call = next(call for call in reversed(lambdas.calls) if call["event"] == {"id": 8})
    assert call["invocation_type"] == "Event" and call["client_context"] == context


def test_rest_lambda_custom_integration_converts_a_binary_payload_to_text(aws, lambdas):
    """`contentHandling: CONVERT_TO_TEXT` on a Lambda (AWS) integration: a binary body (its type
    in `binaryMediaTypes`) reaches the function base64-encoded, as AWS's conversion table says."""
    _, apigateway, _, gateway = aws
    lambdas.functions["sizes"] = lambda event: {"decoded": len(base64.b64decode(event["data"]))}
    api_id = apigateway.create_rest_api(name="lambda-binary", binaryMediaTypes=["application/octet-stream"])["id"]
    rest_method(apigateway, api_id, "sizes", integration={
        "type": "AWS", "integrationHttpMethod": "POST", "uri": function_uri("sizes"), "contentHandling": "CONVERT_TO_TEXT",
        "requestTemplates": {"application/octet-stream": '{"data": "$input.body"}'}, "passthroughBehavior": "NEVER"})
    deployed(apigateway, gateway, api_id)
    payload = bytes(range(256)) * 4
    answer = gateway.invoke(api_id, "prod", "/sizes", method="POST", data=payload,
                            headers={"Content-Type": "application/octet-stream"})
    assert answer.status_code == 200 and answer.json() == {"decoded": 1024}, answer.text


def test_rest_lambda_custom_integration_refusals(aws, lambdas):
    """An unknown function (Lambda's 404) and no default response for a success: 500."""
    _, apigateway, _, gateway = aws
    lambdas.functions["fine"] = lambda event: {"ok": True}
    api_id = apigateway.create_rest_api(name="lambda-custom-refusals")["id"]
    rest_method(apigateway, api_id, "unknown", integration={
        "type": "AWS", "integrationHttpMethod": "POST", "uri": function_uri("no-such-function")})
    rest_method(apigateway, api_id, "nodefault", integration={
        "type": "AWS", "integrationHttpMethod": "POST", "uri": function_uri("fine")}, responses={"400": "Invalid:.*"})
    deployed(apigateway, gateway, api_id)
    for path in ("/unknown", "/nodefault"):
        response = gateway.invoke(api_id, "prod", path, method="POST", json={})
        assert response.status_code == 500 and response.json() == {"message": "Internal server error"}, path
