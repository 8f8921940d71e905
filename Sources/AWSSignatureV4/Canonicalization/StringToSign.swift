/// The string to sign of AWS SigV4:
///
/// ```
/// AWS4-HMAC-SHA256
/// 20150830T123600Z
/// 20150830/us-east-1/service/aws4_request
/// hex SHA-256 of the canonical request
/// ```
public struct StringToSign: Sendable, Hashable, CustomStringConvertible {
    /// The string to sign.
    public let text: String

    public init(date: AmzDate, scope: CredentialScope, canonicalRequestHash: String) {
        text = "\(SignatureV4.algorithm)\n\(date.iso8601Basic)\n\(scope.string)\n\(canonicalRequestHash)"
    }

    public init(date: AmzDate, scope: CredentialScope, canonicalRequest: CanonicalRequest) {
        self.init(date: date, scope: scope, canonicalRequestHash: canonicalRequest.sha256Hex)
    }

    public var description: String { text }
}
