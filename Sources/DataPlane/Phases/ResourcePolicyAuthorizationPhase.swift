/// The resource policy's verdict on an anonymous caller, applied after routing
/// (`PhaseKind.authorizer`) to the methods that do not use `AWS_IAM`, on an API where some other
/// method does (so `ResourcePolicyPhase` could not refuse before routing: there an IAM caller may
/// be allowed). A caller of a `NONE` method is anonymous, so a policy that allows only named
/// principals refuses it — AWS's answer when such a policy guards a method without `AWS_IAM`.
///
/// - Gateway response: `ACCESS_DENIED`, 403 `{"Message":"User: anonymous is not authorized to
///   perform: execute-api:Invoke on resource: …"}` (`… with an explicit deny`).
/// - Context: reads the verdict `ResourcePolicyPhase` recorded.
struct ResourcePolicyAuthorizationPhase: RequestPhase {
    let kind = PhaseKind.authorizer

    func process(_ exchange: Exchange) -> PhaseOutcome {
        guard let verdict = exchange.resourcePolicy, verdict.anonymous != .allow else { return .proceed }
        return .respond(.iamDenied(user: "anonymous", resource: verdict.resource, explicit: verdict.anonymous == .explicitDeny))
    }
}
