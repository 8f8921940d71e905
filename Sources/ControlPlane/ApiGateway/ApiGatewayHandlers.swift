/// The `apigateway` (REST APIs, v1) operations.
///
/// Each resource family registers its handlers from its own file (`RestApiHandlers.swift`,
/// `ResourceHandlers.swift`, …). Every write is one store transaction. Operations not registered
/// here answer 501 `NotImplementedException`.
enum ApiGatewayHandlers {
    static func register(into registry: inout HandlerRegistry) {
        registerRestApis(into: &registry)
        registerResources(into: &registry)
        registerMethods(into: &registry)
        registerMethodResponses(into: &registry)
        registerIntegrations(into: &registry)
        registerIntegrationResponses(into: &registry)
        registerDeployments(into: &registry)
        registerStages(into: &registry)
        registerStageCache(into: &registry)
        registerModels(into: &registry)
        registerRequestValidators(into: &registry)
        registerAuthorizers(into: &registry)
        registerGatewayResponses(into: &registry)
        registerDocumentationParts(into: &registry)
        registerApiKeys(into: &registry)
        registerUsagePlans(into: &registry)
        registerDomainNames(into: &registry)
        registerClientCertificates(into: &registry)
        registerTags(into: &registry)
        registerImportExport(into: &registry)
        registerAccount(into: &registry)
        registerTestInvoke(into: &registry)
    }
}
