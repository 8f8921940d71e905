/// Verifies AWS SigV4 signatures on incoming requests: the management API's check that every
/// call is signed by a configured admin key (aws-cli, boto3, Terraform), and the data plane's
/// `AWS_IAM` authorization.
///
/// ```swift
/// let verifier = Verifier(
///     configuration: .init(region: "us-east-1", service: "execute-api"),
///     credentialProvider: StaticCredentialProvider([admin])
/// )
/// let request = SignableRequest(method: "GET", path: rawPath, query: rawQuery, headers: fields, payload: .bytes(body))
/// do {
///     let caller = try verifier.verify(request)       // caller.accessKeyID, caller.scope …
/// } catch {
///     // error: SignatureV4Error — exceptionName, httpStatus (403), responseMessage
/// }
/// ```
///
/// Checks, in the order AWS makes them (each failure is a ``SignatureV4Error``):
/// 1. both an `Authorization` header and `X-Amz-Algorithm` in the query →
///    `InvalidSignatureException`; neither → `MissingAuthenticationTokenException`;
/// 2. the header's `key=value` pairs, then the required parameters and a date →
///    `IncompleteSignatureException`;
/// 3. the date's format (`IncompleteSignatureException`), `X-Amz-Expires`, then the signing
///    time within ``Configuration/allowedClockSkew`` of the clock (or within `X-Amz-Expires`
///    for presigned URLs) → `InvalidSignatureException` "Signature expired: …";
/// 4. `host` among the signed headers → `InvalidSignatureException`;
/// 5. the algorithm and the credential's five elements → `IncompleteSignatureException`;
/// 6. the credential scope (region, service, terminator, date) → `InvalidSignatureException`;
/// 7. the access key id → `UnrecognizedClientException`;
/// 8. the signature, compared in constant time → `InvalidSignatureException`;
/// 9. the session token of temporary credentials → `UnrecognizedClientException`.
///
/// The verifier is a value: cheap to copy, safe to share. It keeps derived signing keys in a
/// ``SigningKeyCache``, so a request costs one SHA-256 of its canonical request and one HMAC.
public struct Verifier: Sendable {
    /// What the verifier accepts.
    public let configuration: Configuration
    private let credentialProvider: any CredentialProvider
    private let keyCache: SigningKeyCache
    let now: @Sendable () -> AmzDate

    /// A verifier that finds secrets with `credentialProvider` and reads the time from `now`
    /// (the system clock by default; inject a fixed clock in tests).
    public init(
        configuration: Configuration = Configuration(),
        credentialProvider: any CredentialProvider,
        keyCache: SigningKeyCache = SigningKeyCache(),
        now: @escaping @Sendable () -> AmzDate = { AmzDate.now() }
    ) {
        self.configuration = configuration
        self.credentialProvider = credentialProvider
        self.keyCache = keyCache
        self.now = now
    }

    /// A verifier that finds secrets with the closure `lookup` (access key id → credentials, or
    /// `nil` when unknown).
    public init(
        configuration: Configuration = Configuration(),
        keyCache: SigningKeyCache = SigningKeyCache(),
        now: @escaping @Sendable () -> AmzDate = { AmzDate.now() },
        lookup: @escaping @Sendable (String) -> AWSCredentials?
    ) {
        self.init(
            configuration: configuration,
            credentialProvider: ClosureCredentialProvider(lookup: lookup),
            keyCache: keyCache,
            now: now
        )
    }

    /// Verifies `request` completely, looking its key up with the credential provider.
    public func verify(_ request: SignableRequest) throws(SignatureV4Error) -> VerifiedRequest {
        let signature = try parseSignature(of: request)
        let credentials = credentialProvider.credentials(forAccessKeyID: signature.accessKeyID)
        return try verify(request, signature: signature, credentials: credentials)
    }

    /// Finishes verifying `request`, whose `signature` came from ``parseSignature(of:)``, with
    /// the `credentials` of its access key id (`nil` when the key is unknown). Use this pair when
    /// the credentials must be fetched asynchronously between the two steps.
    public func verify(
        _ request: SignableRequest,
        signature: RequestSignature,
        credentials: AWSCredentials?
    ) throws(SignatureV4Error) -> VerifiedRequest {
        guard let credentials else { throw SignatureV4Error.unknownAccessKey }
        let canonicalRequest = CanonicalRequest(
            request: request,
            signedHeaders: signature.signedHeaders,
            payloadHash: try payloadHash(of: request, signature: signature),
            pathEncoding: configuration.pathEncoding,
            excludedQueryParameter: signature.location == .queryString ? SignatureV4.Name.signature : nil
        )
        let stringToSign = StringToSign(
            date: signature.date,
            scope: signature.scope,
            canonicalRequest: canonicalRequest
        )
        let key = keyCache.signingKey(secretAccessKey: credentials.secretAccessKey, scope: signature.scope)
        guard ConstantTime.equals(signature.signature, key.signature(for: stringToSign)) else {
            throw SignatureV4Error.signatureMismatch(canonicalRequest: canonicalRequest, stringToSign: stringToSign)
        }
        switch (credentials.sessionToken, signature.securityToken) {
        case (nil, nil):
            break
        case (let expected?, let provided?) where ConstantTime.equals(provided, expected):
            break
        default:
            throw SignatureV4Error.invalidSecurityToken
        }
        return VerifiedRequest(
            accessKeyID: signature.accessKeyID,
            scope: signature.scope,
            date: signature.date,
            signedHeaders: signature.signedHeaders,
            sessionToken: signature.securityToken,
            location: signature.location
        )
    }

    /// The last line of the canonical request, per ``Configuration/payloadHashSource``.
    private func payloadHash(of request: SignableRequest, signature: RequestSignature) throws(SignatureV4Error)
        -> String
    {
        guard case .contentSHA256Header(let allowsUnsignedPayload) = configuration.payloadHashSource else {
            return request.payload.canonicalValue
        }
        guard let declared = request.firstHeaderValue(SignatureV4.Name.contentSHA256) else {
            return signature.location == .queryString ? SignatureV4.unsignedPayload : request.payload.canonicalValue
        }
        let value = CanonicalRequest.canonicalHeaderValue(declared)
        if value == SignatureV4.unsignedPayload {
            guard allowsUnsignedPayload else { throw SignatureV4Error.contentSHA256Mismatch }
            return value
        }
        guard HexEncoding.isHex(value, length: 64) else { throw SignatureV4Error.contentSHA256Mismatch }
        if !request.payload.isUnsigned, request.payload.canonicalValue != value.lowercased() {
            throw SignatureV4Error.contentSHA256Mismatch
        }
        return value
    }
}
