import GatewayModel

/// A strict RFC 8259 JSON parser producing ``JSONValue`` with object keys in document order.
///
/// Strict: no comments, no trailing commas, no single quotes, no leading zeros, no control
/// characters in strings, no duplicate keys, nothing after the value. Nesting is limited to
/// ``maximumDepth`` so that hostile input cannot exhaust the stack.
struct StrictJSONParser {
    static let maximumDepth = 256

    private let bytes: [UInt8]
    private var index = 0
    private var depth = 0

    init(bytes: [UInt8]) {
        self.bytes = bytes
    }

    /// Parses the whole input as one JSON value.
    static func parse(_ bytes: [UInt8]) throws(DocumentSyntaxError) -> JSONValue {
        var parser = StrictJSONParser(bytes: bytes)
        // A UTF-8 byte order mark is tolerated, as most tools write one on Windows.
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { parser.index = 3 }
        parser.skipWhitespace()
        let value = try parser.parseValue(path: .root)
        parser.skipWhitespace()
        guard parser.index == bytes.count else {
            throw parser.syntaxError("unexpected content after the JSON value")
        }
        return value
    }

    // MARK: Values

    private mutating func parseValue(path: JSONPath) throws(DocumentSyntaxError) -> JSONValue {
        guard let byte = peek() else { throw syntaxError("unexpected end of input, expected a value") }
        switch byte {
        case UInt8(ascii: "{"): return try parseObject(path: path)
        case UInt8(ascii: "["): return try parseArray(path: path)
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "t"): try expectLiteral("true"); return .bool(true)
        case UInt8(ascii: "f"): try expectLiteral("false"); return .bool(false)
        case UInt8(ascii: "n"): try expectLiteral("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try parseNumber())
        default: throw syntaxError("unexpected character '\(Self.describe(byte))', expected a value")
        }
    }

    private mutating func parseObject(path: JSONPath) throws(DocumentSyntaxError) -> JSONValue {
        try enter()
        index += 1  // {
        var object = JSONObject()
        skipWhitespace()
        if peek() == UInt8(ascii: "}") {
            index += 1
            depth -= 1
            return .object(object)
        }
        while true {
            skipWhitespace()
            guard peek() == UInt8(ascii: "\"") else { throw syntaxError("expected a string key") }
            let keyStart = index
            let key = try parseString()
            if object[key] != nil {
                index = keyStart
                throw syntaxError("duplicate key '\(key)' in \(path)")
            }
            skipWhitespace()
            guard peek() == UInt8(ascii: ":") else { throw syntaxError("expected ':' after an object key") }
            index += 1
            skipWhitespace()
            object[key] = try parseValue(path: path.key(key))
            skipWhitespace()
            switch peek() {
            case UInt8(ascii: ","):
                index += 1
            case UInt8(ascii: "}"):
                index += 1
                depth -= 1
                return .object(object)
            default:
                throw syntaxError("expected ',' or '}' in an object")
            }
        }
    }

    private mutating func parseArray(path: JSONPath) throws(DocumentSyntaxError) -> JSONValue {
        try enter()
        index += 1  // [
        var array: [JSONValue] = []
        skipWhitespace()
        if peek() == UInt8(ascii: "]") {
            index += 1
            depth -= 1
            return .array(array)
        }
        while true {
            skipWhitespace()
            array.append(try parseValue(path: path.index(array.count)))
            skipWhitespace()
            switch peek() {
            case UInt8(ascii: ","):
                index += 1
            case UInt8(ascii: "]"):
                index += 1
                depth -= 1
                return .array(array)
            default:
                throw syntaxError("expected ',' or ']' in an array")
            }
        }
    }

    private mutating func enter() throws(DocumentSyntaxError) {
        depth += 1
        guard depth <= Self.maximumDepth else {
            throw syntaxError("nesting deeper than \(Self.maximumDepth) levels")
        }
    }

    // MARK: Strings

    private mutating func parseString() throws(DocumentSyntaxError) -> String {
        index += 1  // opening quote
        var scalars = String.UnicodeScalarView()
        var runStart = index
        func flushRun(_ parser: StrictJSONParser, upTo end: Int, into scalars: inout String.UnicodeScalarView) throws(DocumentSyntaxError) {
            guard runStart < end else { return }
            guard let run = String(validating: parser.bytes[runStart..<end], as: UTF8.self) else {
                throw parser.syntaxError("invalid UTF-8 in a string")
            }
            scalars.append(contentsOf: run.unicodeScalars)
        }
        while true {
            guard let byte = peek() else { throw syntaxError("unterminated string") }
            switch byte {
            case UInt8(ascii: "\""):
                try flushRun(self, upTo: index, into: &scalars)
                index += 1
                return String(scalars)
            case UInt8(ascii: "\\"):
                try flushRun(self, upTo: index, into: &scalars)
                index += 1
                scalars.append(try parseEscape())
                runStart = index
            case 0x00..<0x20:
                throw syntaxError("control character in a string (escape it)")
            default:
                index += 1
            }
        }
    }

    private mutating func parseEscape() throws(DocumentSyntaxError) -> Unicode.Scalar {
        guard let byte = peek() else { throw syntaxError("unterminated escape") }
        index += 1
        switch byte {
        case UInt8(ascii: "\""): return "\""
        case UInt8(ascii: "\\"): return "\\"
        case UInt8(ascii: "/"): return "/"
        case UInt8(ascii: "b"): return "\u{08}"
        case UInt8(ascii: "f"): return "\u{0C}"
        case UInt8(ascii: "n"): return "\n"
        case UInt8(ascii: "r"): return "\r"
        case UInt8(ascii: "t"): return "\t"
        case UInt8(ascii: "u"):
            let first = try parseHex4()
            if (0xD800..<0xDC00).contains(first) {
                guard peek() == UInt8(ascii: "\\"), peek(offset: 1) == UInt8(ascii: "u") else {
                    throw syntaxError("unpaired UTF-16 surrogate in \\u escape")
                }
                index += 2
                let second = try parseHex4()
                guard (0xDC00..<0xE000).contains(second) else {
                    throw syntaxError("invalid UTF-16 surrogate pair in \\u escape")
                }
                let combined = 0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00)
                guard let scalar = Unicode.Scalar(combined) else { throw syntaxError("invalid \\u escape") }
                return scalar
            }
            guard let scalar = Unicode.Scalar(first) else { throw syntaxError("unpaired UTF-16 surrogate in \\u escape") }
            return scalar
        default:
            index -= 1
            throw syntaxError("invalid escape '\\\(Self.describe(byte))'")
        }
    }

    private mutating func parseHex4() throws(DocumentSyntaxError) -> UInt32 {
        var value: UInt32 = 0
        for _ in 0..<4 {
            guard let byte = peek() else { throw syntaxError("unterminated \\u escape") }
            let digit: UInt32
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(byte - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt32(byte - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt32(byte - UInt8(ascii: "A") + 10)
            default: throw syntaxError("invalid hexadecimal digit in \\u escape")
            }
            value = value * 16 + digit
            index += 1
        }
        return value
    }

    // MARK: Numbers

    private mutating func parseNumber() throws(DocumentSyntaxError) -> Double {
        let start = index
        if peek() == UInt8(ascii: "-") { index += 1 }
        guard let first = peek(), Self.isDigit(first) else { throw syntaxError("expected a digit") }
        if first == UInt8(ascii: "0") {
            index += 1
            if let next = peek(), Self.isDigit(next) { throw syntaxError("leading zeros are not allowed") }
        } else {
            while let byte = peek(), Self.isDigit(byte) { index += 1 }
        }
        if peek() == UInt8(ascii: ".") {
            index += 1
            guard let byte = peek(), Self.isDigit(byte) else { throw syntaxError("expected a digit after '.'") }
            while let byte = peek(), Self.isDigit(byte) { index += 1 }
        }
        if peek() == UInt8(ascii: "e") || peek() == UInt8(ascii: "E") {
            index += 1
            if peek() == UInt8(ascii: "+") || peek() == UInt8(ascii: "-") { index += 1 }
            guard let byte = peek(), Self.isDigit(byte) else { throw syntaxError("expected a digit in the exponent") }
            while let byte = peek(), Self.isDigit(byte) { index += 1 }
        }
        let text = String(decoding: bytes[start..<index], as: UTF8.self)
        guard let number = Double(text), number.isFinite else {
            index = start
            throw syntaxError("number out of range")
        }
        return number
    }

    // MARK: Lexing

    private mutating func expectLiteral(_ literal: String) throws(DocumentSyntaxError) {
        for expected in literal.utf8 {
            guard peek() == expected else { throw syntaxError("invalid literal, expected '\(literal)'") }
            index += 1
        }
    }

    private mutating func skipWhitespace() {
        while let byte = peek(),
            byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r") || byte == UInt8(ascii: "\t")
        {
            index += 1
        }
    }

    private func peek(offset: Int = 0) -> UInt8? {
        index + offset < bytes.count ? bytes[index + offset] : nil
    }

    private static func isDigit(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
    }

    private static func describe(_ byte: UInt8) -> String {
        if (0x20..<0x7F).contains(byte) { return String(UnicodeScalar(byte)) }
        let hex = String(byte, radix: 16, uppercase: true)
        return "\\x" + (hex.count == 1 ? "0" + hex : hex)
    }

    /// An error at the current position, with its 1-based line and column.
    private func syntaxError(_ message: String) -> DocumentSyntaxError {
        var line = 1
        var column = 1
        for byte in bytes[..<min(index, bytes.count)] {
            if byte == UInt8(ascii: "\n") {
                line += 1
                column = 1
            } else if byte & 0xC0 != 0x80 {
                column += 1
            }
        }
        return DocumentSyntaxError(format: "JSON", message: message, line: line, column: column)
    }
}
