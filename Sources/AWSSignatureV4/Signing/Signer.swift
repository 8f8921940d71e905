/// Signs outgoing requests with AWS SigV4: Lambda `Invoke`, AWS service integrations, any call
/// to an AWS endpoint (or to LocalStack and other emulators, which check the same way).
///
/// ```swift
/// let signer = Signer(credentials: credentials, region: "us-east-1", service: "lambda")
/// var request = SignableRequest(
///     method: "POST",
///     path: "/2015-03-31/functions/my-function/invocations",
///     headers: [.init("Host", "lambda.us-east-1.amazonaws.com"), .init("Content-Type", "application/json")],
///     payload: .bytes(body)
/// )
/// signer.sign(&request)   // adds X-Amz-Date, X-Amz-Security-Token (if any) and Authorization
/// ```
///
/// The request must carry the `Host` header it will be sent with: SigV4 requires `host` to be
/// signed, and the signer cannot guess it. Signing is deterministic for a given date, so retries
/// simply sign again (the previous `Authorization`, `X-Amz-Date` and token are replaced).
public struct Signer: Sendable {
    /// The key that signs.
    public var credentials: AWSCredentials
    /// The region of the credential scope, e.g. `us-east-1`.
    public var region: String
    /// The signing name of the service, e.g. `lambda`, `execute-api`, `s3`.
    public var service: String
    /// How requests are canonicalised and which headers are added.
    public var options: Options
    private let keyCache: SigningKeyCache

    /// A signer. Derived keys are kept in `keyCache`, which may be shared between signers.
    public init(
        credentials: AWSCredentials,
        region: String,
        service: String,
        options: Options = Options(),
        keyCache: SigningKeyCache = SigningKeyCache(capacity: 8)
    ) {
        self.credentials = credentials
        self.region = region
        self.service = service
        self.options = options
        self.keyCache = keyCache
    }

    /// Signs `request` in its headers: sets `X-Amz-Date`, `X-Amz-Security-Token` (for temporary
    /// credentials), `X-Amz-Content-Sha256` (when ``Options/addsContentSHA256Header``) and
    /// `Authorization`.
    @discardableResult
    public func sign(_ request: inout SignableRequest, date: AmzDate = .now()) -> SigningResult {
        request.removeHeader(SignatureV4.Name.authorization)
        request.setHeader(SignatureV4.Name.amzDate, date.iso8601Basic)
        request.removeHeader(SignatureV4.Name.securityToken)
        if let token = credentials.sessionToken, options.signsSecurityToken {
            request.setHeader(SignatureV4.Name.securityToken, token)
        }
        let payloadHash = options.signsPayload ? request.payload.canonicalValue : SignatureV4.unsignedPayload
        if options.addsContentSHA256Header {
            request.setHeader(SignatureV4.Name.contentSHA256, payloadHash)
        }
        let signedHeaders = signedHeaderNames(of: request)
        let result = signature(of: request, signedHeaders: signedHeaders, payloadHash: payloadHash, date: date)
        request.headers.append(.init(name: SignatureV4.Name.authorization, value: result.authorization))
        if let token = credentials.sessionToken, !options.signsSecurityToken {
            request.setHeader(SignatureV4.Name.securityToken, token)
        }
        return result
    }

    /// Signs `request` in its query string (a presigned URL), valid for `expires` seconds from
    /// `date` (AWS accepts at most 604 800, one week). Appends `X-Amz-Algorithm`,
    /// `X-Amz-Credential`, `X-Amz-Date`, `X-Amz-Expires`, `X-Amz-SignedHeaders`,
    /// `X-Amz-Security-Token` (for temporary credentials) and finally `X-Amz-Signature`, in
    /// botocore's order; earlier values of these parameters are removed first. For S3, set
    /// ``Options/signsPayload`` to `false` (presigned S3 URLs sign `UNSIGNED-PAYLOAD`).
    @discardableResult
    public func presign(_ request: inout SignableRequest, expires: Int, date: AmzDate = .now()) -> SigningResult {
        request.removeHeader(SignatureV4.Name.authorization)
        let signedHeaders = signedHeaderNames(of: request)
        let scope = CredentialScope(date: date, region: region, service: service)
        var parameters = [
            (SignatureV4.Name.algorithm, SignatureV4.algorithm),
            (SignatureV4.Name.credential, "\(credentials.accessKeyID)/\(scope.string)"),
            (SignatureV4.Name.amzDate, date.iso8601Basic),
            (SignatureV4.Name.expires, String(expires)),
            (SignatureV4.Name.signedHeaders, signedHeaders.joined(separator: ";")),
        ]
        if let token = credentials.sessionToken, options.signsSecurityToken {
            parameters.append((SignatureV4.Name.securityToken, token))
        }
        var query = Self.removingAuthenticationParameters(from: request.query)
        for (name, value) in parameters {
            if !query.isEmpty { query += "&" }
            query += "\(name)=\(PercentEncoding.encode(value))"
        }
        request.query = query
        let payloadHash = options.signsPayload ? request.payload.canonicalValue : SignatureV4.unsignedPayload
        let result = signature(of: request, signedHeaders: signedHeaders, payloadHash: payloadHash, date: date)
        request.query += "&\(SignatureV4.Name.signature)=\(result.signature)"
        if let token = credentials.sessionToken, !options.signsSecurityToken {
            request.query += "&\(SignatureV4.Name.securityToken)=\(PercentEncoding.encode(token))"
        }
        return result
    }

    /// The lower-case names of the headers to sign: every header of `request` except the
    /// ``Options/unsignedHeaders`` and HTTP/2 pseudo-headers, each once, sorted.
    public func signedHeaderNames(of request: SignableRequest) -> [String] {
        var names = Set<String>()
        for header in request.headers {
            let name = header.name.lowercased()
            guard !name.hasPrefix(":"), !options.unsignedHeaders.contains(name) else { continue }
            names.insert(name)
        }
        return names.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    }

    private func signature(of request: SignableRequest, signedHeaders: [String], payloadHash: String, date: AmzDate)
        -> SigningResult
    {
        let canonicalRequest = CanonicalRequest(
            request: request,
            signedHeaders: signedHeaders,
            payloadHash: payloadHash,
            pathEncoding: options.pathEncoding
        )
        let scope = CredentialScope(date: date, region: region, service: service)
        let stringToSign = StringToSign(date: date, scope: scope, canonicalRequest: canonicalRequest)
        let key = keyCache.signingKey(secretAccessKey: credentials.secretAccessKey, scope: scope)
        return SigningResult(
            accessKeyID: credentials.accessKeyID,
            scope: scope,
            date: date,
            canonicalRequest: canonicalRequest,
            stringToSign: stringToSign,
            signature: key.signature(for: stringToSign)
        )
    }

    private static let authenticationParameters: [String] = [
        SignatureV4.Name.algorithm, SignatureV4.Name.credential, SignatureV4.Name.amzDate, SignatureV4.Name.expires,
        SignatureV4.Name.signedHeaders, SignatureV4.Name.securityToken, SignatureV4.Name.signature,
    ]

    /// `rawQuery` without the SigV4 query parameters, other parameters untouched.
    private static func removingAuthenticationParameters(from rawQuery: String) -> String {
        guard !rawQuery.isEmpty else { return rawQuery }
        let pieces = rawQuery.utf8.split(separator: UInt8(ascii: "&"), omittingEmptySubsequences: true)
        let kept = pieces.filter { piece in
            let rawName = piece[..<(piece.firstIndex(of: UInt8(ascii: "=")) ?? piece.endIndex)]
            let name = PercentEncoding.decode(rawName)
            return !authenticationParameters.contains { $0.utf8.elementsEqual(name) }
        }
        return kept.map { String(Substring($0)) }.joined(separator: "&")
    }
}
