/// One versioned step of the SQLite schema: statements applied together in one transaction,
/// together with its row in `schema_migrations`.
///
/// Migrations are append-only: never edit a released one, add the next version instead.
struct SQLiteMigration: Sendable {
    /// The schema version this migration brings the database to (1, 2, …, no gaps).
    let version: Int64
    /// A short description, stored in `schema_migrations`.
    let name: String
    /// The statements, one SQL statement each (SQLite prepares only the first of a string).
    let statements: [String]

    /// Every migration this code knows, in order. The last one's version is the newest schema this
    /// code can open; a database at a newer version is refused.
    static let all: [SQLiteMigration] = [
        SQLiteMigration(
            version: 1,
            name: "records, store state",
            statements: [
                // One row: the store revision (raised in the same transaction as every data change)
                // and the key-check value proving which encryption key the database belongs to.
                """
                CREATE TABLE store_state (
                    singleton INTEGER PRIMARY KEY NOT NULL CHECK (singleton = 1),
                    revision INTEGER NOT NULL CHECK (revision >= 0),
                    key_check BLOB
                ) STRICT
                """,
                "INSERT INTO store_state (singleton, revision, key_check) VALUES (1, 0, NULL)",
                // Every record of every collection. `parent` is StoreParent.storageKey; `value` is
                // JSON, or an AES-GCM sealed value when `sealed` is 1.
                """
                CREATE TABLE records (
                    collection TEXT NOT NULL,
                    parent TEXT NOT NULL,
                    id TEXT NOT NULL,
                    value BLOB NOT NULL,
                    sealed INTEGER NOT NULL CHECK (sealed IN (0, 1)),
                    version INTEGER NOT NULL CHECK (version >= 1),
                    revision INTEGER NOT NULL,
                    created_ms INTEGER NOT NULL,
                    updated_ms INTEGER NOT NULL,
                    PRIMARY KEY (collection, parent, id)
                ) STRICT, WITHOUT ROWID
                """,
                // Subtree scans: listDescendants(of:) and deleteAll(under:).
                "CREATE INDEX records_by_parent ON records (parent, collection, id)",
            ]
        ),
        SQLiteMigration(
            version: 2,
            name: "usage counters",
            statements: [
                // Requests per API key, usage plan and UTC day (StoreUsageCount): integers the
                // data plane adds to in batches, outside the revisioned records.
                """
                CREATE TABLE usage_counts (
                    plan_id TEXT NOT NULL,
                    key_id TEXT NOT NULL,
                    day TEXT NOT NULL,
                    used INTEGER NOT NULL CHECK (used >= 0),
                    PRIMARY KEY (plan_id, key_id, day)
                ) STRICT, WITHOUT ROWID
                """,
            ]
        ),
    ]
}
