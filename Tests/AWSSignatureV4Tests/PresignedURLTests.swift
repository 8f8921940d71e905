import AWSSignatureV4
import Foundation
import Testing

/// Presigned URLs: the ``Signer`` makes them, the ``Verifier`` checks them.
@Suite("Presigned URLs")
struct PresignedURLTests {
    static let temporary = AWSCredentials(
        accessKeyID: "ASIAEXAMPLE", secretAccessKey: "secret/key+1", sessionToken: "tok/en+=")

    func presigned(
        expires: Int = 900,
        at date: String = "20150830T123600Z",
        credentials: AWSCredentials = SigningFixture.credentials,
        options: Signer.Options = Signer.Options()
    ) -> SignableRequest {
        var request = SignableRequest(
            method: "GET",
            path: "/prod/reports/2015%2F08",
            query: "format=csv&q=a%20b",
            headers: [.init("Host", "api.example.com")]
        )
        Signer(credentials: credentials, region: "us-east-1", service: "execute-api", options: options)
            .presign(&request, expires: expires, date: SigningFixture.date(date))
        return request
    }

    @Test("a presigned URL verifies within its lifetime")
    func accepted() throws {
        let request = presigned()
        #expect(
            request.query.hasPrefix(
                "format=csv&q=a%20b&X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIDEXAMPLE%2F20150830"))
        #expect(request.firstHeaderValue("Authorization") == nil)
        let verified = try SigningFixture.verifier(now: "20150830T124900Z").verify(request)
        #expect(verified.location == .queryString)
        #expect(verified.signedHeaders == ["host"])
    }

    @Test("a presigned URL with temporary credentials carries and checks the token")
    func temporaryCredentials() throws {
        let request = presigned(credentials: Self.temporary)
        #expect(request.query.contains("X-Amz-Security-Token=tok%2Fen%2B%3D&X-Amz-Signature="))
        let verified = try SigningFixture.verifier(credentials: [Self.temporary]).verify(request)
        #expect(verified.sessionToken == "tok/en+=")
    }

    @Test("a presigned URL's session token may also come in a header")
    func tokenInHeader() throws {
        var withoutToken = Self.temporary
        withoutToken.sessionToken = nil
        var request = presigned(credentials: withoutToken)
        request.setHeader("X-Amz-Security-Token", "tok/en+=")
        let verified = try SigningFixture.verifier(credentials: [Self.temporary]).verify(request)
        #expect(verified.sessionToken == "tok/en+=")
    }

    @Test("presigning again replaces the earlier signature parameters")
    func represign() throws {
        var request = presigned(at: "20150830T120000Z")
        Signer(credentials: SigningFixture.credentials, region: "us-east-1", service: "execute-api")
            .presign(&request, expires: 60, date: SigningFixture.date("20150830T123600Z"))
        #expect(request.query.components(separatedBy: "X-Amz-Signature=").count == 2)
        #expect(request.query.contains("X-Amz-Expires=60&"))
        _ = try SigningFixture.verifier().verify(request)
    }

    @Test("an expired presigned URL is refused with AWS's wording")
    func expired() {
        let request = presigned(expires: 300)
        let error = #expect(throws: SignatureV4Error.self) {
            try SigningFixture.verifier(now: "20150830T124101Z").verify(request)
        }
        #expect(error?.exceptionName == "InvalidSignatureException")
        #expect(
            error?.message
                == "Signature expired: 20150830T123600Z is now earlier than 20150830T123601Z (20150830T124101Z - 5 min.)"
        )
        let odd = presigned(expires: 90)
        let oddError = #expect(throws: SignatureV4Error.self) {
            try SigningFixture.verifier(now: "20150830T123800Z").verify(odd)
        }
        #expect(
            oddError?.message
                == "Signature expired: 20150830T123600Z is now earlier than 20150830T123630Z (20150830T123800Z - 90 sec.)"
        )
    }

    @Test("a presigned URL dated in the future is not yet current")
    func notYetCurrent() {
        let error = #expect(throws: SignatureV4Error.self) {
            try SigningFixture.verifier(now: "20150830T120000Z").verify(presigned())
        }
        #expect(error?.message.hasPrefix("Signature not yet current: 20150830T123600Z is still later than") == true)
    }

    @Test(
        "X-Amz-Expires must be a number of seconds up to a week",
        arguments: [
            (
                "604801",
                "X-Amz-Expires must be less than a week (in seconds); that is, the given X-Amz-Expires must be less than 604800 seconds"
            ),
            ("-1", "X-Amz-Expires must be non-negative"),
            ("soon", "X-Amz-Expires should be a number"),
        ])
    func badExpires(_ value: String, message: String) {
        var request = presigned()
        request.query = request.query.replacingOccurrences(of: "X-Amz-Expires=900", with: "X-Amz-Expires=\(value)")
        let error = #expect(throws: SignatureV4Error.self) { try SigningFixture.verifier().verify(request) }
        #expect(error?.exceptionName == "IncompleteSignatureException")
        #expect(error?.message == message)
    }

    @Test(
        "changing any query parameter breaks the signature",
        arguments: [
            ("format=csv", "format=json"), ("X-Amz-Expires=900", "X-Amz-Expires=901"), ("q=a%20b", "q=a%20c"),
        ])
    func tampered(_ original: String, _ replacement: String) {
        var request = presigned()
        request.query = request.query.replacingOccurrences(of: original, with: replacement)
        let error = #expect(throws: SignatureV4Error.self) { try SigningFixture.verifier().verify(request) }
        #expect(error?.exceptionName == "InvalidSignatureException")
        #expect(error?.canonicalRequest?.contains("X-Amz-Signature") == false)
    }

    @Test("an S3 presigned URL signs UNSIGNED-PAYLOAD and verifies under S3 rules")
    func s3() throws {
        var request = SignableRequest(
            method: "GET", path: "/bucket/a//b.txt", headers: [.init("Host", "s3.amazonaws.com")])
        let result = Signer(
            credentials: SigningFixture.credentials,
            region: "us-east-1",
            service: "s3",
            options: Signer.Options(pathEncoding: .s3, signsPayload: false)
        ).presign(&request, expires: 3600, date: SigningFixture.date("20150830T123600Z"))
        #expect(result.canonicalRequest.text.hasSuffix("\nhost\nUNSIGNED-PAYLOAD"))
        #expect(result.canonicalRequest.text.hasPrefix("GET\n/bucket/a//b.txt\n"))
        let verifier = SigningFixture.verifier(
            configuration: .init(
                region: "us-east-1",
                service: "s3",
                pathEncoding: .s3,
                payloadHashSource: .contentSHA256Header(allowsUnsignedPayload: true)
            )
        )
        _ = try verifier.verify(request)
    }
}
