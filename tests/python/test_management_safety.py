"""Admin safety of the management listener: the development credentials stay on loopback, the
credential scope is pinned to apigateway and the configured region, a request is refused from its
head before its body is read, and the listener takes TLS."""
import os
import socket
import subprocess
import time

import boto3
import pytest
import urllib3
from botocore.config import Config
from botocore.exceptions import ClientError

from conftest import ACCESS_KEY, REGION, ROOT, SECRET_KEY, free_port


def binary():
    return os.environ.get("PORTCULLIS_BIN", str(ROOT / ".build" / "debug" / "portcullis"))


def clean_environment():
    return {k: v for k, v in os.environ.items() if not k.startswith("PORTCULLIS_")}


def test_development_credentials_refused_off_loopback(tmp_path):
    process = subprocess.Popen(
        [binary(), "serve", "--store", "memory", "--listen", f"127.0.0.1:{free_port()}",
         "--management-listen", f"0.0.0.0:{free_port()}"],
        env=clean_environment(), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        _, stderr = process.communicate(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode != 0
    assert "refusing to start" in stderr
    assert "test/test" in stderr
    assert "PORTCULLIS_ADMIN_ACCESS_KEY_ID" in stderr


def test_admin_credentials_may_listen_off_loopback(fresh_server):
    # conftest's server sets admin credentials; the wildcard address is then allowed.
    server = fresh_server()
    server.extra_args = ["--management-listen", f"0.0.0.0:{server.management_port}"]
    server.start()
    client = boto3.client("apigateway", endpoint_url=server.endpoint, region_name=REGION,
                          aws_access_key_id=ACCESS_KEY, aws_secret_access_key=SECRET_KEY)
    assert client.get_rest_apis()["items"] == []


def test_wrong_region_is_refused(server):
    client = boto3.client("apigateway", endpoint_url=server.endpoint, region_name="eu-west-1",
                          aws_access_key_id=ACCESS_KEY, aws_secret_access_key=SECRET_KEY,
                          config=Config(retries={"max_attempts": 1}))
    with pytest.raises(ClientError) as raised:
        client.get_rest_apis()
    error = raised.value.response["Error"]
    assert raised.value.response["ResponseMetadata"]["HTTPStatusCode"] == 403
    assert error["Code"] == "InvalidSignatureException"
    assert error["Message"] == "Credential should be scoped to a valid region, not 'eu-west-1'. "


def test_apigatewayv2_signs_as_apigateway(server):
    # botocore's apigatewayv2 model has signingName apigateway: the pinned service accepts it.
    client = boto3.client("apigatewayv2", endpoint_url=server.endpoint, region_name=REGION,
                          aws_access_key_id=ACCESS_KEY, aws_secret_access_key=SECRET_KEY)
    assert "Items" in client.get_apis()


def test_unsigned_big_body_is_refused_before_it_is_read(server):
    with socket.create_connection(("127.0.0.1", server.management_port), timeout=10) as sock:
        sock.sendall(b"POST /restapis HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                     b"Content-Length: 6000000\r\n\r\n{\"name\":")
        started = time.monotonic()
        received = b""
        while b"\r\n\r\n" not in received or not received.endswith(b"}"):
            chunk = sock.recv(65536)
            if not chunk:
                break
            received += chunk
        took = time.monotonic() - started
    status_line, _, rest = received.partition(b"\r\n")
    assert status_line.startswith(b"HTTP/1.1 403"), received
    assert b"MissingAuthenticationTokenException" in rest
    assert took < 2, f"the answer took {took:.2f} s"
    # The server is still up and serving.
    client = boto3.client("apigateway", endpoint_url=server.endpoint, region_name=REGION,
                          aws_access_key_id=ACCESS_KEY, aws_secret_access_key=SECRET_KEY)
    client.get_rest_apis()


def test_management_listener_over_tls(tmp_path, fresh_server):
    key, cert = tmp_path / "key.pem", tmp_path / "cert.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                    "-keyout", str(key), "-out", str(cert), "-days", "1", "-subj", "/CN=localhost"],
                   check=True, capture_output=True)
    server = fresh_server(extra_args=["--management-tls-certificate-chain", str(cert),
                                      "--management-tls-private-key", str(key)]).start()
    endpoint = f"https://127.0.0.1:{server.management_port}"
    urllib3.disable_warnings(urllib3.exceptions.InsecureRequestWarning)
    client = boto3.client("apigateway", endpoint_url=endpoint, region_name=REGION, verify=False,
                          aws_access_key_id=ACCESS_KEY, aws_secret_access_key=SECRET_KEY)
    created = client.create_rest_api(name="over-tls")
    assert created["name"] == "over-tls"
    unsigned = subprocess.run(["curl", "-sk", "-o", "/dev/null", "-w", "%{http_code}", f"{endpoint}/restapis"],
                              capture_output=True, text=True, timeout=30)
    assert unsigned.stdout == "403"
    plain = subprocess.run(["curl", "-s", "-o", "/dev/null", "-w", "%{http_code}",
                            f"http://127.0.0.1:{server.management_port}/restapis"],
                           capture_output=True, text=True, timeout=30)
    assert plain.stdout != "200"


def test_management_tls_with_a_missing_file_is_a_clear_error(tmp_path):
    result = subprocess.run(
        [binary(), "serve", "--store", "memory", "--listen", f"127.0.0.1:{free_port()}",
         "--management-listen", f"127.0.0.1:{free_port()}",
         "--management-tls-certificate-chain", str(tmp_path / "missing.pem"),
         "--management-tls-private-key", str(tmp_path / "missing-key.pem")],
        env=clean_environment(), capture_output=True, text=True, timeout=30)
    assert result.returncode != 0
    assert "management.tls: cannot load the certificate chain" in result.stderr
