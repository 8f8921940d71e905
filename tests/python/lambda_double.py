"""A Lambda Invoke endpoint on loopback (`POST /2015-03-31/functions/{name}/invocations`) whose
functions are Python callables: what Portcullis calls through AWS_ENDPOINT_URL_LAMBDA in tests.

It checks each call's SigV4 signature with its own implementation of the algorithm (service
`lambda`), records every event, and answers as Lambda does: the function's output with 200, a
raised error as `X-Amz-Function-Error: Unhandled` with `{"errorMessage", "errorType"}`, an
unknown function as 404 `ResourceNotFoundException`, an `X-Amz-Invocation-Type: Event` call as 202
with no payload."""
import hashlib
import hmac
import json
import urllib.parse

import local_http


def sigv4_ok(method, path, query, headers, body, secret):
    """Recomputes an `Authorization: AWS4-HMAC-SHA256 …` signature; True when it matches."""
    auth = headers.get("authorization", "")
    if not auth.startswith("AWS4-HMAC-SHA256 "):
        return False
    fields = dict(part.strip().split("=", 1) for part in auth[len("AWS4-HMAC-SHA256 "):].split(","))
    key_id, date, region, service, _ = fields["Credential"].split("/")
    signed = fields["SignedHeaders"].split(";")
    canonical_headers = "".join(f"{name}:{' '.join(headers.get(name, '').split())}\n" for name in signed)
    # Every service but S3 encodes the wire path (already percent-encoded) once more.
    canonical = "\n".join([method, urllib.parse.quote(path, safe="/~"), query, canonical_headers, ";".join(signed), hashlib.sha256(body).hexdigest()])
    amz_date = headers.get("x-amz-date", "")
    to_sign = "\n".join(["AWS4-HMAC-SHA256", amz_date, f"{date}/{region}/{service}/aws4_request",
                         hashlib.sha256(canonical.encode()).hexdigest()])
    key = ("AWS4" + secret).encode()
    for part in (date, region, service, "aws4_request"):
        key = hmac.new(key, part.encode(), hashlib.sha256).digest()
    expected = hmac.new(key, to_sign.encode(), hashlib.sha256).hexdigest()
    return service == "lambda" and hmac.compare_digest(expected, fields["Signature"])


class LambdaDouble:
    def __init__(self, secret):
        self.secret = secret
        self.functions = {}
        self.events = []  # (function name, event)
        self.calls = []  # {name, event, invocation_type, client_context}
        self.headers = []  # (function name, request headers, lower-case names)
        self.bad_signatures = 0
        outer = self

        class Handler(local_http.QuietHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                parsed = urllib.parse.urlsplit(self.path)
                headers = {k.lower(): v for k, v in self.headers.items()}
                if not sigv4_ok("POST", parsed.path, parsed.query, headers, body, outer.secret):
                    outer.bad_signatures += 1
                    return self.answer(403, {"message": "The request signature we calculated does not match"})
                parts = parsed.path.split("/")
                if len(parts) != 5 or parts[1:3] != ["2015-03-31", "functions"] or parts[4] != "invocations":
                    return self.answer(404, {"Message": "not an Invoke path"})
                name = urllib.parse.unquote(parts[3])
                function = outer.functions.get(name.split(":")[6] if name.startswith("arn:") else name)
                if function is None:
                    return self.answer(404, {"Type": "User", "Message": f"Function not found: {name}"},
                                       {"x-amzn-ErrorType": "ResourceNotFoundException"})
                event = json.loads(body)
                outer.events.append((name, event))
                invocation_type = headers.get("x-amz-invocation-type", "RequestResponse")
                outer.calls.append({"name": name, "event": event, "invocation_type": invocation_type,
                                    "client_context": headers.get("x-amz-client-context")})
                outer.headers.append((name, headers))
                try:
                    output = function(event)
                except Exception as error:  # the function failed: Lambda reports it in-band
                    if invocation_type == "Event":
                        return self.answer(202, b"")
                    return self.answer(200, {"errorMessage": str(error), "errorType": type(error).__name__},
                                       {"X-Amz-Function-Error": "Unhandled"})
                if invocation_type == "Event":  # queued: Lambda answers 202 with no payload
                    return self.answer(202, b"")
                return self.answer(200, output)

            def answer(self, status, document, headers=None):
                self.send_json(status, document, headers)

        self.server, self.url = local_http.start(Handler)

    def invocations(self, name):
        return [event for function, event in self.events if function.endswith(name)]

    def close(self):
        local_http.stop(self.server)
