import GatewayModel
import GatewayStore

/// `FlushStageCache` and `FlushStageAuthorizersCache`: 202 Accepted with no body, as AWS answers;
/// the flush itself happens on every data-plane node shortly after, as on AWS (whose flush
/// "takes a couple of minutes").
///
/// The control plane does not reach into the data plane: it counts the flush in the stage's
/// `StageCacheFlush` record, and the store's change feed carries it to every node (the deployment
/// watcher recompiles, reusing the stage, and its `StageCaches` clears what the count says).
extension ApiGatewayHandlers {
    static func registerStageCache(into registry: inout HandlerRegistry) {
        registry.on(.apigateway, "FlushStageCache") { ctx in
            try await flush(ctx) { $0.data += 1 }
            return ctx.respondEmpty()
        }
        registry.on(.apigateway, "FlushStageAuthorizersCache") { ctx in
            try await flush(ctx) { $0.authorizers += 1 }
            return ctx.respondEmpty()
        }
    }

    /// Counts one flush of the stage named in the path (404 for an unknown API or stage, as AWS).
    private static func flush(_ ctx: OperationContext, _ count: @escaping @Sendable (inout StageCacheFlush) -> Void) async throws {
        let apiId = try ctx.path("restapi_id")
        let stageName = try ctx.path("stage_name")
        try await ctx.store.write { tx in
            _ = try await requireApi(tx, ctx, apiId)
            guard try await tx.get(DeployedCollections.restStages, parent: StoreParent(apiId), id: stageName) != nil else {
                throw ManagementError.invalidStage
            }
            try await tx.countCacheFlush(apiId: apiId, stageName: stageName, count)
        }
    }
}
