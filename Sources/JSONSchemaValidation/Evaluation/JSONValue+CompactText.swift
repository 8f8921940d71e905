import GatewayModel

extension JSONValue {
    /// Compact JSON text for messages, cut at about `limit` characters with `…`. Integral numbers
    /// print without a fraction (`3`, not `3.0`).
    func compactText(limit: Int) -> String {
        var text = ""
        append(to: &text, limit: limit)
        if text.count > limit { return String(text.prefix(limit)) + "…" }
        return text
    }

    private func append(to text: inout String, limit: Int) {
        if text.utf8.count > limit { return }
        switch self {
        case .null: text += "null"
        case .bool(let flag): text += flag ? "true" : "false"
        case .number(let number):
            if JSONTypeSet.isInteger(number), number.magnitude < 1e15 {
                text += String(Int64(number))
            } else {
                text += String(describing: number)
            }
        case .string(let string): JSONValue.appendQuoted(string, to: &text)
        case .array(let elements):
            text += "["
            for (position, element) in elements.enumerated() {
                if position > 0 { text += "," }
                element.append(to: &text, limit: limit)
                if text.utf8.count > limit { return }
            }
            text += "]"
        case .object(let object):
            text += "{"
            for (position, key) in object.keys.enumerated() {
                if position > 0 { text += "," }
                JSONValue.appendQuoted(key, to: &text)
                text += ":"
                object[key]?.append(to: &text, limit: limit)
                if text.utf8.count > limit { return }
            }
            text += "}"
        }
    }

    private static func appendQuoted(_ string: String, to text: inout String) {
        text += "\""
        for scalar in string.unicodeScalars {
            switch scalar {
            case "\"": text += "\\\""
            case "\\": text += "\\\\"
            case "\n": text += "\\n"
            case "\r": text += "\\r"
            case "\t": text += "\\t"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    text += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    text.unicodeScalars.append(scalar)
                }
            }
        }
        text += "\""
    }
}
