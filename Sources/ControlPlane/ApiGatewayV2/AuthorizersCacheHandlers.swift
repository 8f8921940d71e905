import GatewayStore

/// `ResetAuthorizersCache` (HTTP APIs): 204, and the stage's Lambda authorizers forget their
/// cached results on every data-plane node, by the same store record and change feed as REST's
/// `FlushStageAuthorizersCache` (`StageCacheFlush`).
extension ApiGatewayV2Handlers {
    static func registerAuthorizersCache(into registry: inout HandlerRegistry) {
        registry.on(.apigatewayv2, "ResetAuthorizersCache") { ctx in
            let (apiId, stageName) = (try ctx.path("apiId"), try ctx.path("stageName"))
            try await ctx.store.write { tx in
                _ = try await tx.requireHttpApi(apiId, accountId: ctx.configuration.accountId)
                _ = try await tx.requireStage(stageName, apiId: apiId)
                try await tx.countCacheFlush(apiId: apiId, stageName: stageName) { $0.authorizers += 1 }
            }
            return ctx.respondEmpty()
        }
    }
}
