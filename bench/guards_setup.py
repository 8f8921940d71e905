#!/usr/bin/env python3
"""Sets up bench/guards.sh's APIs on a running Portcullis through its management API (boto3):

- a Cognito user pool's key set (an RSA key made here) written under POOL_DIR, which a static
  HTTP server publishes as AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER;
- two REST APIs proxying `/{proxy+}` to the backend, identical but for their guards: `open` (no
  guard) and `guarded` (a Cognito user pool authorizer, a required API key, a usage plan with a
  per-key throttle), both deployed to stage `bench`;
- 10,000 API keys imported into the plan (ImportApiKeys), so that key lookups run against a
  realistic table; one of them is the benchmark's.

Prints one JSON object: the Host headers of both APIs, the token, the API key, the plan id.
"""
import argparse
import base64
import json
import os
import time

import boto3
from botocore.config import Config
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa

REGION = "us-east-1"
POOL_ID = "us-east-1_BenchPool"


def b64url(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--management", required=True)
    parser.add_argument("--backend", required=True, help="host:port")
    parser.add_argument("--pool-dir", required=True)
    parser.add_argument("--keys", type=int, default=10_000)
    parser.add_argument("--rate", type=float, default=1_000_000.0)
    parser.add_argument("--burst", type=int, default=100_000)
    args = parser.parse_args()

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    numbers = key.public_key().public_numbers()
    jwk = {"kty": "RSA", "kid": "bench", "alg": "RS256", "use": "sig",
           "n": b64url(numbers.n.to_bytes(256, "big")), "e": b64url(numbers.e.to_bytes(3, "big"))}
    folder = os.path.join(args.pool_dir, POOL_ID, ".well-known")
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, "jwks.json"), "w") as handle:
        json.dump({"keys": [jwk]}, handle)
    now = int(time.time())
    claims = {"iss": f"https://cognito-idp.{REGION}.amazonaws.com/{POOL_ID}", "sub": "bench-user", "aud": "bench-client",
              "token_use": "id", "iat": now, "exp": now + 24 * 3600}
    header = {"alg": "RS256", "kid": "bench", "typ": "JWT"}
    signing_input = f"{b64url(json.dumps(header).encode())}.{b64url(json.dumps(claims).encode())}"
    token = f"{signing_input}.{b64url(key.sign(signing_input.encode(), padding.PKCS1v15(), hashes.SHA256()))}"

    client = boto3.client("apigateway", endpoint_url=args.management, region_name=REGION, aws_access_key_id="test",
                          aws_secret_access_key="test", config=Config(retries={"max_attempts": 1}, read_timeout=300))
    hosts = {}
    for name, guarded in (("open", False), ("guarded", True)):
        api_id = client.create_rest_api(name=f"bench-{name}")["id"]
        root = next(item for item in client.get_resources(restApiId=api_id)["items"] if item["path"] == "/")
        resource = client.create_resource(restApiId=api_id, parentId=root["id"], pathPart="{proxy+}")
        method = {"authorizationType": "NONE"}
        if guarded:
            authorizer = client.create_authorizer(
                restApiId=api_id, name="pool", type="COGNITO_USER_POOLS", identitySource="method.request.header.Authorization",
                providerARNs=[f"arn:aws:cognito-idp:{REGION}:000000000000:userpool/{POOL_ID}"])
            method = {"authorizationType": "COGNITO_USER_POOLS", "authorizerId": authorizer["id"], "apiKeyRequired": True}
        client.put_method(restApiId=api_id, resourceId=resource["id"], httpMethod="ANY",
                          requestParameters={"method.request.path.proxy": True}, **method)
        client.put_integration(restApiId=api_id, resourceId=resource["id"], httpMethod="ANY", type="HTTP_PROXY",
                               integrationHttpMethod="ANY", uri=f"http://{args.backend}/{{proxy}}",
                               requestParameters={"integration.request.path.proxy": "method.request.path.proxy"})
        client.create_deployment(restApiId=api_id, stageName="bench")
        hosts[name] = f"{api_id}.execute-api.{REGION}.amazonaws.com"
        if guarded:
            plan = client.create_usage_plan(name="bench-plan", apiStages=[{"apiId": api_id, "stage": "bench"}],
                                            throttle={"rateLimit": args.rate, "burstLimit": args.burst})
            lines = ["Name,Key,Enabled,UsagePlanIds"]
            lines += [f"bench-{i},bench-key-{i:05d}-0123456789abcdef,true,{plan['id']}" for i in range(args.keys)]
            client.import_api_keys(body="\n".join(lines).encode(), format="csv", failOnWarnings=True)
            plan_id = plan["id"]
    print(json.dumps({"open": hosts["open"], "guarded": hosts["guarded"], "token": token,
                      "apiKey": f"bench-key-{args.keys // 2:05d}-0123456789abcdef", "planId": plan_id}))


if __name__ == "__main__":
    main()
