extension CanonicalRequest {
    /// Appends one `name:value` line per signed header. The values of repeated fields are joined
    /// by `,` in the order received; each value is trimmed and its inner runs of whitespace are
    /// folded into one space (botocore's `' '.join(value.split())`).
    static func appendCanonicalHeaders(of request: SignableRequest, names: [String], to output: inout [UInt8]) {
        for name in names {
            output.append(contentsOf: name.utf8)
            output.append(UInt8(ascii: ":"))
            var found = false
            for header in request.headers where SignableRequest.namesEqual(header.name, name) {
                if found { output.append(UInt8(ascii: ",")) }
                appendTrimmed(header.value, to: &output)
                found = true
            }
            if !found, name == "host", let authority = request.firstHeaderValue(":authority") {
                appendTrimmed(authority, to: &output)
            }
            output.append(UInt8(ascii: "\n"))
        }
    }

    /// The canonical form of one header value.
    public static func canonicalHeaderValue(_ value: String) -> String {
        var output: [UInt8] = []
        appendTrimmed(value, to: &output)
        return String(decoding: output, as: UTF8.self)
    }

    private static func appendTrimmed(_ value: String, to output: inout [UInt8]) {
        value.withUTF8Buffer { bytes in
            var started = false
            var pendingSpace = false
            for byte in bytes {
                switch byte {
                case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\n"), UInt8(ascii: "\r"), 0x0B, 0x0C:
                    pendingSpace = started
                default:
                    if pendingSpace { output.append(UInt8(ascii: " ")) }
                    pendingSpace = false
                    started = true
                    output.append(byte)
                }
            }
        }
    }
}
