/// A request whose signature checked out: who signed it, and for what.
public struct VerifiedRequest: Sendable, Hashable {
    /// The access key id that signed (API Gateway's `$context.identity.accessKey`).
    public let accessKeyID: String
    /// The credential scope signed for.
    public let scope: CredentialScope
    /// The signing time.
    public let date: AmzDate
    /// The lower-case names of the headers the signature covers; no other header is protected.
    public let signedHeaders: [String]
    /// The session token presented (and matched), for temporary credentials.
    public let sessionToken: String?
    /// Whether the signature came in the `Authorization` header or in a presigned query string.
    public let location: RequestSignature.Location
}
