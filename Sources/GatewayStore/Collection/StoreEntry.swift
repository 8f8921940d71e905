/// One decoded record of a ``StoreCollection``: its key, its value and its metadata.
///
/// The ``description`` never shows the value (it may be secret).
public struct StoreEntry<Value: Codable & Sendable>: Sendable, CustomStringConvertible {
    /// Where the record lives.
    public var key: StoreRecordKey
    /// The decoded value.
    public var value: Value
    /// Version, timestamps and revision.
    public var metadata: StoreRecordMetadata

    /// An entry.
    public init(key: StoreRecordKey, value: Value, metadata: StoreRecordMetadata) {
        self.key = key
        self.value = value
        self.metadata = metadata
    }

    /// The record's id.
    public var id: String { self.key.id }

    /// The record's version (for ``StoreWriteCondition/ifVersion(_:)``).
    public var version: Int64 { self.metadata.version }

    public var description: String {
        "StoreEntry<\(Value.self)>(\(self.key), version: \(self.metadata.version))"
    }
}
