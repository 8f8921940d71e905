/// `$util`'s text functions, with the Java library behaviour API Gateway's engine has.
enum UtilFunctions {
    /// Apache Commons Lang's `escapeJavaScript`: `'` `"` `\` `/` get a backslash, control
    /// characters their short escapes or `\u00XX`, and every character beyond ASCII `\uXXXX`
    /// (UTF-16 units, upper-case hex). AWS's documentation: single quotes become `\'`, which JSON
    /// does not accept, hence its advice to add `.replaceAll("\\'","'")`.
    static func escapeJavaScript(_ text: String) -> String {
        var output = ""
        output.reserveCapacity(text.utf8.count)
        for unit in text.utf16 {
            switch unit {
            case 0x27: output += "\\'"
            case 0x22: output += "\\\""
            case 0x5C: output += "\\\\"
            case 0x2F: output += "\\/"
            case 0x08: output += "\\b"
            case 0x0A: output += "\\n"
            case 0x09: output += "\\t"
            case 0x0C: output += "\\f"
            case 0x0D: output += "\\r"
            case 0..<0x20, 0x80...0xFFFF:
                let hex = String(unit, radix: 16, uppercase: true)
                output += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default:
                output.unicodeScalars.append(Unicode.Scalar(UInt8(unit)))
            }
        }
        return output
    }

    /// Java's `URLEncoder.encode(text, "UTF-8")`: letters, digits and `.-*_` stay, a space
    /// becomes `+`, every other byte `%XX`.
    static func urlEncode(_ text: String) -> String {
        var output = ""
        output.reserveCapacity(text.utf8.count)
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                UInt8(ascii: "."), UInt8(ascii: "-"), UInt8(ascii: "*"), UInt8(ascii: "_"):
                output.unicodeScalars.append(Unicode.Scalar(byte))
            case UInt8(ascii: " "):
                output += "+"
            default:
                let hex = String(byte, radix: 16, uppercase: true)
                output += "%" + (hex.count == 1 ? "0" : "") + hex
            }
        }
        return output
    }

    /// Java's `URLDecoder.decode(text, "UTF-8")`: `+` is a space, `%XX` a byte; a malformed
    /// escape is an error, as it is in Java.
    static func urlDecode(_ text: String) throws(TemplateRenderError) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        var iterator = text.utf8.makeIterator()
        while let byte = iterator.next() {
            switch byte {
            case UInt8(ascii: "+"): bytes.append(UInt8(ascii: " "))
            case UInt8(ascii: "%"):
                guard let high = iterator.next().flatMap(hexValue), let low = iterator.next().flatMap(hexValue) else {
                    throw .method("$util.urlDecode: incomplete or illegal % escape")
                }
                bytes.append(high << 4 | low)
            default: bytes.append(byte)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }

    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

    /// Standard base64 with padding.
    static func base64Encode(_ bytes: [UInt8]) -> String {
        var output: [UInt8] = []
        output.reserveCapacity((bytes.count + 2) / 3 * 4)
        var index = 0
        while index < bytes.count {
            let chunk = bytes[index..<min(index + 3, bytes.count)]
            let b0 = chunk[chunk.startIndex]
            let b1 = chunk.count > 1 ? chunk[chunk.startIndex + 1] : 0
            let b2 = chunk.count > 2 ? chunk[chunk.startIndex + 2] : 0
            output.append(alphabet[Int(b0 >> 2)])
            output.append(alphabet[Int((b0 & 0x03) << 4 | b1 >> 4)])
            output.append(chunk.count > 1 ? alphabet[Int((b1 & 0x0F) << 2 | b2 >> 6)] : UInt8(ascii: "="))
            output.append(chunk.count > 2 ? alphabet[Int(b2 & 0x3F)] : UInt8(ascii: "="))
            index += 3
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// Standard base64 (padding optional, whitespace not allowed), as Java's basic decoder; nil
    /// for anything else.
    static func base64Decode(_ text: String) -> [UInt8]? {
        var values: [UInt8] = []
        values.reserveCapacity(text.utf8.count)
        var padding = 0
        for byte in text.utf8 {
            if byte == UInt8(ascii: "=") {
                padding += 1
                continue
            }
            guard padding == 0 else { return nil }
            let value: UInt8
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"): value = byte - UInt8(ascii: "A")
            case UInt8(ascii: "a")...UInt8(ascii: "z"): value = byte - UInt8(ascii: "a") + 26
            case UInt8(ascii: "0")...UInt8(ascii: "9"): value = byte - UInt8(ascii: "0") + 52
            case UInt8(ascii: "+"): value = 62
            case UInt8(ascii: "/"): value = 63
            default: return nil
            }
            values.append(value)
        }
        guard padding <= 2, values.count % 4 != 1, padding == 0 || (values.count + padding) % 4 == 0 else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(values.count * 3 / 4)
        var index = 0
        while index < values.count {
            let group = values[index..<min(index + 4, values.count)]
            let v = Array(group) + Array(repeating: 0, count: 4 - group.count)
            bytes.append(v[0] << 2 | v[1] >> 4)
            if group.count > 2 { bytes.append(v[1] << 4 | v[2] >> 2) }
            if group.count > 3 { bytes.append(v[2] << 6 | v[3]) }
            index += 4
        }
        return bytes
    }
}
