import IAMPolicy

extension CompiledIdentities.Identity {
    /// What this identity's own policies decide for `action` on `resource`: the account root is
    /// allowed by its account unless a policy denies; an explicit deny wins over any allow.
    func decision(for action: String, on resource: String, context: ConditionContext) -> PolicyDecision {
        var decision = isRoot ? PolicyDecision.allow : .implicitDeny
        for policy in policies where decision != .explicitDeny {
            switch policy.evaluate(action: action, resource: resource, context: context) {
            case .explicitDeny: decision = .explicitDeny
            case .allow: decision = .allow
            case .implicitDeny: break
            }
        }
        return decision
    }
}
