"""The portcullis CLI: validate, version, TLS with HTTP/2, configuration errors."""
import os
import subprocess

import pytest

from conftest import ROOT, Gateway


def binary():
    return os.environ.get("PORTCULLIS_BIN", str(ROOT / ".build" / "debug" / "portcullis"))


def run(*args, **kwargs):
    return subprocess.run([binary(), *args], capture_output=True, text=True, timeout=60, **kwargs)


def test_version_and_help():
    assert run("version").stdout.startswith("portcullis ")
    help_text = run("serve", "--help").stdout
    for flag in ("--listen", "--stage", "--stage-variable", "--type", "--config", "--store", "--management-listen"):
        assert flag in help_text


def test_validate_accepts_the_examples():
    for example in ("petstore-rest.yaml", "http-api.yaml"):
        result = run("validate", str(ROOT / "examples" / example))
        assert result.returncode == 0, result.stdout
        assert "OK" in result.stdout


def test_validate_names_the_json_path_of_an_error(tmp_path):
    broken = tmp_path / "broken.yaml"
    broken.write_text(
        "openapi: 3.0.1\ninfo: {title: broken, version: '1'}\npaths:\n  /pets/{id:\n    get:\n"
        "      x-amazon-apigateway-integration: {type: mock}\n")
    result = run("validate", str(broken))
    assert result.returncode == 1
    assert "$.paths" in result.stdout


def test_validate_rejects_what_is_not_openapi(tmp_path):
    garbage = tmp_path / "garbage.json"
    garbage.write_text("{not json")
    result = run("validate", str(garbage))
    assert result.returncode == 1
    assert result.stdout.strip()


def test_bad_configuration_is_a_clear_error(tmp_path):
    config = tmp_path / "portcullis.yaml"
    config.write_text("listen: 127.0.0.1:8080\nlisten_typo: 1\n")
    result = run("serve", "--config", str(config), str(ROOT / "examples" / "http-api.yaml"))
    assert result.returncode != 0
    assert "unknown key 'listen_typo'" in result.stderr
    result = run("serve", "--stage-variable", "bad name=x", str(ROOT / "examples" / "http-api.yaml"))
    assert result.returncode != 0
    assert "stage variable names" in result.stderr


def test_tls_serves_http2_and_http1(tmp_path, fresh_server):
    key, cert = tmp_path / "key.pem", tmp_path / "cert.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                    "-keyout", str(key), "-out", str(cert), "-days", "1", "-subj", "/CN=localhost"],
                   check=True, capture_output=True)
    config = tmp_path / "tls.yaml"
    config.write_text(f"tls:\n  certificateChain: {cert}\n  privateKey: {key}\n")
    server = fresh_server(files=[str(ROOT / "examples" / "petstore-rest.yaml")],
                          extra_args=["--config", str(config)]).start()
    url = f"https://127.0.0.1:{server.data_port}/dev/health"
    for flag, version in (("--http2", "2"), ("--http1.1", "1.1")):
        result = subprocess.run(["curl", "-sk", flag, "-o", "/dev/null", "-w", "%{http_version} %{http_code}", url],
                                capture_output=True, text=True, timeout=30)
        assert result.stdout == f"{version} 200", result.stderr


def test_validate_prints_the_chosen_type_and_counts_notes_apart(tmp_path):
    document = tmp_path / "notes.yaml"
    # `api_key` is used without being declared, as in AWS's own samples: AWS ignores it silently,
    # so it is a note, not a warning.
    document.write_text(
        "openapi: 3.0.1\ninfo: {title: notes, version: '1'}\npaths:\n  /a:\n    get:\n      security: [{api_key: []}]\n"
        "      x-amazon-apigateway-integration:\n        type: mock\n        requestTemplates: {application/json: '{\"statusCode\": 200}'}\n")
    result = run("validate", "--fail-on-warnings", str(document))
    assert result.returncode == 0, result.stdout
    assert "REST API: it uses mock integrations" in result.stdout
    assert "(0 warning(s), 1 note(s))" in result.stdout


def test_validate_resolves_aws_variables_with_the_given_account_and_region(tmp_path):
    document = tmp_path / "variables.yaml"
    document.write_text(
        "openapi: 3.0.1\ninfo: {title: variables, version: '1'}\npaths:\n  /a:\n    get:\n"
        "      x-amazon-apigateway-integration:\n        type: aws_proxy\n        httpMethod: POST\n"
        "        uri: 'arn:${AWS::Partition}:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/"
        "arn:aws:lambda:${AWS::Region}:${AWS::AccountId}:function:f/invocations'\n")
    result = run("validate", "--fail-on-warnings", "--region", "eu-west-1", "--account-id", "123456789012", str(document))
    assert result.returncode == 0, result.stdout


def test_validate_names_an_operation_that_cannot_be_served(tmp_path):
    document = tmp_path / "stub.yaml"
    document.write_text("openapi: 3.0.1\ninfo: {title: stub, version: '1'}\npaths:\n  /pets:\n    get:\n      responses: {'200': {description: ok}}\n")
    result = run("validate", str(document))
    assert result.returncode == 0, result.stdout
    assert "warning: GET /pets: no integration is defined, so it cannot be served" in result.stdout
    assert run("validate", "--fail-on-warnings", str(document)).returncode == 1
