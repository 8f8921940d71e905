import GatewayStore
import SQLiteNIO
import Synchronization

extension SQLiteConnection {
    /// Runs one SQL statement with bound parameters and returns its rows; SQLite's errors become
    /// ``GatewayStoreError/Code/backendFailure`` (the SQLite error kept as the underlying cause).
    ///
    /// Every value reaches SQLite as a bound parameter (`?1`, `?2`, …): no SQL is built from values.
    /// SQLite prepares only the first statement of a string, so each call runs exactly one.
    /// The statement runs and its rows are collected on SQLiteNIO's thread pool, in one hop.
    @discardableResult
    func run(_ sql: String, _ binds: [SQLiteData] = []) async throws -> [SQLiteRow] {
        let rows = Mutex<[SQLiteRow]>([])
        do {
            // SQLiteConnection's own `query(_:_:_:)` calls `onRow` on the pool thread, in order,
            // before it returns.
            try await self.query(sql, binds) { row in rows.withLock { $0.append(row) } }
            return rows.withLock { $0 }
        } catch let error as SQLiteError {
            switch error.reason {
            case .busy, .busyTimeout, .busyInRecovery, .busyInSnapshot, .locked:
                throw GatewayStoreError.backendFailure(
                    "The store is busy: another connection held its lock past the busy timeout.",
                    underlying: error
                )
            case .full:
                throw GatewayStoreError.backendFailure("The store's disk is full.", underlying: error)
            default:
                throw GatewayStoreError.backendFailure(underlying: error)
            }
        } catch let error as GatewayStoreError {
            throw error
        } catch {
            throw GatewayStoreError.backendFailure(underlying: error)
        }
    }

    /// Rolls back the open transaction, if any. Errors are ignored: SQLite may already have rolled
    /// back (after an I/O error, for instance), and the caller is already reporting a failure.
    func rollbackQuietly() async {
        _ = try? await self.query("ROLLBACK", [])
    }
}
