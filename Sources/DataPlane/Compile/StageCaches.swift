import Crypto
import GatewayModel
import NIOConcurrencyHelpers

/// The REST stage caches of the process, kept across recompiles: the deployment watcher passes
/// the same `StageCaches` to every compile, which hands each stage (and a canary variant with
/// `useStageCache`) its cache and applies the flushes the management API counted
/// (`StageCacheFlush`).
///
/// A stage keeps its cache, entries and all, across every recompile that leaves its cache
/// settings alone: redeploying, changing variables or method settings, as AWS keeps a cache
/// cluster across stage updates. Disabling the cache or changing `cacheClusterSize` deletes it,
/// as AWS deletes the cluster; so does deleting the stage. The capacity is the cluster size
/// (0.5 to 237 GB), and every cache of the process together stays within `memoryLimit`
/// (`stageCacheMemoryMB` in the process configuration): the cap that keeps a 237 GB setting from
/// taking the machine.
public final class StageCaches: Sendable {
    private struct Held {
        var cache: StageCache?
        /// The counts already applied.
        var flushed: StageCacheFlush
    }

    private let held = NIOLockedValueBox<[String: Held]>([:])
    let budget: StageCacheBudget
    /// Seals the entries of methods with `cacheDataEncrypted`; made at start, never stored.
    private let sealingKey = SymmetricKey(size: .bits256)

    /// The default process-wide cap: 256 MiB.
    public static let defaultMemoryLimit = 256 << 20

    public init(memoryLimit: Int = StageCaches.defaultMemoryLimit) {
        budget = StageCacheBudget(limit: memoryLimit)
    }

    /// Bytes held by every stage cache of the process.
    public var bytesInUse: Int { budget.inUse }

    /// Gives `stage` (compiled or reused for `deployed`) its cache and its canary variant the
    /// same one when the canary has `useStageCache` (else none: canary requests bypass the
    /// cache). A flush count that went up since the last compile clears the stage cache
    /// (`FlushStageCache`) or the result caches of the stage's authorizers
    /// (`FlushStageAuthorizersCache`).
    /// HTTP APIs have no stage cache; their authorizers are flushed the same way
    /// (`ResetAuthorizersCache`).
    func attach(_ stage: inout CompiledStage, for deployed: DeployedStage) {
        let id = deployed.apiId + "/" + deployed.settings.stageName
        let counts = deployed.cacheFlush ?? StageCacheFlush()
        var capacity: Int?
        if case .rest(let record) = deployed.settings, record.cacheClusterEnabled == true {
            capacity = Self.capacity(ofClusterSize: record.cacheClusterSize)
        }
        let (cache, flushAuthorizers) = held.withLockedValue { held -> (StageCache?, Bool) in
            let previous = held[id]
            var cache = previous?.cache
            if let capacity {
                if cache?.capacity != capacity { cache = StageCache(capacity: capacity, budget: budget, sealingKey: sealingKey) }
            } else {
                cache = nil
            }
            if let flushed = previous?.flushed, counts.data > flushed.data { cache?.removeAll() }
            held[id] = Held(cache: cache, flushed: counts)
            return (cache, previous.map { counts.authorizers > $0.flushed.authorizers } ?? false)
        }
        stage.cache = cache
        if let canary = stage.canary {
            var variant = canary.stage
            variant.cache = canary.useStageCache ? cache : nil
            stage.canary = CompiledCanary(stage: variant, split: canary.split, useStageCache: canary.useStageCache)
        }
        if flushAuthorizers { Self.flushAuthorizers(of: stage) }
    }

    /// Forgets the caches of stages no longer served (`ids`: `apiId/stageName` of those that are).
    func retain(_ ids: Set<String>) {
        held.withLockedValue { held in held = held.filter { ids.contains($0.key) } }
    }

    /// The cache of a stage, if it has one (tests, diagnostics).
    public func cache(apiId: String, stage: String) -> StageCache? {
        held.withLockedValue { $0[apiId + "/" + stage]?.cache }
    }

    /// Bytes for a `cacheClusterSize` in GB (`0.5` … `237`); AWS's default 0.5 when it is
    /// missing or not a size.
    static func capacity(ofClusterSize size: String?) -> Int {
        guard let size, let gigabytes = Double(size), gigabytes > 0, gigabytes <= 237 else { return 500_000_000 }
        return Int(gigabytes * 1_000_000_000)
    }

    /// Clears the result caches of the authorizers the stage's methods (and its canary's) use:
    /// Lambda authorizers' decisions, and the verified tokens of Cognito authorizers (shared by
    /// the authorizers of the same user pools: another API only verifies its tokens again).
    private static func flushAuthorizers(of stage: CompiledStage) {
        let methods = stage.methods + (stage.canary?.stage.methods ?? [])
        for phase in methods.flatMap(\.phases) {
            if let lambda = phase as? LambdaAuthorizerPhase { lambda.cache.removeAll() }
            if let token = phase as? TokenAuthorizerPhase { token.cache.removeAll() }
        }
    }
}
