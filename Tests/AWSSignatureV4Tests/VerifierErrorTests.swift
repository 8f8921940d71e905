import Foundation
import Testing

@testable import AWSSignatureV4

/// Every way the ``Verifier`` refuses a request, with AWS's exception names and exact texts.
@Suite("Verifier errors")
struct VerifierErrorTests {
    func expectError(
        _ request: SignableRequest,
        verifier: Verifier = SigningFixture.verifier(),
        exception: String,
        message: String,
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        let error = #expect(throws: SignatureV4Error.self, sourceLocation: sourceLocation) {
            try verifier.verify(request)
        }
        #expect(error?.exceptionName == exception, sourceLocation: sourceLocation)
        #expect(error?.message == message, sourceLocation: sourceLocation)
        #expect(error?.httpStatus == 403, sourceLocation: sourceLocation)
    }

    @Test("a correctly signed request verifies")
    func accepted() throws {
        let verified = try SigningFixture.verifier().verify(SigningFixture.signedRequest())
        #expect(verified.accessKeyID == "AKIDEXAMPLE")
        #expect(verified.scope == CredentialScope(dateStamp: "20150830", region: "us-east-1", service: "execute-api"))
        #expect(verified.signedHeaders == ["content-type", "host", "x-amz-date"])
        #expect(verified.sessionToken == nil)
    }

    @Test("no signature at all: MissingAuthenticationTokenException")
    func missingAuthenticationToken() {
        expectError(
            SigningFixture.unsignedRequest(),
            exception: "MissingAuthenticationTokenException",
            message: "Missing Authentication Token"
        )
        var blank = SigningFixture.unsignedRequest()
        blank.setHeader("Authorization", "   ")
        expectError(blank, exception: "MissingAuthenticationTokenException", message: "Missing Authentication Token")
    }

    @Test("a header that is not SigV4 lists every missing part (recorded AWS text)")
    func incompleteHeader() {
        expectError(
            SigningFixture.unsignedRequest().replacingAuthorization(with: "a"),
            exception: "IncompleteSignatureException",
            message: "Authorization header requires 'Credential' parameter. "
                + "Authorization header requires 'Signature' parameter. "
                + "Authorization header requires 'SignedHeaders' parameter. "
                + "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. "
                + "Authorization=a"
        )
    }

    @Test("a missing Signature is named, with the header echoed")
    func missingSignature() {
        let header =
            "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/execute-api/aws4_request, "
            + "SignedHeaders=host;x-amz-date"
        expectError(
            SigningFixture.signedRequest().replacingAuthorization(with: header),
            exception: "IncompleteSignatureException",
            message: "Authorization header requires 'Signature' parameter. Authorization=\(header)"
        )
    }

    @Test("no X-Amz-Date and no Date header")
    func missingDate() {
        var request = SigningFixture.signedRequest()
        request.removeHeader("X-Amz-Date")
        let header = request.firstHeaderValue("Authorization") ?? ""
        expectError(
            request,
            exception: "IncompleteSignatureException",
            message: "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. "
                + "Authorization=\(header)"
        )
    }

    @Test("a component without '='")
    func notKeyValuePair() {
        let header = "AWS4-HMAC-SHA256 Credential=1234, SignedHeadersdate;host"
        expectError(
            SigningFixture.signedRequest().replacingAuthorization(with: header),
            exception: "IncompleteSignatureException",
            message:
                "'SignedHeadersdate;host' not a valid key=value pair (missing equal-sign) in Authorization header: "
                + "'AWS4-HMAC-SHA256 Credential=1234, SignedHeadersdate;host'."
        )
    }

    @Test("both an Authorization header and a query signature")
    func both() {
        var request = SigningFixture.signedRequest()
        request.query += "&X-Amz-Algorithm=AWS4-HMAC-SHA256"
        expectError(
            request,
            exception: "InvalidSignatureException",
            message: "Found both 'X-Amz-Algorithm' as a query-string param and 'Authorization' as HTTP header."
        )
    }

    @Test("a query signature without its parameters (recorded AWS text)")
    func incompleteQuery() {
        var request = SigningFixture.unsignedRequest()
        request.query = "X-Amz-Algorithm"
        expectError(
            request,
            exception: "IncompleteSignatureException",
            message: "AWS query-string parameters must include 'X-Amz-Algorithm'. "
                + "AWS query-string parameters must include 'X-Amz-Credential'. "
                + "AWS query-string parameters must include 'X-Amz-Signature'. "
                + "AWS query-string parameters must include 'X-Amz-SignedHeaders'. "
                + "AWS query-string parameters must include 'X-Amz-Date'. "
                + "Re-examine the query-string parameters."
        )
        request.query = "X-Amz-Algorithm=a&X-Amz-Credential=b&X-Amz-Signature=c&X-Amz-Date=d"
        expectError(
            request,
            exception: "IncompleteSignatureException",
            message:
                "AWS query-string parameters must include 'X-Amz-SignedHeaders'. Re-examine the query-string parameters."
        )
    }

    @Test(
        "a date that is not ISO 8601 basic format",
        arguments: ["201", "2015-08-30T12:36:00Z", "20150230T123600Z", "20150830T123600"])
    func badDate(_ value: String) {
        var request = SigningFixture.signedRequest()
        request.setHeader("X-Amz-Date", value)
        expectError(
            request,
            exception: "IncompleteSignatureException",
            message:
                "Date must be in ISO-8601 'basic format'. Got '\(value)'. See http://en.wikipedia.org/wiki/ISO_8601"
        )
    }

    @Test("a signature older than 15 minutes has expired")
    func expired() {
        let request = SigningFixture.signedRequest(at: "20151111T000000Z")
        expectError(
            request,
            verifier: SigningFixture.verifier(now: "20151111T002000Z"),
            exception: "InvalidSignatureException",
            message:
                "Signature expired: 20151111T000000Z is now earlier than 20151111T000500Z (20151111T002000Z - 15 min.)"
        )
        // With a 5-minute window, as some AWS services use.
        expectError(
            request,
            verifier: SigningFixture.verifier(
                now: "20151111T001000Z",
                configuration: .init(region: "us-east-1", service: "execute-api", allowedClockSkew: 300)
            ),
            exception: "InvalidSignatureException",
            message:
                "Signature expired: 20151111T000000Z is now earlier than 20151111T000500Z (20151111T001000Z - 5 min.)"
        )
    }

    @Test("exactly 15 minutes either way is still current")
    func clockSkewBoundaries() throws {
        let request = SigningFixture.signedRequest(at: "20151111T000000Z")
        _ = try SigningFixture.verifier(now: "20151111T001500Z").verify(request)
        _ = try SigningFixture.verifier(now: "20151110T234500Z").verify(request)
        #expect(throws: SignatureV4Error.self) { try SigningFixture.verifier(now: "20151111T001501Z").verify(request) }
    }

    @Test("a signature more than 15 minutes ahead is not yet current")
    func notYetCurrent() {
        expectError(
            SigningFixture.signedRequest(at: "20151111T003000Z"),
            verifier: SigningFixture.verifier(now: "20151111T001000Z"),
            exception: "InvalidSignatureException",
            message:
                "Signature not yet current: 20151111T003000Z is still later than 20151111T002500Z (20151111T001000Z + 15 min.)"
        )
    }

    @Test("host must be signed")
    func hostNotSigned() {
        var options = Signer.Options()
        options.unsignedHeaders.insert("host")
        expectError(
            SigningFixture.signedRequest(options: options),
            exception: "InvalidSignatureException",
            message: "'Host' must be a 'SignedHeader' in the AWS Authorization."
        )
    }

    @Test("an algorithm other than AWS4-HMAC-SHA256")
    func unsupportedAlgorithm() {
        let request = SigningFixture.signedRequest()
        let header = (request.firstHeaderValue("Authorization") ?? "")
            .replacingOccurrences(of: "AWS4-HMAC-SHA256", with: "AWS4-HMAC-SHA512")
        expectError(
            request.replacingAuthorization(with: header),
            exception: "IncompleteSignatureException",
            message: "Unsupported AWS 'algorithm': 'AWS4-HMAC-SHA512' (only AWS4-HMAC-SHA256 for now). "
        )
    }

    @Test("a credential without five elements")
    func malformedCredential() {
        let header =
            "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/execute-api, "
            + "SignedHeaders=host;x-amz-date, Signature=abc"
        expectError(
            SigningFixture.signedRequest().replacingAuthorization(with: header),
            exception: "IncompleteSignatureException",
            message: "Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, "
                + "got 'AKIDEXAMPLE/20150830/us-east-1/execute-api'"
        )
    }

    @Test("a credential scoped to another region, service, terminator and day (recorded AWS text)")
    func wrongScope() {
        let header =
            "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150831/eu-west-1/lambda/aws5_request, "
            + "SignedHeaders=host;x-amz-date, Signature=abc"
        expectError(
            SigningFixture.signedRequest().replacingAuthorization(with: header),
            exception: "InvalidSignatureException",
            message: "Credential should be scoped to a valid region, not 'eu-west-1'. "
                + "Credential should be scoped to correct service: 'execute-api'. "
                + "Credential should be scoped with a valid terminator: 'aws4_request', not 'aws5_request'. "
                + "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: "
                + "'20150831' != '20150830', from '20150830T123600Z'."
        )
    }

    @Test("any region and service are accepted when none is configured")
    func anyScope() throws {
        let request = SigningFixture.signedRequest(region: "ap-southeast-2", service: "apigateway")
        let verified = try SigningFixture.verifier(configuration: .init()).verify(request)
        #expect(verified.scope.region == "ap-southeast-2")
        #expect(verified.scope.service == "apigateway")
    }

    @Test("an unknown access key: UnrecognizedClientException")
    func unknownAccessKey() {
        expectError(
            SigningFixture.signedRequest(),
            verifier: SigningFixture.verifier(credentials: []),
            exception: "UnrecognizedClientException",
            message: "The security token included in the request is invalid."
        )
    }

    @Test("a wrong secret: InvalidSignatureException with AWS's canonical-string report")
    func signatureMismatch() throws {
        let wrongSecret = AWSCredentials(accessKeyID: "AKIDEXAMPLE", secretAccessKey: "not-the-secret")
        let request = SigningFixture.signedRequest(credentials: wrongSecret)
        let message =
            "The request signature we calculated does not match the signature you provided. "
            + "Check your AWS Secret Access Key and signing method. Consult the service documentation for details."
        expectError(request, exception: "InvalidSignatureException", message: message)

        let error = try #require(throws: SignatureV4Error.self) { try SigningFixture.verifier().verify(request) }
        let canonical =
            "POST\n/prod/orders/42\nexpand=items&page=2\ncontent-type:application/json\n"
            + "host:api.example.com\nx-amz-date:20150830T123600Z\n\ncontent-type;host;x-amz-date\n"
            + Payload.string(#"{"quantity":2}"#).canonicalValue
        let stringToSign =
            "AWS4-HMAC-SHA256\n20150830T123600Z\n20150830/us-east-1/execute-api/aws4_request\n"
            + CanonicalRequest(
                request: request,
                signedHeaders: ["content-type", "host", "x-amz-date"],
                payloadHash: request.payload.canonicalValue
            ).sha256Hex
        #expect(error.canonicalRequest == canonical)
        #expect(error.stringToSign == stringToSign)
        #expect(
            error.responseMessage
                == message + "\n\nThe Canonical String for this request should have been\n'" + canonical + "'"
                + "\n\nThe String-to-Sign should have been\n'" + stringToSign + "'\n"
        )
        #expect(!error.responseMessage.contains("not-the-secret"))
        #expect(error.description == "InvalidSignatureException: " + message)
    }

    @Test("temporary credentials need their own session token")
    func sessionToken() throws {
        let temporary = AWSCredentials(accessKeyID: "ASIAEXAMPLE", secretAccessKey: "secret", sessionToken: "token-1")
        let verifier = SigningFixture.verifier(credentials: [temporary])
        let message = "The security token included in the request is invalid"

        let good = SigningFixture.signedRequest(credentials: temporary)
        #expect(try verifier.verify(good).sessionToken == "token-1")

        var otherToken = temporary
        otherToken.sessionToken = "token-2"
        expectError(
            SigningFixture.signedRequest(credentials: otherToken),
            verifier: verifier,
            exception: "UnrecognizedClientException",
            message: message
        )

        var noToken = temporary
        noToken.sessionToken = nil
        expectError(
            SigningFixture.signedRequest(credentials: noToken),
            verifier: verifier,
            exception: "UnrecognizedClientException",
            message: message
        )

        // A long-term key does not take a token.
        expectError(
            SigningFixture.signedRequest(credentials: otherToken),
            verifier: SigningFixture.verifier(credentials: [noToken]),
            exception: "UnrecognizedClientException",
            message: message
        )
    }

    @Test(
        "a Date header stands in for X-Amz-Date, in ISO or HTTP form",
        arguments: [
            "Sun, 30 Aug 2015 12:36:00 GMT", "Sun, 30 Aug 2015 12:36:00 -0000", "30 Aug 2015 14:36:00 +0200",
            "20150830T123600Z",
        ])
    func dateHeader(_ value: String) throws {
        var request = SigningFixture.unsignedRequest()
        request.setHeader("Date", value)
        let date = SigningFixture.date("20150830T123600Z")
        let scope = CredentialScope(date: date, region: "us-east-1", service: "execute-api")
        let canonical = CanonicalRequest(
            request: request,
            signedHeaders: ["date", "host"],
            payloadHash: request.payload.canonicalValue
        )
        let signature = SigningKey(secretAccessKey: SigningFixture.credentials.secretAccessKey, scope: scope)
            .signature(for: StringToSign(date: date, scope: scope, canonicalRequest: canonical))
        request.setHeader(
            "Authorization",
            "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/\(scope.string), SignedHeaders=date;host, Signature=\(signature)"
        )
        let verified = try SigningFixture.verifier().verify(request)
        #expect(verified.date == date)
    }

    @Test("a closure credential lookup, and the two-step API for asynchronous lookups")
    func lookups() throws {
        let request = SigningFixture.signedRequest()
        let clock = SigningFixture.date("20150830T123600Z")
        let closureVerifier = Verifier(
            configuration: .init(region: "us-east-1", service: "execute-api"),
            now: { clock },
            lookup: { $0 == "AKIDEXAMPLE" ? SigningFixture.credentials : nil }
        )
        #expect(try closureVerifier.verify(request).accessKeyID == "AKIDEXAMPLE")

        let signature = try closureVerifier.parseSignature(of: request)
        #expect(signature.accessKeyID == "AKIDEXAMPLE")
        #expect(signature.location == .authorizationHeader)
        #expect(signature.signedHeaders == ["content-type", "host", "x-amz-date"])
        #expect(
            try closureVerifier.verify(request, signature: signature, credentials: SigningFixture.credentials).date
                == clock)
        #expect(throws: SignatureV4Error.unknownAccessKey) {
            try closureVerifier.verify(request, signature: signature, credentials: nil)
        }
    }

    @Test("Authorization parameters may be separated by commas only")
    func commaSeparated() throws {
        let request = SigningFixture.signedRequest()
        let header = (request.firstHeaderValue("Authorization") ?? "").replacingOccurrences(of: ", ", with: ",")
        _ = try SigningFixture.verifier().verify(request.replacingAuthorization(with: header))
    }
}
