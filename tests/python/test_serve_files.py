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
