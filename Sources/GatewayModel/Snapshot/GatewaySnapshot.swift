/// Everything the data plane reads, as one value: the compiler's whole input.
///
/// - `stages`: every deployed stage of every API, with the frozen deployment it serves (and the
///   canary's) and the stage record itself (variables, method or route settings, canary, access
///   logs, tracing, client certificate, web ACL).
/// - `domains`: custom domain names with their base path mappings (REST) and API mappings.
/// - `usagePlans`: API keys, usage plans and the account's settings. These change without a
///   redeployment, so the data plane compiles them as a table of their own.
///
/// - `clientCertificates`: the certificates (with their keys) stages present to HTTP backends.
///
/// Read from the store by `GatewaySnapshotLoader`, or made from files by `portcullis serve`.
public struct GatewaySnapshot: Sendable, Hashable {
    public var stages: [DeployedStage]
    public var domains: DomainSnapshot
    public var usagePlans: UsagePlanSnapshot
    public var clientCertificates: [ClientCertificateKeyPair]

    public init(
        stages: [DeployedStage] = [], domains: DomainSnapshot = DomainSnapshot(), usagePlans: UsagePlanSnapshot = UsagePlanSnapshot(),
        clientCertificates: [ClientCertificateKeyPair] = []
    ) {
        self.stages = stages
        self.domains = domains
        self.usagePlans = usagePlans
        self.clientCertificates = clientCertificates
    }
}

/// One stage of one API and what it serves.
public struct DeployedStage: Sendable, Hashable {
    /// The frozen API of the deployment the stage points at.
    public var definition: ApiDefinition
    public var deploymentId: String
    /// REST canary releases: the canary deployment's frozen API, when the stage has one.
    public var canary: CanaryDeployment?
    /// The stage record as the management API stores it.
    public var settings: StageSettings
    /// How often its caches were flushed (`StageCacheFlush`); nil: never.
    public var cacheFlush: StageCacheFlush?

    public init(
        definition: ApiDefinition, deploymentId: String, canary: CanaryDeployment? = nil, settings: StageSettings,
        cacheFlush: StageCacheFlush? = nil
    ) {
        self.definition = definition
        self.deploymentId = deploymentId
        self.canary = canary
        self.settings = settings
        self.cacheFlush = cacheFlush
    }

    public var apiId: String { definition.apiId }
}

/// A canary's deployment.
public struct CanaryDeployment: Sendable, Hashable {
    public var definition: ApiDefinition
    public var deploymentId: String

    public init(definition: ApiDefinition, deploymentId: String) {
        self.definition = definition
        self.deploymentId = deploymentId
    }
}

/// A stage record of either API family.
public enum StageSettings: Sendable, Hashable {
    case rest(Stage)
    case http(ApiGatewayV2.Stage)

    public var stageName: String {
        switch self {
        case .rest(let stage): stage.stageName
        case .http(let stage): stage.stageName
        }
    }

    public var variables: [String: String] {
        switch self {
        case .rest(let stage): stage.variables ?? [:]
        case .http(let stage): stage.stageVariables ?? [:]
        }
    }
}

/// Custom domain names and what they map to.
public struct DomainSnapshot: Sendable, Hashable {
    /// `apigateway` domain names and, by domain name, their base path mappings.
    public var restDomainNames: [DomainName]
    public var basePathMappings: [String: [BasePathMapping]]
    /// `apigatewayv2` domain names and, by domain name, their API mappings.
    public var httpDomainNames: [ApiGatewayV2.DomainName]
    public var apiMappings: [String: [ApiGatewayV2.ApiMapping]]
    /// By domain name, its routing rules (any order: the compiler sorts them by priority).
    public var routingRules: [String: [ApiGatewayV2.RoutingRule]]

    public init(
        restDomainNames: [DomainName] = [], basePathMappings: [String: [BasePathMapping]] = [:],
        httpDomainNames: [ApiGatewayV2.DomainName] = [], apiMappings: [String: [ApiGatewayV2.ApiMapping]] = [:],
        routingRules: [String: [ApiGatewayV2.RoutingRule]] = [:]
    ) {
        self.restDomainNames = restDomainNames
        self.basePathMappings = basePathMappings
        self.httpDomainNames = httpDomainNames
        self.apiMappings = apiMappings
        self.routingRules = routingRules
    }
}

/// API keys (with their secret values), usage plans with their keys, and the account.
public struct UsagePlanSnapshot: Sendable, Hashable {
    public var apiKeys: [ApiKey]
    public var usagePlans: [UsagePlan]
    /// By usage plan id.
    public var usagePlanKeys: [String: [UsagePlanKey]]
    /// By usage plan id, the UTC day the plan was created (its quota's initial period, in which
    /// `offset` is subtracted from the limit).
    public var usagePlanCreated: [String: UsageDay]
    public var account: Account?

    public init(
        apiKeys: [ApiKey] = [], usagePlans: [UsagePlan] = [], usagePlanKeys: [String: [UsagePlanKey]] = [:],
        usagePlanCreated: [String: UsageDay] = [:], account: Account? = nil
    ) {
        self.apiKeys = apiKeys
        self.usagePlans = usagePlans
        self.usagePlanKeys = usagePlanKeys
        self.usagePlanCreated = usagePlanCreated
        self.account = account
    }
}
