/// An error thrown by a ``GatewayStore`` or one of its transactions.
///
/// Follows the shape of `HTTPClientError` and postgres-nio's `PSQLError`: a struct over an
/// extensible ``Code``, the ``key`` of the record concerned (when there is one), a client-safe
/// ``message``, and an ``underlying`` cause that is for logs only.
///
/// - ``description`` (what `"\(error)"` prints) is client-safe: it never contains the underlying
///   cause, a stored value, or a secret. Map ``code`` to the AWS exception (`NotFoundException`,
///   `ConflictException`, …) at the API edge.
/// - ``debugDescription`` (what `String(reflecting:)` prints) adds the underlying cause, for logs.
public struct GatewayStoreError: Error, CustomStringConvertible, CustomDebugStringConvertible {
    /// What went wrong. Compare with the `static let` cases, e.g. `error.code == .notFound`.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: String, Hashable, Sendable {
            case notFound
            case alreadyExists
            case versionConflict
            case corruptRecord
            case invalidArgument
            case invalidEncryptionKey
            case encryptionKeyMismatch
            case unsupportedSchemaVersion
            case nestedTransaction
            case transactionClosed
            case storeClosed
            case backendFailure
        }

        private let base: Base

        private init(_ base: Base) {
            self.base = base
        }

        /// The record does not exist (a `get` that had to find it, a conditional write that needed it).
        /// Maps to AWS `NotFoundException`.
        public static let notFound = Code(.notFound)
        /// A write with ``StoreWriteCondition/ifAbsent`` found the record already there.
        /// Maps to AWS `ConflictException`.
        public static let alreadyExists = Code(.alreadyExists)
        /// A write with ``StoreWriteCondition/ifVersion(_:)`` found another version (optimistic
        /// concurrency lost). Maps to AWS `ConflictException`.
        public static let versionConflict = Code(.versionConflict)
        /// A stored record could not be decrypted or decoded into the requested type.
        public static let corruptRecord = Code(.corruptRecord)
        /// A key, collection name, id, limit or condition is not acceptable (for example an empty id).
        public static let invalidArgument = Code(.invalidArgument)
        /// An encryption key is missing, malformed, or not 256 bits; or a key file cannot be read or made.
        public static let invalidEncryptionKey = Code(.invalidEncryptionKey)
        /// The store was created with another encryption key than the one supplied.
        public static let encryptionKeyMismatch = Code(.encryptionKeyMismatch)
        /// The database was written by a newer version of Portcullis (its schema is newer than this
        /// code knows) and is refused rather than misread.
        public static let unsupportedSchemaVersion = Code(.unsupportedSchemaVersion)
        /// A transaction was opened inside another transaction of the same store (which would deadlock).
        public static let nestedTransaction = Code(.nestedTransaction)
        /// A transaction was used after its `read`/`write` closure returned.
        public static let transactionClosed = Code(.transactionClosed)
        /// The store was closed.
        public static let storeClosed = Code(.storeClosed)
        /// The storage backend failed (I/O error, database busy past its timeout, …). The cause is in
        /// ``GatewayStoreError/underlying`` and must never be shown to a client.
        public static let backendFailure = Code(.backendFailure)

        public var description: String { self.base.rawValue }
    }

    /// What went wrong.
    public let code: Code
    /// The record concerned, when there is one.
    public let key: StoreRecordKey?
    /// A client-safe explanation (no values, no secrets, no backend detail).
    public let message: String
    /// The cause, for logs only: never show it to a client.
    public let underlying: (any Error)?

    /// Makes an error. Backends use the static factories below where one fits.
    public init(code: Code, key: StoreRecordKey? = nil, message: String, underlying: (any Error)? = nil) {
        self.code = code
        self.key = key
        self.message = message
        self.underlying = underlying
    }

    public var description: String {
        "GatewayStoreError.\(self.code): \(self.message)"
    }

    public var debugDescription: String {
        guard let underlying = self.underlying else { return self.description }
        return "\(self.description) (underlying: \(String(reflecting: underlying)))"
    }
}

extension GatewayStoreError {
    /// The record at `key` does not exist.
    public static func notFound(_ key: StoreRecordKey) -> GatewayStoreError {
        GatewayStoreError(code: .notFound, key: key, message: "The record \(key) does not exist.")
    }

    /// The record at `key` exists but was required to be absent.
    public static func alreadyExists(_ key: StoreRecordKey) -> GatewayStoreError {
        GatewayStoreError(code: .alreadyExists, key: key, message: "The record \(key) already exists.")
    }

    /// The record at `key` has version `actual`, not the `expected` one.
    public static func versionConflict(_ key: StoreRecordKey, expected: Int64, actual: Int64) -> GatewayStoreError {
        GatewayStoreError(
            code: .versionConflict,
            key: key,
            message: "The record \(key) is at version \(actual), not the expected version \(expected)."
        )
    }

    /// The record at `key` cannot be decrypted or decoded.
    public static func corruptRecord(_ key: StoreRecordKey, underlying: (any Error)? = nil) -> GatewayStoreError {
        GatewayStoreError(
            code: .corruptRecord,
            key: key,
            message: "The stored record \(key) cannot be read.",
            underlying: underlying
        )
    }

    /// An argument is not acceptable.
    public static func invalidArgument(_ message: String, key: StoreRecordKey? = nil) -> GatewayStoreError {
        GatewayStoreError(code: .invalidArgument, key: key, message: message)
    }

    /// The store was closed.
    public static let storeClosed = GatewayStoreError(code: .storeClosed, message: "The store is closed.")

    /// A transaction was used after its closure returned.
    public static let transactionClosed = GatewayStoreError(
        code: .transactionClosed,
        message: "The transaction is over: a transaction may only be used inside its closure."
    )

    /// A transaction was opened inside another transaction of the same store.
    public static let nestedTransaction = GatewayStoreError(
        code: .nestedTransaction,
        message: "A transaction cannot be opened inside another transaction of the same store."
    )

    /// The backend failed; `underlying` says why (for logs only).
    public static func backendFailure(_ message: String = "The store failed.", underlying: (any Error)?) -> GatewayStoreError {
        GatewayStoreError(code: .backendFailure, message: message, underlying: underlying)
    }
}
