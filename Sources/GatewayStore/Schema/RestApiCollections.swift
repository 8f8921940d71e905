public import GatewayModel
public import GatewayStore

/// The `apigateway` collections beside the deployed ones (``DeployedCollections``): what the
/// management API edits and what deployments freeze (models, validators, authorizers, gateway
/// responses), and the account-level tables the data plane also reads (API keys, usage plans,
/// domain names, the account).
///
/// Layout: per-API records under `StoreParent(apiId)`, so that deleting an API removes them with
/// its resources, deployments and stages in one `deleteAll`; account-wide records at the root;
/// usage plan keys under `StoreParent("usageplans", planId)` (the keys' usage is counted apart, in
/// ``StoreUsageCount``s), base path mappings under
/// `StoreParent("domainnames", domainName)` (prefixed, so they can never collide with an API id).
public enum RestApiCollections {
    /// Models by name, under the API.
    public static let models = StoreCollection<Model>("models")
    public static let requestValidators = StoreCollection<RequestValidator>("requestvalidators")
    public static let authorizers = StoreCollection<Authorizer>("authorizers")
    /// Documentation parts by id, under the API (not deployed).
    public static let documentationParts = StoreCollection<DocumentationPart>("documentationparts")
    /// Customised gateway responses by response type, under the API.
    public static let gatewayResponses = StoreCollection<GatewayResponse>("gatewayresponses")
    /// API keys, encrypted at rest: their values are secrets.
    public static let apiKeys = StoreCollection<ApiKey>("apikeys", secret: true)
    public static let usagePlans = StoreCollection<UsagePlan>("usageplans")
    /// Keys of a usage plan (id and type only: the value stays in the secret key record).
    public static let usagePlanKeys = StoreCollection<UsagePlanKey>("usageplankeys")
    public static let domainNames = StoreCollection<DomainName>("domainnames")
    /// Client certificates for HTTP backends with their private keys, encrypted at rest.
    public static let clientCertificates = StoreCollection<ClientCertificateKeyPair>("clientcertificates", secret: true)
    public static let basePathMappings = StoreCollection<BasePathMapping>("basepathmappings")
    /// The account-level settings (`GetAccount`), one record at the root with id ``accountRecordId``.
    public static let account = StoreCollection<Account>("account")
    public static let accountRecordId = "account"

    /// Where a usage plan's keys live.
    public static func usagePlanParent(_ planId: String) -> StoreParent { StoreParent("usageplans", planId) }
    /// Where a domain name's base path mappings live.
    public static func domainNameParent(_ domainName: String) -> StoreParent { StoreParent("domainnames", domainName) }
}
