extension StoreWriteTransaction {
    /// Stores `value` as the record `id` of `collection` under `parent` (default
    /// ``StoreParent/root``), encrypted at rest when the collection is secret.
    /// - Parameter condition: default ``StoreWriteCondition/always`` (insert or replace).
    /// - Returns: the record's new metadata.
    @discardableResult
    public func put<Value>(
        _ collection: StoreCollection<Value>,
        parent: StoreParent = .root,
        id: String,
        _ value: Value,
        condition: StoreWriteCondition = .always
    ) async throws -> StoreRecordMetadata {
        let key = collection.key(parent: parent, id: id)
        let bytes = try StoreValueCoder.encode(value, key: key)
        return try await self.put(key, value: bytes, sealed: collection.isSecret, condition: condition)
    }

    /// Deletes the record `id` of `collection` under `parent` (default ``StoreParent/root``).
    /// - Parameter condition: default ``StoreWriteCondition/always`` (delete if present).
    /// - Returns: whether a record was deleted.
    @discardableResult
    public func delete<Value>(
        _ collection: StoreCollection<Value>,
        parent: StoreParent = .root,
        id: String,
        condition: StoreWriteCondition = .always
    ) async throws -> Bool {
        try await self.delete(collection.key(parent: parent, id: id), condition: condition)
    }

    /// Reads the record `id` of `collection` under `parent` (default ``StoreParent/root``), lets
    /// `transform` change it, and stores the result (version + 1), all inside this transaction.
    /// - Returns: the stored entry.
    /// - Throws: ``GatewayStoreError/Code/notFound`` when there is no such record; whatever
    ///   `transform` throws (the transaction then rolls back if the closure rethrows it).
    @discardableResult
    public func update<Value>(
        _ collection: StoreCollection<Value>,
        parent: StoreParent = .root,
        id: String,
        _ transform: (inout Value) throws -> Void
    ) async throws -> StoreEntry<Value> {
        var entry = try await self.require(collection, parent: parent, id: id)
        try transform(&entry.value)
        entry.metadata = try await self.put(
            collection, parent: parent, id: id, entry.value, condition: .ifVersion(entry.metadata.version)
        )
        return entry
    }
}
