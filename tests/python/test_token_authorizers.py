"""JWT authorizers (HTTP APIs) and Cognito user pool authorizers (REST) against the real binary:
tokens signed with keys made here, served by an issuer on loopback (OIDC discovery and JWKS), the
attacks included. Every refusal is checked with AWS's exact status, body and `www-authenticate`."""
import json
import time

import pytest

import local_http
from conftest import REGION, rest_mock_method
from token_issuer import Issuer, b64url


class EchoBackend:
    """An HTTP backend that answers 200 with the path and headers it received."""

    def __init__(self):
        class Handler(local_http.QuietHandler):
            def do_GET(self):
                self.send_json(200, {"path": self.path, "headers": {k.lower(): v for k, v in self.headers.items()}})

        self.server, self.url = local_http.start(Handler)

    def close(self):
        local_http.stop(self.server)


@pytest.fixture(scope="module")
def issuer():
    running = Issuer()
    yield running
    running.close()


@pytest.fixture(scope="module")
def backend():
    running = EchoBackend()
    yield running
    running.close()


def jwt_api(client, backend, issuer_url, audience=("my-app",)):
    """An HTTP API with `GET /things` (no scopes) and `GET /scoped` (scope `read`) behind a JWT authorizer."""
    api_id = client.create_api(Name="jwt-guarded", ProtocolType="HTTP")["ApiId"]
    integration = client.create_integration(ApiId=api_id, IntegrationType="HTTP_PROXY", IntegrationMethod="GET",
                                            IntegrationUri=f"{backend.url}/{{proxy}}", PayloadFormatVersion="1.0")
    authorizer = client.create_authorizer(ApiId=api_id, Name="jwt", AuthorizerType="JWT",
                                          IdentitySource=["$request.header.Authorization"],
                                          JwtConfiguration={"Audience": list(audience), "Issuer": issuer_url})
    for key, scopes in (("GET /{proxy+}", None), ("GET /scoped/{proxy+}", ["read"])):
        extra = {"AuthorizationScopes": scopes} if scopes else {}
        client.create_route(ApiId=api_id, RouteKey=key, Target=f"integrations/{integration['IntegrationId']}",
                            AuthorizationType="JWT", AuthorizerId=authorizer["AuthorizerId"], **extra)
    client.create_stage(ApiId=api_id, StageName="$default", AutoDeploy=True)
    return api_id


def call(gateway, api_id, path, token=None, raw=None):
    headers = {}
    if raw is not None:
        headers["Authorization"] = raw
    elif token is not None:
        headers["Authorization"] = f"Bearer {token}"
    return gateway.invoke(api_id, "$default", path, headers=headers)


def unauthorized(response, description=None):
    expected = "Bearer" if description is None else f'Bearer scope="" error="invalid_token" error_description="{description}"'
    return (response.status_code == 401 and response.json() == {"message": "Unauthorized"}
            and response.headers.get("www-authenticate") == expected)


def test_jwt_authorizer_admits_valid_tokens_and_refuses_everything_else(apigatewayv2, gateway, issuer, backend):
    api_id = jwt_api(apigatewayv2, backend, issuer.url)
    first = gateway.wait_until(api_id, "$default", "/things", lambda r: r.status_code == 401)
    assert unauthorized(first), (first.status_code, first.headers, first.text)

    token = issuer.token()
    ok = call(gateway, api_id, "/things", token)
    assert ok.status_code == 200, ok.text
    assert ok.json()["path"] == "/things"
    # The token alone (no `Bearer`) is accepted as AWS accepts it.
    assert call(gateway, api_id, "/things", raw=token).status_code == 200

    # Repeated tokens are served from the verified-token cache: the keys were fetched once.
    fetches = issuer.key_fetches
    for _ in range(20):
        assert call(gateway, api_id, "/things", token).status_code == 200
    assert issuer.key_fetches == fetches == 1

    now = int(time.time())
    cases = {
        "expired": (issuer.token(issuer.claims(exp=now - 5)), "the token has expired"),
        "not yet valid": (issuer.token(issuer.claims(nbf=now + 300)), "the token is not valid yet"),
        "issued in the future": (issuer.token(issuer.claims(iat=now + 300)), "the token was issued in the future"),
        "no expiry": (issuer.token(issuer.claims(exp=None)), "the token has no expiry (exp)"),
        "wrong audience": (issuer.token(issuer.claims(aud="someone-else")), "the token does not have a valid audience"),
        "wrong issuer": (issuer.token(issuer.claims(iss="https://evil.example.com")), "the token does not have a valid issuer"),
        "alg none": (issuer.token(alg="none"), "signing method none is invalid"),
        "HS256 keyed with the public key": (issuer.token(alg="HS256"), "signing method HS256 is invalid"),
        "ES256 (AWS is RSA-only)": (issuer.token(alg="ES256"), "signing method ES256 is invalid"),
        "unknown kid": (issuer.token(kid="nobody"), "the token's key id (kid) is not in the issuer's key set"),
        "no kid": (issuer.token(header={"kid": None}), "the token does not name a key (kid)"),
        "two segments": ("abc.def", "token contains an invalid number of segments"),
        "garbage": ("not-a-token", "token contains an invalid number of segments"),
    }
    head, _, signature = token.split(".")
    forged_claims = b64url(json.dumps(issuer.claims(sub="admin")).encode())
    cases["tampered payload"] = (f"{head}.{forged_claims}.{signature}", "signature is invalid")
    for name, (bad, description) in cases.items():
        response = call(gateway, api_id, "/things", bad)
        assert unauthorized(response, description), (name, response.status_code, response.headers, response.text)

    # An audience may be carried in `client_id` when the token has no `aud` (access tokens).
    assert call(gateway, api_id, "/things", issuer.token(issuer.claims(aud=None, client_id="my-app"))).status_code == 200
    assert unauthorized(call(gateway, api_id, "/things", issuer.token(issuer.claims(aud=None, client_id="x"))),
                        "the token does not have a valid audience")


def test_jwt_route_scopes(apigatewayv2, gateway, issuer, backend):
    api_id = jwt_api(apigatewayv2, backend, issuer.url)
    gateway.wait_until(api_id, "$default", "/scoped/x", lambda r: r.status_code == 401)
    without = call(gateway, api_id, "/scoped/x", issuer.token())
    assert without.status_code == 403 and without.json() == {"message": "Forbidden"}
    assert without.headers["www-authenticate"] == (
        'Bearer scope="read" error="insufficient_scope" error_description="expected scopes: [read]"')
    assert call(gateway, api_id, "/scoped/x", issuer.token(issuer.claims(scope="write read"))).status_code == 200
    assert call(gateway, api_id, "/scoped/x", issuer.token(issuer.claims(scp=["read"]))).status_code == 200
    assert call(gateway, api_id, "/scoped/x", issuer.token(issuer.claims(scope="write"))).status_code == 403


def test_jwt_key_rotation_refetches_on_an_unknown_kid(apigatewayv2, gateway, backend):
    from cryptography.hazmat.primitives.asymmetric import rsa
    rotating = Issuer(discovery=False)  # no discovery document: keys at /.well-known/jwks.json
    try:
        api_id = jwt_api(apigatewayv2, backend, rotating.url)
        gateway.wait_until(api_id, "$default", "/things", lambda r: r.status_code == 401)
        assert call(gateway, api_id, "/things", rotating.token()).status_code == 200
        new_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        rotating.extra_rsa.append(("rsa-2", new_key))
        rotated = rotating.token(kid="rsa-2", key=new_key)
        # Unknown key ids reload the key set at most every 5 s, so a flood of made-up ids costs one fetch.
        time.sleep(5.2)
        response = call(gateway, api_id, "/things", rotated)
        assert response.status_code == 200, response.headers
        fetches = rotating.key_fetches
        for index in range(10):
            call(gateway, api_id, "/things", rotating.token(kid=f"made-up-{index}"))
        assert rotating.key_fetches <= fetches + 1
    finally:
        rotating.close()


@pytest.mark.parametrize("trouble", ["slow", "huge", "unreachable"])
def test_jwt_issuer_trouble_is_bounded_and_refuses(apigatewayv2, gateway, backend, trouble):
    bad = Issuer()
    if trouble == "slow":
        bad.delay = 3.0
    elif trouble == "huge":
        bad.padding_bytes = 200_000
    url = bad.url
    if trouble == "unreachable":
        bad.close()
    try:
        api_id = jwt_api(apigatewayv2, backend, url)
        gateway.wait_until(api_id, "$default", "/things", lambda r: r.status_code == 401)
        started = time.time()
        response = call(gateway, api_id, "/things", bad.token())
        elapsed = time.time() - started
        assert unauthorized(response, "the token's key id (kid) is not in the issuer's key set"), (response.status_code, response.text)
        assert elapsed < 2.5, f"the key set fetch took {elapsed:.1f} s (bound: 1.5 s)"
    finally:
        if trouble != "unreachable":
            bad.close()


def cognito_api(client, pool_arn, scopes=None):
    api_id = client.create_rest_api(name="cognito-guarded")["id"]
    root = next(item for item in client.get_resources(restApiId=api_id)["items"] if item["path"] == "/")
    authorizer = client.create_authorizer(restApiId=api_id, name="pool", type="COGNITO_USER_POOLS", providerARNs=[pool_arn],
                                          identitySource="method.request.header.Authorization")
    extra = {"authorizationScopes": scopes} if scopes else {}
    rest_mock_method(client, api_id, root["id"], "me", {"method.response.header.x-sub": "context.authorizer.claims.sub",
                                                        "method.response.header.x-email": "context.authorizer.claims.email"},
                     authorizationType="COGNITO_USER_POOLS", authorizerId=authorizer["id"], **extra)
    client.create_deployment(restApiId=api_id, stageName="prod")
    return api_id


def test_cognito_user_pool_authorizer(fresh_server, tmp_path):
    """A REST method behind a Cognito user pool, with the pool's keys at the endpoint that
    AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER names (as for LocalStack or moto)."""
    from conftest import Gateway, make_client
    pool_id = f"{REGION}_TestPool1"
    pool = Issuer(path=f"/{pool_id}", discovery=False)
    endpoint = pool.url[: -len(pool_id) - 1]
    server = fresh_server()
    server.extra_env = {"AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER": endpoint}
    server.start()
    try:
        client = make_client("apigateway", server.endpoint)
        gateway = Gateway(server)
        aws_issuer = f"https://cognito-idp.{REGION}.amazonaws.com/{pool_id}"
        api_id = cognito_api(client, f"arn:aws:cognito-idp:{REGION}:123456789012:userpool/{pool_id}")
        scoped_id = cognito_api(client, f"arn:aws:cognito-idp:{REGION}:123456789012:userpool/{pool_id}", scopes=["orders/read"])

        def rest_unauthorized(response):
            return (response.status_code == 401 and response.json() == {"message": "Unauthorized"}
                    and response.headers.get("x-amzn-ErrorType") == "UnauthorizedException")

        first = gateway.wait_until(api_id, "prod", "/me", lambda r: r.status_code != 403)
        assert rest_unauthorized(first), (first.status_code, first.text)
        id_token = pool.token(pool.claims(iss=aws_issuer, token_use="id", email="jane@example.com"))
        ok = gateway.invoke(api_id, "prod", "/me", headers={"Authorization": id_token})
        assert ok.status_code == 200 and ok.json() == {"ok": True}, ok.text
        assert ok.headers["x-sub"] == "user-1" and ok.headers["x-email"] == "jane@example.com"
        # Without scopes on the method an ID token is required; an access token is refused.
        access = pool.token(pool.claims(iss=aws_issuer, token_use="access", aud=None, client_id="app", scope="orders/read"))
        assert rest_unauthorized(gateway.invoke(api_id, "prod", "/me", headers={"Authorization": access}))
        # With scopes an access token holding one of them is required.
        gateway.wait_until(scoped_id, "prod", "/me", lambda r: r.status_code != 403)
        assert gateway.invoke(scoped_id, "prod", "/me", headers={"Authorization": access}).status_code == 200
        assert rest_unauthorized(gateway.invoke(scoped_id, "prod", "/me", headers={"Authorization": id_token}))
        other_scope = pool.token(pool.claims(iss=aws_issuer, token_use="access", scope="orders/write"))
        assert rest_unauthorized(gateway.invoke(scoped_id, "prod", "/me", headers={"Authorization": other_scope}))
        # Another pool's token, an expired one, a forged one.
        assert rest_unauthorized(gateway.invoke(api_id, "prod", "/me", headers={
            "Authorization": pool.token(pool.claims(iss=f"https://cognito-idp.{REGION}.amazonaws.com/other", token_use="id"))}))
        assert rest_unauthorized(gateway.invoke(api_id, "prod", "/me", headers={
            "Authorization": pool.token(pool.claims(iss=aws_issuer, token_use="id", exp=int(time.time()) - 1))}))
        assert rest_unauthorized(gateway.invoke(api_id, "prod", "/me", headers={"Authorization": pool.token(alg="HS256")}))
    finally:
        pool.close()
