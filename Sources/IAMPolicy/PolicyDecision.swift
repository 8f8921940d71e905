/// What a set of statements decided.
public enum PolicyDecision: Sendable, Equatable {
    case allow
    case explicitDeny
    case implicitDeny
}

/// What a resource-based policy (an API Gateway resource policy) decided for one caller.
///
/// An allow that names the caller's *account* (`"123456789012"`, `arn:aws:iam::123456789012:root`)
/// rather than the caller itself only delegates to that account: its identities still need an
/// identity policy that allows
/// ([Principal element, AWS account principals](https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html#principal-accounts)).
public enum ResourcePolicyDecision: Sendable, Equatable {
    /// An allow statement names the caller (or everyone).
    case allow
    /// An allow statement names only the caller's account: an allow if the identity's own
    /// policies allow too.
    case allowForAccount
    case explicitDeny
    case implicitDeny
}

extension PolicyDecision {
    /// The decision on a caller identified by IAM when the API's resource policy and the caller's
    /// identity policies (or what a Lambda or Cognito authorizer decided) are evaluated together,
    /// per AWS's tables in
    /// [How API Gateway resource policies affect authorization workflow](https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-authorization-flow.html#apigateway-resource-policies-iam-policies-interaction):
    ///
    /// - Table A (the caller and the API in the same account): an explicit deny in either wins;
    ///   otherwise an allow in either allows; otherwise an implicit deny.
    /// - Table B (another account): an explicit deny in either wins; otherwise both must allow.
    ///
    /// `resource` is nil when the API has no resource policy (it then allows nothing by itself).
    public static func combining(identity: PolicyDecision, resource: ResourcePolicyDecision?, sameAccount: Bool) -> PolicyDecision {
        let resource = resource ?? .implicitDeny
        if identity == .explicitDeny || resource == .explicitDeny { return .explicitDeny }
        if sameAccount {
            // An allow for the account only delegates: it adds nothing to the identity's own allow.
            return identity == .allow || resource == .allow ? .allow : .implicitDeny
        }
        return identity == .allow && (resource == .allow || resource == .allowForAccount) ? .allow : .implicitDeny
    }
}
