import Synchronization

/// Derived signing keys, kept per (secret, day, region, service).
///
/// A key serves every request of its UTC day, so a verifier or signer asks for a derivation
/// once a day per key instead of once per request. The cache is bounded: when it is full, keys
/// of other days are dropped first, then everything.
///
/// Thread-safe. The lock guards one dictionary lookup; a server that wants no shared lock at all
/// on its hot path gives each event loop its own cache (and `Verifier`).
public final class SigningKeyCache: Sendable {
    private struct Entry: Hashable {
        let secretAccessKey: String
        let scope: CredentialScope
    }

    /// The most keys kept at once.
    public let capacity: Int
    private let keys: Mutex<[Entry: SigningKey]>

    /// A cache of at most `capacity` keys (at least 1).
    public init(capacity: Int = 256) {
        self.capacity = max(1, capacity)
        self.keys = Mutex([:])
    }

    /// The signing key of `secretAccessKey` for `scope`, derived on first use.
    public func signingKey(secretAccessKey: String, scope: CredentialScope) -> SigningKey {
        let entry = Entry(secretAccessKey: secretAccessKey, scope: scope)
        if let key = keys.withLock({ $0[entry] }) {
            return key
        }
        let key = SigningKey(secretAccessKey: secretAccessKey, scope: scope)
        keys.withLock { keys in
            if keys.count >= capacity {
                keys = keys.filter { $0.key.scope.dateStamp == scope.dateStamp }
                if keys.count >= capacity { keys.removeAll(keepingCapacity: true) }
            }
            keys[entry] = key
        }
        return key
    }

    /// The number of keys held.
    public var count: Int {
        keys.withLock { $0.count }
    }

    /// Forgets every key (after credentials are rotated, say).
    public func removeAll() {
        keys.withLock { $0.removeAll() }
    }
}
