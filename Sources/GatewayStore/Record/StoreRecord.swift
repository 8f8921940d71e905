public import Foundation

/// One stored record as bytes: its key, its value (the JSON encoding of a model value, always
/// plaintext here: backends decrypt secret records before handing them out) and its metadata.
///
/// Most callers use the typed layer (``StoreCollection``, ``StoreEntry``) instead. The
/// ``description`` never shows the value.
public struct StoreRecord: Sendable, CustomStringConvertible {
    /// Where the record lives.
    public var key: StoreRecordKey
    /// The value's bytes (JSON), in plaintext.
    public var value: Data
    /// Version, timestamps and revision.
    public var metadata: StoreRecordMetadata

    /// A record.
    public init(key: StoreRecordKey, value: Data, metadata: StoreRecordMetadata) {
        self.key = key
        self.value = value
        self.metadata = metadata
    }

    public var description: String {
        "StoreRecord(\(self.key), version: \(self.metadata.version), \(self.value.count) bytes)"
    }
}
