import JSON

/// How values print: Java's `toString()` as API Gateway's engine calls it, and JSON for what
/// came from the request's JSON where AWS prints it so.
enum JavaText {
    /// The text a value renders as. Null renders as nothing: API Gateway prints an undefined or
    /// null reference as an empty string (its passthrough template gives `""` for unset
    /// `$context.identity` fields), where plain Velocity would print the reference's source.
    static func render(_ value: TemplateValue) throws(TemplateRenderError) -> String {
        if case .null = value { return "" }
        return try string(value)
    }

    /// Java's `String.valueOf`: `null` for null.
    static func string(_ value: TemplateValue) throws(TemplateRenderError) -> String {
        switch value {
        case .string(let string): return string
        case .int(let int): return String(int)
        default:
            var writer = Writer()
            try writer.write(value, depth: 0)
            return writer.text
        }
    }

    /// Compact JSON text, as `$input.json` and JSON arrays print.
    static func json(_ value: TemplateValue) throws(TemplateRenderError) -> String {
        var writer = Writer()
        try writer.writeJSON(value, depth: 0)
        return writer.text
    }

    /// Builds the text of nested values. Lists and maps may contain themselves (`$l.add($l)`):
    /// Java overflows its stack on those; here depth and size are bounded and fail the render.
    private struct Writer {
        var text = ""
        static let maxDepth = 600
        static let maxBytes = 10 * 1024 * 1024

        mutating func check(_ depth: Int) throws(TemplateRenderError) {
            if depth > Self.maxDepth { throw TemplateRenderError(.depthLimit, "a value nested more than \(Self.maxDepth) deep (a list or map that contains itself?)") }
            if text.utf8.count > Self.maxBytes { throw TemplateRenderError(.outputLimit, "a value's text exceeds \(Self.maxBytes) bytes") }
        }

        mutating func write(_ value: TemplateValue, depth: Int) throws(TemplateRenderError) {
            try check(depth)
            switch value {
            case .null: text += "null"
            case .bool(let bool): text += bool ? "true" : "false"
            case .int(let int): text += String(int)
            case .double(let double): text += JavaText.format(double)
            case .string(let string): text += string
            case .list(let list):
                if list.rendersAsJSON { return try writeJSON(value, depth: depth) }
                text += "["
                for (index, element) in list.elements.enumerated() {
                    if index > 0 { text += ", " }
                    try write(element, depth: depth + 1)
                }
                text += "]"
            case .map(let map):
                text += "{"
                for (index, entry) in map.entries.enumerated() {
                    if index > 0 { text += ", " }
                    text += entry.key + "="
                    try write(entry.value, depth: depth + 1)
                }
                text += "}"
            case .entry(let key, let entryValue):
                text += key + "="
                try write(entryValue, depth: depth + 1)
            case .builtin(.input): text += "$input"
            case .builtin(.util): text += "$util"
            case .builtin(.loop): text += "$foreach"
            case .block: break
            }
        }

        mutating func writeJSON(_ value: TemplateValue, depth: Int) throws(TemplateRenderError) {
            try check(depth)
            switch value {
            case .null, .builtin, .block: text += "null"
            case .bool(let bool): text += bool ? "true" : "false"
            case .int(let int): text += String(int)
            case .double(let double): text += double.isFinite ? JSONWriter.format(double) : JSONWriter.compact(.string(JavaText.format(double)))
            case .string(let string): text += JSONWriter.compact(.string(string))
            case .list(let list):
                text += "["
                for (index, element) in list.elements.enumerated() {
                    if index > 0 { text += "," }
                    try writeJSON(element, depth: depth + 1)
                }
                text += "]"
            case .map(let map):
                text += "{"
                for (index, entry) in map.entries.enumerated() {
                    if index > 0 { text += "," }
                    text += JSONWriter.compact(.string(entry.key)) + ":"
                    try writeJSON(entry.value, depth: depth + 1)
                }
                text += "}"
            case .entry(let key, let entryValue):
                text += "{" + JSONWriter.compact(.string(key)) + ":"
                try writeJSON(entryValue, depth: depth + 1)
                text += "}"
            }
        }
    }

    /// Java's `Double.toString`: `1.0`, `249.99`, `1.0E7`, `1.5E-4`, `NaN`, `Infinity`.
    static func format(_ double: Double) -> String {
        guard double.isFinite else { return double.isNaN ? "NaN" : (double < 0 ? "-Infinity" : "Infinity") }
        if double == 0 { return double.sign == .minus ? "-0.0" : "0.0" }
        let magnitude = abs(double)
        let sign = double < 0 ? "-" : ""
        // Swift prints the shortest digits that read back as the same double; take them apart.
        var (digits, exponent) = decimalDigits(magnitude)
        if magnitude >= 1e-3 && magnitude < 1e7 {
            // Plain notation with at least one digit after the point.
            if exponent >= digits.count {
                return sign + digits + String(repeating: "0", count: exponent - digits.count) + ".0"
            }
            if exponent <= 0 {
                return sign + "0." + String(repeating: "0", count: -exponent) + digits
            }
            let split = digits.index(digits.startIndex, offsetBy: exponent)
            return sign + digits[..<split] + "." + digits[split...]
        }
        if digits.count == 1 { digits += "0" }
        let first = digits.prefix(1)
        return sign + first + "." + digits.dropFirst() + "E" + String(exponent - 1)
    }

    /// The significant digits of a positive double and the exponent `e` such that the value is
    /// `0.DIGITS × 10^e`.
    private static func decimalDigits(_ magnitude: Double) -> (String, Int) {
        let text = "\(magnitude)".lowercased()
        let parts = text.split(separator: "e", maxSplits: 1)
        var mantissa = String(parts[0])
        var exponent = parts.count > 1 ? Int(parts[1]) ?? 0 : 0
        let pointIndex = mantissa.firstIndex(of: ".")
        var integerDigits = mantissa.count
        if let pointIndex {
            integerDigits = mantissa.distance(from: mantissa.startIndex, to: pointIndex)
            mantissa.remove(at: pointIndex)
        }
        exponent += integerDigits
        // Leading zeros move the point; trailing zeros are not significant.
        while mantissa.hasPrefix("0"), mantissa.count > 1 {
            mantissa.removeFirst()
            exponent -= 1
        }
        while mantissa.hasSuffix("0"), mantissa.count > 1 { mantissa.removeLast() }
        return (mantissa, exponent)
    }
}
