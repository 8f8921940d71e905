public import GatewayModel

/// Everything the data plane serves, derived from deployments: immutable, swapped as a whole
/// when a deployment changes, never stored.
public final class CompiledGateway: Sendable {
    public let apis: [String: CompiledApi]
    /// Notes from compiling (unsupported settings, unresolvable URIs), for the log.
    public let diagnostics: [String]
    /// The after-write phase's observers (access logs, metrics, traces).
    public let observers: [any AfterWriteObserver]

    /// The APIs `http://host:port/{stage}/{path}` reaches (no `execute-api` Host, no
    /// `/restapis/` path), in order of preference: those of `shortAddressApiIds` that are served
    /// (`portcullis serve FILE…` names them), else the only API when exactly one is served.
    public let shortAddressApis: [CompiledApi]

    /// API keys and usage plans: the second table, changed without a redeployment.
    public let usagePlans: CompiledUsagePlans
    /// Custom domain names with their base path and API mappings, as stored.
    public let domains: DomainSnapshot
    /// The same, compiled for routing by `Host`.
    public let customDomains: CompiledDomains
    /// The custom domains that require mutual TLS.
    public let mutualTLS: MutualTLSDomains
    /// The client certificates REST stages present to HTTPS backends.
    public let clientCertificates: CompiledClientCertificates
    /// How many stage variants (a stage, a canary) were taken unchanged from the gateway compiled before.
    public let reusedStages: Int
    /// Who may sign `AWS_IAM` requests (process configuration).
    public let identities: CompiledIdentities

    public init(
        apis: [CompiledApi], diagnostics: [String] = [], shortAddressApiIds: [String] = [], observers: [any AfterWriteObserver] = [],
        usagePlans: CompiledUsagePlans = .empty, domains: DomainSnapshot = DomainSnapshot(), customDomains: CompiledDomains = .empty, reusedStages: Int = 0,
        identities: CompiledIdentities = .none, clientCertificates: CompiledClientCertificates = .empty
    ) {
        self.clientCertificates = clientCertificates
        self.identities = identities
        self.observers = observers
        self.usagePlans = usagePlans
        self.domains = domains
        self.customDomains = customDomains
        self.mutualTLS = MutualTLSDomains(domains)
        self.reusedStages = reusedStages
        var byId: [String: CompiledApi] = [:]
        for api in apis { byId[api.apiId] = api }
        self.apis = byId
        self.diagnostics = diagnostics
        let preferred = shortAddressApiIds.compactMap { byId[$0] }
        self.shortAddressApis = !preferred.isEmpty ? preferred : byId.count == 1 ? Array(byId.values) : []
    }

    public static let empty = CompiledGateway(apis: [])

    /// The only API, when exactly one is served: then `http://host:port/{stage}/{path}` reaches it.
    public var onlyApi: CompiledApi? { apis.count == 1 ? apis.first?.value : nil }
}
