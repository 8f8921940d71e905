import GatewayModel

/// A guard the method (or the API, or the stage) declares that cannot work or that this build
/// cannot enforce yet: an authorizer the deployment lacks or whose configuration cannot work
/// (`AuthorizerPhases` decides), a REST API's resource policy the `IAMPolicy` engine cannot
/// judge, a stage's WAF web ACL. (Resource policies and private endpoints are enforced by
/// `ResourcePolicyPhase`, required API keys by `ApiKeyPhase`.)
///
/// AWS never lets such a request reach the integration without the guard's consent, so neither
/// does Portcullis: until the guard's phase exists, the method answers as AWS answers a broken
/// configuration (REST 500 `{"message": "Internal server error"}`, HTTP APIs 500
/// `{"message":"Internal Server Error"}`), and the compiler reports why once per deployment.
///
/// - Gateway responses: `API_CONFIGURATION_ERROR` (REST), `DEFAULT_5XX` (HTTP APIs).
/// - Context: reads nothing, writes nothing.
struct UnenforcedGuardPhase: RequestPhase {
    let kind: PhaseKind
    /// Why it refuses (logged once per deployment, never sent).
    let reason: String
    let error: GatewayError

    init(kind: PhaseKind, reason: String, dialect: ApiDialect) {
        self.kind = kind
        self.reason = reason
        self.error = dialect.internalError(cause: reason)
    }

    func process(_ exchange: Exchange) -> PhaseOutcome { .respond(error) }

    /// The guards a REST stage declares that are not enforced yet: they guard every method, so
    /// they run as stage phases, before routing.
    static func stageGuards(settings: StageSettings?) -> [(PhaseKind, String)] {
        var guards: [(PhaseKind, String)] = []
        if case .rest(let stage) = settings, let acl = stage.webAclArn, !acl.isEmpty {
            guards.append((.waf, "WAF web ACLs are not enforced by this build; the stage is refused"))
        }
        return guards
    }
}
