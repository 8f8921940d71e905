import AWSSignatureV4

/// A request signed at a chosen time, and a verifier whose clock reads a chosen time, for the
/// error-case tests.
enum SigningFixture {
    static let credentials = AWSCredentials(
        accessKeyID: "AKIDEXAMPLE",
        secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"
    )
    static let region = "us-east-1"
    static let service = "execute-api"

    static func date(_ text: String) -> AmzDate {
        AmzDate(iso8601Basic: text) ?? AmzDate(secondsSince1970: 0)
    }

    static func unsignedRequest() -> SignableRequest {
        SignableRequest(
            method: "POST",
            path: "/prod/orders/42",
            query: "expand=items&page=2",
            headers: [
                .init("Host", "api.example.com"),
                .init("Content-Type", "application/json"),
            ],
            payload: .string(#"{"quantity":2}"#)
        )
    }

    /// `unsignedRequest()` signed with `credentials` at `date`.
    static func signedRequest(
        at date: String = "20150830T123600Z",
        credentials: AWSCredentials = credentials,
        region: String = region,
        service: String = service,
        options: Signer.Options = Signer.Options()
    ) -> SignableRequest {
        var request = unsignedRequest()
        Signer(credentials: credentials, region: region, service: service, options: options)
            .sign(&request, date: Self.date(date))
        return request
    }

    static func verifier(
        now: String = "20150830T123600Z",
        credentials: [AWSCredentials] = [credentials],
        configuration: Verifier.Configuration = .init(region: region, service: service)
    ) -> Verifier {
        let clock = date(now)
        return Verifier(
            configuration: configuration,
            credentialProvider: StaticCredentialProvider(credentials),
            now: { clock }
        )
    }
}

extension SignableRequest {
    /// This request with its `Authorization` header replaced by `value`.
    func replacingAuthorization(with value: String) -> SignableRequest {
        var copy = self
        copy.setHeader("Authorization", value)
        return copy
    }
}
