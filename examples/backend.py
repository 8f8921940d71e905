#!/usr/bin/env python3
"""A tiny JSON backend for the examples: a small in-memory pet store that also echoes anything else.

    python3 examples/backend.py --port 9090

GET /pets, POST /pets, GET /pets/{id}; any other path answers with the request it received
(method, path, query, headers, body) so you can see what the gateway forwards.
"""
import argparse
import json
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit, parse_qs

PETS = {"1": {"id": "1", "type": "dog", "price": 249.99}, "2": {"id": "2", "type": "cat", "price": 124.99}}


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def _send(self, status, payload):
        body = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _body(self):
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length).decode("utf-8", "replace") if length else ""

    def _handle(self):
        url = urlsplit(self.path)
        body = self._body()
        parts = [p for p in url.path.split("/") if p]
        if parts[:1] == ["pets"] and self.command == "GET" and len(parts) == 1:
            return self._send(200, list(PETS.values()))
        if parts[:1] == ["pets"] and self.command == "POST" and len(parts) == 1:
            try:
                pet = json.loads(body or "{}")
            except json.JSONDecodeError:
                return self._send(400, {"message": "body is not JSON"})
            pet["id"] = str(len(PETS) + 1)
            PETS[pet["id"]] = pet
            return self._send(201, pet)
        if parts[:1] == ["pets"] and self.command == "GET" and len(parts) == 2:
            pet = PETS.get(parts[1])
            return self._send(200 if pet else 404, pet or {"message": f"no pet {parts[1]}"})
        self._send(200, {"method": self.command, "path": url.path, "query": parse_qs(url.query),
                         "headers": dict(self.headers), "body": body})

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = do_OPTIONS = _handle

    def log_message(self, format, *args):
        pass


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, default=9090)
    parser.add_argument("--host", default="127.0.0.1")
    args = parser.parse_args()
    print(f"backend on http://{args.host}:{args.port}")
    ThreadingHTTPServer((args.host, args.port), Handler).serve_forever()
