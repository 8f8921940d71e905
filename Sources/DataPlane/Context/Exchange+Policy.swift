import IAMPolicy

/// What the resource-policy phase found for a request, for the authorization phases after routing.
struct ResourcePolicyVerdict {
    /// nil: a private API without a policy (it allows nothing).
    let policy: PolicyDocument?
    /// The method ARN invoked.
    let resource: String
    /// The policy's decision for an anonymous caller.
    let anonymous: ResourcePolicyDecision
}

extension Exchange {
    /// The request facts IAM conditions test, for `principal`.
    func conditionContext(principal: PolicyPrincipal) -> ConditionContext {
        ConditionContext(
            sourceIp: context.sourceIp, sourceVpce: vpcEndpoint?.vpceId, sourceVpc: vpcEndpoint?.vpcId,
            epochSeconds: context.requestTimeEpoch / 1000, secureTransport: isSecure, referer: head.headers.first(name: "referer"),
            userAgent: context.userAgent, requestedRegion: identities.region, principal: principal)
    }

    /// The ARN a request invokes: `arn:aws:execute-api:{region}:{account}:{apiId}/{stage}/{VERB}/{path}`.
    var methodArn: String {
        resourcePolicy?.resource
            ?? identities.methodArn(
                apiId: stage.apiId, stage: stage.name, verb: head.method.rawValue, path: resourcePathRequested)
    }
}
