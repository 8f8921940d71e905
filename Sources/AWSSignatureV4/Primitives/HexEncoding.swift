/// Lower-case hexadecimal, the form SigV4 uses for hashes and signatures.
enum HexEncoding {
    private static let lowerHex: [UInt8] = Array("0123456789abcdef".utf8)

    /// The lower-case hex form of `bytes`.
    static func encode(_ bytes: some Sequence<UInt8>) -> String {
        var output: [UInt8] = []
        output.reserveCapacity(64)
        for byte in bytes {
            output.append(lowerHex[Int(byte >> 4)])
            output.append(lowerHex[Int(byte & 0x0F)])
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// Whether `text` is exactly `length` lower- or upper-case hex digits.
    static func isHex(_ text: some StringProtocol, length: Int) -> Bool {
        var count = 0
        for byte in text.utf8 {
            guard PercentEncoding.hexValue(byte) != nil else { return false }
            count += 1
        }
        return count == length
    }
}
