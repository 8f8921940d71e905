/// Everything a signature was computed from, for logging and debugging a rejected call.
public struct SigningResult: Sendable, Hashable {
    /// The access key id that signed.
    public let accessKeyID: String
    /// The credential scope.
    public let scope: CredentialScope
    /// The signing time.
    public let date: AmzDate
    /// The canonical request that was signed.
    public let canonicalRequest: CanonicalRequest
    /// The string that was signed.
    public let stringToSign: StringToSign
    /// The signature, lower-case hex.
    public let signature: String

    /// The signed header names joined by `;`.
    public var signedHeaders: String { canonicalRequest.signedHeaders }

    /// The `Authorization` header value:
    /// `AWS4-HMAC-SHA256 Credential=AKID/scope, SignedHeaders=a;b, Signature=hex`.
    public var authorization: String {
        "\(SignatureV4.algorithm) Credential=\(accessKeyID)/\(scope.string), "
            + "SignedHeaders=\(signedHeaders), Signature=\(signature)"
    }
}
