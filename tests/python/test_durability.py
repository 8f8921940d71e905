"""Nothing acknowledged is lost: SIGKILL the server during a burst of management writes, restart
it on the same store, and every write that was answered is there; the store opens cleanly."""
import sqlite3
import threading
import time

from botocore.exceptions import ClientError, EndpointConnectionError, ConnectionClosedError

from conftest import make_client


def list_all_rest_api_ids(client):
    ids, position = [], None
    while True:
        kwargs = {"limit": 500}
        if position:
            kwargs["position"] = position
        page = client.get_rest_apis(**kwargs)
        ids += [item["id"] for item in page.get("items", [])]
        position = page.get("position")
        if not position:
            return ids


def test_acknowledged_writes_survive_sigkill(fresh_server):
    server = fresh_server().start()
    acknowledged = []
    lock = threading.Lock()
    stop = threading.Event()

    def writer(worker):
        client = make_client("apigateway", server.endpoint)
        index = 0
        while not stop.is_set():
            try:
                created = client.create_rest_api(name=f"burst-{worker}-{index}")
            except (ClientError, EndpointConnectionError, ConnectionClosedError, OSError):
                return  # the server is gone: this write was never acknowledged
            except Exception:  # any other transport error after the kill
                return
            with lock:
                acknowledged.append(created["id"])
            index += 1

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    deadline = time.time() + 20
    while len(acknowledged) < 40 and time.time() < deadline:
        time.sleep(0.01)
    server.kill()  # SIGKILL mid-burst
    stop.set()
    for thread in threads:
        thread.join(timeout=30)
    assert len(acknowledged) >= 40, server.logs()

    database = server.directory / "portcullis.sqlite"
    connection = sqlite3.connect(f"file:{database}?mode=ro", uri=True)
    try:
        assert connection.execute("PRAGMA quick_check").fetchone()[0] == "ok"
    finally:
        connection.close()

    server.start()
    stored = set(list_all_rest_api_ids(make_client("apigateway", server.endpoint)))
    missing = set(acknowledged) - stored
    assert not missing, f"{len(missing)} acknowledged writes lost"
