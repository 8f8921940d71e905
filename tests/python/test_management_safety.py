"""Admin safety of the management listener: the development credentials stay on loopback."""
import os
import subprocess

import boto3

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
