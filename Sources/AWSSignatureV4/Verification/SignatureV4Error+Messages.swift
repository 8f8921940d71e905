/// AWS's message texts. Where they come from:
///
/// - Recordings of AWS (Coral-framework) services kept in dynalite's and kinesalite's sources
///   ("Authorization header requires …", "Date must be in ISO-8601 'basic format' …",
///   "Signature expired: … (… - 15 min.)", "'Host' must be a 'SignedHeader' …",
///   "Unsupported AWS 'algorithm' …", "Credential must have exactly 5 slash-delimited
///   elements …", the credential-scope sentences, "The security token included in the request is
///   invalid.", "Found both 'X-Amz-Algorithm' …", "AWS query-string parameters must include …").
/// - API Gateway's answer to a request without any signature: `Missing Authentication Token`.
/// - Client-side reports of AWS answers: "Signature not yet current: … is still later than …
///   (… + 15 min.)", and the mismatch text with "The Canonical String for this request should
///   have been".
/// - S3's texts for `X-Amz-Expires` and `X-Amz-Content-Sha256`.
extension SignatureV4Error {
    public static let missingAuthenticationToken = SignatureV4Error(
        code: .missingAuthenticationToken,
        message: "Missing Authentication Token"
    )

    static let bothHeaderAndQuery = SignatureV4Error(
        code: .invalidSignature,
        message: "Found both 'X-Amz-Algorithm' as a query-string param and 'Authorization' as HTTP header."
    )

    static func notKeyValuePair(_ component: some StringProtocol, header: String) -> SignatureV4Error {
        SignatureV4Error(
            code: .incompleteSignature,
            message:
                "'\(component)' not a valid key=value pair (missing equal-sign) in Authorization header: '\(header)'."
        )
    }

    static func incompleteHeader(
        missingCredential: Bool,
        missingSignature: Bool,
        missingSignedHeaders: Bool,
        missingDate: Bool,
        header: String
    ) -> SignatureV4Error {
        var message = ""
        if missingCredential { message += "Authorization header requires 'Credential' parameter. " }
        if missingSignature { message += "Authorization header requires 'Signature' parameter. " }
        if missingSignedHeaders { message += "Authorization header requires 'SignedHeaders' parameter. " }
        if missingDate {
            message += "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. "
        }
        return SignatureV4Error(code: .incompleteSignature, message: message + "Authorization=" + header)
    }

    static func incompleteQuery(missing names: [String]) -> SignatureV4Error {
        var message = ""
        for name in names { message += "AWS query-string parameters must include '\(name)'. " }
        message += "Re-examine the query-string parameters."
        return SignatureV4Error(code: .incompleteSignature, message: message)
    }

    static func badDate(_ value: String) -> SignatureV4Error {
        SignatureV4Error(
            code: .incompleteSignature,
            message:
                "Date must be in ISO-8601 'basic format'. Got '\(value)'. See http://en.wikipedia.org/wiki/ISO_8601"
        )
    }

    static let expiresNotANumber = SignatureV4Error(
        code: .incompleteSignature,
        message: "X-Amz-Expires should be a number"
    )

    static let expiresNegative = SignatureV4Error(
        code: .incompleteSignature,
        message: "X-Amz-Expires must be non-negative"
    )

    static func expiresTooLarge(maximum: Int64) -> SignatureV4Error {
        SignatureV4Error(
            code: .incompleteSignature,
            message: "X-Amz-Expires must be less than a week (in seconds); that is, the given X-Amz-Expires must be "
                + "less than \(maximum) seconds"
        )
    }

    /// `Signature expired: <date> is now earlier than <now - window> (<now> - 15 min.)`.
    static func expired(date: AmzDate, now: AmzDate, window: Int64) -> SignatureV4Error {
        SignatureV4Error(
            code: .invalidSignature,
            message: "Signature expired: \(date) is now earlier than \(now.adding(seconds: -window)) "
                + "(\(now) - \(durationText(window)).)"
        )
    }

    /// `Signature not yet current: <date> is still later than <now + window> (<now> + 15 min.)`.
    static func notYetCurrent(date: AmzDate, now: AmzDate, window: Int64) -> SignatureV4Error {
        SignatureV4Error(
            code: .invalidSignature,
            message: "Signature not yet current: \(date) is still later than \(now.adding(seconds: window)) "
                + "(\(now) + \(durationText(window)).)"
        )
    }

    /// `15 min` for whole minutes, `90 sec` otherwise.
    static func durationText(_ seconds: Int64) -> String {
        seconds % 60 == 0 ? "\(seconds / 60) min" : "\(seconds) sec"
    }

    static let hostNotSigned = SignatureV4Error(
        code: .invalidSignature,
        message: "'Host' must be a 'SignedHeader' in the AWS Authorization."
    )

    static func unsupportedAlgorithm(_ algorithm: String) -> SignatureV4Error {
        SignatureV4Error(
            code: .incompleteSignature,
            message: "Unsupported AWS 'algorithm': '\(algorithm)' (only AWS4-HMAC-SHA256 for now). "
        )
    }

    static func malformedCredential(_ credential: String) -> SignatureV4Error {
        SignatureV4Error(
            code: .incompleteSignature,
            message: "Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, "
                + "got '\(credential)'"
        )
    }

    static func wrongRegionText(_ region: String) -> String {
        "Credential should be scoped to a valid region, not '\(region)'. "
    }

    static func wrongServiceText(expected service: String) -> String {
        "Credential should be scoped to correct service: '\(service)'. "
    }

    static func wrongTerminatorText(_ terminator: String) -> String {
        "Credential should be scoped with a valid terminator: 'aws4_request', not '\(terminator)'. "
    }

    static func wrongDateText(scopeDate: String, requestDate: AmzDate, rawDate: String) -> String {
        "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: "
            + "'\(scopeDate)' != '\(requestDate.dateStamp)', from '\(rawDate)'."
    }

    public static let unknownAccessKey = SignatureV4Error(
        code: .unrecognizedClient,
        message: "The security token included in the request is invalid."
    )

    /// A session token that does not belong to the access key. AWS's recorded text has no final
    /// full stop, unlike the unknown-key text.
    static let invalidSecurityToken = SignatureV4Error(
        code: .unrecognizedClient,
        message: "The security token included in the request is invalid"
    )

    static let signatureMismatchText =
        "The request signature we calculated does not match the signature you provided. "
        + "Check your AWS Secret Access Key and signing method. Consult the service documentation for details."

    static func signatureMismatch(canonicalRequest: CanonicalRequest, stringToSign: StringToSign) -> SignatureV4Error {
        SignatureV4Error(
            code: .invalidSignature,
            message: signatureMismatchText,
            canonicalRequest: canonicalRequest.text,
            stringToSign: stringToSign.text
        )
    }

    static let contentSHA256Mismatch = SignatureV4Error(
        code: .contentSHA256Mismatch,
        message: "The provided 'x-amz-content-sha256' header does not match what was computed."
    )
}
