import GatewayModel
import GatewayStore

extension StoreWriteTransaction {
    /// Counts one flush of a stage's caches in its `StageCacheFlush` record (REST or HTTP API):
    /// the store's change feed carries it to every data-plane node, which clears what the count
    /// names. The caller has checked that API and stage exist.
    func countCacheFlush(apiId: String, stageName: String, _ count: (inout StageCacheFlush) -> Void) async throws {
        let parent = StoreParent(apiId)
        var flush = try await get(DeployedCollections.stageCacheFlushes, parent: parent, id: stageName)?.value ?? StageCacheFlush()
        count(&flush)
        try await put(DeployedCollections.stageCacheFlushes, parent: parent, id: stageName, flush)
    }
}
