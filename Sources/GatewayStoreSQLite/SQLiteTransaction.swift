import Foundation
import GatewayStore
import SQLiteNIO
import Synchronization

/// A transaction of ``SQLiteGatewayStore`` on one connection inside `BEGIN … COMMIT`.
///
/// Use it from one task at a time (each operation is a few statements on the same connection).
final class SQLiteTransaction: StoreWriteTransaction {
    private struct State {
        var changed = false
        var finished = false
    }

    let revision: StoreRevision
    private let connection: SQLiteConnection
    private let writable: Bool
    private let sealer: StoreRecordSealer
    private let state = Mutex(State())

    init(connection: SQLiteConnection, revision: StoreRevision, writable: Bool, sealer: StoreRecordSealer) {
        self.connection = connection
        self.revision = revision
        self.writable = writable
        self.sealer = sealer
    }

    /// Ends the transaction; returns whether it changed anything.
    func finish() -> Bool {
        self.state.withLock { state in
            state.finished = true
            return state.changed
        }
    }

    // MARK: Reading

    private static let columns = "collection, parent, id, value, sealed, version, revision, created_ms, updated_ms"

    func get(_ key: StoreRecordKey) async throws -> StoreRecord? {
        try key.validate()
        try self.checkOpen()
        let rows = try await self.connection.run(
            "SELECT \(Self.columns) FROM records WHERE collection = ?1 AND parent = ?2 AND id = ?3",
            [.text(key.collection), .text(key.parent.storageKey), .text(key.id)]
        )
        return try rows.first.map { try self.record(from: $0, key: key) }
    }

    func list(_ collection: String, parent: StoreParent, after: String?, limit: Int?) async throws -> StorePage<StoreRecord> {
        try StoreRecordKey.validateCollection(collection)
        try StorePage<StoreRecord>.checkLimit(limit)
        try self.checkOpen()
        // Ids are never empty, so `id > ''` starts at the beginning; LIMIT -1 means no limit.
        let fetch = limit.map { $0 == Int.max ? -1 : $0 + 1 } ?? -1
        let rows = try await self.connection.run(
            "SELECT \(Self.columns) FROM records WHERE collection = ?1 AND parent = ?2 AND id > ?3 ORDER BY id LIMIT ?4",
            [.text(collection), .text(parent.storageKey), .text(after ?? ""), .integer(fetch)]
        )
        var records = try rows.map { try self.record(from: $0, key: nil) }
        var nextAfter: String?
        if let limit, records.count > limit {
            records.removeLast(records.count - limit)
            nextAfter = records.last?.key.id
        }
        return StorePage(items: records, nextAfter: nextAfter)
    }

    func listDescendants(of parent: StoreParent) async throws -> [StoreRecord] {
        try self.checkOpen()
        let order = "ORDER BY parent, collection, id"
        let rows: [SQLiteRow]
        if let upperBound = parent.storageKeyUpperBound {
            rows = try await self.connection.run(
                "SELECT \(Self.columns) FROM records WHERE parent >= ?1 AND parent < ?2 \(order)",
                [.text(parent.storageKey), .text(upperBound)]
            )
        } else {
            rows = try await self.connection.run("SELECT \(Self.columns) FROM records \(order)")
        }
        return try rows.map { try self.record(from: $0, key: nil) }
    }

    func listCollection(_ collection: String) async throws -> [StoreRecord] {
        try StoreRecordKey.validateCollection(collection)
        try self.checkOpen()
        let rows = try await self.connection.run(
            "SELECT \(Self.columns) FROM records WHERE collection = ?1 ORDER BY parent, id", [.text(collection)])
        return try rows.map { try self.record(from: $0, key: nil) }
    }

    // MARK: Writing

    func put(_ key: StoreRecordKey, value: Data, sealed: Bool, condition: StoreWriteCondition) async throws -> StoreRecordMetadata {
        try key.validate()
        try self.checkOpen(writing: true)
        let current = try await self.currentVersion(of: key)
        try condition.check(currentVersion: current?.version, key: key)
        let now = StoreRecordMetadata.milliseconds()
        let metadata = StoreRecordMetadata(
            version: (current?.version ?? 0) + 1,
            createdMilliseconds: current?.createdMilliseconds ?? now,
            updatedMilliseconds: now,
            revision: self.revision.next
        )
        let stored = sealed ? try self.sealer.seal(value, for: key) : value
        try await self.connection.run(
            """
            INSERT INTO records (collection, parent, id, value, sealed, version, revision, created_ms, updated_ms)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)
            ON CONFLICT (collection, parent, id) DO UPDATE SET
                value = excluded.value, sealed = excluded.sealed, version = excluded.version,
                revision = excluded.revision, updated_ms = excluded.updated_ms
            """,
            [
                .text(key.collection), .text(key.parent.storageKey), .text(key.id),
                .bytes(stored), .integer(sealed ? 1 : 0), .int64(metadata.version),
                .int64(metadata.revision.rawValue), .int64(metadata.createdMilliseconds), .int64(metadata.updatedMilliseconds),
            ]
        )
        self.markChanged()
        return metadata
    }

    func delete(_ key: StoreRecordKey, condition: StoreWriteCondition) async throws -> Bool {
        try key.validate()
        guard condition != .ifAbsent else {
            throw GatewayStoreError.invalidArgument("A delete cannot require the record to be absent.", key: key)
        }
        try self.checkOpen(writing: true)
        let current = try await self.currentVersion(of: key)
        try condition.check(currentVersion: current?.version, key: key)
        guard current != nil else { return false }
        try await self.connection.run(
            "DELETE FROM records WHERE collection = ?1 AND parent = ?2 AND id = ?3",
            [.text(key.collection), .text(key.parent.storageKey), .text(key.id)]
        )
        self.markChanged()
        return true
    }

    func deleteAll(under parent: StoreParent) async throws -> Int {
        guard let upperBound = parent.storageKeyUpperBound else {
            throw GatewayStoreError.invalidArgument("Deleting everything under the root is refused.")
        }
        try self.checkOpen(writing: true)
        let rows = try await self.connection.run(
            "DELETE FROM records WHERE parent >= ?1 AND parent < ?2 RETURNING 1 AS deleted",
            [.text(parent.storageKey), .text(upperBound)]
        )
        if !rows.isEmpty {
            self.markChanged()
        }
        return rows.count
    }

    // MARK: Usage counters

    func usageCounts(planId: String?, from firstDay: String, through lastDay: String) async throws -> [StoreUsageCount] {
        try self.checkOpen()
        let rows: [SQLiteRow]
        if let planId {
            rows = try await self.connection.run(
                "SELECT plan_id, key_id, day, used FROM usage_counts WHERE plan_id = ?1 AND day >= ?2 AND day <= ?3 ORDER BY plan_id, key_id, day",
                [.text(planId), .text(firstDay), .text(lastDay)])
        } else {
            rows = try await self.connection.run(
                "SELECT plan_id, key_id, day, used FROM usage_counts WHERE day >= ?1 AND day <= ?2 ORDER BY plan_id, key_id, day",
                [.text(firstDay), .text(lastDay)])
        }
        return try rows.map { row in
            StoreUsageCount(
                planId: try row.text("plan_id"), keyId: try row.text("key_id"), day: try row.text("day"), used: try row.integer("used"))
        }
    }

    func addUsage(_ counts: [StoreUsageCount]) async throws {
        for count in counts { try count.validate() }
        try self.checkOpen(writing: true)
        // Not `markChanged()`: counting does not raise the revision (StoreUsageCount).
        for count in counts where count.used > 0 {
            try await self.connection.run(
                """
                INSERT INTO usage_counts (plan_id, key_id, day, used) VALUES (?1, ?2, ?3, ?4)
                ON CONFLICT (plan_id, key_id, day) DO UPDATE SET used = used + excluded.used
                """,
                [.text(count.planId), .text(count.keyId), .text(count.day), .int64(count.used)])
        }
    }

    func setUsage(_ count: StoreUsageCount) async throws {
        try count.validate()
        try self.checkOpen(writing: true)
        try await self.connection.run(
            """
            INSERT INTO usage_counts (plan_id, key_id, day, used) VALUES (?1, ?2, ?3, ?4)
            ON CONFLICT (plan_id, key_id, day) DO UPDATE SET used = excluded.used
            """,
            [.text(count.planId), .text(count.keyId), .text(count.day), .int64(count.used)])
        self.markChanged()
    }

    func deleteUsage(planId: String, keyId: String?) async throws -> Int {
        try self.checkOpen(writing: true)
        let rows: [SQLiteRow]
        if let keyId {
            rows = try await self.connection.run(
                "DELETE FROM usage_counts WHERE plan_id = ?1 AND key_id = ?2 RETURNING 1 AS deleted", [.text(planId), .text(keyId)])
        } else {
            rows = try await self.connection.run("DELETE FROM usage_counts WHERE plan_id = ?1 RETURNING 1 AS deleted", [.text(planId)])
        }
        if !rows.isEmpty { self.markChanged() }
        return rows.count
    }

    // MARK: Private

    private func currentVersion(of key: StoreRecordKey) async throws -> (version: Int64, createdMilliseconds: Int64)? {
        let rows = try await self.connection.run(
            "SELECT version, created_ms FROM records WHERE collection = ?1 AND parent = ?2 AND id = ?3",
            [.text(key.collection), .text(key.parent.storageKey), .text(key.id)]
        )
        guard let row = rows.first else { return nil }
        return (try row.integer("version"), try row.integer("created_ms"))
    }

    /// Decodes a row of ``columns``; `key` when the caller already knows it.
    private func record(from row: SQLiteRow, key knownKey: StoreRecordKey?) throws -> StoreRecord {
        let key = try knownKey
            ?? StoreRecordKey(
                collection: row.text("collection"),
                parent: StoreParent(storageKey: row.text("parent")),
                id: row.text("id")
            )
        do {
            guard let stored = try row.blob("value") else {
                throw GatewayStoreError.corruptRecord(key)
            }
            let value = try row.integer("sealed") == 1 ? try self.sealer.open(stored, for: key) : stored
            let metadata = StoreRecordMetadata(
                version: try row.integer("version"),
                createdMilliseconds: try row.integer("created_ms"),
                updatedMilliseconds: try row.integer("updated_ms"),
                revision: StoreRevision(try row.integer("revision"))
            )
            return StoreRecord(key: key, value: value, metadata: metadata)
        } catch let error as GatewayStoreError where error.key == nil {
            throw GatewayStoreError.corruptRecord(key, underlying: error)
        }
    }

    private func checkOpen(writing: Bool = false) throws {
        try self.state.withLock { state in
            guard !state.finished else { throw GatewayStoreError.transactionClosed }
        }
        guard self.writable || !writing else {
            throw GatewayStoreError.invalidArgument("A read transaction cannot write.")
        }
    }

    private func markChanged() {
        self.state.withLock { $0.changed = true }
    }
}
