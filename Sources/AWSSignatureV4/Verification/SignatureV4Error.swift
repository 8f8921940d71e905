/// Why a request's signature was refused, in AWS's words: the exception name (sent by API
/// Gateway as `x-amzn-ErrorType` and in error bodies), the HTTP status, and AWS's message text.
///
/// ```swift
/// do {
///     let caller = try verifier.verify(request)
/// } catch {
///     // error.exceptionName == "InvalidSignatureException", error.httpStatus == 403
///     respond(status: error.httpStatus, type: error.exceptionName, message: error.responseMessage)
/// }
/// ```
public struct SignatureV4Error: Error, Sendable, Hashable, CustomStringConvertible {
    /// The AWS exception an error maps to.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        /// The AWS exception name, e.g. `InvalidSignatureException`.
        public let exceptionName: String
        /// The HTTP status AWS answers with.
        public let httpStatus: Int

        private init(_ exceptionName: String, _ httpStatus: Int) {
            self.exceptionName = exceptionName
            self.httpStatus = httpStatus
        }

        /// Neither an `Authorization` header nor `X-Amz-Algorithm` in the query.
        public static let missingAuthenticationToken = Code("MissingAuthenticationTokenException", 403)
        /// The signature is malformed or incomplete: missing parameters, a bad date, an unknown
        /// algorithm, a malformed credential.
        public static let incompleteSignature = Code("IncompleteSignatureException", 403)
        /// The signature is well-formed but wrong: mismatch, expired, wrong scope, host unsigned.
        public static let invalidSignature = Code("InvalidSignatureException", 403)
        /// The access key id is unknown, or the session token does not belong to it.
        public static let unrecognizedClient = Code("UnrecognizedClientException", 403)
        /// (S3-style verification only) `X-Amz-Content-Sha256` does not match the body.
        public static let contentSHA256Mismatch = Code("XAmzContentSHA256Mismatch", 400)

        public var description: String { exceptionName }
    }

    /// Which AWS exception this is.
    public let code: Code
    /// AWS's message, e.g. `Missing Authentication Token`.
    public let message: String
    /// For a signature mismatch: the canonical request the server computed.
    public let canonicalRequest: String?
    /// For a signature mismatch: the string to sign the server computed.
    public let stringToSign: String?

    public init(code: Code, message: String, canonicalRequest: String? = nil, stringToSign: String? = nil) {
        self.code = code
        self.message = message
        self.canonicalRequest = canonicalRequest
        self.stringToSign = stringToSign
    }

    /// The AWS exception name, e.g. `InvalidSignatureException`.
    public var exceptionName: String { code.exceptionName }

    /// The HTTP status to answer with (403, as API Gateway does).
    public var httpStatus: Int { code.httpStatus }

    /// The message as AWS sends it in the response body. For a signature mismatch AWS appends
    /// the canonical request and string to sign it computed, so that the caller can find the
    /// difference:
    ///
    /// ```
    /// The request signature we calculated does not match … for details.
    ///
    /// The Canonical String for this request should have been
    /// 'POST
    /// /
    /// …'
    ///
    /// The String-to-Sign should have been
    /// 'AWS4-HMAC-SHA256
    /// …'
    ///
    /// ```
    ///
    /// Those lines contain the signed header values (a session token among them), which the
    /// caller sent, and nothing the caller does not know; no secret is ever included.
    public var responseMessage: String {
        guard let canonicalRequest, let stringToSign else { return message }
        return message
            + "\n\nThe Canonical String for this request should have been\n'\(canonicalRequest)'"
            + "\n\nThe String-to-Sign should have been\n'\(stringToSign)'\n"
    }

    public var description: String { "\(code.exceptionName): \(message)" }
}
