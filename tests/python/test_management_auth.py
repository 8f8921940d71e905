"""The management API accepts only SigV4 requests signed by the admin credentials."""
import boto3
import pytest
import requests
from botocore.config import Config
from botocore.exceptions import ClientError

from conftest import REGION


def test_unsigned_request_is_rejected(server):
    response = requests.get(f"{server.endpoint}/restapis", timeout=10)
    assert response.status_code == 403
    assert response.headers["x-amzn-ErrorType"] == "MissingAuthenticationTokenException"
    assert response.json() == {"message": "Missing Authentication Token"}


def test_unknown_access_key_is_rejected(server):
    client = boto3.client("apigateway", endpoint_url=server.endpoint, region_name=REGION,
                          aws_access_key_id="AKIDUNKNOWN", aws_secret_access_key="whatever",
                          config=Config(retries={"max_attempts": 1}))
    with pytest.raises(ClientError) as raised:
        client.get_rest_apis()
    assert raised.value.response["Error"]["Code"] == "UnrecognizedClientException"
    assert raised.value.response["ResponseMetadata"]["HTTPStatusCode"] == 403


def test_wrong_secret_is_rejected(server):
    from conftest import ACCESS_KEY
    client = boto3.client("apigateway", endpoint_url=server.endpoint, region_name=REGION,
                          aws_access_key_id=ACCESS_KEY, aws_secret_access_key="not-the-secret",
                          config=Config(retries={"max_attempts": 1}))
    with pytest.raises(ClientError) as raised:
        client.get_rest_apis()
    assert raised.value.response["Error"]["Code"] == "InvalidSignatureException"
    assert "does not match the signature you provided" in raised.value.response["Error"]["Message"]


def test_truncated_authorization_header_is_incomplete(server):
    response = requests.get(f"{server.endpoint}/restapis", timeout=10,
                            headers={"Authorization": "AWS4-HMAC-SHA256 Credential=x", "X-Amz-Date": "20260101T000000Z"})
    assert response.status_code == 403
    assert response.headers["x-amzn-ErrorType"] == "IncompleteSignatureException"


def test_signed_unknown_operation_answers_aws_shaped_error(server):
    from botocore.auth import SigV4Auth
    from botocore.awsrequest import AWSRequest
    from botocore.credentials import Credentials
    from conftest import ACCESS_KEY, SECRET_KEY
    request = AWSRequest(method="GET", url=f"{server.endpoint}/no/such/operation")
    SigV4Auth(Credentials(ACCESS_KEY, SECRET_KEY), "apigateway", REGION).add_auth(request)
    response = requests.get(request.url, headers=dict(request.headers), timeout=10)
    assert response.status_code == 404, response.text
    assert "message" in response.json()
    assert response.headers["x-amzn-ErrorType"]
