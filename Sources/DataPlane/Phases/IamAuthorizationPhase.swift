import AWSSignatureV4

/// `AWS_IAM` authorization (REST methods and HTTP API routes): the request must be signed with
/// SigV4, in the `Authorization` header or as a presigned query, for service `execute-api` in the
/// gateway's region, within AWS's 15-minute clock skew, by a known identity
/// (`CompiledIdentities`). The body counts: its hash is part of what was signed.
///
/// - Gateway responses, with AWS's texts from the SigV4 engine: no signature → 403
///   `Missing Authentication Token` (`MISSING_AUTHENTICATION_TOKEN`); a malformed one → 403
///   `IncompleteSignatureException`; a wrong signature, scope or an expired date → 403
///   `InvalidSignatureException` (`INVALID_SIGNATURE`, `EXPIRED_TOKEN`); an unknown key → 403
///   `UnrecognizedClientException` (`UNAUTHORIZED`).
/// - Context: writes `$context.identity.accessKey`, `accountId`, `caller`, `user`, `userArn`.
///
/// Identity policies and resource policies are not evaluated yet: the only identity is the
/// account root, which AWS lets invoke every API of its account.
struct IamAuthorizationPhase: RequestPhase {
    let kind = PhaseKind.authorizer

    func process(_ exchange: Exchange) -> PhaseOutcome {
        let identities = exchange.identities
        guard let verifier = identities.verifier else { return .respond(.iamRefused(.missingAuthenticationToken)) }
        let uri = exchange.head.uri
        var headers: [SignableRequest.Header] = []
        headers.reserveCapacity(exchange.head.headers.count)
        for (name, value) in exchange.head.headers { headers.append(SignableRequest.Header(name, value)) }
        let body = exchange.body.map { Array($0.readableBytesView) } ?? []
        let request = SignableRequest(method: exchange.head.method.rawValue, target: uri, headers: headers, payload: .bytes(body))
        let verified: VerifiedRequest
        do {
            verified = try verifier.verify(request)
        } catch {
            return .respond(.iamRefused(error))
        }
        guard let identity = identities.identity(accessKey: verified.accessKeyID) else {
            return .respond(.iamRefused(.unknownAccessKey))
        }
        exchange.context.identityAccessKey = identity.accessKey
        exchange.context.identityAccountId = identity.accountId
        exchange.context.identityUserArn = identity.userArn
        return .proceed
    }
}

extension GatewayError {
    /// An `AWS_IAM` refusal, as AWS answers it: 403 with the SigV4 engine's message and type.
    static func iamRefused(_ error: SignatureV4Error) -> GatewayError {
        let type: GatewayResponseType
        switch error.exceptionName {
        case "MissingAuthenticationTokenException": type = .missingAuthenticationToken
        case "UnrecognizedClientException": type = .unauthorized
        case _ where error.responseMessage.hasPrefix("Signature expired"): type = .expiredToken
        default: type = .invalidSignature
        }
        return GatewayError(
            type: type, status: .init(statusCode: error.httpStatus), message: error.responseMessage, errorType: error.exceptionName,
            source: .client)
    }
}
