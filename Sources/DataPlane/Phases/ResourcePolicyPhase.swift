import GatewayModel
import IAMPolicy

/// A REST API's resource policy and private endpoint (`PhaseKind.resourcePolicy`, a stage phase:
/// before routing), per AWS's
/// [authorization workflow](https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-authorization-flow.html).
///
/// - Private API (endpoint type `PRIVATE`): a request that does not come through a VPC endpoint
///   of the process configuration (`PrivateEndpoints`) is refused: 403 `{"message":"Forbidden"}`,
///   `ForbiddenException` — what AWS answers a private API reached other than through an
///   interface VPC endpoint. One that does carries `aws:SourceVpce` / `aws:SourceVpc`.
/// - Policy: evaluated by the `IAMPolicy` engine for `execute-api:Invoke` on the method ARN
///   `arn:aws:execute-api:{region}:{account}:{apiId}/{stage}/{VERB}/{path}` (the policy's
///   `execute-api:/…` shorthand is expanded to this API's ARN, as AWS does when it saves it), with
///   the request's source IP, VPC endpoint, time, TLS, `Referer` and `User-Agent`, for an
///   anonymous caller. When no method of the API uses `AWS_IAM`, that is the decision: an
///   explicit allow is needed, any deny refuses. Otherwise a caller identified by IAM may be
///   allowed where an anonymous one is not, so the verdict is recorded for after routing:
///   `IamAuthorizationPhase` evaluates the policy again with the verified caller together with
///   its identity policies (AWS's tables A and B), and `ResourcePolicyAuthorizationPhase`
///   applies the anonymous verdict on the other methods.
/// - Gateway response: `ACCESS_DENIED`, 403 `{"Message":"User: anonymous is not authorized to
///   perform: execute-api:Invoke on resource: …"}` (`… with an explicit deny`),
///   `x-amzn-ErrorType: AccessDeniedException`.
/// - Context: reads `$context.identity.sourceIp`, the request time, the requested path; records
///   the VPC endpoint and the verdict on the exchange.
///
/// A policy the engine cannot judge (an unknown condition operator or key, policy variables, a
/// statement without a principal) is never served: `UnenforcedGuardPhase` refuses the API with 500.
struct ResourcePolicyPhase: RequestPhase {
    let kind = PhaseKind.resourcePolicy
    /// nil for a private API without a policy: nothing is allowed.
    let policy: PolicyDocument?
    let arnPrefix: String
    /// Endpoint type `PRIVATE`: only requests through a VPC endpoint.
    let privateEndpoints: PrivateEndpoints?
    /// Some method uses `AWS_IAM`: a denial is decided after routing.
    let defersDenials: Bool

    /// What the compiler makes of an API's policy and endpoint type.
    enum Compiled {
        case none
        case phase(ResourcePolicyPhase)
        case refused(String)
    }

    static func compile(_ snapshot: RestApiSnapshot, region: String, accountId: String, privateEndpoints: PrivateEndpoints) -> Compiled {
        let api = snapshot.api
        let isPrivate = api.endpointConfiguration?.types?.contains(where: { $0.uppercased() == "PRIVATE" }) == true
        var policy: PolicyDocument?
        if let text = api.policy, !text.trimmingWhitespace().isEmpty {
            switch Self.parse(text, region: region, accountId: accountId, apiId: api.id) {
            case .failure(let error):
                return .refused("the resource policy is not a valid policy (\(error)); the API is refused")
            case .success(let parsed):
                let unsupported = parsed.unsupported
                if !unsupported.isEmpty {
                    return .refused("the resource policy has \(unsupported.joined(separator: ", ")); the API is refused")
                }
                if parsed.hasStatementWithoutPrincipal {
                    return .refused("a resource policy statement has no Principal; the API is refused")
                }
                policy = parsed
            }
        }
        guard policy != nil || isPrivate else { return .none }
        let usesIam = snapshot.resources.contains { resource in
            (resource.resourceMethods ?? [:]).values.contains { $0.authorizationType?.uppercased() == "AWS_IAM" }
        }
        return .phase(
            ResourcePolicyPhase(
                policy: policy, arnPrefix: "arn:aws:execute-api:\(region):\(accountId):\(api.id)/",
                privateEndpoints: isPrivate ? privateEndpoints : nil, defersDenials: usesIam))
    }

    /// `text` with its `execute-api:/` shorthand expanded for the API `apiId` (AWS stores policies
    /// as escaped JSON: both forms are read).
    static func parse(_ text: String, region: String, accountId: String, apiId: String) -> Result<PolicyDocument, PolicyDocument.ParseError> {
        let prefix = "arn:aws:execute-api:\(region):\(accountId):\(apiId)/"
        var failure = PolicyDocument.ParseError("empty")
        for candidate in [text, text.replacingOccurrences(of: "\\\"", with: "\"")] {
            let expanded = candidate.replacingOccurrences(of: "\"execute-api:/", with: "\"" + prefix)
            do {
                return .success(try PolicyDocument(parsing: expanded))
            } catch {
                if candidate == text { failure = error }
            }
        }
        return .failure(failure)
    }

    func process(_ exchange: Exchange) -> PhaseOutcome {
        if let privateEndpoints {
            guard let endpoint = privateEndpoints.endpoint(sourceIp: exchange.context.sourceIp, headers: exchange.head.headers) else {
                return .respond(.privateApiForbidden)
            }
            exchange.vpcEndpoint = endpoint
        }
        let resource = arnPrefix + exchange.stage.name + "/" + exchange.head.method.rawValue + "/"
            + exchange.resourcePathRequested.drop { $0 == "/" }
        let decision =
            policy?.evaluateAsResourcePolicy(
                action: "execute-api:Invoke", resource: resource, context: exchange.conditionContext(principal: .anonymous)) ?? .implicitDeny
        exchange.resourcePolicy = ResourcePolicyVerdict(policy: policy, resource: resource, anonymous: decision)
        if decision == .allow || defersDenials { return .proceed }
        return .respond(.iamDenied(user: "anonymous", resource: resource, explicit: decision == .explicitDeny))
    }
}

extension GatewayError {
    /// A private API reached other than through a VPC endpoint.
    static let privateApiForbidden = GatewayError(
        type: .default4XX, status: .forbidden, message: "Forbidden", errorType: "ForbiddenException", source: .client)
}
