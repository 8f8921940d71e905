import Foundation

/// Turns typed values into the bytes a record holds and back: JSON, keys sorted (so equal values
/// give equal bytes), dates and data with Foundation's defaults (models that need the AWS
/// encodings encode those fields themselves).
enum StoreValueCoder {
    static func encode<Value: Encodable>(_ value: Value, key: StoreRecordKey) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        do {
            return try encoder.encode(value)
        } catch {
            throw GatewayStoreError.invalidArgument("The value for \(key) cannot be encoded as JSON.", key: key)
        }
    }

    static func decode<Value: Decodable>(_ type: Value.Type, from record: StoreRecord) throws -> Value {
        do {
            return try JSONDecoder().decode(type, from: record.value)
        } catch {
            throw GatewayStoreError.corruptRecord(record.key, underlying: error)
        }
    }
}
