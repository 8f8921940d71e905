public import GatewayStore

extension SQLiteGatewayStore {
    /// How to open a ``SQLiteGatewayStore``.
    public struct Configuration: Sendable {
        /// The path of the database file (a plain path, not a `file:` URI), created with mode 0600
        /// if missing (its directory must exist). SQLite adds `-wal` and `-shm` files beside it,
        /// with the same mode. `":memory:"` (``memoryPath``) keeps the database in
        /// memory, for tests: it lives as long as the store and has a single connection.
        public var path: String
        /// The key that encrypts the values of secret collections. A database remembers the key it
        /// was created with (as a key-check value) and refuses any other.
        public var encryptionKey: StoreEncryptionKey
        /// How long a statement waits for a lock held by another connection or process before
        /// failing with ``GatewayStoreError/Code/backendFailure`` (SQLite `busy_timeout`).
        /// Default: 5 seconds.
        public var busyTimeout: Duration
        /// How many connections serve reads, so that reads run beside the writer and each other
        /// (WAL readers never wait for the writer). Ignored for `":memory:"`. Default: 2; at
        /// least 1.
        public var readerConnections: Int

        /// The path that selects an in-memory database: `":memory:"`.
        public static let memoryPath = ":memory:"

        /// A configuration. `busyTimeout` defaults to 5 seconds, `readerConnections` to 2.
        public init(
            path: String,
            encryptionKey: StoreEncryptionKey,
            busyTimeout: Duration = .seconds(5),
            readerConnections: Int = 2
        ) {
            self.path = path
            self.encryptionKey = encryptionKey
            self.busyTimeout = busyTimeout
            self.readerConnections = readerConnections
        }

        /// Whether ``path`` selects an in-memory database.
        public var isInMemory: Bool { self.path == Self.memoryPath }
    }
}
