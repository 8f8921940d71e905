"""TLS by domain against the real binary, with certificates made by openssl: the certificate a
connection gets by SNI, routing of custom domains over HTTPS (curl --resolve), a certificate
file replaced while serving, security policies (`TLS_1_2` refuses TLS 1.1), Host/SNI mismatch
(421), mutual TLS with the truststore in moto's S3 (versioned) — the verified certificate's
fields in the Lambda proxy event and the access log, AWS's 403 without a certificate or with one
from another CA — and backend client certificates (GenerateClientCertificate … DeleteClientCertificate)
presented to an HTTPS backend that requires them."""
import json
import re
import shutil
import ssl
import subprocess
import threading
import time
from http.server import ThreadingHTTPServer

import pytest
from cryptography import x509

import local_http
from conftest import Gateway, make_client, rest_mock_method
from lambda_double import LambdaDouble

ACCOUNT = "000000000000"


def openssl(*args, cwd):
    subprocess.run(["openssl", *args], cwd=cwd, check=True, capture_output=True, timeout=60)


class PKI:
    """A test certificate authority in `directory`, made and used with the openssl CLI."""

    def __init__(self, directory, name="Test CA"):
        self.directory = directory
        self.prefix = name.replace(" ", "-").lower()
        self.ca = directory / f"{self.prefix}.pem"
        self.key = directory / f"{self.prefix}.key"
        openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", self.key, "-out", self.ca, "-days", "30",
                "-subj", f"/O=Portcullis Tests/CN={name}", "-addext", "basicConstraints=critical,CA:TRUE",
                "-addext", "keyUsage=critical,keyCertSign,cRLSign", cwd=directory)

    def issue(self, file_name, subject, serial, extensions):
        """(certificate path, key path) of a new RSA certificate signed by this CA."""
        cert, key, csr, ext = (self.directory / f"{file_name}{suffix}" for suffix in (".pem", ".key", ".csr", ".ext"))
        ext.write_text("\n".join(extensions) + "\n")
        openssl("req", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", csr, "-subj", subject, cwd=self.directory)
        openssl("x509", "-req", "-in", csr, "-CA", self.ca, "-CAkey", self.key, "-set_serial", str(serial), "-days", "30",
                "-out", cert, "-extfile", ext, cwd=self.directory)
        return cert, key

    def server(self, name, serial):
        return self.issue(name, f"/O=Portcullis Tests/CN={name}", serial,
                          [f"subjectAltName=DNS:{name}", "extendedKeyUsage=serverAuth", "keyUsage=digitalSignature,keyEncipherment"])

    def client(self, file_name, common_name, serial):
        return self.issue(file_name, f"/O=Portcullis Tests/CN={common_name}", serial,
                          ["extendedKeyUsage=clientAuth", "keyUsage=digitalSignature"])


def served_certificate(port, server_name):
    """The leaf certificate `openssl s_client -servername` receives."""
    result = subprocess.run(["openssl", "s_client", "-connect", f"127.0.0.1:{port}", "-servername", server_name],
                            input="", capture_output=True, text=True, timeout=30)
    match = re.search(r"-----BEGIN CERTIFICATE-----.*?-----END CERTIFICATE-----", result.stdout, re.S)
    assert match, result.stdout + result.stderr
    return x509.load_pem_x509_certificate(match.group(0).encode())


def handshake(port, server_name, *options):
    """Whether `openssl s_client` with `options` completes a handshake."""
    result = subprocess.run(["openssl", "s_client", "-connect", f"127.0.0.1:{port}", "-servername", server_name, *options],
                            input="", capture_output=True, text=True, timeout=30)
    return result.returncode == 0 and "Cipher is (NONE)" not in result.stdout and "New, (NONE)" not in result.stdout


def curl(port, name, path, ca, *extra):
    """(status, body) of `curl --resolve name:port:127.0.0.1 https://name:port/path`."""
    result = subprocess.run(["curl", "-sS", "--max-time", "10", "--resolve", f"{name}:{port}:127.0.0.1", "--cacert", str(ca),
                             "-o", "-", "-w", "\n%{http_code}", *extra, f"https://{name}:{port}{path}"],
                            capture_output=True, text=True, timeout=30)
    body, _, status = result.stdout.rpartition("\n")
    return (int(status) if status.isdigit() else 0), body


def wait_for(check, timeout=15.0):
    deadline = time.time() + timeout
    while True:
        value = check()
        if value or time.time() > deadline:
            return value
        time.sleep(0.1)


def mock_api(client, name):
    """A REST API with GET /{name} answering {"ok": true}, deployed to prod."""
    api_id = client.create_rest_api(name=name)["id"]
    root = next(item for item in client.get_resources(restApiId=api_id)["items"] if item["path"] == "/")
    rest_mock_method(client, api_id, root["id"], name, authorizationType="NONE")
    client.create_deployment(restApiId=api_id, stageName="prod")
    return api_id


def tls_server(fresh_server, tmp_path, pki, certificates, extra_env=None, extra_args=()):
    """A server whose data plane speaks TLS: a default certificate for localhost, `certificates`
    (name → (cert, key)) by SNI, files checked every 200 ms."""
    default = pki.server("localhost", 1)
    lines = [f"tls: {{certificateChain: {default[0]}, privateKey: {default[1]}}}", "certificateReloadIntervalMs: 200"]
    if certificates:
        lines.append("certificates:")
    for name, (cert, key) in certificates.items():
        lines.append(f"  - {{domains: [\"{name}\"], certificateChain: {cert}, privateKey: {key}}}")
    config = tmp_path / "portcullis.yaml"
    config.write_text("\n".join(lines) + "\n")
    server = fresh_server(extra_args=["--config", str(config), *extra_args])
    server.extra_env = extra_env or {}
    return server.start()


def test_certificates_by_sni_reload_policies_and_misdirected_requests(fresh_server, tmp_path):
    pki = PKI(tmp_path)
    a = pki.server("a.example.com", 10)
    b = pki.server("b.example.com", 11)
    server = tls_server(fresh_server, tmp_path, pki, {"a.example.com": a, "b.example.com": b})
    client = make_client("apigateway", server.endpoint)
    port = server.data_port
    for name, policy in (("a", "TLS_1_0"), ("b", "TLS_1_2")):
        api_id = mock_api(client, name)
        client.create_domain_name(domainName=f"{name}.example.com", regionalCertificateArn=f"arn:aws:acm:us-east-1:{ACCOUNT}:certificate/{name}",
                                  endpointConfiguration={"types": ["REGIONAL"]}, securityPolicy=policy)
        client.create_base_path_mapping(domainName=f"{name}.example.com", restApiId=api_id, stage="prod")

    # Each name gets its own certificate (and the default one without a custom domain).
    ok = (200, '{"ok": true}')
    assert wait_for(lambda: curl(port, "a.example.com", "/a", pki.ca) == ok)
    assert curl(port, "b.example.com", "/b", pki.ca) == ok
    # Each domain routes to its own API: b's resource is not a's.
    assert curl(port, "a.example.com", "/b", pki.ca)[0] == 403
    # HTTP/2 by ALPN on a domain's context.
    version = subprocess.run(["curl", "-sS", "--http2", "--max-time", "10", "--resolve", f"b.example.com:{port}:127.0.0.1",
                              "--cacert", str(pki.ca), "-o", "/dev/null", "-w", "%{http_version} %{http_code}",
                              f"https://b.example.com:{port}/b"], capture_output=True, text=True, timeout=30).stdout
    assert version == "2 200"
    assert served_certificate(port, "a.example.com").subject.rfc4514_string() == "CN=a.example.com,O=Portcullis Tests"
    assert served_certificate(port, "b.example.com").subject.rfc4514_string() == "CN=b.example.com,O=Portcullis Tests"
    assert served_certificate(port, "localhost").subject.rfc4514_string() == "CN=localhost,O=Portcullis Tests"

    # A connection made for a.example.com serves a.example.com only.
    status, body = curl(port, "a.example.com", "/b", pki.ca, "-H", "Host: b.example.com")
    assert (status, json.loads(body)) == (421, {"message": "Misdirected Request"})

    # Security policies: TLS_1_2 refuses a TLS 1.1 handshake (the client allowed to offer it).
    legacy = ["-tls1_1", "-cipher", "DEFAULT:@SECLEVEL=0"]
    assert not handshake(port, "b.example.com", *legacy)
    if handshake(port, "a.example.com", *legacy):  # the TLS_1_0 domain takes it when this openssl can offer TLS 1.1
        assert not handshake(port, "b.example.com", *legacy)
    assert handshake(port, "b.example.com", "-tls1_2")

    # The certificate file is replaced: the next handshakes get the new one, no restart.
    (tmp_path / "rotated").mkdir()
    renewed = pki.issue("rotated/a.example.com", "/O=Rotated/CN=a.example.com", 13,
                        ["subjectAltName=DNS:a.example.com", "extendedKeyUsage=serverAuth"])
    # Key first, then chain: a reload that sees the pair half-replaced fails and keeps the old one.
    shutil.copy(renewed[1], a[1])
    shutil.copy(renewed[0], a[0])
    assert wait_for(lambda: served_certificate(port, "a.example.com").serial_number == 13, timeout=10)
    assert curl(port, "a.example.com", "/a", pki.ca) == ok
    assert server.process.poll() is None


def test_a_custom_domain_without_a_certificate_stops_the_start(fresh_server, tmp_path):
    pki = PKI(tmp_path)
    first = tls_server(fresh_server, tmp_path, pki, {})
    client = make_client("apigateway", first.endpoint)
    client.create_domain_name(domainName="orphan.example.com", regionalCertificateArn="arn:aws:acm:us-east-1:000000000000:certificate/none",
                              endpointConfiguration={"types": ["REGIONAL"]})
    first.stop()
    with pytest.raises(RuntimeError):
        first.start()
    assert "no TLS certificate for the custom domain name(s) orphan.example.com" in first.logs()


def test_mutual_tls_with_an_s3_truststore(fresh_server, tmp_path, moto):
    pki = PKI(tmp_path)
    other = PKI(tmp_path, name="Other CA")
    s3 = moto.client("s3")
    s3.create_bucket(Bucket="truststores")
    s3.put_bucket_versioning(Bucket="truststores", VersioningConfiguration={"Status": "Enabled"})
    version = s3.put_object(Bucket="truststores", Key="mtls/truststore.pem", Body=pki.ca.read_bytes())["VersionId"]
    # A later version holds another CA: the domain's truststoreVersion keeps the first.
    s3.put_object(Bucket="truststores", Key="mtls/truststore.pem", Body=other.ca.read_bytes())
    moto.client("logs").create_log_group(logGroupName="mtls-access")

    lambdas = LambdaDouble("testing")
    lambdas.functions["echo"] = lambda event: {"statusCode": 200, "body": json.dumps(event["requestContext"]["identity"])}
    try:
        env = {"AWS_ENDPOINT_URL_S3": moto.endpoint, "AWS_ENDPOINT_URL_LOGS": moto.endpoint, "AWS_ENDPOINT_URL_LAMBDA": lambdas.url,
               "AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing", "AWS_REGION": "us-east-1"}
        server = tls_server(fresh_server, tmp_path, pki, {"mtls.example.com": pki.server("mtls.example.com", 20)}, env,
                            extra_args=["--access-log", str(tmp_path / "access.log")])
        client = make_client("apigateway", server.endpoint)
        api_id = client.create_rest_api(name="mtls")["id"]
        root = next(item for item in client.get_resources(restApiId=api_id)["items"] if item["path"] == "/")
        resource = client.create_resource(restApiId=api_id, parentId=root["id"], pathPart="{proxy+}")
        client.put_method(restApiId=api_id, resourceId=resource["id"], httpMethod="ANY", authorizationType="NONE")
        client.put_integration(restApiId=api_id, resourceId=resource["id"], httpMethod="ANY", type="AWS_PROXY",
                               integrationHttpMethod="POST",
                               uri=f"arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:{ACCOUNT}:function:echo/invocations")
        client.create_deployment(restApiId=api_id, stageName="prod")
        client.update_stage(restApiId=api_id, stageName="prod", patchOperations=[
            {"op": "replace", "path": "/accessLogSettings/destinationArn", "value": f"arn:aws:logs:us-east-1:{ACCOUNT}:log-group:mtls-access"},
            {"op": "replace", "path": "/accessLogSettings/format",
             "value": "$context.requestId $context.status $context.identity.clientCert.subjectDN $context.identity.clientCert.serialNumber"},
        ])
        domain = client.create_domain_name(
            domainName="mtls.example.com", regionalCertificateArn=f"arn:aws:acm:us-east-1:{ACCOUNT}:certificate/mtls",
            endpointConfiguration={"types": ["REGIONAL"]}, securityPolicy="TLS_1_2",
            mutualTlsAuthentication={"truststoreUri": "s3://truststores/mtls/truststore.pem", "truststoreVersion": version})
        assert domain["mutualTlsAuthentication"]["truststoreVersion"] == version
        client.create_base_path_mapping(domainName="mtls.example.com", restApiId=api_id, stage="prod")

        port = server.data_port
        good_cert, good_key = pki.client("client-1", "client-1", 0x1234)
        good = ["--cert", str(good_cert), "--key", str(good_key)]
        status, body = wait_for(lambda: (lambda answer: answer if answer[0] == 200 else None)(
            curl(port, "mtls.example.com", "/hello", pki.ca, *good))) or (0, "")
        assert status == 200, server.logs()[-2000:]
        identity = json.loads(body)
        cert = identity["clientCert"]
        assert cert["subjectDN"] == "O=Portcullis Tests,CN=client-1"
        assert cert["issuerDN"] == "O=Portcullis Tests,CN=Test CA"
        assert cert["serialNumber"] == str(0x1234)
        assert "".join(cert["clientCertPem"].split()) == "".join(good_cert.read_text().split())
        dates = subprocess.run(["openssl", "x509", "-in", str(good_cert), "-noout", "-startdate", "-enddate"],
                               capture_output=True, text=True, check=True).stdout.splitlines()
        assert cert["validity"] == {"notBefore": dates[0].split("=", 1)[1], "notAfter": dates[1].split("=", 1)[1]}

        # AWS's answer without a certificate, with one from another CA, and with a self-signed one.
        status, body = curl(port, "mtls.example.com", "/hello", pki.ca)
        assert (status, json.loads(body)) == (403, {"message": "Forbidden"})
        stranger_cert, stranger_key = other.client("stranger", "stranger", 0x99)
        status, body = curl(port, "mtls.example.com", "/hello", pki.ca, "--cert", str(stranger_cert), "--key", str(stranger_key))
        assert (status, json.loads(body)) == (403, {"message": "Forbidden"})
        lone_cert, lone_key = tmp_path / "self-signed.pem", tmp_path / "self-signed.key"
        openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", lone_key, "-out", lone_cert, "-days", "30",
                "-subj", "/CN=self-signed", "-addext", "extendedKeyUsage=clientAuth", "-addext", "keyUsage=digitalSignature",
                cwd=tmp_path)
        status, _ = curl(port, "mtls.example.com", "/hello", pki.ca, "--cert", str(lone_cert), "--key", str(lone_key))
        assert status == 403
        # The domain's name through another name's connection does not bypass the check.
        status, _ = curl(port, "localhost", "/hello", pki.ca, "-H", "Host: mtls.example.com")
        assert status == 403
        assert len(lambdas.invocations("echo")) == 1

        # The access log line of the accepted request carries the certificate's fields.
        assert wait_for(lambda: "O=Portcullis Tests,CN=client-1 4660" in (tmp_path / "access.log").read_text(), timeout=10)
    finally:
        lambdas.close()


class ClientCertificateBackend:
    """An HTTPS backend (Python ssl, CERT_REQUIRED) trusting only `client_pem`; records the
    subject of each client certificate it accepted."""

    def __init__(self, cert, key, client_pem):
        self.seen = []
        outer = self

        class Handler(local_http.QuietHandler):
            def do_GET(self):
                peer = self.connection.getpeercert()
                outer.seen.append(dict(item[0] for item in peer["subject"]))
                self.send_json(200, {"backend": "saw a client certificate"})

        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(cert, key)
        context.verify_mode = ssl.CERT_REQUIRED
        context.load_verify_locations(cadata=client_pem)
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.server.socket = context.wrap_socket(self.server.socket, server_side=True)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.port = self.server.server_address[1]

    def close(self):
        local_http.stop(self.server)


def test_backend_client_certificates(server, apigateway, tmp_path):
    generated = apigateway.generate_client_certificate(description="backend auth", tags={"team": "edge"})
    certificate_id = generated["clientCertificateId"]
    pem = generated["pemEncodedCertificate"]
    parsed = x509.load_pem_x509_certificate(pem.encode())
    assert parsed.public_key().key_size == 2048
    lifetime = parsed.not_valid_after_utc - parsed.not_valid_before_utc
    assert 365 <= lifetime.days <= 366
    assert generated["expirationDate"].year == parsed.not_valid_after_utc.year
    assert set(generated) >= {"clientCertificateId", "description", "pemEncodedCertificate", "createdDate", "expirationDate", "tags"}
    assert apigateway.get_client_certificate(clientCertificateId=certificate_id)["pemEncodedCertificate"] == pem
    listed = apigateway.get_client_certificates()["items"]
    assert certificate_id in [item["clientCertificateId"] for item in listed]
    assert all("PRIVATE KEY" not in json.dumps(item, default=str) for item in listed)
    updated = apigateway.update_client_certificate(clientCertificateId=certificate_id, patchOperations=[
        {"op": "replace", "path": "/description", "value": "rotated"}])
    assert updated["description"] == "rotated" and updated["pemEncodedCertificate"] == pem

    pki = PKI(tmp_path)
    backend_cert, backend_key = pki.server("localhost", 30)
    backend = ClientCertificateBackend(backend_cert, backend_key, pem)
    try:
        api_id = apigateway.create_rest_api(name="client-certificates")["id"]
        root = next(item for item in apigateway.get_resources(restApiId=api_id)["items"] if item["path"] == "/")
        resource = apigateway.create_resource(restApiId=api_id, parentId=root["id"], pathPart="backend")
        apigateway.put_method(restApiId=api_id, resourceId=resource["id"], httpMethod="GET", authorizationType="NONE")
        apigateway.put_integration(restApiId=api_id, resourceId=resource["id"], httpMethod="GET", type="HTTP_PROXY",
                                   integrationHttpMethod="GET", uri=f"https://localhost:{backend.port}/",
                                   tlsConfig={"insecureSkipVerification": True})
        apigateway.create_deployment(restApiId=api_id, stageName="plain")
        apigateway.create_deployment(restApiId=api_id, stageName="signed")
        apigateway.update_stage(restApiId=api_id, stageName="signed", patchOperations=[
            {"op": "replace", "path": "/clientCertificateId", "value": certificate_id}])
        gateway = Gateway(server)
        answer = gateway.wait_until(api_id, "signed", "/backend", lambda r: r.status_code == 200, timeout=10)
        assert answer.status_code == 200 and answer.json() == {"backend": "saw a client certificate"}
        assert backend.seen[-1]["commonName"] == certificate_id
        # Without the stage's certificate the backend refuses the handshake.
        assert gateway.invoke(api_id, "plain", "/backend").status_code >= 500
    finally:
        backend.close()

    apigateway.delete_client_certificate(clientCertificateId=certificate_id)
    with pytest.raises(apigateway.exceptions.NotFoundException):
        apigateway.get_client_certificate(clientCertificateId=certificate_id)


def test_mutual_tls_http_api_with_a_local_truststore_file(fresh_server, tmp_path):
    """An HTTP API's domain (apigatewayv2) with a truststore file (the Portcullis extension):
    payload 2.0 gets `requestContext.authentication.clientCert`; replacing the file with another
    CA's bundle refuses the same client from then on, without a restart."""
    pki = PKI(tmp_path)
    other = PKI(tmp_path, name="Other CA")
    truststore = tmp_path / "truststore.pem"
    shutil.copy(pki.ca, truststore)
    lambdas = LambdaDouble("testing")
    lambdas.functions["v2"] = lambda event: {"statusCode": 200, "body": json.dumps(event["requestContext"]["authentication"])}
    try:
        env = {"AWS_ENDPOINT_URL_LAMBDA": lambdas.url, "AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing",
               "AWS_REGION": "us-east-1"}
        server = tls_server(fresh_server, tmp_path, pki, {"h.example.com": pki.server("h.example.com", 40)}, env)
        v2 = make_client("apigatewayv2", server.endpoint)
        api_id = v2.create_api(Name="mtls-http", ProtocolType="HTTP")["ApiId"]
        integration = v2.create_integration(
            ApiId=api_id, IntegrationType="AWS_PROXY", PayloadFormatVersion="2.0",
            IntegrationUri=f"arn:aws:lambda:us-east-1:{ACCOUNT}:function:v2")
        v2.create_route(ApiId=api_id, RouteKey="GET /who", Target=f"integrations/{integration['IntegrationId']}")
        v2.create_stage(ApiId=api_id, StageName="$default", AutoDeploy=True)
        v2.create_deployment(ApiId=api_id, StageName="$default")
        v2.create_domain_name(DomainName="h.example.com",
                              DomainNameConfigurations=[{"CertificateArn": f"arn:aws:acm:us-east-1:{ACCOUNT}:certificate/h"}],
                              MutualTlsAuthentication={"TruststoreUri": f"file://{truststore}"})
        v2.create_api_mapping(DomainName="h.example.com", ApiId=api_id, Stage="$default", ApiMappingKey="")

        port = server.data_port
        cert, key = pki.client("client-h", "client-h", 77)
        client_cert = ["--cert", str(cert), "--key", str(key)]
        answer = wait_for(lambda: (lambda got: got if got[0] == 200 else None)(curl(port, "h.example.com", "/who", pki.ca, *client_cert)))
        assert answer, server.logs()[-2000:]
        authentication = json.loads(answer[1])
        assert authentication["clientCert"]["subjectDN"] == "O=Portcullis Tests,CN=client-h"
        assert authentication["clientCert"]["serialNumber"] == "77"
        assert curl(port, "h.example.com", "/who", pki.ca)[0] == 403

        shutil.copy(other.ca, truststore)
        assert wait_for(lambda: curl(port, "h.example.com", "/who", pki.ca, *client_cert)[0] == 403, timeout=10)
    finally:
        lambdas.close()
