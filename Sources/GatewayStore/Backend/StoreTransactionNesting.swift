/// Detects a transaction opened inside another transaction of the same store, which would
/// deadlock (writers are serialised; a `:memory:` SQLite store has one connection), and turns it
/// into ``GatewayStoreError/Code/nestedTransaction``.
///
/// Backends wrap each transaction body in ``run(for:_:)``. It uses a task-local value, so it also
/// covers child tasks started inside the body, and costs nothing across stores.
public enum StoreTransactionNesting {
    @TaskLocal private static var openStores: [ObjectIdentifier] = []

    /// Throws ``GatewayStoreError/Code/nestedTransaction`` when the current task is already inside
    /// a transaction of `store`.
    public static func check(_ store: AnyObject) throws {
        if self.openStores.contains(ObjectIdentifier(store)) {
            throw GatewayStoreError.nestedTransaction
        }
    }

    /// Runs `body` marked as inside a transaction of `store`.
    nonisolated(nonsending) public static func run<Result>(
        for store: AnyObject,
        _ body: () async throws -> Result
    ) async throws -> Result {
        try await self.$openStores.withValue(self.openStores + [ObjectIdentifier(store)]) {
            try await body()
        }
    }
}
