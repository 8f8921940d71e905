"""AWS_IAM on the data plane against the real binary: requests signed with SigV4 by botocore (the
account root's key: the admin credentials), in the header and presigned, pass; unsigned, wrongly
signed, wrongly scoped, tampered or unknown-key requests get AWS's 403 answers."""
import requests
from botocore.auth import SigV4Auth, SigV4QueryAuth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

from conftest import ACCESS_KEY, REGION, SECRET_KEY


def iam_api(client):
    api_id = client.create_rest_api(name="iam")["id"]
    root = next(item for item in client.get_resources(restApiId=api_id)["items"] if item["path"] == "/")
    resource = client.create_resource(restApiId=api_id, parentId=root["id"], pathPart="who")
    for verb in ("GET", "POST"):
        client.put_method(restApiId=api_id, resourceId=resource["id"], httpMethod=verb, authorizationType="AWS_IAM")
        client.put_integration(restApiId=api_id, resourceId=resource["id"], httpMethod=verb, type="MOCK",
                               requestTemplates={"application/json": '{"statusCode": 200}'})
        client.put_method_response(restApiId=api_id, resourceId=resource["id"], httpMethod=verb, statusCode="200",
                                   responseParameters={"method.response.header.x-caller": False})
        client.put_integration_response(
            restApiId=api_id, resourceId=resource["id"], httpMethod=verb, statusCode="200",
            responseTemplates={"application/json": '{"ok": true}'},
            responseParameters={"method.response.header.x-caller": "context.identity.userArn"})
    client.create_deployment(restApiId=api_id, stageName="prod")
    return api_id


def send(gateway, api_id, method="GET", body=b"", key=ACCESS_KEY, secret=SECRET_KEY, service="execute-api", sent_body=None,
         presign=False, token=None):
    host = f"{api_id}.execute-api.{REGION}.amazonaws.com"
    url = f"http://127.0.0.1:{gateway.server.data_port}/prod/who"
    request = AWSRequest(method=method, url=url, data=body, headers={"Host": host})
    if presign:
        SigV4QueryAuth(Credentials(key, secret, token), service, REGION, expires=300).add_auth(request)
    else:
        SigV4Auth(Credentials(key, secret, token), service, REGION).add_auth(request)
    prepared = request.prepare()
    return requests.request(method, prepared.url, headers=dict(prepared.headers),
                            data=body if sent_body is None else sent_body, timeout=10)


def wait_deployed(gateway, api_id):
    """Waits until the deployment serves (a request signed by the root key passes: an unsigned
    one gets 403 Missing Authentication Token whether or not it is deployed), then returns the
    answer to an unsigned request."""
    import time

    deadline = time.time() + 10
    while send(gateway, api_id).status_code != 200:
        assert time.time() < deadline, "not deployed within 10 s"
        time.sleep(0.05)
    return gateway.invoke(api_id, "prod", "/who")


def refused(response, error_type, message_start):
    body = response.json()
    return (response.status_code == 403 and response.headers.get("x-amzn-ErrorType") == error_type
            and body["message"].startswith(message_start))


def test_aws_iam_methods_need_a_valid_signature(server, apigateway, gateway):
    api_id = iam_api(apigateway)
    unsigned = wait_deployed(gateway, api_id)
    assert refused(unsigned, "MissingAuthenticationTokenException", "Missing Authentication Token")

    signed = send(gateway, api_id)
    assert signed.status_code == 200, signed.text
    assert signed.headers["x-caller"] == "arn:aws:iam::000000000000:root"

    posted = send(gateway, api_id, method="POST", body=b'{"a": 1}')
    assert posted.status_code == 200, posted.text
    tampered = send(gateway, api_id, method="POST", body=b'{"a": 1}', sent_body=b'{"a": 2}')
    assert refused(tampered, "InvalidSignatureException", "The request signature we calculated does not match")

    assert refused(send(gateway, api_id, secret="wrong-secret"), "InvalidSignatureException",
                   "The request signature we calculated does not match")
    assert refused(send(gateway, api_id, key="AKIDUNKNOWN000000000"), "UnrecognizedClientException",
                   "The security token included in the request is invalid")
    assert refused(send(gateway, api_id, service="apigateway"), "InvalidSignatureException",
                   "Credential should be scoped to correct service")

    presigned = send(gateway, api_id, presign=True)
    assert presigned.status_code == 200, presigned.text


def test_http_api_routes_with_aws_iam(server, apigatewayv2, gateway):
    api = apigatewayv2.create_api(Name="iam-http", ProtocolType="HTTP", Target="http://127.0.0.1:9/")
    route = apigatewayv2.get_routes(ApiId=api["ApiId"])["Items"][0]
    apigatewayv2.update_route(ApiId=api["ApiId"], RouteId=route["RouteId"], AuthorizationType="AWS_IAM")
    host = f"{api['ApiId']}.execute-api.{REGION}.amazonaws.com"
    url = f"http://127.0.0.1:{gateway.server.data_port}/anything"
    for _ in range(100):
        unsigned = requests.get(url, headers={"Host": host}, timeout=10)
        if unsigned.status_code == 403:
            break
    assert unsigned.status_code == 403 and unsigned.json()["message"] == "Missing Authentication Token"
    request = AWSRequest(method="GET", url=url, headers={"Host": host})
    SigV4Auth(Credentials(ACCESS_KEY, SECRET_KEY), "execute-api", REGION).add_auth(request)
    prepared = request.prepare()
    signed = requests.get(prepared.url, headers=dict(prepared.headers), timeout=10)
    # Past the authorizer, the quick-create target (nothing listens on port 9) answers 500.
    assert signed.status_code == 500 and signed.json() == {"message": "Internal Server Error"}


IDENTITIES = """
iam:
  identities:
    - accessKeyId: AKIDALICE00000000000
      secretAccessKey: alice-secret-0123456789
      arn: arn:aws:iam::000000000000:user/alice
      policies:
        - {Version: "2012-10-17", Statement: [{Effect: Allow, Action: "execute-api:Invoke", Resource: "arn:aws:execute-api:us-east-1:000000000000:*/prod/GET/*"}]}
    - accessKeyId: AKIDBOB0000000000000
      secretAccessKey: bob-secret-0123456789
      arn: arn:aws:iam::000000000000:user/bob
      policies:
        - '{"Statement":[{"Effect":"Allow","Action":"*","Resource":"*"},{"Effect":"Deny","Action":"execute-api:Invoke","Resource":"*"}]}'
    - accessKeyId: AKIDCAROL00000000000
      secretAccessKey: carol-secret-0123456789
      arn: arn:aws:iam::000000000000:user/carol
    - accessKeyId: ASIADAVE000000000000
      secretAccessKey: dave-secret-0123456789
      sessionToken: dave-session-token-FwoGZXIvYXdzEXAMPLE
      arn: arn:aws:sts::000000000000:assumed-role/reader/dave
      policies:
        - {Version: "2012-10-17", Statement: [{Effect: Allow, Action: "execute-api:Invoke", Resource: "*"}]}
"""


def test_declared_identities_are_held_to_their_policies(tmp_path, fresh_server):
    from conftest import Gateway, make_client

    config = tmp_path / "iam.yaml"
    config.write_text(IDENTITIES)
    server = fresh_server(extra_args=["--config", str(config)]).start()
    gateway = Gateway(server)
    api_id = iam_api(make_client("apigateway", server.endpoint))
    wait_deployed(gateway, api_id)
    base = f"arn:aws:execute-api:us-east-1:000000000000:{api_id}/prod"

    alice = send(gateway, api_id, key="AKIDALICE00000000000", secret="alice-secret-0123456789")
    assert alice.status_code == 200, alice.text
    assert alice.headers["x-caller"] == "arn:aws:iam::000000000000:user/alice"
    alice_post = send(gateway, api_id, method="POST", body=b"{}", key="AKIDALICE00000000000", secret="alice-secret-0123456789")
    assert alice_post.status_code == 403 and alice_post.headers["x-amzn-ErrorType"] == "AccessDeniedException"
    assert alice_post.json() == {
        "Message": f"User: arn:aws:iam::000000000000:user/alice is not authorized to perform: execute-api:Invoke on resource: {base}/POST/who"}

    bob = send(gateway, api_id, key="AKIDBOB0000000000000", secret="bob-secret-0123456789")
    assert bob.json() == {
        "Message": f"User: arn:aws:iam::000000000000:user/bob is not authorized to perform: execute-api:Invoke on resource: {base}/GET/who with an explicit deny"}

    carol = send(gateway, api_id, key="AKIDCAROL00000000000", secret="carol-secret-0123456789")
    assert carol.status_code == 403 and "carol is not authorized" in carol.json()["Message"]

    # Temporary credentials: the session token must travel with every request (header or presigned).
    dave = {"key": "ASIADAVE000000000000", "secret": "dave-secret-0123456789"}
    token = "dave-session-token-FwoGZXIvYXdzEXAMPLE"
    signed = send(gateway, api_id, token=token, **dave)
    assert signed.status_code == 200 and signed.headers["x-caller"] == "arn:aws:sts::000000000000:assumed-role/reader/dave"
    assert send(gateway, api_id, token=token, presign=True, **dave).status_code == 200
    for wrong in (None, token + "x"):
        refusal = send(gateway, api_id, token=wrong, **dave)
        assert refused(refusal, "UnrecognizedClientException", "The security token included in the request is invalid"), refusal.text


def test_a_broken_identity_policy_stops_the_start(tmp_path):
    import subprocess

    from test_cli import binary

    config = tmp_path / "broken.yaml"
    config.write_text("iam:\n  identities:\n    - {accessKeyId: AKIDX, secretAccessKey: s, arn: 'arn:aws:iam::0:user/x', "
                      "policies: ['{\"Statement\": [{\"Effect\": \"Maybe\"}]}']}\n")
    result = subprocess.run([binary(), "serve", "--config", str(config), "--store", "memory"], capture_output=True, text=True,
                            timeout=60)
    assert result.returncode != 0
    assert "arn:aws:iam::0:user/x" in result.stderr and "Effect" in result.stderr
