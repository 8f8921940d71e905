import Foundation
import Testing

@testable import AWSSignatureV4

/// Every case of the AWS SigV4 test suite (`shared/testdata/aws-sigv4/aws-sig-v4-test-suite`):
/// canonical request, string to sign, Authorization header, the ``Signer``'s output, and the
/// ``Verifier`` on each signed request and on tampered copies.
@Suite("AWS SigV4 test suite")
struct AWSTestSuiteTests {
    static let signingDate = AmzDate(iso8601Basic: TestSuiteCase.date) ?? AmzDate(secondsSince1970: 0)

    /// The suite's case names that must be there, nested variants included.
    static let expectedCases = [
        "get-header-key-duplicate", "get-header-value-multiline", "get-header-value-order", "get-header-value-trim",
        "get-unreserved", "get-utf8", "get-vanilla", "get-vanilla-empty-query-key", "get-vanilla-query",
        "get-vanilla-query-order-key", "get-vanilla-query-order-key-case", "get-vanilla-query-order-value",
        "get-vanilla-query-unreserved", "get-vanilla-utf8-query", "normalize-path/get-relative",
        "normalize-path/get-relative-relative", "normalize-path/get-slash", "normalize-path/get-slash-dot-slash",
        "normalize-path/get-slash-pointless-dot", "normalize-path/get-slashes", "normalize-path/get-space",
        "post-header-key-case", "post-header-key-sort", "post-header-value-case",
        "post-sts-token/post-sts-header-after", "post-sts-token/post-sts-header-before", "post-vanilla",
        "post-vanilla-empty-query-value", "post-vanilla-query", "post-x-www-form-urlencoded",
        "post-x-www-form-urlencoded-parameters",
    ]

    @Test("the suite is present and has every case")
    func suiteIsPresentAndComplete() throws {
        let (suite, explanation) = TestSuiteLocator.sigV4Suite()
        try #require(
            suite != nil,
            "AWS SigV4 test suite not found: \(explanation). Set PORTCULLIS_SHARED_TESTDATA to the shared/testdata directory."
        )
        let names = Set(TestSuiteCase.all.map(\.name))
        for expected in Self.expectedCases {
            #expect(names.contains(expected), "case \(expected) missing from the suite at \(explanation)")
        }
        #expect(TestSuiteCase.all.count >= Self.expectedCases.count)
    }

    static func allHeaderNames(_ request: SignableRequest, excluding excluded: Set<String> = []) -> [String] {
        Set(request.headers.map { $0.name.lowercased() }).subtracting(excluded).sorted()
    }

    static func erratum(_ testCase: TestSuiteCase) -> TestSuiteErratum {
        TestSuiteErratum.known[testCase.shortName] ?? TestSuiteErratum()
    }

    static var scope: CredentialScope {
        CredentialScope(date: signingDate, region: TestSuiteCase.region, service: TestSuiteCase.service)
    }

    @Test("canonical request matches .creq", arguments: TestSuiteCase.all)
    func canonicalRequest(_ testCase: TestSuiteCase) {
        let request = TestSuiteCase.parse(testCase.request)
        let canonical = CanonicalRequest(
            request: request,
            signedHeaders: Self.allHeaderNames(request),
            payloadHash: request.payload.canonicalValue
        )
        #expect(canonical.text == testCase.canonicalRequest)
    }

    @Test("string to sign matches .sts and Authorization matches .authz", arguments: TestSuiteCase.all)
    func stringToSignAndAuthorization(_ testCase: TestSuiteCase) {
        let erratum = Self.erratum(testCase)
        let request = erratum.applied(to: TestSuiteCase.parse(testCase.request))
        let canonical = CanonicalRequest(
            request: request,
            signedHeaders: Self.allHeaderNames(request, excluding: erratum.unsignedHeaders),
            payloadHash: request.payload.canonicalValue
        )
        let stringToSign = StringToSign(date: Self.signingDate, scope: Self.scope, canonicalRequest: canonical)
        #expect(stringToSign.text == testCase.stringToSign)

        let key = SigningKey(secretAccessKey: TestSuiteCase.secretAccessKey, scope: Self.scope)
        let signature = key.signature(for: stringToSign)
        let authorization =
            "AWS4-HMAC-SHA256 Credential=\(TestSuiteCase.accessKeyID)/\(Self.scope.string), "
            + "SignedHeaders=\(canonical.signedHeaders), Signature=\(signature)"
        if erratum.authorizationListsWrongHeaders {
            #expect(testCase.authorization.hasSuffix("Signature=\(signature)"))
            #expect(testCase.authorization.hasPrefix("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/\(Self.scope.string), "))
        } else {
            #expect(authorization == testCase.authorization)
        }
    }

    @Test("the Signer reproduces .authz", arguments: TestSuiteCase.all)
    func signerReproducesAuthorization(_ testCase: TestSuiteCase) {
        let erratum = Self.erratum(testCase)
        var request = erratum.applied(to: TestSuiteCase.parse(testCase.request))
        request.removeHeader("X-Amz-Date")
        let signsToken = testCase.shortName != "post-sts-header-after"
        let signer = Signer(
            credentials: testCase.credentials,
            region: TestSuiteCase.region,
            service: TestSuiteCase.service,
            options: Signer.Options(
                signsSecurityToken: signsToken,
                unsignedHeaders: Signer.Options.defaultUnsignedHeaders.union(erratum.unsignedHeaders)
            )
        )
        let result = signer.sign(&request, date: Self.signingDate)
        #expect(result.stringToSign.text == testCase.stringToSign)
        #expect(request.firstHeaderValue("X-Amz-Date") == TestSuiteCase.date)
        if erratum.authorizationListsWrongHeaders {
            #expect(testCase.authorization.hasSuffix("Signature=\(result.signature)"))
        } else {
            #expect(request.firstHeaderValue("Authorization") == testCase.authorization)
        }
        if testCase.usesSessionToken {
            #expect(request.headerValues("X-Amz-Security-Token") == [TestSuiteCase.sessionToken])
            #expect(result.signedHeaders.contains("x-amz-security-token") == signsToken)
        }
    }

    func verifier(for testCase: TestSuiteCase) -> Verifier {
        Verifier(
            configuration: .init(region: TestSuiteCase.region, service: TestSuiteCase.service),
            credentialProvider: StaticCredentialProvider([testCase.credentials]),
            now: { Self.signingDate }
        )
    }

    @Test("the Verifier accepts .sreq", arguments: TestSuiteCase.all)
    func verifierAcceptsSignedRequest(_ testCase: TestSuiteCase) throws {
        let erratum = Self.erratum(testCase)
        let signed = TestSuiteCase.parse(testCase.signedRequest)
        if erratum.signedRequestNeedsOverride {
            #expect(throws: SignatureV4Error.self) { try verifier(for: testCase).verify(signed) }
        }
        let verified = try verifier(for: testCase).verify(erratum.applied(to: signed))
        #expect(verified.accessKeyID == TestSuiteCase.accessKeyID)
        #expect(verified.scope == Self.scope)
        #expect(verified.date == Self.signingDate)
        #expect(verified.location == .authorizationHeader)
        #expect(verified.signedHeaders.contains("host"))
        #expect(verified.sessionToken == (testCase.usesSessionToken ? TestSuiteCase.sessionToken : nil))
    }

    @Test("the Verifier rejects tampered copies of .sreq", arguments: TestSuiteCase.all)
    func verifierRejectsTamperedRequest(_ testCase: TestSuiteCase) {
        let signed = Self.erratum(testCase).applied(to: TestSuiteCase.parse(testCase.signedRequest))
        let verifier = verifier(for: testCase)

        var otherHost = signed
        otherHost.setHeader("Host", "evil.amazonaws.com")
        var otherMethod = signed
        otherMethod.method = signed.method == "GET" ? "DELETE" : "GET"
        var otherPath = signed
        otherPath.path += "x"
        var otherQuery = signed
        otherQuery.query += otherQuery.query.isEmpty ? "extra=1" : "&extra=1"
        var otherBody = signed
        otherBody.payload = .string("tampered")
        var otherSignature = signed
        otherSignature.headers = signed.headers.map { header in
            guard header.name.lowercased() == "authorization" else { return header }
            let flipped = header.value.last == "0" ? "1" : "0"
            return .init(header.name, String(header.value.dropLast()) + flipped)
        }

        for tampered in [otherHost, otherMethod, otherPath, otherQuery, otherBody, otherSignature] {
            let error = #expect(throws: SignatureV4Error.self) { try verifier.verify(tampered) }
            #expect(error?.exceptionName == "InvalidSignatureException")
            #expect(error?.httpStatus == 403)
            #expect(error?.message == SignatureV4Error.signatureMismatchText)
        }
    }
}
