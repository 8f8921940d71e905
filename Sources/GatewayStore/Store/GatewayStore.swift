/// The durable store of the API model: a small, typed document store in which every resource
/// family (REST APIs, resources, methods, deployments, stages, API keys, usage plans, v2 APIs,
/// routes, …) is a ``StoreCollection`` of JSON-encoded `Codable` values.
///
/// ```swift
/// let restApis = StoreCollection<RestApi>("restapis")
/// let apiKeys = StoreCollection<ApiKey>("apikeys", secret: true)
///
/// try await store.write { tx in
///     try await tx.put(restApis, id: api.id, api, condition: .ifAbsent)
/// }
/// let api = try await store.read { tx in try await tx.get(restApis, id: "abc123")?.value }
/// ```
///
/// ## Guarantees (every backend)
/// - ``write(_:)`` runs its closure as **one atomic transaction**: when the closure returns, all
///   its changes commit together (and are durable, for persistent backends, before `write`
///   returns); when it throws, none of them happen. Writers are serialised, so concurrent writers
///   are safe and never lose each other's updates.
/// - ``read(_:)`` sees one consistent snapshot of committed state for the whole closure.
/// - Every committed write that changed something raises the ``StoreRevision`` by one, in the same
///   transaction as the data; ``changes()`` announces it. The one exception: adding to usage
///   counters (``StoreWriteTransaction/addUsage(_:)``) is not a change of the model and raises
///   nothing (``StoreUsageCount``).
/// - Records of secret collections are encrypted at rest (AES-GCM) by persistent backends.
/// - Transactions do not nest: opening one inside another of the same store throws
///   ``GatewayStoreError/Code/nestedTransaction`` (it would deadlock otherwise).
///
/// Errors are ``GatewayStoreError``; an error thrown by the closure itself is rethrown unchanged
/// (after the rollback).
public protocol GatewayStore: Sendable {
    /// Runs `body` in a read transaction over one consistent snapshot.
    /// - Returns: what `body` returns.
    @discardableResult
    nonisolated(nonsending) func read<Result>(
        _ body: (any StoreReadTransaction) async throws -> Result
    ) async throws -> Result

    /// Runs `body` in one atomic write transaction, serialised against other writers: everything
    /// it changes commits when it returns; nothing does when it throws.
    /// - Returns: what `body` returns.
    @discardableResult
    nonisolated(nonsending) func write<Result>(
        _ body: (any StoreWriteTransaction) async throws -> Result
    ) async throws -> Result

    /// The revision of the last committed write.
    func currentRevision() async throws -> StoreRevision

    /// The change feed: an async sequence of committed revisions, for the data plane to recompile
    /// deployments.
    ///
    /// Each call makes a new subscription. It starts with the revision current at subscription,
    /// then yields every newer committed revision in increasing order; a consumer slower than the
    /// writers may see only the newest of several (it buffers the newest one), which is all a
    /// recompiler needs. It finishes when the store is closed. Backends that several processes
    /// share announce the changes of every process (PostgreSQL: LISTEN/NOTIFY); the SQLite backend
    /// announces the writes made through the same store object.
    func changes() -> AsyncStream<StoreRevision>

    /// Closes the store: waits for running transactions to end (the in-memory store waits for
    /// writes only; a read already running finishes on its snapshot), then releases the backend.
    /// Later transactions throw ``GatewayStoreError/Code/storeClosed`` and change feeds finish.
    /// Calling it again does nothing. Persistent backends must be closed before they are dropped.
    func close() async throws
}
