import Foundation
import GatewayStore
import SQLiteNIO

extension SQLiteRow {
    /// The integer in `column`.
    /// - Throws: ``GatewayStoreError/Code/corruptRecord`` when it is missing or not an integer.
    func integer(_ column: String) throws -> Int64 {
        guard case .integer(let value) = self.column(column) else {
            throw GatewayStoreError(code: .corruptRecord, message: "A stored row lacks the integer \(column).")
        }
        return Int64(value)
    }

    /// The text in `column`.
    /// - Throws: ``GatewayStoreError/Code/corruptRecord`` when it is missing or not text.
    func text(_ column: String) throws -> String {
        guard case .text(let value) = self.column(column) else {
            throw GatewayStoreError(code: .corruptRecord, message: "A stored row lacks the text \(column).")
        }
        return value
    }

    /// The bytes in `column` (`nil` for SQL NULL).
    /// - Throws: ``GatewayStoreError/Code/corruptRecord`` when it is missing or neither a blob nor NULL.
    func blob(_ column: String) throws -> Data? {
        switch self.column(column) {
        case .blob(let buffer): return Data(buffer.readableBytesView)
        case .null: return nil
        default:
            throw GatewayStoreError(code: .corruptRecord, message: "A stored row lacks the blob \(column).")
        }
    }
}
