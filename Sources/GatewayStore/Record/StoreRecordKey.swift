/// The address of one record: its collection (`"restapis"`, `"resources"`, …), its ``StoreParent``
/// and its id.
///
/// Two keys are equal when their parts are equal as UTF-8 bytes (the same rule in every backend).
/// Every part must be non-empty and free of U+0000; ``validate()`` checks it, and every store
/// operation calls it.
public struct StoreRecordKey: Hashable, Sendable, CustomStringConvertible {
    /// The collection name, e.g. `"restapis"`. Non-empty.
    public var collection: String
    /// Where the record lives; ``StoreParent/root`` for top-level records.
    public var parent: StoreParent
    /// The record's id within its collection and parent. Non-empty.
    public var id: String

    /// A key. `parent` defaults to ``StoreParent/root``.
    public init(collection: String, parent: StoreParent = .root, id: String) {
        self.collection = collection
        self.parent = parent
        self.id = id
    }

    /// Checks that the collection and id are non-empty and that no part contains U+0000.
    /// - Throws: ``GatewayStoreError/Code/invalidArgument``.
    public func validate() throws {
        try Self.validateCollection(self.collection)
        guard !self.id.isEmpty else {
            throw GatewayStoreError.invalidArgument("A record id must not be empty.", key: self)
        }
        guard !self.id.utf8.contains(0), !self.parent.segments.contains(where: { $0.utf8.contains(0) }) else {
            throw GatewayStoreError.invalidArgument("A record key must not contain U+0000.", key: self)
        }
    }

    /// Checks that a collection name is non-empty and free of U+0000.
    /// - Throws: ``GatewayStoreError/Code/invalidArgument``.
    public static func validateCollection(_ collection: String) throws {
        guard !collection.isEmpty, !collection.utf8.contains(0) else {
            throw GatewayStoreError.invalidArgument("A collection name must be non-empty and must not contain U+0000.")
        }
    }

    /// `collection:parent/id`, e.g. `resources:abc123/r1`.
    public var description: String {
        self.parent.isRoot ? "\(self.collection):\(self.id)" : "\(self.collection):\(self.parent)/\(self.id)"
    }

    public static func == (lhs: StoreRecordKey, rhs: StoreRecordKey) -> Bool {
        lhs.collection.utf8.elementsEqual(rhs.collection.utf8)
            && lhs.id.utf8.elementsEqual(rhs.id.utf8)
            && lhs.parent == rhs.parent
    }

    public func hash(into hasher: inout Hasher) {
        for byte in self.collection.utf8 { hasher.combine(byte) }
        hasher.combine(0xFF as UInt8)
        for byte in self.id.utf8 { hasher.combine(byte) }
        hasher.combine(self.parent)
    }
}
