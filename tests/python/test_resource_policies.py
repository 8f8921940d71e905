"""REST API resource policies against the real binary, as AWS's authorization workflow describes
them (https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-authorization-flow.html):
named principals judged with the IAM caller's identity policies (same account: either allows;
another account: both must), anonymous callers on methods without AWS_IAM, private APIs reached
only through the configured VPC endpoints, and malformed policies refused by the management API."""
import json

import pytest
import requests
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials
from botocore.exceptions import ClientError

from conftest import ACCESS_KEY, REGION, SECRET_KEY, Gateway, make_client

ALICE = ("AKIDALICE00000000000", "alice-secret-0123456789")  # this account, no identity policy
BOB = ("AKIDBOB0000000000000", "bob-secret-0123456789")  # another account, allowed by its own policy
CAROL = ("AKIDCAROL00000000000", "carol-secret-0123456789")  # another account, no identity policy

CONFIG = """
iam:
  identities:
    - {accessKeyId: AKIDALICE00000000000, secretAccessKey: alice-secret-0123456789, arn: "arn:aws:iam::000000000000:user/alice"}
    - accessKeyId: AKIDBOB0000000000000
      secretAccessKey: bob-secret-0123456789
      arn: arn:aws:iam::999999999999:user/bob
      policies:
        - {Version: "2012-10-17", Statement: [{Effect: Allow, Action: "execute-api:Invoke", Resource: "*"}]}
    - {accessKeyId: AKIDCAROL00000000000, secretAccessKey: carol-secret-0123456789, arn: "arn:aws:iam::999999999999:user/carol"}
privateEndpoints:
  - {vpceId: vpce-0aaa1111, vpcId: vpc-0c0c0c0c, header: x-test-vpce}
  - {vpceId: vpce-0bbb2222, header: x-other-vpce, sourceCidrs: ["127.0.0.0/8", "::1/128"]}
"""


def policy(*statements):
    return json.dumps({"Version": "2012-10-17", "Statement": list(statements)})


def api_with(client, document, paths=(("who", "AWS_IAM"), ("open", "NONE")), **create):
    api_id = client.create_rest_api(name="policy", policy=document, **create)["id"]
    root = next(item for item in client.get_resources(restApiId=api_id)["items"] if item["path"] == "/")
    for part, authorization in paths:
        resource = client.create_resource(restApiId=api_id, parentId=root["id"], pathPart=part)
        for verb in ("GET", "POST"):
            client.put_method(restApiId=api_id, resourceId=resource["id"], httpMethod=verb, authorizationType=authorization)
            client.put_integration(restApiId=api_id, resourceId=resource["id"], httpMethod=verb, type="MOCK",
                                   requestTemplates={"application/json": '{"statusCode": 200}'})
            client.put_method_response(restApiId=api_id, resourceId=resource["id"], httpMethod=verb, statusCode="200")
            client.put_integration_response(restApiId=api_id, resourceId=resource["id"], httpMethod=verb, statusCode="200",
                                            responseTemplates={"application/json": '{"ok": true}'})
    client.create_deployment(restApiId=api_id, stageName="prod")
    return api_id


def signed(gateway, api_id, path, keys=(ACCESS_KEY, SECRET_KEY), method="GET"):
    url = f"http://127.0.0.1:{gateway.server.data_port}/prod{path}"
    request = AWSRequest(method=method, url=url, data=b"", headers={"Host": f"{api_id}.execute-api.{REGION}.amazonaws.com"})
    SigV4Auth(Credentials(*keys), "execute-api", REGION).add_auth(request)
    prepared = request.prepare()
    return requests.request(method, prepared.url, headers=dict(prepared.headers), timeout=10)


def denied(response, user, arn, explicit=False):
    assert response.status_code == 403, response.text
    assert response.headers["x-amzn-ErrorType"] == "AccessDeniedException"
    suffix = " with an explicit deny" if explicit else ""
    assert response.json() == {
        "Message": f"User: {user} is not authorized to perform: execute-api:Invoke on resource: {arn}{suffix}"}, response.text


@pytest.fixture(scope="module")
def configured(tmp_path_factory):
    from conftest import Server

    directory = tmp_path_factory.mktemp("policies")
    config = directory / "policies.yaml"
    config.write_text(CONFIG)
    server = Server(directory, extra_args=["--config", str(config)]).start()
    yield server, make_client("apigateway", server.endpoint), Gateway(server)
    server.stop()


def test_named_principals_with_iam_callers_follow_aws_tables(configured):
    server, client, gateway = configured
    document = policy(
        {"Effect": "Allow", "Principal": {"AWS": ["arn:aws:iam::000000000000:user/alice", "arn:aws:iam::999999999999:user/bob",
                                                   "arn:aws:iam::999999999999:user/carol"]},
         "Action": "execute-api:Invoke", "Resource": "execute-api:/*"},
        {"Effect": "Deny", "Principal": {"AWS": "999999999999"}, "Action": "execute-api:Invoke",
         "Resource": "execute-api:/*/POST/*"})
    api_id = api_with(client, document)
    arn = f"arn:aws:execute-api:us-east-1:000000000000:{api_id}/prod"
    response = gateway.wait_until(api_id, "prod", "/open", lambda r: "Message" in r.text)

    # No AWS_IAM on /open: the caller is anonymous, and only named principals are allowed.
    denied(response, "anonymous", f"{arn}/GET/open")
    # /who needs a signature first.
    unsigned = gateway.invoke(api_id, "prod", "/who")
    assert unsigned.status_code == 403 and unsigned.json() == {"message": "Missing Authentication Token"}

    # Table A: alice (same account, no identity policy) is allowed by the resource policy alone.
    assert signed(gateway, api_id, "/who", ALICE).status_code == 200
    # The root (admin key): allowed by its own account.
    assert signed(gateway, api_id, "/who").status_code == 200
    # Table B: bob's account allows him and the resource policy names him.
    assert signed(gateway, api_id, "/who", BOB).status_code == 200
    # Table B: carol is named, but nothing in her own account allows her.
    denied(signed(gateway, api_id, "/who", CAROL), "arn:aws:iam::999999999999:user/carol", f"{arn}/GET/who")
    # The deny on the account 999999999999 wins over bob's allows.
    denied(signed(gateway, api_id, "/who", BOB, method="POST"), "arn:aws:iam::999999999999:user/bob", f"{arn}/POST/who",
           explicit=True)
    # A signature on a NONE method does not make the caller identified.
    denied(signed(gateway, api_id, "/open", ALICE), "anonymous", f"{arn}/GET/open")


def test_an_account_principal_delegates_to_identity_policies(configured):
    server, client, gateway = configured
    api_id = api_with(client, policy({"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::999999999999:root"},
                                      "Action": "execute-api:Invoke", "Resource": "execute-api:/*"}), paths=(("who", "AWS_IAM"),))
    arn = f"arn:aws:execute-api:us-east-1:000000000000:{api_id}/prod/GET/who"
    gateway.wait_until(api_id, "prod", "/who", lambda r: r.status_code == 403)
    import time

    deadline = time.time() + 10
    while (response := signed(gateway, api_id, "/who", BOB)).status_code != 200 and time.time() < deadline:
        time.sleep(0.05)
    assert response.status_code == 200, response.text
    denied(signed(gateway, api_id, "/who", CAROL), "arn:aws:iam::999999999999:user/carol", arn)
    # Same account, not named, no identity policy: implicit deny.
    denied(signed(gateway, api_id, "/who", ALICE), "arn:aws:iam::000000000000:user/alice", arn)


def test_private_apis_answer_only_through_their_vpc_endpoints(configured):
    server, client, gateway = configured
    document = policy({"Effect": "Allow", "Principal": "*", "Action": "execute-api:Invoke", "Resource": "execute-api:/*"},
                      {"Effect": "Deny", "Principal": "*", "Action": "execute-api:Invoke", "Resource": "execute-api:/*",
                       "Condition": {"StringNotEquals": {"aws:SourceVpce": "vpce-0aaa1111"}}})
    api_id = api_with(client, document, paths=(("open", "NONE"),), endpointConfiguration={"types": ["PRIVATE"]})
    arn = f"arn:aws:execute-api:us-east-1:000000000000:{api_id}/prod/GET/open"
    through = {"x-test-vpce": "vpce-0aaa1111"}
    gateway.wait_until(api_id, "prod", "/open", lambda r: r.status_code != 404 and "Missing" not in r.text)

    ok = gateway.invoke(api_id, "prod", "/open", headers=through)
    assert ok.status_code == 200 and ok.json() == {"ok": True}, ok.text
    # Not through a configured endpoint: AWS's answer for a private API reached from outside.
    outside = gateway.invoke(api_id, "prod", "/open", headers={"x-test-vpce": "vpce-0forged"})
    assert outside.status_code == 403 and outside.json() == {"message": "Forbidden"}
    assert outside.headers["x-amzn-ErrorType"] == "ForbiddenException"
    # Through the other endpoint (matched by address and header): the policy denies it.
    other = gateway.invoke(api_id, "prod", "/open", headers={"x-other-vpce": "vpce-0bbb2222"})
    denied(other, "anonymous", arn, explicit=True)


def test_vpc_conditions_and_private_apis_without_a_policy(configured):
    server, client, gateway = configured
    document = policy({"Effect": "Allow", "Principal": "*", "Action": "execute-api:Invoke", "Resource": "execute-api:/*",
                       "Condition": {"StringEquals": {"aws:SourceVpc": "vpc-0c0c0c0c"}, "Null": {"aws:SourceIp": "true"}}})
    api_id = api_with(client, document, paths=(("open", "NONE"),), endpointConfiguration={"types": ["PRIVATE"]})
    through = {"x-test-vpce": "vpce-0aaa1111"}
    import time

    deadline = time.time() + 10
    while (ok := gateway.invoke(api_id, "prod", "/open", headers=through)).status_code != 200 and time.time() < deadline:
        time.sleep(0.05)
    assert ok.status_code == 200, ok.text
    arn = f"arn:aws:execute-api:us-east-1:000000000000:{api_id}/prod/GET/open"
    denied(gateway.invoke(api_id, "prod", "/open", headers={"x-other-vpce": "vpce-0bbb2222"}), "anonymous", arn)


INVALID = "Invalid policy document. Please check the policy syntax and ensure that Principals are valid."


@pytest.mark.parametrize("document", [
    "not json",
    '{"Version": "2012-10-17", "Statement": ',
    json.dumps({"Statement": [{"Effect": "Allow", "Action": "execute-api:Invoke", "Resource": "*"}]}),  # no Principal
    json.dumps({"Statement": [{"Effect": "Maybe", "Principal": "*", "Action": "execute-api:Invoke", "Resource": "*"}]}),
    json.dumps({"Statement": [{"Effect": "Allow", "Principal": {"AWS": "someone"}, "Action": "*", "Resource": "*"}]}),
    json.dumps({"Statement": [{"Effect": "Allow", "Principal": "*", "Action": 7, "Resource": "*"}]}),
    json.dumps({"Statement": "everything"}),
    json.dumps([{"Effect": "Allow"}]),
    "[" * 5000 + "]" * 5000,
    json.dumps({"Statement": [{"Effect": "Allow", "Principal": "*", "Action": "execute-api:Invoke",
                               "Resource": [f"execute-api:/prod/GET/{i}" for i in range(400)]}]}),  # over 8,192 characters
])
def test_malformed_policies_are_refused_by_the_management_api(apigateway, document):
    with pytest.raises(ClientError) as error:
        apigateway.create_rest_api(name="bad-policy", policy=document)
    assert error.value.response["Error"]["Code"] == "BadRequestException"
    assert error.value.response["Error"]["Message"] == INVALID
    api_id = apigateway.create_rest_api(name="good-policy")["id"]
    with pytest.raises(ClientError) as error:
        apigateway.update_rest_api(restApiId=api_id, patchOperations=[{"op": "replace", "path": "/policy", "value": document}])
    assert error.value.response["Error"]["Message"] == INVALID
