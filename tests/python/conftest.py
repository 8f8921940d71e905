"""Fixtures that run the REAL portcullis binary and drive it with boto3 and the aws CLI.

The binary is $PORTCULLIS_BIN, else .build/debug/portcullis (scripts/test builds it). Each test
session starts one server on free loopback ports with a fresh SQLite store in a temporary folder;
tests that restart or kill it get a server of their own (`fresh_server`).
"""
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import boto3
import pytest
import requests
from botocore.config import Config

ROOT = Path(__file__).resolve().parents[2]
ACCESS_KEY = "AKIDPORTCULLISTEST01"
SECRET_KEY = "portcullis-test-secret-key-0123456789ab"
REGION = "us-east-1"
# Servers the tests start by hand do not listen for metrics (the default 127.0.0.1:9464 would be
# shared by every one of them); `Server` gives each of its own a free port.
os.environ.setdefault("PORTCULLIS_METRICS_LISTEN", "off")


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_port(port, process, timeout=60.0):
    deadline = time.time() + timeout
    while time.time() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"portcullis exited with {process.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"port {port} did not open within {timeout} s")


class Server:
    """A running `portcullis serve` with its own store."""

    def __init__(self, directory, files=(), extra_args=()):
        self.binary = os.environ.get("PORTCULLIS_BIN", str(ROOT / ".build" / "debug" / "portcullis"))
        self.directory = Path(directory)
        self.files = list(files)
        self.extra_args = list(extra_args)
        self.data_port = free_port()
        self.management_port = free_port()
        self.metrics_port = free_port()
        self.process = None
        self.log = None
        # Environment variables for this server only (e.g. AWS_ENDPOINT_URL_* of a test double).
        self.extra_env = {}

    @property
    def endpoint(self):
        return f"http://127.0.0.1:{self.management_port}"

    def start(self):
        env = dict(os.environ)
        env.update(
            PORTCULLIS_ADMIN_ACCESS_KEY_ID=ACCESS_KEY,
            PORTCULLIS_ADMIN_SECRET_ACCESS_KEY=SECRET_KEY,
            PORTCULLIS_LOG_LEVEL=os.environ.get("PORTCULLIS_TEST_LOG_LEVEL", "warning"),
            PORTCULLIS_THREADS="2",
        )
        env.update(self.extra_env)
        self.log = open(self.directory / "server.log", "ab")
        self.process = subprocess.Popen(
            [self.binary, "serve", *self.files, "--listen", f"127.0.0.1:{self.data_port}",
             "--management-listen", f"127.0.0.1:{self.management_port}",
             "--store", str(self.directory / "portcullis.sqlite"),
             *([] if "--metrics-listen" in self.extra_args else ["--metrics-listen", f"127.0.0.1:{self.metrics_port}"]),
             *self.extra_args],
            cwd=ROOT, env=env, stdout=self.log, stderr=subprocess.STDOUT,
        )
        wait_for_port(self.data_port, self.process)
        wait_for_port(self.management_port, self.process)
        return self

    def stop(self, sig=signal.SIGTERM, timeout=30):
        if self.process and self.process.poll() is None:
            self.process.send_signal(sig)
            try:
                self.process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if self.log:
            self.log.close()
            self.log = None

    def kill(self):
        self.stop(signal.SIGKILL)

    def restart(self):
        self.stop()
        return self.start()

    def logs(self):
        path = self.directory / "server.log"
        return path.read_text(errors="replace") if path.exists() else ""


def make_client(service, endpoint, validate=True):
    """A boto3 client of the management API; `validate=False` lets through what botocore would
    refuse before sending, to test the server's own checks."""
    return boto3.client(
        service, endpoint_url=endpoint, region_name=REGION, aws_access_key_id=ACCESS_KEY,
        aws_secret_access_key=SECRET_KEY,
        config=Config(retries={"max_attempts": 1}, parameter_validation=validate),
    )


@pytest.fixture(scope="session")
def server():
    with tempfile.TemporaryDirectory(prefix="portcullis-test-") as directory:
        running = Server(directory).start()
        try:
            yield running
        finally:
            running.stop()


@pytest.fixture
def fresh_server(tmp_path):
    """A server of the test's own, for restarts and kills. Call `.start()` yourself."""
    servers = []

    def factory(files=(), extra_args=()):
        created = Server(tmp_path, files=files, extra_args=extra_args)
        servers.append(created)
        return created

    yield factory
    for created in servers:
        created.stop()


class MotoServer:
    """moto's server mode (`python3 -m moto.server`) on a free loopback port: the AWS services
    Portcullis calls (CloudWatch Logs, SQS, DynamoDB, EventBridge, Kinesis, STS…) at one endpoint."""

    def __init__(self, directory):
        self.port = free_port()
        self.endpoint = f"http://127.0.0.1:{self.port}"
        self.log = open(Path(directory) / "moto.log", "ab")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(self.port)],
            stdout=self.log, stderr=subprocess.STDOUT)
        wait_for_port(self.port, self.process, timeout=60)

    def client(self, service, **credentials):
        """A boto3 client of moto (its default account unless `credentials` name other keys)."""
        keys = credentials or {"aws_access_key_id": "testing", "aws_secret_access_key": "testing"}
        return boto3.client(service, endpoint_url=self.endpoint, region_name=REGION, **keys)

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=10)
        self.log.close()


@pytest.fixture
def moto(tmp_path):
    """A moto server of the test's own (its state starts empty)."""
    running = MotoServer(tmp_path)
    try:
        yield running
    finally:
        running.stop()


@pytest.fixture(scope="session")
def apigateway(server):
    return make_client("apigateway", server.endpoint)


@pytest.fixture(scope="session")
def apigatewayv2(server):
    return make_client("apigatewayv2", server.endpoint)


@pytest.fixture(scope="session")
def aws_cli(server):
    """Runs the aws CLI against the server; returns its JSON output (or {} when it prints none)."""

    def run(*args, expect_failure=False):
        env = dict(os.environ, AWS_ACCESS_KEY_ID=ACCESS_KEY, AWS_SECRET_ACCESS_KEY=SECRET_KEY,
                   AWS_DEFAULT_REGION=REGION, AWS_PAGER="")
        result = subprocess.run(
            ["aws", "--endpoint-url", server.endpoint, "--output", "json", *args],
            env=env, capture_output=True, text=True, timeout=120,
        )
        if expect_failure:
            assert result.returncode != 0, result.stdout
            return result.stderr
        assert result.returncode == 0, result.stderr
        return json.loads(result.stdout) if result.stdout.strip() else {}

    return run


class Gateway:
    """The data plane of a server, addressed as AWS addresses it (`{apiId}.execute-api.*` host)."""

    def __init__(self, server):
        self.server = server

    def url(self, stage, path):
        prefix = "" if stage == "$default" else f"/{stage}"
        return f"http://127.0.0.1:{self.server.data_port}{prefix}{path}"

    def invoke(self, api_id, stage, path, method="GET", **kwargs):
        headers = dict(kwargs.pop("headers", {}) or {})
        headers["Host"] = f"{api_id}.execute-api.{REGION}.amazonaws.com"
        return requests.request(method, self.url(stage, path), headers=headers, timeout=30, **kwargs)

    def wait_until(self, api_id, stage, path, predicate, timeout=5.0):
        """Polls until `predicate(response)` holds (deployments apply within a second)."""
        deadline = time.time() + timeout
        while True:
            response = self.invoke(api_id, stage, path)
            if predicate(response) or time.time() > deadline:
                return response
            time.sleep(0.05)


@pytest.fixture(scope="session")
def gateway(server):
    return Gateway(server)


def rest_mock_method(client, api_id, parent_id, path_part, response_parameters=None, **method):
    """Adds `GET /{path_part}` under `parent_id`: a MOCK integration answering 200 `{"ok": true}`,
    with `response_parameters` mapped into the method response; `method` goes to PutMethod."""
    resource = client.create_resource(restApiId=api_id, parentId=parent_id, pathPart=path_part)
    client.put_method(restApiId=api_id, resourceId=resource["id"], httpMethod="GET", **method)
    client.put_integration(restApiId=api_id, resourceId=resource["id"], httpMethod="GET", type="MOCK",
                           requestTemplates={"application/json": '{"statusCode": 200}'})
    client.put_method_response(restApiId=api_id, resourceId=resource["id"], httpMethod="GET", statusCode="200")
    extra = {"responseParameters": response_parameters} if response_parameters else {}
    client.put_integration_response(restApiId=api_id, resourceId=resource["id"], httpMethod="GET", statusCode="200",
                                    responseTemplates={"application/json": '{"ok": true}'}, **extra)
    return resource


class Load:
    """Continuous load for changes made under traffic: `threads` threads each call
    `request(session)` until stopped. An answer other than 200, or an exception, is a failure;
    `seen` holds `(time, record(response))` of the others."""

    def __init__(self, request, record, threads=4):
        self.request, self.record = request, record
        self.failures, self.seen = [], []
        self.stopping = threading.Event()
        self.threads = [threading.Thread(target=self.run) for _ in range(threads)]

    def run(self):
        session = requests.Session()
        while not self.stopping.is_set():
            try:
                response = self.request(session)
                if response.status_code != 200:
                    self.failures.append((response.status_code, response.text))
                else:
                    self.seen.append((time.time(), self.record(response)))
            except requests.RequestException as error:
                self.failures.append(repr(error))

    def __enter__(self):
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *exc):
        self.stopping.set()
        for thread in self.threads:
            thread.join()

    def wait_for(self, predicate, timeout=5.0):
        """Seconds until a recent answer satisfies `predicate(record)` (or the timeout)."""
        started = time.time()
        while not any(predicate(value) for _, value in self.seen[-50:]) and time.time() < started + timeout:
            time.sleep(0.005)
        return time.time() - started


@pytest.fixture
def moto_endpoint(moto):
    """The URL of a moto server of the test's own (CloudWatch, CloudWatch Logs, … by endpoint)."""
    return moto.endpoint
