/// Names and constants of AWS Signature Version 4, shared by the ``Signer`` and the ``Verifier``.
///
/// The module implements the algorithm as AWS documents it in "Create a signed AWS API request"
/// (canonical request → string to sign → signing key → signature) and is checked against the AWS
/// SigV4 test suite and against botocore. It knows nothing of the gateway: callers describe a
/// request with ``SignableRequest`` and get back headers to send, or a ``VerifiedRequest``, or a
/// ``SignatureV4Error`` carrying AWS's exception name, HTTP status and message.
public enum SignatureV4 {
    /// The only algorithm SigV4 defines: `AWS4-HMAC-SHA256`.
    public static let algorithm = "AWS4-HMAC-SHA256"

    /// The last element of every credential scope: `aws4_request`.
    public static let scopeTerminator = "aws4_request"

    /// The payload hash that says the body is not covered by the signature: `UNSIGNED-PAYLOAD`.
    public static let unsignedPayload = "UNSIGNED-PAYLOAD"

    /// The hex SHA-256 of the empty string, the payload hash of a request without a body.
    public static let emptyPayloadHash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"

    /// Header and query-parameter names, spelled as AWS spells them on the wire.
    public enum Name {
        public static let authorization = "Authorization"
        public static let amzDate = "X-Amz-Date"
        public static let date = "Date"
        public static let host = "Host"
        public static let securityToken = "X-Amz-Security-Token"
        public static let contentSHA256 = "X-Amz-Content-Sha256"
        public static let algorithm = "X-Amz-Algorithm"
        public static let credential = "X-Amz-Credential"
        public static let expires = "X-Amz-Expires"
        public static let signedHeaders = "X-Amz-SignedHeaders"
        public static let signature = "X-Amz-Signature"
    }
}
