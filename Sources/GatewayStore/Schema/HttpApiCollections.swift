public import GatewayModel
public import GatewayStore

/// Where the `apigatewayv2` resources live in the store.
///
/// - APIs at the root (`v2apis`); their routes, integrations, deployments, stages, models and
///   authorizers under `StoreParent(apiId)`; route responses under `StoreParent(apiId, routeId)`
///   and integration responses under `StoreParent(apiId, integrationId)`, so that deleting an API
///   is one `deleteAll(under: StoreParent(apiId))`.
/// - Custom domain names at the root (`v2domainnames`), their API mappings under
///   `StoreParent(domainName)`.
///
/// The collections the data plane reads are ``DeployedCollections``'; the others are only the
/// management API's.
public enum HttpApiCollections {
    /// `v2apis` at the root, by `apiId`.
    public static let apis = DeployedCollections.httpApis
    /// `v2routes` under `StoreParent(apiId)`, by `routeId`.
    public static let routes = DeployedCollections.httpRoutes
    /// `v2integrations` under `StoreParent(apiId)`, by `integrationId`.
    public static let integrations = DeployedCollections.httpIntegrations
    /// `v2deployments` under `StoreParent(apiId)`, by `deploymentId`: the deployment and its snapshot.
    public static let deployments = DeployedCollections.httpDeployments
    /// `v2stages` under `StoreParent(apiId)`, by `stageName` (`$default` included).
    public static let stages = DeployedCollections.httpStages
    /// `v2routeresponses` under `StoreParent(apiId, routeId)`, by `routeResponseId`.
    public static let routeResponses = StoreCollection<ApiGatewayV2.RouteResponse>("v2routeresponses")
    /// `v2integrationresponses` under `StoreParent(apiId, integrationId)`, by `integrationResponseId`.
    public static let integrationResponses = StoreCollection<ApiGatewayV2.IntegrationResponse>("v2integrationresponses")
    /// `v2models` under `StoreParent(apiId)`, by `modelId`.
    public static let models = StoreCollection<ApiGatewayV2.Model>("v2models")
    /// `v2authorizers` under `StoreParent(apiId)`, by `authorizerId`.
    public static let authorizers = StoreCollection<ApiGatewayV2.Authorizer>("v2authorizers")
    /// `v2domainnames` at the root, by domain name.
    public static let domainNames = StoreCollection<ApiGatewayV2.DomainName>("v2domainnames")
    /// `v2apimappings` under `StoreParent(domainName)`, by `apiMappingId`.
    public static let apiMappings = StoreCollection<ApiGatewayV2.ApiMapping>("v2apimappings")
    /// `v2routingrules` under `StoreParent(domainName)`, by `routingRuleId`. A rule belongs to the
    /// domain name whichever API created it (`apigateway` or `apigatewayv2`).
    public static let routingRules = StoreCollection<ApiGatewayV2.RoutingRule>("v2routingrules")
}
