public import GatewayModel

/// One stage of one API, ready to serve: its router, its variables, its deployment.
public struct CompiledStage: Sendable {
    public let apiId: String
    public let kind: ApiKind
    public let name: String
    public let deploymentId: String
    public let variables: [String: String]
    public let router: PathRouter<MethodTable>
    /// HTTP APIs: the `$default` route, taken when no route key matches.
    public let defaultRoute: CompiledMethod?
    /// HTTP APIs: the API's `corsConfiguration`.
    public let cors: CorsPolicy?
    /// What the wire looks like for this API type.
    public let dialect: ApiDialect
    /// REST: the API's `binaryMediaTypes` (integration request and response conversions).
    public let binaryMediaTypes: BinaryMediaTypes
    /// REST: the API's custom gateway responses (the gateway-response phase).
    public let gatewayResponses: CompiledGatewayResponses
    /// The stage phases (resource policy, WAF), run before routing, in `PhaseKind` order.
    public let phases: [any RequestPhase]
    /// Whether requests record the phases they pass (`ExecutionTrace`) whatever the stage's
    /// logging (tests).
    public let recordsExecution: Bool
    /// REST execution logs (`methodSettings` `loggingLevel`, `dataTraceEnabled`); nil: none.
    public internal(set) var executionLogging: ExecutionLogging?
    /// How requests are traced (`tracingEnabled`, process `tracing:`); nil: not traced.
    public internal(set) var tracing: TraceSampling?
    /// The stage record it was compiled from (method or route settings, canary, access logs,
    /// tracing, client certificate, web ACL), for the phases that read them.
    public internal(set) var settings: StageSettings?
    /// What it was compiled from, to reuse it when that has not changed.
    var fingerprint: StageFingerprint?
    /// REST canary releases: the canary variant and its share of the requests.
    public internal(set) var canary: CompiledCanary?
    /// Whether this is a canary variant (`$context.isCanaryRequest`).
    public internal(set) var isCanary = false
    /// REST: the stage cache (`StageCaches`), when the stage has `cacheClusterEnabled` (a canary
    /// variant only with `useStageCache`); the methods' `CachePhase` read it.
    public internal(set) var cache: StageCache?
    /// What compiling it reported, for the log.
    public internal(set) var diagnostics: [String] = []

    public init(
        apiId: String, kind: ApiKind, name: String, deploymentId: String, variables: [String: String],
        router: PathRouter<MethodTable>, defaultRoute: CompiledMethod?, cors: CorsPolicy? = nil, phases: [any RequestPhase] = [],
        recordsExecution: Bool = false, binaryMediaTypes: BinaryMediaTypes = .none, gatewayResponses: CompiledGatewayResponses = .none
    ) {
        self.binaryMediaTypes = binaryMediaTypes
        self.gatewayResponses = gatewayResponses
        self.cors = cors
        self.dialect = .of(kind)
        self.phases = phases.filter { $0.kind < .route }.sorted { $0.kind < $1.kind }
        self.recordsExecution = recordsExecution
        self.apiId = apiId
        self.kind = kind
        self.name = name
        self.deploymentId = deploymentId
        self.variables = variables
        self.router = router
        self.defaultRoute = defaultRoute
    }

    /// The variant that serves one request: the canary for its share, else this stage.
    @inline(__always)
    public func variant(_ random: inout CanaryRandom) -> CompiledStage {
        guard let canary, canary.split.choosesCanary(&random) else { return self }
        return canary.stage
    }

    /// Every method (REST) or route (HTTP APIs, `$default` included) of the stage.
    public var methods: [CompiledMethod] {
        router.values.flatMap { $0.methods.values } + (defaultRoute.map { [$0] } ?? [])
    }

    /// The route for a request: the most specific template that has the verb (or `ANY`), then
    /// `$default` for HTTP APIs.
    public func route(method verb: String, path: Substring) -> (CompiledMethod, PathRouter<MethodTable>.Match?)? {
        if let match = router.match(path, accept: { $0.method(for: verb) != nil }),
            let method = match.value.method(for: verb)
        {
            return (method, match)
        }
        if let defaultRoute { return (defaultRoute, nil) }
        return nil
    }
}

/// An API with its deployed stages.
public struct CompiledApi: Sendable {
    public let apiId: String
    public let name: String
    public let kind: ApiKind
    public let stages: [String: CompiledStage]
    /// `disableExecuteApiEndpoint`: the default endpoints do not serve it.
    public let executeApiEndpointDisabled: Bool

    public init(apiId: String, name: String, kind: ApiKind, stages: [String: CompiledStage], executeApiEndpointDisabled: Bool) {
        self.apiId = apiId
        self.name = name
        self.kind = kind
        self.stages = stages
        self.executeApiEndpointDisabled = executeApiEndpointDisabled
    }
}
