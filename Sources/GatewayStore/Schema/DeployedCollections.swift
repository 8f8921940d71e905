public import GatewayModel
public import GatewayStore

/// The collections the data plane reads to know what to serve. Every write to them goes through
/// the management handlers; the gateway recompiles on the store's change feed.
///
/// Layout: REST APIs at the root (`restapis/{id}`), their deployments and stages under the API
/// (`StoreParent(apiId)`); HTTP APIs likewise (`v2apis`, `v2deployments`, `v2stages`).
public enum DeployedCollections {
    public static let restApis = StoreCollection<RestApi>("restapis")
    /// A REST API's resources, each with its methods and integrations embedded, under `StoreParent(apiId)`.
    public static let restResources = StoreCollection<Resource>("resources")
    public static let restDeployments = StoreCollection<StoredRestDeployment>("deployments")
    public static let restStages = StoreCollection<Stage>("stages")
    /// A stage's flush counts (`StageCacheFlush`), REST or HTTP API, under `StoreParent(apiId)` by
    /// stage name.
    public static let stageCacheFlushes = StoreCollection<StageCacheFlush>("stagecacheflushes")
    public static let httpApis = StoreCollection<ApiGatewayV2.Api>("v2apis")
    /// An HTTP API's routes and integrations, under `StoreParent(apiId)`.
    public static let httpRoutes = StoreCollection<ApiGatewayV2.Route>("v2routes")
    public static let httpIntegrations = StoreCollection<ApiGatewayV2.Integration>("v2integrations")
    public static let httpDeployments = StoreCollection<StoredHttpDeployment>("v2deployments")
    public static let httpStages = StoreCollection<ApiGatewayV2.Stage>("v2stages")
}
