import GatewayStore
import SQLiteNIO

/// Brings a database to the newest schema this code knows, one migration per transaction.
///
/// The applied versions are rows of `schema_migrations (version, name, applied_ms)`. Each pending
/// migration runs in its own `BEGIN IMMEDIATE … COMMIT` together with its row, so a crash leaves
/// the database at the previous version or the next, never between; two processes opening the
/// same new file at once apply each migration once (the second sees the row and skips it). A
/// database whose newest applied version is above the newest known one was written by newer code
/// and is refused with ``GatewayStoreError/Code/unsupportedSchemaVersion``, untouched.
enum SQLiteSchema {
    /// Applies the pending `migrations` on `connection` (the writer).
    static func migrate(_ connection: SQLiteConnection, migrations: [SQLiteMigration]) async throws {
        let newestKnown = migrations.last?.version ?? 0
        // An empty migration list still checks the version, so iterate at least once.
        for migration in migrations.isEmpty ? [nil] : migrations.map(Optional.some) {
            try await connection.run("BEGIN IMMEDIATE")
            do {
                try await connection.run("""
                    CREATE TABLE IF NOT EXISTS schema_migrations (
                        version INTEGER PRIMARY KEY NOT NULL,
                        name TEXT NOT NULL,
                        applied_ms INTEGER NOT NULL
                    ) STRICT
                    """)
                let current = try await Self.currentVersion(connection)
                guard current <= newestKnown else {
                    throw GatewayStoreError(
                        code: .unsupportedSchemaVersion,
                        message: "The database has schema version \(current), newer than the newest this version of "
                            + "Portcullis knows (\(newestKnown)); upgrade Portcullis to open it."
                    )
                }
                if let migration, migration.version > current {
                    for statement in migration.statements {
                        try await connection.run(statement)
                    }
                    try await connection.run(
                        "INSERT INTO schema_migrations (version, name, applied_ms) VALUES (?1, ?2, ?3)",
                        [.int64(migration.version), .text(migration.name), .int64(StoreRecordMetadata.milliseconds())]
                    )
                }
                try await connection.run("COMMIT")
            } catch {
                await connection.rollbackQuietly()
                throw error
            }
        }
    }

    /// The newest applied migration's version (0 for a new database).
    static func currentVersion(_ connection: SQLiteConnection) async throws -> Int64 {
        let rows = try await connection.run("SELECT COALESCE(MAX(version), 0) AS version FROM schema_migrations")
        return try rows.first?.integer("version") ?? 0
    }
}
