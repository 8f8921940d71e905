import AWSClients
import Foundation
import IAMPolicy
import JSON
import NIOCore

/// Lambda authorizers: REST `TOKEN` and `REQUEST` (`CUSTOM` methods) and HTTP API `REQUEST`
/// authorizers with payload 1.0 or 2.0 (simple responses or IAM policies).
///
/// In AWS's order: the identity sources are read (a missing one, or a token that fails
/// `identityValidationExpression`, answers 401 without invoking); the decision is looked up in
/// the authorizer's cache by the identity values (`authorizerResultTtlInSeconds`, REST default
/// 300, 0 = off; only answers that are a decision are kept); else the function is invoked
/// (`LambdaClient`, 10 s) with AWS's event; its policy is evaluated with the `IAMPolicy` engine
/// against this request's method ARN (a cached policy is evaluated again for each method, as
/// AWS does), or its simple response `isAuthorized` is taken.
///
/// - Gateway responses: `UNAUTHORIZED` 401 `{"message":"Unauthorized"}` (no identity, or the
///   function failed with `Unauthorized`); `ACCESS_DENIED` 403 REST
///   `{"Message":"User is not authorized to access this resource[ with an explicit deny]"}`,
///   HTTP APIs `{"message":"Forbidden"}`; `AUTHORIZER_FAILURE` / `AUTHORIZER_CONFIGURATION_ERROR`
///   500 when the function cannot be invoked, fails or answers something that is not a decision
///   (REST `{"message":null}`, HTTP APIs `{"message":"Internal Server Error"}`).
/// - Context: writes `$context.authorizer.principalId`, the returned `context` values,
///   `integrationLatency`; a `usageIdentifierKey` for `apiKeySource: AUTHORIZER`.
struct LambdaAuthorizerPhase: RequestPhase {
    enum Flavor: Sendable, Equatable {
        case restToken, restRequest, httpV1
        /// Payload 2.0 answering an IAM policy.
        case httpV2
        /// Payload 2.0 with `enableSimpleResponses`: `{"isAuthorized": …, "context": …}`.
        case httpV2Simple
    }

    /// A decision as the cache keeps it.
    struct Decision: Sendable {
        let principalId: String?
        let policy: PolicyDocument?
        let isAuthorized: Bool?
        let context: JSONObject?
        let usageIdentifierKey: String?
    }

    static let timeout: TimeAmount = .seconds(10)

    let kind = PhaseKind.authorizer
    let flavor: Flavor
    /// Where the identity is; for `TOKEN`, exactly one header.
    let sources: [IdentitySource]
    /// `TOKEN`: the whole token must match, else 401 without invoking.
    let validation: NSRegularExpression?
    /// The function (name or ARN, stage variables resolved).
    let function: String
    let ttl: Int
    let cache: DigestKeyedCache<Decision>
    let lambda: LambdaClient?
    let region: String
    let accountId: String

    func process(_ exchange: Exchange) -> PhaseOutcome {
        var values: [String] = []
        values.reserveCapacity(sources.count)
        for source in sources {
            guard let value = source.value(in: exchange), !value.isEmpty else {
                // AWS invokes a REST REQUEST authorizer without caching even when sources are missing.
                if flavor == .restRequest, ttl == 0 { values.append(""); continue }
                return .respond(unauthorized)
            }
            values.append(value)
        }
        if let validation, let token = values.first {
            let range = NSRange(token.startIndex..., in: token)
            guard validation.firstMatch(in: token, options: [.anchored], range: range)?.range == range else { return .respond(unauthorized) }
        }
        let now = exchange.context.requestTimeEpoch / 1000
        let key = ttl > 0 ? DigestKeyedCache<Decision>.Key(Substring(values.joined(separator: "\u{0}"))) : nil
        if let key, let decision = cache.value(for: key, now: now) { return decide(decision, latency: 0, exchange) }
        guard let lambda else { return .respond(failure("no Lambda client: set AWS credentials and AWS_ENDPOINT_URL_LAMBDA or AWS_REGION")) }

        var payload = ByteBuffer()
        payload.writeString(JSONWriter.compact(event(exchange, identity: values)))
        let started = NIODeadline.now()
        // On traced stages the function is told of the trace, with the authorizer's span as parent.
        let invocation = lambda.invoke(
            function, payload: payload, timeout: Self.timeout, on: exchange.eventLoop,
            traceHeader: exchange.traceContext.map { $0.amznTraceHeader(parent: $0.authorizerSpanId) })
        return .suspend { resume in
            // The answer completes on the request's loop (no thread hop): its callback runs there.
            invocation.hop(to: exchange.eventLoop).assumeIsolated().whenComplete { result in
                let latency = Int((NIODeadline.now() - started).nanoseconds / 1_000_000)
                switch result {
                case .failure(let error):
                    resume(.respond(failure("the authorizer function \(function) could not be invoked: \(error)")))
                case .success(let invocation):
                    switch parse(invocation) {
                    case .failure(let refusal): resume(.respond(refusal))
                    case .success(let decision):
                        if let key { cache.insert(decision, for: key, expires: now + Int64(ttl), now: now) }
                        resume(decide(decision, latency: latency, exchange))
                    }
                }
            }
        }
    }

    /// The function's answer as a decision, or AWS's refusal for it.
    func parse(_ invocation: LambdaClient.Invocation) -> Result<Decision, GatewayError> {
        let output = try? JSONValueParser(maxDepth: 32).parse(invocation.payload.readableBytesView)
        guard invocation.status == 200, invocation.functionError == nil else {
            if output?["errorMessage"]?.stringValue == "Unauthorized" { return .failure(unauthorized) }
            return .failure(failure("the authorizer function failed (status \(invocation.status), \(invocation.functionError ?? "no function error"))"))
        }
        guard let object = output?.objectValue else { return .failure(failure("the authorizer answered something that is not a JSON object")) }
        var context: JSONObject?
        if let value = object["context"], value != .null {
            guard let map = value.objectValue, map.allSatisfy({ entry in
                switch entry.value {
                case .string, .number, .bool: true
                default: false
                }
            }) else { return .failure(failure("the authorizer's context must map names to strings, numbers or booleans")) }
            context = map
        }
        if flavor == .httpV2Simple {
            guard let allowed = object["isAuthorized"]?.boolValue else { return .failure(failure("isAuthorized must be a boolean")) }
            return .success(Decision(principalId: nil, policy: nil, isAuthorized: allowed, context: context, usageIdentifierKey: nil))
        }
        guard let document = object["policyDocument"], let policy = try? PolicyDocument(document) else {
            return .failure(failure("the authorizer answered no valid policyDocument"))
        }
        let principal = object["principalId"]?.stringValue
        if flavor == .restToken || flavor == .restRequest, principal == nil { return .failure(failure("the authorizer answered no principalId")) }
        return .success(
            Decision(
                principalId: principal, policy: policy, isAuthorized: nil, context: context,
                usageIdentifierKey: object["usageIdentifierKey"]?.stringValue))
    }

    private func decide(_ decision: Decision, latency: Int, _ exchange: Exchange) -> PhaseOutcome {
        if let allowed = decision.isAuthorized {
            guard allowed else { return .respond(denied(explicit: false)) }
        } else if let policy = decision.policy {
            let arn = methodArn(exchange)
            switch policy.evaluate(action: "execute-api:Invoke", resource: arn, context: ConditionContext(sourceIp: exchange.context.sourceIp)) {
            case .allow: break
            case .explicitDeny: return .respond(denied(explicit: true))
            case .implicitDeny: return .respond(denied(explicit: false))
            }
        }
        exchange.context.authorizer = AuthorizerOutput(
            principalId: decision.principalId, context: decision.context, integrationLatency: latency)
        exchange.authorizerApiKey = decision.usageIdentifierKey
        return .proceed
    }

    /// `arn:aws:execute-api:{region}:{account}:{apiId}/{stage}/{VERB}/{path}` of this request.
    func methodArn(_ exchange: Exchange) -> String {
        "arn:aws:execute-api:\(region):\(accountId):\(exchange.stage.apiId)/\(exchange.stage.name)/\(exchange.head.method.rawValue)/"
            + exchange.resourcePathRequested.drop { $0 == "/" }
    }

    private var unauthorized: GatewayError {
        GatewayError(
            type: .unauthorized, status: .unauthorized, message: "Unauthorized",
            errorType: flavor == .restToken || flavor == .restRequest ? "UnauthorizedException" : nil, source: .client)
    }

    private func denied(explicit: Bool) -> GatewayError {
        guard flavor == .restToken || flavor == .restRequest else {
            return GatewayError(type: .accessDenied, status: .forbidden, message: "Forbidden", errorType: nil, source: .client)
        }
        var error = GatewayError(
            type: .accessDenied, status: .forbidden,
            message: "User is not authorized to access this resource" + (explicit ? " with an explicit deny" : ""),
            errorType: "AccessDeniedException", source: .client)
        error.capitalizedMessageKey = true
        return error
    }

    private func failure(_ cause: String) -> GatewayError {
        guard flavor == .restToken || flavor == .restRequest else { return .httpApiInternalError(cause: cause) }
        var error = GatewayError(
            type: .authorizerFailure, status: .internalServerError, message: "", errorType: "AuthorizerConfigurationException",
            source: .gateway, cause: cause)
        error.nullMessage = true
        return error
    }

    // MARK: Events

    /// AWS's input event for this flavor.
    func event(_ exchange: Exchange, identity: [String]) -> JSONValue {
        let arn = methodArn(exchange)
        switch flavor {
        case .restToken:
            return ["type": "TOKEN", "authorizationToken": .string(identity.first ?? ""), "methodArn": .string(arn)]
        case .restRequest, .httpV1:
            var event = LambdaEvents.restRequest(exchange, httpApi: flavor == .httpV1)
            event["type"] = "REQUEST"
            event["methodArn"] = .string(arn)
            if flavor == .httpV1 {
                event["identitySource"] = .string(identity.joined(separator: ","))
                event["authorizationToken"] = .string(identity.first ?? "")
            }
            return .object(event)
        case .httpV2, .httpV2Simple:
            var event = LambdaEvents.httpV2Request(exchange)
            event["type"] = "REQUEST"
            event["routeArn"] = .string(arn)
            event["identitySource"] = .array(identity.map { .string($0) })
            return .object(event)
        }
    }
}
