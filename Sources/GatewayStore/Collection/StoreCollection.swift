/// A typed collection descriptor: the collection's name in the store, the Swift type of its values
/// (stored as their JSON encoding), and whether the values are secret.
///
/// Declare one `static let` per resource family and use the typed transaction helpers, so that
/// callers never touch bytes:
///
/// ```swift
/// extension StoreCollection where Value == RestApi {
///     static let restApis = StoreCollection("restapis")
/// }
/// let page = try await store.read { tx in try await tx.list(.restApis, limit: 25) }
/// ```
public struct StoreCollection<Value: Codable & Sendable>: Hashable, Sendable, CustomStringConvertible {
    /// The collection's name in the store. Non-empty, without U+0000; stable forever once data is
    /// stored under it.
    public let name: String
    /// Whether values are encrypted at rest (AES-GCM with the store key) by persistent backends.
    /// Ids and parents are never encrypted (they are indexed), so keep secrets out of them. A record
    /// stored before its collection was declared secret stays in plaintext until it is rewritten.
    public let isSecret: Bool

    /// A collection descriptor. `secret` defaults to `false`.
    public init(_ name: String, secret: Bool = false) {
        self.name = name
        self.isSecret = secret
    }

    /// The key of the record `id` under `parent` in this collection.
    public func key(parent: StoreParent = .root, id: String) -> StoreRecordKey {
        StoreRecordKey(collection: self.name, parent: parent, id: id)
    }

    public var description: String {
        self.isSecret ? "\(self.name) (secret)" : self.name
    }
}
