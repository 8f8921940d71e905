import GatewayModel
import IAMPolicy

/// A REST API's resource policy (`PhaseKind.resourcePolicy`, a stage phase: before routing), for
/// the callers it can judge: policies whose statements all name everyone as principal (`"*"`)
/// and whose conditions are `IpAddress`/`NotIpAddress` on `aws:SourceIp` — the IP allow and deny
/// lists of AWS's examples. (Other policies are refused with 500 until the engine knows their
/// principals and conditions: `UnenforcedGuardPhase`.)
///
/// - Resource: the method ARN `arn:aws:execute-api:{region}:{account}:{apiId}/{stage}/{VERB}/{path}`;
///   the `execute-api:/…` shorthand of the policy is expanded to this API's ARN prefix, as AWS does.
/// - Decision: an explicit deny wins; without an allow the request is refused.
/// - Gateway response: `ACCESS_DENIED`, 403 `{"Message":"User: anonymous is not authorized to
///   perform: execute-api:Invoke on resource: …"}` (`… with an explicit deny`),
///   `x-amzn-ErrorType: AccessDeniedException`.
/// - Context: reads `$context.identity.sourceIp` and the requested path.
///
/// The caller is judged as anonymous, also on `AWS_IAM` methods: a signed caller whose identity
/// policy would allow what the resource policy does not mention is refused here (AWS would let
/// the identity policy decide), so this can refuse more than AWS, never less.
struct ResourcePolicyPhase: RequestPhase {
    let kind = PhaseKind.resourcePolicy
    let policy: PolicyDocument
    let arnPrefix: String

    /// The phase for `api`'s resource policy, or nil when it has none or one the engine cannot
    /// judge (then `UnenforcedGuardPhase` refuses the API).
    init?(_ api: RestApi, region: String, accountId: String) {
        guard let text = api.policy, let policy = Self.compile(text, region: region, accountId: accountId, apiId: api.id),
            policy.isEvaluableForAnyone
        else { return nil }
        self.policy = policy
        arnPrefix = "arn:aws:execute-api:\(region):\(accountId):\(api.id)/"
    }

    /// `policy` with its `execute-api:/` shorthand expanded for the API `apiId`; nil when the text
    /// is not a policy (AWS stores policies as escaped JSON: both forms are read).
    static func compile(_ text: String, region: String, accountId: String, apiId: String) -> PolicyDocument? {
        let prefix = "arn:aws:execute-api:\(region):\(accountId):\(apiId)/"
        for candidate in [text, text.replacingOccurrences(of: "\\\"", with: "\"")] {
            let expanded = candidate.replacingOccurrences(of: "\"execute-api:/", with: "\"" + prefix)
            if let policy = try? PolicyDocument(parsing: expanded) { return policy }
        }
        return nil
    }

    func process(_ exchange: Exchange) -> PhaseOutcome {
        let resource = arnPrefix + exchange.stage.name + "/" + exchange.head.method.rawValue + "/"
            + exchange.resourcePathRequested.drop { $0 == "/" }
        let decision = policy.evaluate(
            action: "execute-api:Invoke", resource: resource, context: ConditionContext(sourceIp: exchange.context.sourceIp))
        guard decision == .allow else {
            return .respond(.iamDenied(user: "anonymous", resource: resource, explicit: decision == .explicitDeny))
        }
        return .proceed
    }
}
