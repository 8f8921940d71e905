import NIOConcurrencyHelpers

/// Answers kept by the SHA-256 digest of what identified them, until they expire: tokens a JWT or
/// Cognito authorizer verified (a repeated token costs a hash and a lookup instead of an RSA
/// check, about 13 µs here), a Lambda authorizer's decisions by identity source values.
///
/// Bounded (`capacity` entries, spread over shards with a lock each, so event loops rarely meet):
/// a full shard first drops its expired entries, then an arbitrary one. Callers store only
/// successes; a failure is never cached.
final class DigestKeyedCache<Value: Sendable>: Sendable {
    typealias Key = DigestKey

    private struct Entry {
        let value: Value
        /// Seconds since the epoch after which the entry is gone.
        let expires: Int64
    }

    private static var shardCount: Int { 16 }
    private let shards: [NIOLockedValueBox<[Key: Entry]>]
    private let shardCapacity: Int

    init(capacity: Int = 10_000) {
        shardCapacity = max(1, capacity / Self.shardCount)
        shards = (0..<Self.shardCount).map { _ in NIOLockedValueBox([:]) }
    }

    func value(for key: Key, now: Int64) -> Value? {
        shards[Int(key.a & 15)].withLockedValue { entries in
            guard let entry = entries[key] else { return nil }
            if entry.expires <= now {
                entries[key] = nil
                return nil
            }
            return entry.value
        }
    }

    func insert(_ value: Value, for key: Key, expires: Int64, now: Int64) {
        guard expires > now else { return }
        shards[Int(key.a & 15)].withLockedValue { entries in
            if entries.count >= shardCapacity, entries[key] == nil {
                entries = entries.filter { $0.value.expires > now }
                if entries.count >= shardCapacity, let victim = entries.keys.first { entries[victim] = nil }
            }
            entries[key] = Entry(value: value, expires: expires)
        }
    }

    var count: Int { shards.reduce(0) { $0 + $1.withLockedValue { $0.count } } }

    /// Forgets every entry (`FlushStageAuthorizersCache`).
    func removeAll() {
        for shard in shards { shard.withLockedValue { $0.removeAll() } }
    }
}
