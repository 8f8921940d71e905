import Foundation
import Synchronization

/// A transaction of ``InMemoryGatewayStore`` over its own copy of the state.
final class InMemoryTransaction: StoreWriteTransaction {
    private struct State {
        var store: InMemoryStoreState
        var changed = false
        /// Usage was added: the state is committed without raising the revision.
        var counted = false
        var finished = false
    }

    let revision: StoreRevision
    private let writable: Bool
    private let state: Mutex<State>

    init(state: InMemoryStoreState, writable: Bool) {
        self.revision = state.revision
        self.writable = writable
        self.state = Mutex(State(store: state))
    }

    /// Ends the transaction; returns the new state when it changed anything, and whether the
    /// change raises the revision (adding usage alone does not).
    func finish() -> (state: InMemoryStoreState, announced: Bool)? {
        self.state.withLock { state in
            state.finished = true
            return state.changed || state.counted ? (state.store, state.changed) : nil
        }
    }

    func get(_ key: StoreRecordKey) async throws -> StoreRecord? {
        try key.validate()
        return try self.withOpenState { $0.store.get(key) }
    }

    func list(_ collection: String, parent: StoreParent, after: String?, limit: Int?) async throws -> StorePage<StoreRecord> {
        try StoreRecordKey.validateCollection(collection)
        try StorePage<StoreRecord>.checkLimit(limit)
        return try self.withOpenState { $0.store.list(collection, parent: parent, after: after, limit: limit) }
    }

    func listDescendants(of parent: StoreParent) async throws -> [StoreRecord] {
        try self.withOpenState { $0.store.listDescendants(of: parent) }
    }

    func listCollection(_ collection: String) async throws -> [StoreRecord] {
        try StoreRecordKey.validateCollection(collection)
        return try self.withOpenState { $0.store.listCollection(collection) }
    }

    func put(_ key: StoreRecordKey, value: Data, sealed: Bool, condition: StoreWriteCondition) async throws -> StoreRecordMetadata {
        try key.validate()
        let revision = self.revision.next
        return try self.withOpenState(writing: true) { state in
            let current = state.store.get(key)
            try condition.check(currentVersion: current?.metadata.version, key: key)
            let now = StoreRecordMetadata.milliseconds()
            let metadata = StoreRecordMetadata(
                version: (current?.metadata.version ?? 0) + 1,
                createdMilliseconds: current?.metadata.createdMilliseconds ?? now,
                updatedMilliseconds: now,
                revision: revision
            )
            state.store.put(StoreRecord(key: key, value: value, metadata: metadata))
            state.changed = true
            return metadata
        }
    }

    func delete(_ key: StoreRecordKey, condition: StoreWriteCondition) async throws -> Bool {
        try key.validate()
        guard condition != .ifAbsent else {
            throw GatewayStoreError.invalidArgument("A delete cannot require the record to be absent.", key: key)
        }
        return try self.withOpenState(writing: true) { state in
            try condition.check(currentVersion: state.store.get(key)?.metadata.version, key: key)
            let removed = state.store.remove(key)
            state.changed = state.changed || removed
            return removed
        }
    }

    func deleteAll(under parent: StoreParent) async throws -> Int {
        guard !parent.isRoot else {
            throw GatewayStoreError.invalidArgument("Deleting everything under the root is refused.")
        }
        return try self.withOpenState(writing: true) { state in
            let removed = state.store.removeAll(under: parent)
            state.changed = state.changed || removed > 0
            return removed
        }
    }

    func usageCounts(planId: String?, from firstDay: String, through lastDay: String) async throws -> [StoreUsageCount] {
        try self.withOpenState { $0.store.usageCounts(planId: planId, from: firstDay, through: lastDay) }
    }

    func addUsage(_ counts: [StoreUsageCount]) async throws {
        for count in counts { try count.validate() }
        try self.withOpenState(writing: true) { state in
            for count in counts where count.used > 0 {
                state.store.usage[count.key, default: 0] += count.used
                state.counted = true
            }
        }
    }

    func setUsage(_ count: StoreUsageCount) async throws {
        try count.validate()
        try self.withOpenState(writing: true) { state in
            state.store.usage[count.key] = count.used
            state.changed = true
        }
    }

    func deleteUsage(planId: String, keyId: String?) async throws -> Int {
        try self.withOpenState(writing: true) { state in
            let doomed = state.store.usage.keys.filter { $0.planId == planId && (keyId == nil || $0.keyId == keyId) }
            for key in doomed { state.store.usage[key] = nil }
            state.changed = state.changed || !doomed.isEmpty
            return doomed.count
        }
    }

    private func withOpenState<Result>(writing: Bool = false, _ body: (inout State) throws -> Result) throws -> Result {
        try self.state.withLock { state in
            guard !state.finished else { throw GatewayStoreError.transactionClosed }
            guard self.writable || !writing else {
                throw GatewayStoreError.invalidArgument("A read transaction cannot write.")
            }
            return try body(&state)
        }
    }
}
