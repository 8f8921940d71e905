import AWSSignatureV4
import Testing

@Suite("Signer")
struct SignerTests {
    static let date = SigningFixture.date("20150830T123600Z")

    @Test("signing again replaces the previous signature headers")
    func resign() throws {
        var request = SigningFixture.signedRequest(at: "20150830T120000Z")
        Signer(credentials: SigningFixture.credentials, region: "us-east-1", service: "execute-api").sign(
            &request, date: Self.date)
        #expect(request.headerValues("Authorization").count == 1)
        #expect(request.headerValues("X-Amz-Date") == ["20150830T123600Z"])
        _ = try SigningFixture.verifier().verify(request)
    }

    @Test("hop-by-hop and client headers are not signed")
    func unsignedHeaders() {
        let request = SignableRequest(
            method: "GET",
            path: "/",
            headers: [
                .init("Host", "h"), .init("User-Agent", "x"), .init("Connection", "keep-alive"),
                .init(":authority", "h"),
                .init("X-Amzn-Trace-Id", "Root=1"), .init("Expect", "100-continue"), .init("X-Custom", "1"),
                .init("x-custom", "2"),
            ]
        )
        let signer = Signer(credentials: SigningFixture.credentials, region: "us-east-1", service: "execute-api")
        #expect(signer.signedHeaderNames(of: request) == ["host", "x-custom"])
    }

    @Test("an unsigned payload, announced in X-Amz-Content-Sha256")
    func unsignedPayload() throws {
        var request = SigningFixture.unsignedRequest()
        let options = Signer.Options(signsPayload: false, addsContentSHA256Header: true)
        let result = Signer(
            credentials: SigningFixture.credentials, region: "us-east-1", service: "execute-api", options: options
        )
        .sign(&request, date: Self.date)
        #expect(request.firstHeaderValue("X-Amz-Content-Sha256") == "UNSIGNED-PAYLOAD")
        #expect(result.canonicalRequest.text.hasSuffix("\nUNSIGNED-PAYLOAD"))
        #expect(result.signedHeaders == "content-type;host;x-amz-content-sha256;x-amz-date")

        // API Gateway hashes the body it received whatever the header says …
        #expect(throws: SignatureV4Error.self) { try SigningFixture.verifier().verify(request) }
        // … while S3-style verification honours the header when unsigned payloads are allowed.
        let s3Style = Verifier.Configuration(
            region: "us-east-1",
            service: "execute-api",
            payloadHashSource: .contentSHA256Header(allowsUnsignedPayload: true)
        )
        _ = try SigningFixture.verifier(configuration: s3Style).verify(request)
        let strict = Verifier.Configuration(
            region: "us-east-1",
            service: "execute-api",
            payloadHashSource: .contentSHA256Header(allowsUnsignedPayload: false)
        )
        let error = #expect(throws: SignatureV4Error.self) {
            try SigningFixture.verifier(configuration: strict).verify(request)
        }
        #expect(error?.exceptionName == "XAmzContentSHA256Mismatch")
        #expect(error?.httpStatus == 400)
    }

    @Test("a security token added after signing is sent but not signed")
    func tokenAfter() throws {
        let temporary = AWSCredentials(accessKeyID: "ASIAEXAMPLE", secretAccessKey: "s", sessionToken: "t")
        var request = SigningFixture.unsignedRequest()
        let result = Signer(
            credentials: temporary,
            region: "us-east-1",
            service: "execute-api",
            options: Signer.Options(signsSecurityToken: false)
        ).sign(&request, date: Self.date)
        #expect(result.signedHeaders == "content-type;host;x-amz-date")
        #expect(request.headers.last == .init("X-Amz-Security-Token", "t"))
        #expect(try SigningFixture.verifier(credentials: [temporary]).verify(request).sessionToken == "t")
    }

    @Test("the signing result explains itself")
    func result() {
        var request = SigningFixture.unsignedRequest()
        let result = Signer(credentials: SigningFixture.credentials, region: "us-east-1", service: "execute-api")
            .sign(&request, date: Self.date)
        #expect(result.scope.string == "20150830/us-east-1/execute-api/aws4_request")
        #expect(result.stringToSign.text.hasSuffix(result.canonicalRequest.sha256Hex))
        #expect(result.signature.utf8.count == 64)
        #expect(request.firstHeaderValue("Authorization") == result.authorization)
        #expect(!SigningFixture.credentials.description.contains(SigningFixture.credentials.secretAccessKey))
    }
}
