import Crypto

/// SHA-256 in the hex form SigV4 writes into canonical requests and strings to sign.
enum ContentHash {
    /// The lower-case hex SHA-256 of the bytes in `buffer`.
    static func sha256Hex(_ buffer: UnsafeRawBufferPointer) -> String {
        var hasher = SHA256()
        hasher.update(bufferPointer: buffer)
        return HexEncoding.encode(hasher.finalize())
    }

    /// The lower-case hex SHA-256 of `bytes`, hashed in place when they are contiguous.
    static func sha256Hex(_ bytes: some Sequence<UInt8>) -> String {
        if let hex = bytes.withContiguousStorageIfAvailable({ sha256Hex(UnsafeRawBufferPointer($0)) }) {
            return hex
        }
        return Array(bytes).withUnsafeBytes { sha256Hex($0) }
    }
}
