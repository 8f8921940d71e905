/// Percent-encoding as SigV4 defines it ("UriEncode" in the AWS docs): every byte except the
/// unreserved characters `A-Z a-z 0-9 - _ . ~` becomes `%XY` with upper-case hex digits. A space
/// is `%20`, never `+`.
enum PercentEncoding {
    private static let upperHex: [UInt8] = Array("0123456789ABCDEF".utf8)

    /// Whether `byte` is an RFC 3986 unreserved character, which SigV4 never encodes.
    @inline(__always)
    static func isUnreserved(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"),
            UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: "~"):
            return true
        default:
            return false
        }
    }

    /// Appends the `%XY` escape of `byte`.
    @inline(__always)
    static func appendEscape(_ byte: UInt8, to output: inout [UInt8]) {
        output.append(UInt8(ascii: "%"))
        output.append(upperHex[Int(byte >> 4)])
        output.append(upperHex[Int(byte & 0x0F)])
    }

    /// Appends `bytes`, encoding every byte that is not unreserved.
    static func encode(_ bytes: some Sequence<UInt8>, into output: inout [UInt8]) {
        for byte in bytes {
            if isUnreserved(byte) {
                output.append(byte)
            } else {
                appendEscape(byte, to: &output)
            }
        }
    }

    /// `string`, encoded.
    static func encode(_ string: some StringProtocol) -> String {
        var output: [UInt8] = []
        output.reserveCapacity(string.utf8.count)
        encode(string.utf8, into: &output)
        return String(decoding: output, as: UTF8.self)
    }

    /// The value of one hex digit, or `nil`.
    @inline(__always)
    static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte &- UInt8(ascii: "0")
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte &- UInt8(ascii: "A") &+ 10
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte &- UInt8(ascii: "a") &+ 10
        default: return nil
        }
    }

    /// Decodes `%XY` escapes. A `%` that is not followed by two hex digits is kept as a literal
    /// `%`; `+` is kept as a literal `+` (SigV4 clients encode a space as `%20`, and a literal
    /// plus as `%2B`).
    static func decode(_ bytes: some Collection<UInt8>) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        var index = bytes.startIndex
        while index != bytes.endIndex {
            let byte = bytes[index]
            if byte == UInt8(ascii: "%") {
                let first = bytes.index(after: index)
                if first != bytes.endIndex {
                    let second = bytes.index(after: first)
                    if second != bytes.endIndex, let high = hexValue(bytes[first]),
                        let low = hexValue(bytes[second])
                    {
                        output.append(high << 4 | low)
                        index = bytes.index(after: second)
                        continue
                    }
                }
            }
            output.append(byte)
            index = bytes.index(after: index)
        }
        return output
    }

    /// Whether `bytes` contains a `%`, that is whether ``decode(_:)`` could change it.
    @inline(__always)
    static func mayNeedDecoding(_ bytes: some Sequence<UInt8>) -> Bool {
        bytes.contains(UInt8(ascii: "%"))
    }
}
