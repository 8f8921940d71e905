public import Foundation

/// What the store keeps about a record besides its value.
public struct StoreRecordMetadata: Hashable, Sendable {
    /// The record's version: 1 when first stored, raised by one on each replacement. Pass it back
    /// in ``StoreWriteCondition/ifVersion(_:)`` for optimistic concurrency.
    public var version: Int64
    /// When the record was first stored, in milliseconds since 1970-01-01T00:00:00Z.
    public var createdMilliseconds: Int64
    /// When the record was last stored, in milliseconds since 1970-01-01T00:00:00Z.
    public var updatedMilliseconds: Int64
    /// The store revision of the transaction that last stored the record.
    public var revision: StoreRevision

    /// Metadata with the given fields.
    public init(version: Int64, createdMilliseconds: Int64, updatedMilliseconds: Int64, revision: StoreRevision) {
        self.version = version
        self.createdMilliseconds = createdMilliseconds
        self.updatedMilliseconds = updatedMilliseconds
        self.revision = revision
    }

    /// When the record was first stored (millisecond precision in every backend).
    public var createdAt: Date { Date(timeIntervalSince1970: Double(self.createdMilliseconds) / 1000) }

    /// When the record was last stored (millisecond precision in every backend).
    public var updatedAt: Date { Date(timeIntervalSince1970: Double(self.updatedMilliseconds) / 1000) }

    /// `date` in whole milliseconds since 1970 (rounded down): the timestamp backends store.
    /// `date` defaults to now.
    public static func milliseconds(since1970 date: Date = Date()) -> Int64 {
        Int64((date.timeIntervalSince1970 * 1000).rounded(.down))
    }
}
