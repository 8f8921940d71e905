extension StoreReadTransaction {
    /// The record `id` of `collection` under `parent` (default ``StoreParent/root``), decoded;
    /// `nil` when there is none.
    /// - Throws: ``GatewayStoreError/Code/corruptRecord`` when the stored JSON does not decode as
    ///   `Value`.
    public func get<Value>(
        _ collection: StoreCollection<Value>,
        parent: StoreParent = .root,
        id: String
    ) async throws -> StoreEntry<Value>? {
        guard let record = try await self.get(collection.key(parent: parent, id: id)) else { return nil }
        return try Self.entry(collection, record)
    }

    /// Like ``get(_:parent:id:)``, but a missing record throws ``GatewayStoreError/Code/notFound``.
    public func require<Value>(
        _ collection: StoreCollection<Value>,
        parent: StoreParent = .root,
        id: String
    ) async throws -> StoreEntry<Value> {
        guard let entry = try await self.get(collection, parent: parent, id: id) else {
            throw GatewayStoreError.notFound(collection.key(parent: parent, id: id))
        }
        return entry
    }

    /// One page of `collection` directly under `parent` (default ``StoreParent/root``), ordered by
    /// id, starting after the id `after` (default `nil`: from the start), at most `limit` entries
    /// (default `nil`: all).
    public func list<Value>(
        _ collection: StoreCollection<Value>,
        parent: StoreParent = .root,
        after: String? = nil,
        limit: Int? = nil
    ) async throws -> StorePage<StoreEntry<Value>> {
        let page = try await self.list(collection.name, parent: parent, after: after, limit: limit)
        return try page.map { try Self.entry(collection, $0) }
    }

    /// Every entry of `collection` directly under `parent` (default ``StoreParent/root``), ordered
    /// by id.
    public func listAll<Value>(
        _ collection: StoreCollection<Value>,
        parent: StoreParent = .root
    ) async throws -> [StoreEntry<Value>] {
        try await self.list(collection, parent: parent, after: nil, limit: nil).items
    }

    /// Every entry of `collection` under any parent (ordered by parent, then id), decoded one by
    /// one: a record that does not decode is reported in `undecodable` and skipped, so that one
    /// bad record never hides the others.
    public func listEveryEntry<Value>(
        _ collection: StoreCollection<Value>
    ) async throws -> (entries: [StoreEntry<Value>], undecodable: [(key: StoreRecordKey, reason: String)]) {
        var entries: [StoreEntry<Value>] = []
        var undecodable: [(key: StoreRecordKey, reason: String)] = []
        for record in try await self.listCollection(collection.name) {
            do {
                entries.append(try Self.entry(collection, record))
            } catch {
                undecodable.append((record.key, "\(error)"))
            }
        }
        return (entries, undecodable)
    }

    private static func entry<Value>(_ collection: StoreCollection<Value>, _ record: StoreRecord) throws -> StoreEntry<Value> {
        StoreEntry(
            key: record.key,
            value: try StoreValueCoder.decode(Value.self, from: record),
            metadata: record.metadata
        )
    }
}
