import Foundation
import JSON

/// Moves resources between their Swift types and their management-API JSON (`apigateway` date
/// convention: epoch seconds), for patching and for shaping answers.
enum JSONBridge {
    static func json<Value: Encodable>(from value: Value) throws(ManagementError) -> JSONValue {
        do {
            let data = try ManagementCoding.encoder(for: .apigateway).encode(value)
            return try JSONDecoder().decode(JSONValue.self, from: data)
        } catch {
            throw .internalFailure()
        }
    }

    static func decode<Value: Decodable>(_ type: Value.Type, from json: JSONValue) throws(ManagementError) -> Value {
        let data: Data
        do {
            data = try JSONEncoder().encode(json)
        } catch {
            throw .internalFailure()
        }
        do {
            return try ManagementCoding.decoder(for: .apigateway).decode(Value.self, from: data)
        } catch let error as DecodingError {
            throw .badRequest(ManagementCoding.describe(error))
        } catch {
            throw .badRequest("Invalid request body")
        }
    }

    /// A scalar as the string AWS would send for it.
    static func text(_ value: JSONValue) -> String? {
        switch value {
        case .string(let text): return text
        case .bool(let flag): return flag ? "true" : "false"
        case .number(let number): return number.rounded() == number && abs(number) < 1e15 ? String(Int64(number)) : String(number)
        default: return nil
        }
    }
}
