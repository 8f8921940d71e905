/// Writes a ``JSONValue`` as JSON text, keeping object keys in their order: compact (a resource
/// policy stored as a string, values in messages) or pretty in the style of API Gateway's exports
/// (`"key" : value`, two-space indentation). Integral numbers print without a fraction.
public enum JSONWriter {
    public static func compact(_ value: JSONValue) -> String {
        var output = ""
        write(value, pretty: false, indent: 0, into: &output)
        return output
    }

    public static func pretty(_ value: JSONValue) -> String {
        var output = ""
        write(value, pretty: true, indent: 0, into: &output)
        return output
    }

    private static func write(_ value: JSONValue, pretty: Bool, indent: Int, into output: inout String) {
        switch value {
        case .null: output += "null"
        case .bool(let bool): output += bool ? "true" : "false"
        case .number(let number): output += format(number)
        case .string(let string): writeString(string, into: &output)
        case .array(let array):
            guard !array.isEmpty else { output += pretty ? "[ ]" : "[]"; return }
            output += pretty ? "[ " : "["
            for (offset, element) in array.enumerated() {
                if offset > 0 { output += pretty ? ", " : "," }
                write(element, pretty: pretty, indent: indent, into: &output)
            }
            output += pretty ? " ]" : "]"
        case .object(let object):
            guard !object.isEmpty else { output += pretty ? "{ }" : "{}"; return }
            output += "{"
            var first = true
            for (key, member) in object {
                if !first { output += "," }
                first = false
                if pretty { output += "\n" + String(repeating: "  ", count: indent + 1) }
                writeString(key, into: &output)
                output += pretty ? " : " : ":"
                write(member, pretty: pretty, indent: indent + 1, into: &output)
            }
            if pretty { output += "\n" + String(repeating: "  ", count: indent) }
            output += "}"
        }
    }

    /// A number as JSON text: integers without a fraction (`3`, not `3.0`).
    public static func format(_ number: Double) -> String {
        if number.rounded() == number, abs(number) < 1e15 { return String(Int64(number)) }
        return String(number)
    }

    /// Appends `string` as a JSON string literal (quoted and escaped), for writers that build
    /// their JSON directly rather than as a `JSONValue` tree.
    public static func appendString(_ string: String, to output: inout String) {
        writeString(string, into: &output)
    }

    private static func writeString(_ string: String, into output: inout String) {
        output += "\""
        // Most strings need no escape: appended whole, not a scalar at a time.
        if !string.utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) {
            output += string
            output += "\""
            return
        }
        for scalar in string.unicodeScalars {
            switch scalar {
            case "\"": output += "\\\""
            case "\\": output += "\\\\"
            case "\n": output += "\\n"
            case "\r": output += "\\r"
            case "\t": output += "\\t"
            case "\u{08}": output += "\\b"
            case "\u{0C}": output += "\\f"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                output += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default:
                output.unicodeScalars.append(scalar)
            }
        }
        output += "\""
    }
}
