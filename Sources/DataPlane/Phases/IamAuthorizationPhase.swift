import AWSSignatureV4
import IAMPolicy

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
/// Then the decision on `execute-api:Invoke` on the method's ARN (`IAMPolicy`): the account root
/// (the admin credentials) is allowed by its own account; another identity by its identity
/// policies. With a resource policy (`ResourcePolicyPhase` recorded it before routing), both are
/// evaluated together as AWS's tables say: same account, an allow in either suffices; another
/// account (the identity's ARN names it), both must allow; an explicit deny in either refuses.
/// Without a resource policy another account's identity is refused. A refusal answers 403
/// `{"Message":"User: … is not authorized to perform: execute-api:Invoke on resource: …"}`
/// (`AccessDeniedException`, `ACCESS_DENIED`; "… with an explicit deny" when a policy denies).
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
        let context = exchange.conditionContext(principal: .iam(identity.caller))
        let resource = exchange.methodArn
        var decision = identity.decision(for: "execute-api:Invoke", on: resource, context: context)
        if let verdict = exchange.resourcePolicy {
            let resourceDecision =
                verdict.policy?.evaluateAsResourcePolicy(action: "execute-api:Invoke", resource: resource, context: context) ?? .implicitDeny
            decision = .combining(identity: decision, resource: resourceDecision, sameAccount: identity.accountId == identities.accountId)
        } else if identity.accountId != identities.accountId {
            decision = .combining(identity: decision, resource: nil, sameAccount: false)
        }
        guard decision == .allow else {
            return .respond(.iamDenied(user: identity.userArn, resource: resource, explicit: decision == .explicitDeny))
        }
        exchange.context.identityAccessKey = identity.accessKey
        exchange.context.identityAccountId = identity.accountId
        exchange.context.identityUserArn = identity.userArn
        return .proceed
    }
}

extension GatewayError {
    /// An IAM identity whose policies do not allow the call, in AWS's words.
    static func iamDenied(user: String, resource: String, explicit: Bool) -> GatewayError {
        var error = GatewayError(
            type: .accessDenied, status: .forbidden,
            message: "User: \(user) is not authorized to perform: execute-api:Invoke on resource: \(resource)"
                + (explicit ? " with an explicit deny" : ""),
            errorType: "AccessDeniedException", source: .client)
        error.capitalizedMessageKey = true
        return error
    }

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
