import AWSSignatureV4
import Testing

/// A verifier pinned to one service and region, as the management API's is (`apigateway`, the
/// configured region): a signature that is valid for another scope is still refused, with AWS's
/// scope sentences; presigned URLs live at most a week.
@Suite("Credential scope pinning")
struct ScopePinningTests {
    static let management = Verifier.Configuration(region: "us-east-1", service: "apigateway")

    func verifier(now: String = "20150830T123600Z") -> Verifier {
        SigningFixture.verifier(now: now, configuration: Self.management)
    }

    @Test("a request signed for apigateway in the configured region verifies")
    func accepted() throws {
        let verified = try verifier().verify(SigningFixture.signedRequest(service: "apigateway"))
        #expect(verified.scope.service == "apigateway")
        #expect(verified.scope.region == "us-east-1")
    }

    @Test(
        "a correct signature for another region or service is refused",
        arguments: [
            ("eu-west-1", "apigateway", "Credential should be scoped to a valid region, not 'eu-west-1'. "),
            ("us-east-1", "execute-api", "Credential should be scoped to correct service: 'apigateway'. "),
            (
                "us-west-2", "lambda",
                "Credential should be scoped to a valid region, not 'us-west-2'. "
                    + "Credential should be scoped to correct service: 'apigateway'. "
            ),
        ])
    func wrongScope(region: String, service: String, message: String) throws {
        let request = SigningFixture.signedRequest(region: region, service: service)
        let error = #expect(throws: SignatureV4Error.self) { try verifier().verify(request) }
        #expect(error?.exceptionName == "InvalidSignatureException")
        #expect(error?.httpStatus == 403)
        #expect(error?.message == message)
        // The refusal needs no secret: it comes from the head alone.
        #expect(throws: SignatureV4Error.self) { try verifier().parseSignature(of: request) }
    }

    @Test("a presigned URL may live exactly a week, not a second more")
    func presignedExpiryCap() throws {
        func presigned(expires: Int) -> SignableRequest {
            var request = SignableRequest(method: "GET", path: "/restapis", headers: [.init("Host", "127.0.0.1:8081")])
            Signer(credentials: SigningFixture.credentials, region: "us-east-1", service: "apigateway")
                .presign(&request, expires: expires, date: SigningFixture.date("20150830T123600Z"))
            return request
        }
        // Signed on 30 August, checked one second before the week is over.
        let late = verifier(now: "20150906T123559Z")
        #expect(try late.verify(presigned(expires: 604_800)).location == .queryString)
        let error = #expect(throws: SignatureV4Error.self) { try late.verify(presigned(expires: 604_801)) }
        #expect(error?.exceptionName == "IncompleteSignatureException")
        #expect(error?.message.hasPrefix("X-Amz-Expires must be less than a week") == true)
    }
}
