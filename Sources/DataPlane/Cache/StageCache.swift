import Atomics
import Crypto
import NIOConcurrencyHelpers

/// A REST stage's response cache (AWS's cache cluster): method responses by `DigestKey`, each
/// until its TTL ends, within the capacity `cacheClusterSize` names and the process-wide
/// `StageCacheBudget`; the least recently used entries make room.
///
/// Sixteen shards, each behind its own lock, spread the event loops so that they rarely meet
/// (no global lock on the hot path); a lookup or an insert holds one shard's lock for a
/// dictionary access and a few index writes. A flush (`removeAll`) clears every shard, so nothing
/// cached before it is served after it.
public final class StageCache: Sendable {
    private static var shardCount: Int { 16 }
    private let shards: [NIOLockedValueBox<StageCacheShard<CachedResponse>>]
    private let shardCapacity: Int
    private let budget: StageCacheBudget
    /// The process's key for `cacheDataEncrypted` entries.
    let sealingKey: SymmetricKey
    /// The bytes `cacheClusterSize` allows (before the budget's cap).
    public let capacity: Int

    init(capacity: Int, budget: StageCacheBudget, sealingKey: SymmetricKey) {
        self.capacity = capacity
        self.budget = budget
        self.sealingKey = sealingKey
        shardCapacity = max(1, min(capacity, budget.limit) / Self.shardCount)
        shards = (0..<Self.shardCount).map { _ in NIOLockedValueBox(StageCacheShard()) }
    }

    /// The entry of `key` while it is fresh at `now` (milliseconds since the epoch).
    func entry(for key: DigestKey, now: Int64) -> CachedResponse? {
        let (value, freed) = shards[shard(key)].withLockedValue { $0.value(for: key, now: now) }
        if freed > 0 { budget.release(freed) }
        return value
    }

    /// Stores `entry` until `expires`, evicting the least recently used entries of its shard
    /// while the shard is over its share of the capacity or the process over its budget. An entry
    /// larger than a shard's share is not stored.
    func insert(_ entry: CachedResponse, for key: DigestKey, expires: Int64) {
        guard entry.cost <= shardCapacity else { return }
        let delta = shards[shard(key)].withLockedValue { shard -> Int in
            var delta = shard.insert(entry, for: key, cost: entry.cost, expires: expires)
            while shard.count > 1, shard.bytes > shardCapacity || budget.wouldExceed(by: delta) {
                delta -= shard.evictOldest()
            }
            return delta
        }
        budget.add(delta)
    }

    /// Forgets everything (`FlushStageCache`, a stage whose cache is deleted).
    public func removeAll() {
        for shard in shards {
            let freed = shard.withLockedValue { $0.removeAll() }
            budget.release(freed)
        }
    }

    /// Entries held (for tests and diagnostics).
    public var count: Int { shards.reduce(0) { $0 + $1.withLockedValue { $0.count } } }

    /// Bytes held.
    public var bytes: Int { shards.reduce(0) { $0 + $1.withLockedValue { $0.bytes } } }

    private func shard(_ key: DigestKey) -> Int { Int(key.a & 15) }

    deinit {
        // A cache dropped by a recompile (cache disabled, resized, stage deleted) gives its bytes back.
        var held = 0
        for shard in shards { held += shard.withLockedValue { $0.bytes } }
        budget.release(held)
    }
}

/// The bytes every stage cache of the process may hold together: the cap that keeps a stage
/// that asks for AWS's 237 GB cluster from taking the machine's memory. Shards check it before
/// they grow; concurrent inserts may overshoot it by at most one entry per shard in flight.
final class StageCacheBudget: Sendable {
    let limit: Int
    private let used = ManagedAtomic<Int>(0)

    init(limit: Int) {
        self.limit = max(0, limit)
    }

    var inUse: Int { used.load(ordering: .relaxed) }

    func wouldExceed(by delta: Int) -> Bool {
        delta > 0 && used.load(ordering: .relaxed) + delta > limit
    }

    func add(_ delta: Int) {
        if delta != 0 { used.wrappingIncrement(by: delta, ordering: .relaxed) }
    }

    func release(_ bytes: Int) {
        if bytes != 0 { used.wrappingDecrement(by: bytes, ordering: .relaxed) }
    }
}
