import GatewayStore

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The database file on disk.
enum SQLiteDatabaseFile {
    /// Creates the database file with mode 0600 (`open(2)` with `O_CREAT | O_EXCL`) when it does
    /// not exist yet, so that SQLite, which gives its `-wal` and `-shm` files the database file's
    /// mode, keeps all of them private to the owner. An existing file is left as it is; an empty
    /// file is a valid empty database.
    static func createPrivately(at path: String) throws {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        if descriptor >= 0 {
            close(descriptor)
            return
        }
        let error = errno
        guard error == EEXIST else {
            let reason = String(cString: strerror(error))
            throw GatewayStoreError.backendFailure(
                "The store database cannot be created at \(path): \(reason).",
                underlying: nil
            )
        }
    }
}
