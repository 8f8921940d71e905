"""A token issuer on loopback for the JWT and Cognito authorizer tests: RSA and EC keys made here,
an OIDC discovery document, a JWKS endpoint, and tokens signed (or forged) with them.

The issuer can be made slow, huge or unreachable, and counts how often its keys are fetched."""
import base64
import json
import time

from cryptography.hazmat.primitives import hashes, hmac, serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature

import local_http


def b64url(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def int_b64url(value):
    return b64url(value.to_bytes((value.bit_length() + 7) // 8, "big"))


class Issuer:
    def __init__(self, discovery=True, path=""):
        self.rsa = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self.rsa_kid = "rsa-1"
        self.ec = ec.generate_private_key(ec.SECP256R1())
        self.ec_kid = "ec-1"
        self.discovery = discovery
        self.delay = 0.0
        self.padding_bytes = 0
        self.key_fetches = 0
        self.extra_rsa = []  # (kid, key) published besides the first
        outer = self

        class Handler(local_http.QuietHandler):
            def do_GET(self):
                if outer.delay:
                    time.sleep(outer.delay)
                if self.path == f"{path}/.well-known/openid-configuration" and outer.discovery:
                    return self.send_json(200, {"issuer": outer.url, "jwks_uri": f"{outer.url}/keys"})
                if self.path in (f"{path}/keys", f"{path}/.well-known/jwks.json"):
                    outer.key_fetches += 1
                    return self.send_json(200, outer.jwks())
                self.send_json(404, {})

        self.server, base = local_http.start(Handler)
        self.url = base + path

    def close(self):
        local_http.stop(self.server)

    def rsa_jwk(self, kid, key):
        numbers = key.public_key().public_numbers()
        return {"kty": "RSA", "kid": kid, "use": "sig", "alg": "RS256", "n": int_b64url(numbers.n), "e": int_b64url(numbers.e)}

    def jwks(self):
        point = self.ec.public_key().public_numbers()
        keys = [self.rsa_jwk(self.rsa_kid, self.rsa)] + [self.rsa_jwk(kid, key) for kid, key in self.extra_rsa]
        keys.append({"kty": "EC", "kid": self.ec_kid, "crv": "P-256", "alg": "ES256",
                     "x": b64url(point.x.to_bytes(32, "big")), "y": b64url(point.y.to_bytes(32, "big"))})
        document = {"keys": keys}
        if self.padding_bytes:
            document["padding"] = "x" * self.padding_bytes
        return document

    def claims(self, **overrides):
        now = int(time.time())
        claims = {"iss": self.url, "sub": "user-1", "aud": "my-app", "iat": now - 10, "exp": now + 600}
        claims.update(overrides)
        return {k: v for k, v in claims.items() if v is not None}

    def token(self, claims=None, alg="RS256", kid=None, key=None, header=None):
        claims = claims if claims is not None else self.claims()
        head = {"alg": alg, "typ": "JWT", "kid": kid or (self.ec_kid if alg == "ES256" else self.rsa_kid)}
        head.update(header or {})
        head = {k: v for k, v in head.items() if v is not None}
        signing_input = f"{b64url(json.dumps(head).encode())}.{b64url(json.dumps(claims).encode())}".encode()
        if alg == "RS256":
            signature = (key or self.rsa).sign(signing_input, padding.PKCS1v15(), hashes.SHA256())
        elif alg == "ES256":
            r, s = decode_dss_signature(self.ec.sign(signing_input, ec.ECDSA(hashes.SHA256())))
            signature = r.to_bytes(32, "big") + s.to_bytes(32, "big")
        elif alg == "HS256":
            # The classic confusion attack: HMAC keyed with the issuer's public key.
            pem = self.rsa.public_key().public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
            mac = hmac.HMAC(pem, hashes.SHA256())
            mac.update(signing_input)
            signature = mac.finalize()
        elif alg == "none":
            signature = b""
        else:
            raise ValueError(alg)
        return f"{signing_input.decode()}.{b64url(signature)}"
