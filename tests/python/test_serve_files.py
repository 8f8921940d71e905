"""`portcullis serve FILE` imports and deploys the file into the store; the same file gives the
same API; a restart serves the same state."""
from conftest import ROOT


def test_serve_file_is_idempotent_and_survives_restart(fresh_server):
    example = str(ROOT / "examples" / "petstore-rest.yaml")
    server = fresh_server(files=[example], extra_args=["--stage", "dev"]).start()
    from conftest import make_client, Gateway
    client = make_client("apigateway", server.endpoint)
    gateway = Gateway(server)
    response = gateway.invoke(_only_api(server), "dev", "/health")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert response.headers["x-amzn-RequestId"]
    api_id = _only_api(server)

    server.restart()  # same file again: same API id, still one API
    assert _only_api(server) == api_id
    assert Gateway(server).invoke(api_id, "dev", "/health").json() == {"status": "ok"}

    server.stop()  # no files: the store alone serves it
    server.files = []
    server.start()
    assert Gateway(server).invoke(api_id, "dev", "/health").status_code == 200
    # `{proxy+}` takes the path, but its URI names the stage variable `backend`, unset here:
    # AWS answers such a misconfiguration with 500.
    unresolved = Gateway(server).invoke(api_id, "dev", "/nope-no-such")
    assert unresolved.status_code == 500
    assert unresolved.json() == {"message": "Internal server error"}


def _only_api(server):
    from conftest import make_client
    items = make_client("apigateway", server.endpoint).get_rest_apis()["items"]
    assert len(items) == 1, items
    return items[0]["id"]


def test_named_file_keeps_the_short_address_whatever_the_store_holds(fresh_server, monkeypatch):
    """`serve FILE` in a directory whose store already holds another API still serves FILE at
    `http://host:port/{stage}/…`, and says at start what is served where."""
    import requests
    monkeypatch.setenv("PORTCULLIS_TEST_LOG_LEVEL", "info")
    http_api = str(ROOT / "examples" / "http-api.yaml")
    rest_api = str(ROOT / "examples" / "petstore-rest.yaml")
    server = fresh_server(files=[http_api]).start()  # the store now holds an HTTP API
    server.stop()

    server.files = [rest_api]
    server.start()
    base = f"http://127.0.0.1:{server.data_port}"
    health = requests.get(f"{base}/dev/health", timeout=10)
    assert health.status_code == 200, health.text
    assert health.json() == {"status": "ok"}
    rest_id = _only_api(server)
    log = server.logs()
    assert f"({rest_id}) stage dev: {base}/dev/ · {base}/restapis/{rest_id}/dev/_user_request_/" in log
    assert f"Host: {rest_id}.execute-api.us-east-1.amazonaws.com" in log
    server.stop()

    # Two files: the stage named by the first segment decides, then the $default stage.
    server.files = [http_api, rest_api]
    server.start()
    assert requests.get(f"{base}/dev/health", timeout=10).json() == {"status": "ok"}
    pets = requests.options(f"{base}/pets", timeout=10,
                            headers={"Origin": "https://example.com", "Access-Control-Request-Method": "GET"})
    assert "apigw-requestid" in pets.headers, "the HTTP API answers at the root"
