import Synchronization

/// The reference ``GatewayStore``: everything in memory, nothing survives the process. For tests,
/// for running without persistence, and as the behaviour every other backend must match (the
/// conformance suite runs against each).
///
/// A transaction works on a copy-on-write copy of the whole state; a committed write swaps its
/// copy in at once, and a throwing write drops it, so the previous state stays whole. Writers are
/// serialised (first come, first served); reads never wait for writers. Values are kept in
/// plaintext, secret collections included (the typed API is the same as for persistent stores).
public final class InMemoryGatewayStore: GatewayStore {
    private struct State {
        var store = InMemoryStoreState()
        var closed = false
    }

    private let state = Mutex(State())
    private let writer = StoreLeasePool<Bool>([true])
    private let broadcaster = StoreChangeBroadcaster(revision: .zero)

    /// An empty store at revision ``StoreRevision/zero``.
    public init() {}

    @discardableResult

    nonisolated(nonsending) public func read<Result>(
        _ body: (any StoreReadTransaction) async throws -> Result
    ) async throws -> Result {
        try StoreTransactionNesting.check(self)
        let snapshot = try self.state.withLock { state in
            guard !state.closed else { throw GatewayStoreError.storeClosed }
            return state.store
        }
        let transaction = InMemoryTransaction(state: snapshot, writable: false)
        defer { _ = transaction.finish() }
        return try await StoreTransactionNesting.run(for: self) {
            try await body(transaction)
        }
    }

    @discardableResult

    nonisolated(nonsending) public func write<Result>(
        _ body: (any StoreWriteTransaction) async throws -> Result
    ) async throws -> Result {
        try StoreTransactionNesting.check(self)
        return try await self.writer.withLease { _ in
            let snapshot = try self.state.withLock { state in
                guard !state.closed else { throw GatewayStoreError.storeClosed }
                return state.store
            }
            let transaction = InMemoryTransaction(state: snapshot, writable: true)
            let result: Result
            do {
                result = try await StoreTransactionNesting.run(for: self) {
                    try await body(transaction)
                }
            } catch {
                _ = transaction.finish()
                throw error
            }
            guard let finished = transaction.finish() else { return result }
            var changed = finished.state
            let announced = finished.announced
            if announced { changed.revision = snapshot.revision.next }
            try self.state.withLock { state in
                guard !state.closed else { throw GatewayStoreError.storeClosed }
                state.store = changed
            }
            if announced { self.broadcaster.publish(changed.revision) }
            return result
        }
    }

    public func currentRevision() async throws -> StoreRevision {
        try self.state.withLock { state in
            guard !state.closed else { throw GatewayStoreError.storeClosed }
            return state.store.revision
        }
    }

    public func changes() -> AsyncStream<StoreRevision> {
        self.broadcaster.subscribe()
    }

    public func close() async throws {
        _ = await self.writer.close()
        self.state.withLock { $0.closed = true }
        self.broadcaster.finish()
    }
}
