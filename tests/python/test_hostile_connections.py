"""The data plane under abuse, against the real binary: request smuggling through mappings, dot
segments, slow and endless clients, floods, bad Host headers, hop-by-hop headers, half-closes and
clients that leave. Each case is held within bounded time and memory (issue 6).

The gateway runs with short timeouts (1 s headers, 1 s body periods, 2 s idle) so the tests are
quick; the defaults are longer (30 s, 15 s, 60 s).
"""
import select
import socket
import socketserver
import threading
import time

import pytest

from conftest import free_port


class RecordingBackend(socketserver.ThreadingTCPServer):
    """A raw HTTP/1.1 backend: records every request it parses (so a smuggled second request is
    seen), answers 200, and for `/slow` waits up to 3 s, noting whether the gateway hung up."""

    daemon_threads = True
    allow_reuse_address = True

    def __init__(self):
        self.requests = []
        self.aborted = 0
        self.lock = threading.Lock()
        super().__init__(("127.0.0.1", 0), BackendHandler)

    @property
    def port(self):
        return self.server_address[1]


class BackendHandler(socketserver.BaseRequestHandler):
    def handle(self):
        sock = self.request
        buffered = b""
        while True:
            while b"\r\n\r\n" not in buffered:
                chunk = sock.recv(65536)
                if not chunk:
                    return
                buffered += chunk
            head, buffered = buffered.split(b"\r\n\r\n", 1)
            lines = head.split(b"\r\n")
            headers = {}
            for line in lines[1:]:
                name, _, value = line.partition(b":")
                headers.setdefault(name.strip().lower().decode("latin-1"), []).append(value.strip().decode("latin-1"))
            length = int(headers.get("content-length", ["0"])[0])
            while len(buffered) < length:
                chunk = sock.recv(65536)
                if not chunk:
                    return
                buffered += chunk
            buffered = buffered[length:]
            request_line = lines[0].decode("latin-1")
            with self.server.lock:
                self.server.requests.append((request_line, headers))
            if " /slow" in request_line:
                deadline = time.time() + 3
                while time.time() < deadline:
                    readable, _, _ = select.select([sock], [], [], 0.05)
                    if readable and not sock.recv(1, socket.MSG_PEEK):
                        with self.server.lock:
                            self.server.aborted += 1
                        return
            body = b"b" * (4 << 20) if " /big" in request_line else b'{"ok":true}'
            sock.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n%s" % (len(body), body))


@pytest.fixture(scope="module")
def backend():
    server = RecordingBackend()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


API = """
openapi: 3.0.1
info: {title: hostile, version: "1"}
x-amazon-apigateway-importexport-version: "1.0"
paths:
  /r/{p}:
    get:
      x-amazon-apigateway-integration:
        type: http_proxy
        httpMethod: GET
        uri: http://127.0.0.1:PORT/
        payloadFormatVersion: "1.0"
        requestParameters:
          overwrite:path: $request.path.p
  /files/{proxy+}:
    x-amazon-apigateway-any-method:
      x-amazon-apigateway-integration:
        type: http_proxy
        httpMethod: ANY
        uri: http://127.0.0.1:PORT/base/{proxy}
        payloadFormatVersion: "1.0"
  /upload:
    post:
      x-amazon-apigateway-integration:
        type: http_proxy
        httpMethod: POST
        uri: http://127.0.0.1:PORT/upload
        payloadFormatVersion: "1.0"
  /big:
    get:
      x-amazon-apigateway-integration:
        type: http_proxy
        httpMethod: GET
        uri: http://127.0.0.1:PORT/big
        payloadFormatVersion: "1.0"
  /slow:
    get:
      x-amazon-apigateway-integration:
        type: http_proxy
        httpMethod: GET
        uri: http://127.0.0.1:PORT/slow
        payloadFormatVersion: "1.0"
        timeoutInMillis: 10000
"""

CONFIG = """
limits:
  headerTimeoutMs: 1000
  bodyTimeoutMs: 1000
  minimumBodyBytesPerTimeout: 1024
  idleTimeoutMs: 2000
"""


@pytest.fixture(scope="module")
def gateway(backend, tmp_path_factory):
    from conftest import Server

    directory = tmp_path_factory.mktemp("hostile")
    document = directory / "api.yaml"
    document.write_text(API.replace("PORT", str(backend.port)))
    config = directory / "config.yaml"
    config.write_text(CONFIG)
    server = Server(directory, files=[str(document)], extra_args=["--config", str(config)]).start()
    yield server
    server.stop()


def connect(gateway):
    sock = socket.create_connection(("127.0.0.1", gateway.data_port), timeout=10)
    return sock


def exchange(gateway, raw, read_timeout=10):
    """Sends raw bytes, returns everything the gateway sends until it closes or goes quiet."""
    with connect(gateway) as sock:
        sock.sendall(raw)
        sock.settimeout(read_timeout)
        received = b""
        try:
            while True:
                chunk = sock.recv(65536)
                if not chunk:
                    break
                received += chunk
                if b"\r\n\r\n" in received:
                    head, _, body = received.partition(b"\r\n\r\n")
                    length = [int(line.split(b":")[1]) for line in head.split(b"\r\n") if line.lower().startswith(b"content-length:")]
                    if length and len(body) >= length[0]:
                        break
        except socket.timeout:
            pass
        return received


def status(response):
    return int(response.split(b" ", 2)[1]) if response.startswith(b"HTTP/") else None


def requests_since(backend, count):
    with backend.lock:
        return list(backend.requests[count:])


def mark(backend):
    with backend.lock:
        return len(backend.requests)


def closed_within(sock, seconds):
    """Whether the peer closes `sock` within `seconds` (reading and discarding what it sends)."""
    deadline = time.time() + seconds
    sock.settimeout(0.2)
    while time.time() < deadline:
        try:
            if not sock.recv(65536):
                return True
        except socket.timeout:
            continue
        except (ConnectionResetError, BrokenPipeError):
            return True
    return False


def rss_bytes(pid):
    with open(f"/proc/{pid}/status") as status_file:
        for line in status_file:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    return 0


# MARK: Nothing unchecked reaches a backend


def test_the_smuggling_request_reaches_the_backend_as_one_request(gateway, backend):
    before = mark(backend)
    raw = (b"GET /r/abc%20HTTP%2F1.1%0D%0AX-Injected:%20yes%0D%0A%0D%0AGET%20%2Fsmuggled HTTP/1.1\r\n"
           b"Host: gw\r\n\r\n")
    response = exchange(gateway, raw)
    assert status(response) == 200, response
    time.sleep(0.2)
    seen = requests_since(backend, before)
    assert len(seen) == 1, seen
    line, headers = seen[0]
    assert line == "GET /abc%20HTTP/1.1%0D%0AX-Injected:%20yes%0D%0A%0D%0AGET%20/smuggled HTTP/1.1"
    assert "x-injected" not in headers


@pytest.mark.parametrize("raw_path, expected", [
    ("/files/a/../../../etc/passwd", "/base/etc/passwd"),
    ("/files/%2e%2e/%2E%2E/secret", "/base/secret"),
    ("/files/x/..%2f..%2fetc", "/base/x/..%2f..%2fetc"),
    ("/files/nul%00/hi%ff", "/base/nul%00/hi%ff"),
])
def test_dot_segments_never_leave_the_integration_base_path(gateway, backend, raw_path, expected):
    before = mark(backend)
    response = exchange(gateway, f"GET {raw_path} HTTP/1.1\r\nHost: gw\r\n\r\n".encode())
    assert status(response) == 200, response
    time.sleep(0.1)
    seen = requests_since(backend, before)
    assert [line for line, _ in seen] == [f"GET {expected} HTTP/1.1"]


def test_overwrite_path_escapes_nul_and_raw_bytes(gateway, backend):
    before = mark(backend)
    response = exchange(gateway, b"GET /r/a%00b%ffc HTTP/1.1\r\nHost: gw\r\n\r\n")
    assert status(response) == 200, response
    time.sleep(0.1)
    # Decoded values are text: a byte that is not UTF-8 becomes U+FFFD (as a Java decoder does),
    # and everything goes out escaped: never a raw NUL or a raw high byte.
    assert [line for line, _ in requests_since(backend, before)] == ["GET /a%00b%EF%BF%BDc HTTP/1.1"]


def test_headers_named_by_connection_are_not_forwarded(gateway, backend):
    before = mark(backend)
    raw = b"GET /files/x HTTP/1.1\r\nHost: gw\r\nConnection: keep-alive, X-Secret\r\nX-Secret: s3cr3t\r\nX-Kept: k\r\n\r\n"
    assert status(exchange(gateway, raw)) == 200
    time.sleep(0.1)
    (_, headers), = requests_since(backend, before)
    assert "x-secret" not in headers
    assert headers["x-kept"] == ["k"]


# MARK: Host (RFC 9112 §3.2)


@pytest.mark.parametrize("host_lines", [b"", b"Host: a\r\nHost: b\r\n", b"Host: a b\r\n", b"Host: a/b\r\n"])
def test_http11_requests_need_exactly_one_valid_host(gateway, backend, host_lines):
    before = mark(backend)
    response = exchange(gateway, b"GET /files/x HTTP/1.1\r\n" + host_lines + b"\r\n")
    assert status(response) == 400, response
    assert requests_since(backend, before) == []


def test_http10_without_host_is_served(gateway):
    assert status(exchange(gateway, b"GET /files/x HTTP/1.0\r\n\r\n")) == 200


# MARK: Slow and endless clients


def test_unfinished_headers_are_closed_within_the_header_timeout(gateway):
    sockets = [connect(gateway) for _ in range(200)]
    try:
        for sock in sockets:
            sock.sendall(b"GET /files/x HTTP/1.1\r\nHost: gw\r\nX-Slow: ")
        start = time.time()
        assert all(closed_within(sock, 4) for sock in sockets)
        assert time.time() - start < 4
    finally:
        for sock in sockets:
            sock.close()


def test_a_stalled_body_is_cut(gateway, backend):
    before = mark(backend)
    with connect(gateway) as sock:
        sock.sendall(b"POST /upload HTTP/1.1\r\nHost: gw\r\nContent-Length: 1000\r\n\r\n0123456789")
        assert closed_within(sock, 3)
    assert requests_since(backend, before) == []


def test_a_trickling_body_is_cut(gateway, backend):
    before = mark(backend)
    with connect(gateway) as sock:
        sock.sendall(b"POST /upload HTTP/1.1\r\nHost: gw\r\nContent-Length: 100000\r\n\r\n")
        start = time.time()
        cut = False
        while time.time() - start < 5:
            try:
                sock.sendall(b"x")
            except (BrokenPipeError, ConnectionResetError):
                cut = True
                break
            sock.settimeout(0.1)
            try:
                if sock.recv(1) == b"":
                    cut = True
                    break
            except socket.timeout:
                pass
        assert cut, "a body trickling at 10 bytes a second was not cut"
        assert time.time() - start < 3.5
    assert requests_since(backend, before) == []


def test_an_endless_chunk_is_cut(gateway, backend):
    before = mark(backend)
    with connect(gateway) as sock:
        sock.sendall(b"POST /upload HTTP/1.1\r\nHost: gw\r\nTransfer-Encoding: chunked\r\n\r\nffffffffffffffff\r\nabc")
        assert closed_within(sock, 3)
    assert requests_since(backend, before) == []


def test_an_idle_keep_alive_connection_is_closed(gateway):
    with connect(gateway) as sock:
        sock.sendall(b"GET /files/x HTTP/1.1\r\nHost: gw\r\n\r\n")
        time.sleep(0.3)
        assert sock.recv(65536).startswith(b"HTTP/1.1 200")
        assert closed_within(sock, 3.5)


# MARK: Floods


def test_a_200_mib_body_does_not_grow_the_gateway(gateway):
    pid = gateway.process.pid
    baseline = rss_bytes(pid)
    peak = baseline
    sent = 0
    chunk = b"%x\r\n%s\r\n" % (1 << 20, b"x" * (1 << 20))
    with connect(gateway) as sock:
        sock.sendall(b"POST /upload HTTP/1.1\r\nHost: gw\r\nTransfer-Encoding: chunked\r\n\r\n")
        sock.settimeout(5)
        try:
            while sent < 200 << 20:
                sock.sendall(chunk)
                sent += 1 << 20
                peak = max(peak, rss_bytes(pid))
        except (BrokenPipeError, ConnectionResetError, socket.timeout):
            pass
        response = b""
        try:
            response = sock.recv(65536)
        except (ConnectionResetError, socket.timeout):
            pass
    assert response == b"" or status(response) == 413, response
    assert peak - baseline < 64 << 20, f"RSS grew by {(peak - baseline) >> 20} MiB"
    time.sleep(0.5)
    after = rss_bytes(pid)
    assert after - baseline < 24 << 20, f"RSS stayed {(after - baseline) >> 20} MiB up after the client left"


def test_pipelined_flood_behind_a_slow_request_is_not_buffered(gateway, backend):
    pid = gateway.process.pid
    baseline = rss_bytes(pid)
    peak = baseline
    body = b"y" * (4 << 20)
    pipelined = b"POST /upload HTTP/1.1\r\nHost: gw\r\nContent-Length: %d\r\n\r\n%s" % (len(body), body)
    sent = 0
    with connect(gateway) as sock:
        sock.sendall(b"GET /slow HTTP/1.1\r\nHost: gw\r\n\r\n")
        sock.settimeout(1.0)
        try:
            while sent < 200 << 20:
                sock.sendall(pipelined)
                sent += len(pipelined)
                peak = max(peak, rss_bytes(pid))
        except (socket.timeout, BrokenPipeError, ConnectionResetError):
            pass  # the gateway stopped reading: backpressure
        peak = max(peak, rss_bytes(pid))
    assert sent < 200 << 20, "the gateway read 200 MiB behind a request in flight"
    assert peak - baseline < 64 << 20, f"RSS grew by {(peak - baseline) >> 20} MiB"


# MARK: Clients that leave


def test_a_half_closed_client_is_a_client_that_left(gateway, backend):
    """A FIN cannot tell a half-close from a close: as nginx does, the gateway takes it as the
    client leaving, closes at once and abandons the upstream exchange (no request is executed
    and then its answer dropped on a connection that piles up)."""
    with backend.lock:
        aborted_before = backend.aborted
    with connect(gateway) as sock:
        sock.sendall(b"GET /slow HTTP/1.1\r\nHost: gw\r\n\r\n")
        time.sleep(0.3)
        sock.shutdown(socket.SHUT_WR)
        assert closed_within(sock, 1.5)
    deadline = time.time() + 2.5
    while time.time() < deadline and backend.aborted == aborted_before:
        time.sleep(0.05)
    assert backend.aborted > aborted_before


def test_a_client_that_leaves_frees_the_upstream_connection(gateway, backend):
    with backend.lock:
        aborted_before = backend.aborted
    with connect(gateway) as sock:
        sock.sendall(b"GET /slow HTTP/1.1\r\nHost: gw\r\n\r\n")
        time.sleep(0.5)
    deadline = time.time() + 2.5
    while time.time() < deadline:
        with backend.lock:
            if backend.aborted > aborted_before:
                break
        time.sleep(0.05)
    with backend.lock:
        assert backend.aborted > aborted_before, "the upstream exchange outlived its client"


def test_the_gateway_still_serves_after_all_this(gateway):
    assert status(exchange(gateway, b"GET /files/ok HTTP/1.1\r\nHost: gw\r\n\r\n")) == 200


# MARK: TLS and HTTP/2


@pytest.fixture(scope="module")
def tls_gateway(backend, tmp_path_factory):
    import subprocess

    from conftest import Server

    directory = tmp_path_factory.mktemp("hostile-tls")
    key, cert = directory / "key.pem", directory / "cert.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                    "-keyout", str(key), "-out", str(cert), "-days", "1", "-subj", "/CN=localhost"],
                   check=True, capture_output=True)
    document = directory / "api.yaml"
    document.write_text(API.replace("PORT", str(backend.port)))
    config = directory / "config.yaml"
    config.write_text(CONFIG + f"  handshakeTimeoutMs: 1000\n  maximumBufferedBytesPerConnection: 1048576\n"
                      f"tls:\n  certificateChain: {cert}\n  privateKey: {key}\n")
    server = Server(directory, files=[str(document)], extra_args=["--config", str(config)]).start()
    yield server
    server.stop()


def test_a_tls_handshake_that_never_finishes_is_cut(tls_gateway):
    idle = connect(tls_gateway)
    partial = connect(tls_gateway)
    try:
        partial.sendall(b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03")  # the start of a ClientHello
        assert closed_within(idle, 3)
        assert closed_within(partial, 3)
    finally:
        idle.close()
        partial.close()


def test_http2_streams_share_one_buffer_budget(tls_gateway, tmp_path):
    import subprocess

    body = tmp_path / "body.bin"
    body.write_bytes(b"z" * (2 << 20))
    url = f"https://127.0.0.1:{tls_gateway.data_port}/upload"
    result = subprocess.run(["curl", "-sk", "--http2", "-o", "/dev/null", "-w", "%{http_version} %{http_code}",
                             "--data-binary", f"@{body}", url], capture_output=True, text=True, timeout=30)
    assert result.stdout == "2 413", result.stdout + result.stderr
    small = subprocess.run(["curl", "-sk", "--http2", "-o", "/dev/null", "-w", "%{http_version} %{http_code}",
                            "--data-binary", "small", url], capture_output=True, text=True, timeout=30)
    assert small.stdout == "2 200", small.stdout + small.stderr


def test_an_http2_client_holding_its_window_at_zero_cannot_make_the_gateway_hold_answers(tls_gateway):
    """Each stream's 4 MiB answer would wait in the gateway for a window that never opens: over the
    connection's budget (1 MiB here) the streams are reset instead of buffered."""
    import ssl

    import h2.config
    import h2.connection
    import h2.events
    import h2.settings

    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    context.set_alpn_protocols(["h2"])
    pid = tls_gateway.process.pid
    baseline = rss_bytes(pid)
    with socket.create_connection(("127.0.0.1", tls_gateway.data_port), timeout=10) as raw:
        with context.wrap_socket(raw, server_hostname="localhost") as sock:
            connection = h2.connection.H2Connection(config=h2.config.H2Configuration(client_side=True))
            connection.initiate_connection()
            connection.update_settings({h2.settings.SettingCodes.INITIAL_WINDOW_SIZE: 0})
            streams = []
            for _ in range(16):
                stream = connection.get_next_available_stream_id()
                connection.send_headers(stream, [(":method", "GET"), (":path", "/big"), (":scheme", "https"),
                                                 (":authority", "localhost")], end_stream=True)
                streams.append(stream)
            sock.sendall(connection.data_to_send())
            reset, answered = set(), set()
            deadline = time.time() + 10
            sock.settimeout(0.5)
            while time.time() < deadline and len(reset) < len(streams):
                try:
                    data = sock.recv(65536)
                except socket.timeout:
                    continue
                if not data:
                    break
                for event in connection.receive_data(data):
                    if isinstance(event, h2.events.StreamReset):
                        reset.add(event.stream_id)
                    elif isinstance(event, h2.events.ResponseReceived):
                        answered.add(event.stream_id)
                sock.sendall(connection.data_to_send())
            assert reset == set(streams), f"reset {sorted(reset)}, answered {sorted(answered)}"
    assert rss_bytes(pid) - baseline < 64 << 20
