/// What a request claims about its own signature, read and checked for form by
/// ``Verifier/parseSignature(of:)`` before any secret is looked up.
public struct RequestSignature: Sendable, Hashable {
    /// Where the signature travels.
    public enum Location: Sendable, Hashable {
        /// `Authorization: AWS4-HMAC-SHA256 Credential=…, SignedHeaders=…, Signature=…`.
        case authorizationHeader
        /// A presigned URL: `X-Amz-Algorithm`, `X-Amz-Credential`, … `X-Amz-Signature`.
        case queryString
    }

    /// Where the signature travels.
    public let location: Location
    /// The access key id named in the credential.
    public let accessKeyID: String
    /// The credential scope named in the credential.
    public let scope: CredentialScope
    /// The signed header names, lower-cased, in the order given.
    public let signedHeaders: [String]
    /// The signature as sent (expected: 64 lower-case hex digits).
    public let signature: String
    /// The signing time, from `X-Amz-Date` (or `Date`).
    public let date: AmzDate
    /// `X-Amz-Expires` of a presigned URL, in seconds.
    public let expires: Int64?
    /// The session token presented in `X-Amz-Security-Token`, if any.
    public let securityToken: String?
}
