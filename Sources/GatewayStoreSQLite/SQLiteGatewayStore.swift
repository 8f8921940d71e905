public import GatewayStore
import SQLiteNIO

/// The embedded, durable ``GatewayStore``: one SQLite file (the default for a single node).
///
/// ## Durability and isolation
/// - The database runs in WAL mode with `synchronous = FULL`: a `write` returns only after its
///   transaction is on disk, and a crash (process kill or power loss) loses no committed write
///   and leaves no partial one.
/// - Each `write` is one `BEGIN IMMEDIATE … COMMIT` on the single writer connection, taken in
///   turn by concurrent writers; the store revision is raised in the same transaction as the
///   data. Any error, or an error thrown by the closure, rolls everything back.
/// - Each `read` is one `BEGIN … COMMIT` on one of ``Configuration/readerConnections`` reader
///   connections (`query_only`), so it sees one snapshot and never waits for the writer. An
///   in-memory database has a single connection, so its reads take turns with its writes.
/// - Every value reaches SQLite as a bound parameter. The one exception is the integer of
///   `PRAGMA busy_timeout`, taken from the configuration (PRAGMA values cannot be bound).
/// - The schema is versioned (`schema_migrations`, see ``latestSchemaVersion``); a database from a
///   newer Portcullis is refused.
///
/// ## Secrets
/// Values of secret collections are sealed with AES-256-GCM under
/// ``Configuration/encryptionKey`` before they reach SQLite, bound to their record key; the
/// database keeps a key-check value, so opening it with another key fails at once with
/// ``GatewayStoreError/Code/encryptionKeyMismatch``. SQLite is built with `SECURE_DELETE`, so
/// deleted values are overwritten. Ids, parents and collection names are stored in plaintext.
///
/// ## Change feed
/// ``changes()`` announces the writes made through this store object. SQLite is the single-node
/// backend: writes made by another process on the same file are read correctly but not announced.
///
/// Call ``close()`` when done. (A store dropped without it closes its connections in the
/// background, as a safety net.)
public final class SQLiteGatewayStore: GatewayStore {
    /// The newest schema version this code knows (and creates).
    public static var latestSchemaVersion: Int64 { SQLiteMigration.all.last?.version ?? 0 }

    private let writer: StoreLeasePool<SQLiteConnection>
    /// The reader connections; `nil` for an in-memory database, whose reads use the writer.
    private let readers: StoreLeasePool<SQLiteConnection>?
    private let sealer: StoreRecordSealer
    private let broadcaster: StoreChangeBroadcaster
    /// Every connection, for the safety net in `deinit`.
    private let connections: [SQLiteConnection]

    private init(
        writer: SQLiteConnection,
        readers: [SQLiteConnection]?,
        sealer: StoreRecordSealer,
        revision: StoreRevision
    ) {
        self.writer = StoreLeasePool([writer])
        self.readers = readers.map { StoreLeasePool($0) }
        self.sealer = sealer
        self.broadcaster = StoreChangeBroadcaster(revision: revision)
        self.connections = [writer] + (readers ?? [])
    }

    /// A safety net for a store dropped without ``close()``: its connections are closed in the
    /// background (no transaction can be running, since each holds the store).
    deinit {
        for connection in self.connections where !connection.isClosed {
            _ = connection.close()
        }
    }

    /// Opens (creating if needed) the database described by `configuration`, applies pending
    /// migrations, and checks the encryption key.
    /// - Throws: ``GatewayStoreError`` with ``GatewayStoreError/Code/unsupportedSchemaVersion``,
    ///   ``GatewayStoreError/Code/encryptionKeyMismatch``, ``GatewayStoreError/Code/invalidArgument``
    ///   (for `readerConnections` below 1), or ``GatewayStoreError/Code/backendFailure`` (the file
    ///   cannot be opened, is not a database, or cannot use WAL).
    public static func open(_ configuration: Configuration) async throws -> SQLiteGatewayStore {
        try await self.open(configuration, migrations: SQLiteMigration.all)
    }

    /// ``open(_:)`` with another list of migrations (tests use it to make a "future" database).
    static func open(_ configuration: Configuration, migrations: [SQLiteMigration]) async throws -> SQLiteGatewayStore {
        guard configuration.readerConnections >= 1 else {
            throw GatewayStoreError.invalidArgument("An SQLite store needs at least one reader connection.")
        }
        let storage: SQLiteConnection.Storage =
            configuration.isInMemory ? .memory : .file(path: configuration.path)
        let sealer = StoreRecordSealer(configuration.encryptionKey)
        if !configuration.isInMemory {
            try SQLiteDatabaseFile.createPrivately(at: configuration.path)
        }
        var opened: [SQLiteConnection] = []
        do {
            let writer = try await Self.connect(storage)
            opened.append(writer)
            try await Self.configureWriter(writer, configuration: configuration)
            try await SQLiteSchema.migrate(writer, migrations: migrations)
            try await Self.checkKey(writer, sealer: sealer)
            let revision = try await Self.readRevision(writer)
            var readers: [SQLiteConnection]?
            if !configuration.isInMemory {
                readers = []
                for _ in 0..<configuration.readerConnections {
                    let reader = try await Self.connect(storage)
                    opened.append(reader)
                    try await Self.configureReader(reader, configuration: configuration)
                    readers?.append(reader)
                }
            }
            return SQLiteGatewayStore(writer: writer, readers: readers, sealer: sealer, revision: revision)
        } catch {
            for connection in opened {
                try? await connection.close()
            }
            throw error
        }
    }

    @discardableResult

    nonisolated(nonsending) public func read<Result>(
        _ body: (any StoreReadTransaction) async throws -> Result
    ) async throws -> Result {
        try StoreTransactionNesting.check(self)
        return try await (self.readers ?? self.writer).withLease { connection in
            try await connection.run("BEGIN")
            let transaction: SQLiteTransaction
            do {
                // The first read fixes the snapshot the whole transaction sees.
                let revision = try await Self.readRevision(connection)
                transaction = SQLiteTransaction(connection: connection, revision: revision, writable: false, sealer: self.sealer)
            } catch {
                await connection.rollbackQuietly()
                throw error
            }
            do {
                let result = try await StoreTransactionNesting.run(for: self) {
                    try await body(transaction)
                }
                _ = transaction.finish()
                try await connection.run("COMMIT")
                return result
            } catch {
                _ = transaction.finish()
                await connection.rollbackQuietly()
                throw error
            }
        }
    }

    @discardableResult

    nonisolated(nonsending) public func write<Result>(
        _ body: (any StoreWriteTransaction) async throws -> Result
    ) async throws -> Result {
        try StoreTransactionNesting.check(self)
        return try await self.writer.withLease { connection in
            try await connection.run("BEGIN IMMEDIATE")
            let transaction: SQLiteTransaction
            do {
                // Read inside the transaction: another process may have written since.
                let revision = try await Self.readRevision(connection)
                transaction = SQLiteTransaction(connection: connection, revision: revision, writable: true, sealer: self.sealer)
            } catch {
                await connection.rollbackQuietly()
                throw error
            }
            let result: Result
            let committed: StoreRevision?
            do {
                result = try await StoreTransactionNesting.run(for: self) {
                    try await body(transaction)
                }
                if transaction.finish() {
                    let next = transaction.revision.next
                    try await connection.run(
                        "UPDATE store_state SET revision = ?1 WHERE singleton = 1",
                        [.int64(next.rawValue)]
                    )
                    committed = next
                } else {
                    committed = nil
                }
                try await connection.run("COMMIT")
            } catch {
                _ = transaction.finish()
                await connection.rollbackQuietly()
                throw error
            }
            if let committed {
                self.broadcaster.publish(committed)
            }
            return result
        }
    }

    /// The revision of the last committed write, read from the database (so it includes writes of
    /// other processes on the same file).
    public func currentRevision() async throws -> StoreRevision {
        try await self.read { $0.revision }
    }

    public func changes() -> AsyncStream<StoreRevision> {
        self.broadcaster.subscribe()
    }

    /// Waits for running transactions to end, then closes every connection (SQLite checkpoints
    /// the WAL into the database file as the last one closes).
    public func close() async throws {
        let readers = await self.readers?.close() ?? []
        let writers = await self.writer.close()
        self.broadcaster.finish()
        var failure: (any Error)?
        for connection in readers + writers {
            do {
                try await connection.close()
            } catch {
                failure = failure ?? error
            }
        }
        if let failure {
            throw GatewayStoreError.backendFailure("The store could not close cleanly.", underlying: failure)
        }
    }

    // MARK: Opening

    private static func connect(_ storage: SQLiteConnection.Storage) async throws -> SQLiteConnection {
        do {
            return try await SQLiteConnection.open(storage: storage)
        } catch {
            throw GatewayStoreError.backendFailure("The store database cannot be opened.", underlying: error)
        }
    }

    /// `busy_timeout` (PRAGMA values cannot be bound; the value is an integer from the
    /// configuration, never text), then foreign keys.
    private static func configureCommon(_ connection: SQLiteConnection, configuration: Configuration) async throws {
        let milliseconds = max(0, configuration.busyTimeout.components.seconds * 1000
            + configuration.busyTimeout.components.attoseconds / 1_000_000_000_000_000)
        try await connection.run("PRAGMA busy_timeout = \(Int64(clamping: milliseconds))")
        try await connection.run("PRAGMA foreign_keys = ON")
    }

    private static func configureWriter(_ connection: SQLiteConnection, configuration: Configuration) async throws {
        try await Self.configureCommon(connection, configuration: configuration)
        let mode = try await connection.run("PRAGMA journal_mode = WAL").first?.text("journal_mode")
        let expected = configuration.isInMemory ? "memory" : "wal"
        guard mode?.lowercased() == expected else {
            throw GatewayStoreError.backendFailure(
                "The store database cannot use write-ahead logging (is it on a network file system?).",
                underlying: nil
            )
        }
        try await connection.run("PRAGMA synchronous = FULL")
    }

    private static func configureReader(_ connection: SQLiteConnection, configuration: Configuration) async throws {
        try await Self.configureCommon(connection, configuration: configuration)
        try await connection.run("PRAGMA query_only = ON")
    }

    /// Stores a key-check value in a new database, or verifies the one stored.
    private static func checkKey(_ connection: SQLiteConnection, sealer: StoreRecordSealer) async throws {
        try await connection.run("BEGIN IMMEDIATE")
        do {
            let rows = try await connection.run("SELECT key_check FROM store_state WHERE singleton = 1")
            guard let row = rows.first else {
                throw GatewayStoreError(code: .corruptRecord, message: "The store database has no state row.")
            }
            if let keyCheck = try row.blob("key_check") {
                guard sealer.verifyKeyCheck(keyCheck) else {
                    throw GatewayStoreError(
                        code: .encryptionKeyMismatch,
                        message: "The store encryption key is not the key this database was created with."
                    )
                }
            } else {
                try await connection.run(
                    "UPDATE store_state SET key_check = ?1 WHERE singleton = 1",
                    [.bytes(try sealer.makeKeyCheck())]
                )
            }
            try await connection.run("COMMIT")
        } catch {
            await connection.rollbackQuietly()
            throw error
        }
    }

    private static func readRevision(_ connection: SQLiteConnection) async throws -> StoreRevision {
        let rows = try await connection.run("SELECT revision FROM store_state WHERE singleton = 1")
        guard let row = rows.first else {
            throw GatewayStoreError(code: .corruptRecord, message: "The store database has no state row.")
        }
        return StoreRevision(try row.integer("revision"))
    }
}
