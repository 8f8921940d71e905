import Foundation
import SQLiteNIO

extension SQLiteData {
    /// A blob parameter holding `data`.
    static func bytes(_ data: Data) -> SQLiteData {
        .blob(ByteBuffer(bytes: data))
    }

    /// An integer parameter.
    static func int64(_ value: Int64) -> SQLiteData {
        .integer(SQLiteInt64(value))
    }
}
