public import Foundation

/// A write transaction, handed to the closure of ``GatewayStore/write(_:)``. All its changes
/// commit together when the closure returns, or none do when it throws.
///
/// This is the raw, byte-level layer. Most callers use the typed helpers that take a
/// ``StoreCollection`` (`put(_:parent:id:_:condition:)`, `delete(_:parent:id:condition:)`,
/// `update(_:parent:id:_:)`).
public protocol StoreWriteTransaction: StoreReadTransaction {
    /// Inserts or replaces the record at `key` with `value` (plaintext JSON bytes).
    ///
    /// - Parameters:
    ///   - sealed: whether to encrypt the value at rest (backends that persist must; the in-memory
    ///     store keeps plaintext). The typed layer passes ``StoreCollection/isSecret``.
    ///   - condition: a precondition on the current record (``StoreWriteCondition``).
    /// - Returns: the record's new metadata: version 1 for an insert, the old version + 1 for a
    ///   replacement; `createdMilliseconds` kept from the old record.
    /// - Throws: ``GatewayStoreError`` for a failed condition or an invalid key.
    @discardableResult
    func put(_ key: StoreRecordKey, value: Data, sealed: Bool, condition: StoreWriteCondition) async throws -> StoreRecordMetadata

    /// Deletes the record at `key`.
    /// - Returns: whether a record was deleted.
    /// - Throws: ``GatewayStoreError`` for a failed condition (``StoreWriteCondition/ifAbsent``
    ///   is an invalid argument here) or an invalid key.
    @discardableResult
    func delete(_ key: StoreRecordKey, condition: StoreWriteCondition) async throws -> Bool

    /// Deletes every record of every collection under `parent`, at any depth: the cascade for
    /// deleting an API (then delete the API's own record, which lives one level up).
    /// - Returns: the number of records deleted.
    /// - Throws: ``GatewayStoreError/Code/invalidArgument`` for ``StoreParent/root`` (wiping the
    ///   whole store this way is refused, so an empty id can never erase everything).
    @discardableResult
    func deleteAll(under parent: StoreParent) async throws -> Int

    /// Adds each count's `used` to its counter (creating it at 0), in this transaction. Several
    /// writers adding to the same counter never lose each other's increments. Counting does not
    /// raise the store revision: a transaction that only adds usage commits without announcing a
    /// change (``StoreUsageCount``).
    /// - Throws: ``GatewayStoreError/Code/invalidArgument`` for a negative count or an empty id.
    func addUsage(_ counts: [StoreUsageCount]) async throws

    /// Replaces one counter's value (a management change, `UpdateUsage`); raises the revision.
    /// - Throws: ``GatewayStoreError/Code/invalidArgument`` for a negative count or an empty id.
    func setUsage(_ count: StoreUsageCount) async throws

    /// Deletes the counters of plan `planId` (of key `keyId` only, when given); raises the
    /// revision when one was deleted.
    /// - Returns: the number of counters deleted.
    @discardableResult
    func deleteUsage(planId: String, keyId: String?) async throws -> Int
}
