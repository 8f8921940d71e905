/// A strict RFC 8259 parser from UTF-8 bytes into ``JSONValue``.
///
/// Strict means: no comments, no trailing commas, no leading zeros, no `NaN`/`Infinity`, no
/// unescaped control characters in strings, no lone UTF-16 surrogates, well-formed UTF-8 only, and
/// nothing but whitespace after the value. A duplicate object key keeps its first position and its
/// last value (as JavaScript's `JSON.parse` does), or is an error with `rejectsDuplicateKeys`
/// (documents such as OpenAPI files, where a repeated key is a mistake to report).
///
/// Numbers become `Double`, as ``JSONValue`` stores them; integers beyond 2^53 lose
/// precision, and a number too large for a `Double` (such as `1e400`) is rejected rather than
/// silently becoming infinity. Nesting is limited by ``maxDepth`` so that hostile input cannot
/// exhaust the stack.
///
/// ```swift
/// let value = try JSONValueParser().parse(#"{"name": "Rex", "age": 3}"#)
/// ```
public struct JSONValueParser: Sendable {
    /// The deepest nesting of arrays and objects accepted. Default 512.
    public var maxDepth: Int
    /// Whether a repeated key in one object is an error (`duplicateKey`) rather than last-wins.
    public var rejectsDuplicateKeys: Bool

    /// Creates a parser.
    /// - Parameters:
    ///   - maxDepth: the deepest nesting of arrays and objects accepted (default 512).
    ///   - rejectsDuplicateKeys: a repeated key is an error (default false: the last value wins).
    public init(maxDepth: Int = 512, rejectsDuplicateKeys: Bool = false) {
        self.maxDepth = maxDepth
        self.rejectsDuplicateKeys = rejectsDuplicateKeys
    }

    /// Parses a complete JSON text.
    public func parse(_ text: String) throws(JSONParseError) -> JSONValue {
        var text = text
        let result: Result<JSONValue, JSONParseError> = text.withUTF8 { bytes in
            var reader = Reader(bytes: bytes, maxDepth: maxDepth, rejectsDuplicateKeys: rejectsDuplicateKeys)
            return Result { () throws(JSONParseError) -> JSONValue in try reader.parseDocument() }
        }
        return try result.get()
    }

    /// Parses a complete JSON text given as UTF-8 bytes.
    public func parse(_ bytes: some Collection<UInt8>) throws(JSONParseError) -> JSONValue {
        let maxDepth = self.maxDepth
        let rejectsDuplicateKeys = self.rejectsDuplicateKeys
        let direct: Result<JSONValue, JSONParseError>? = bytes.withContiguousStorageIfAvailable { buffer in
            var reader = Reader(bytes: buffer, maxDepth: maxDepth, rejectsDuplicateKeys: rejectsDuplicateKeys)
            return Result { () throws(JSONParseError) -> JSONValue in try reader.parseDocument() }
        }
        if let direct { return try direct.get() }
        let copy = Array(bytes)
        let result: Result<JSONValue, JSONParseError> = copy.withUnsafeBufferPointer { buffer in
            var reader = Reader(bytes: buffer, maxDepth: maxDepth, rejectsDuplicateKeys: rejectsDuplicateKeys)
            return Result { () throws(JSONParseError) -> JSONValue in try reader.parseDocument() }
        }
        return try result.get()
    }
}

extension JSONValueParser {
    /// The parsing state over one contiguous buffer. Lives only for one `parse` call.
    fileprivate struct Reader {
        let bytes: UnsafeBufferPointer<UInt8>
        let maxDepth: Int
        let rejectsDuplicateKeys: Bool
        var index = 0
        var depth = 0

        init(bytes: UnsafeBufferPointer<UInt8>, maxDepth: Int, rejectsDuplicateKeys: Bool) {
            self.bytes = bytes
            self.maxDepth = maxDepth
            self.rejectsDuplicateKeys = rejectsDuplicateKeys
        }

        mutating func parseDocument() throws(JSONParseError) -> JSONValue {
            let value = try parseValue()
            skipWhitespace()
            if index < bytes.count {
                throw error(.trailingContent, "unexpected \(describeByte(at: index)) after the JSON value")
            }
            return value
        }

        // MARK: Values

        mutating func parseValue() throws(JSONParseError) -> JSONValue {
            skipWhitespace()
            guard index < bytes.count else { throw error(.unexpectedEnd, "expected a JSON value but the text ended") }
            switch bytes[index] {
            case UInt8(ascii: "{"): return try parseObject()
            case UInt8(ascii: "["): return try parseArray()
            case UInt8(ascii: "\""): return .string(try parseString())
            case UInt8(ascii: "t"): try expectLiteral("true"); return .bool(true)
            case UInt8(ascii: "f"): try expectLiteral("false"); return .bool(false)
            case UInt8(ascii: "n"): try expectLiteral("null"); return .null
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try parseNumber())
            default:
                throw error(.unexpectedCharacter, "unexpected \(describeByte(at: index)) where a JSON value was expected")
            }
        }

        mutating func parseObject() throws(JSONParseError) -> JSONValue {
            try enterContainer()
            index += 1  // {
            var object = JSONObject()
            skipWhitespace()
            if index < bytes.count, bytes[index] == UInt8(ascii: "}") {
                index += 1
                depth -= 1
                return .object(object)
            }
            while true {
                skipWhitespace()
                guard index < bytes.count else { throw error(.unexpectedEnd, "the text ended inside an object") }
                guard bytes[index] == UInt8(ascii: "\"") else {
                    throw error(.unexpectedCharacter, "expected a string key but found \(describeByte(at: index))")
                }
                let key = try parseString()
                skipWhitespace()
                guard index < bytes.count else { throw error(.unexpectedEnd, "the text ended inside an object") }
                guard bytes[index] == UInt8(ascii: ":") else {
                    throw error(.unexpectedCharacter, "expected ':' after an object key but found \(describeByte(at: index))")
                }
                if rejectsDuplicateKeys, object[key] != nil {
                    throw error(.duplicateKey, "duplicate key '\(key)'")
                }
                index += 1
                object[key] = try parseValue()
                skipWhitespace()
                guard index < bytes.count else { throw error(.unexpectedEnd, "the text ended inside an object") }
                switch bytes[index] {
                case UInt8(ascii: ","):
                    index += 1
                case UInt8(ascii: "}"):
                    index += 1
                    depth -= 1
                    return .object(object)
                default:
                    throw error(.unexpectedCharacter, "expected ',' or '}' in an object but found \(describeByte(at: index))")
                }
            }
        }

        mutating func parseArray() throws(JSONParseError) -> JSONValue {
            try enterContainer()
            index += 1  // [
            var elements: [JSONValue] = []
            skipWhitespace()
            if index < bytes.count, bytes[index] == UInt8(ascii: "]") {
                index += 1
                depth -= 1
                return .array(elements)
            }
            while true {
                elements.append(try parseValue())
                skipWhitespace()
                guard index < bytes.count else { throw error(.unexpectedEnd, "the text ended inside an array") }
                switch bytes[index] {
                case UInt8(ascii: ","):
                    index += 1
                case UInt8(ascii: "]"):
                    index += 1
                    depth -= 1
                    return .array(elements)
                default:
                    throw error(.unexpectedCharacter, "expected ',' or ']' in an array but found \(describeByte(at: index))")
                }
            }
        }

        mutating func enterContainer() throws(JSONParseError) {
            depth += 1
            if depth > maxDepth {
                throw error(.tooDeep, "arrays and objects are nested deeper than \(maxDepth) levels")
            }
        }

        mutating func expectLiteral(_ literal: StaticString) throws(JSONParseError) {
            let count = literal.utf8CodeUnitCount
            let start = literal.utf8Start
            for offset in 0..<count {
                guard index + offset < bytes.count else {
                    throw error(.unexpectedEnd, "the text ended inside the literal '\(literal)'")
                }
                if bytes[index + offset] != start[offset] {
                    index += offset
                    throw error(.unexpectedCharacter, "unexpected \(describeByte(at: index)) in the literal '\(literal)'")
                }
            }
            index += count
        }

        // MARK: Numbers

        mutating func parseNumber() throws(JSONParseError) -> Double {
            let start = index
            var negative = false
            if bytes[index] == UInt8(ascii: "-") {
                negative = true
                index += 1
            }
            guard index < bytes.count, isDigit(bytes[index]) else {
                throw error(.invalidNumber, "expected a digit after '-'")
            }
            var integer: UInt64 = 0
            var integerDigits = 0
            if bytes[index] == UInt8(ascii: "0") {
                index += 1
                integerDigits = 1
                if index < bytes.count, isDigit(bytes[index]) {
                    throw error(.invalidNumber, "numbers must not have leading zeros")
                }
            } else {
                while index < bytes.count, isDigit(bytes[index]) {
                    if integerDigits < 19 { integer = integer &* 10 &+ UInt64(bytes[index] &- UInt8(ascii: "0")) }
                    integerDigits += 1
                    index += 1
                }
            }
            var isPlainInteger = true
            if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
                isPlainInteger = false
                index += 1
                guard index < bytes.count, isDigit(bytes[index]) else {
                    throw error(.invalidNumber, "expected a digit after the decimal point")
                }
                while index < bytes.count, isDigit(bytes[index]) { index += 1 }
            }
            if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
                isPlainInteger = false
                index += 1
                if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") {
                    index += 1
                }
                guard index < bytes.count, isDigit(bytes[index]) else {
                    throw error(.invalidNumber, "expected a digit in the exponent")
                }
                while index < bytes.count, isDigit(bytes[index]) { index += 1 }
            }
            // Integers of up to 15 digits are exact in a Double: skip the decimal conversion.
            if isPlainInteger, integerDigits <= 15 {
                let magnitude = Double(integer)
                return negative ? -magnitude : magnitude
            }
            let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
            guard let value = Double(text), value.isFinite else {
                index = start
                throw error(.invalidNumber, "the number \(text.prefix(40)) is too large for a double")
            }
            return value
        }

        // MARK: Strings

        /// Parses a string starting at its opening quote and leaves `index` after the closing one.
        mutating func parseString() throws(JSONParseError) -> String {
            index += 1  // opening quote
            let start = index
            // Fast path: no escapes.
            while index < bytes.count {
                let byte = bytes[index]
                if byte == UInt8(ascii: "\"") {
                    let slice = UnsafeBufferPointer(rebasing: bytes[start..<index])
                    guard let string = String(validating: slice, as: UTF8.self) else {
                        index = start
                        throw error(.invalidUTF8, "the string is not well-formed UTF-8")
                    }
                    index += 1
                    return string
                }
                if byte == UInt8(ascii: "\\") { break }
                if byte < 0x20 {
                    throw error(.invalidString, "control characters must be escaped in strings")
                }
                index += 1
            }
            guard index < bytes.count else { throw error(.unexpectedEnd, "the text ended inside a string") }
            var buffer: [UInt8] = Array(UnsafeBufferPointer(rebasing: bytes[start..<index]))
            buffer.reserveCapacity(buffer.count + 16)
            while index < bytes.count {
                let byte = bytes[index]
                switch byte {
                case UInt8(ascii: "\""):
                    guard let string = String(validating: buffer, as: UTF8.self) else {
                        index = start
                        throw error(.invalidUTF8, "the string is not well-formed UTF-8")
                    }
                    index += 1
                    return string
                case UInt8(ascii: "\\"):
                    index += 1
                    guard index < bytes.count else { throw error(.unexpectedEnd, "the text ended inside a string") }
                    let escape = bytes[index]
                    index += 1
                    switch escape {
                    case UInt8(ascii: "\""): buffer.append(UInt8(ascii: "\""))
                    case UInt8(ascii: "\\"): buffer.append(UInt8(ascii: "\\"))
                    case UInt8(ascii: "/"): buffer.append(UInt8(ascii: "/"))
                    case UInt8(ascii: "b"): buffer.append(0x08)
                    case UInt8(ascii: "f"): buffer.append(0x0C)
                    case UInt8(ascii: "n"): buffer.append(0x0A)
                    case UInt8(ascii: "r"): buffer.append(0x0D)
                    case UInt8(ascii: "t"): buffer.append(0x09)
                    case UInt8(ascii: "u"):
                        let scalar = try parseUnicodeEscape()
                        appendUTF8(scalar, to: &buffer)
                    default:
                        index -= 1
                        throw error(.invalidString, "invalid escape sequence '\\\(describeRawByte(escape))' in a string")
                    }
                default:
                    if byte < 0x20 {
                        throw error(.invalidString, "control characters must be escaped in strings")
                    }
                    buffer.append(byte)
                    index += 1
                }
            }
            throw error(.unexpectedEnd, "the text ended inside a string")
        }

        /// Parses the four hex digits after `\u` (and a following low surrogate escape when the
        /// first is a high surrogate).
        mutating func parseUnicodeEscape() throws(JSONParseError) -> Unicode.Scalar {
            let first = try parseHex4()
            if (0xD800...0xDBFF).contains(first) {
                guard index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u")
                else {
                    throw error(.invalidString, "a high surrogate escape must be followed by a low surrogate escape")
                }
                index += 2
                let second = try parseHex4()
                guard (0xDC00...0xDFFF).contains(second) else {
                    throw error(.invalidString, "a high surrogate escape must be followed by a low surrogate escape")
                }
                let value = 0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00)
                guard let scalar = Unicode.Scalar(value) else {
                    throw error(.invalidString, "invalid surrogate pair")
                }
                return scalar
            }
            guard let scalar = Unicode.Scalar(first) else {
                throw error(.invalidString, "a lone low surrogate escape is not a character")
            }
            return scalar
        }

        mutating func parseHex4() throws(JSONParseError) -> UInt32 {
            var value: UInt32 = 0
            for _ in 0..<4 {
                guard index < bytes.count else { throw error(.unexpectedEnd, "the text ended inside a \\u escape") }
                let byte = bytes[index]
                let digit: UInt8
                switch byte {
                case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
                case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
                case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
                default: throw error(.invalidString, "expected four hex digits after \\u")
                }
                value = value << 4 | UInt32(digit)
                index += 1
            }
            return value
        }

        func appendUTF8(_ scalar: Unicode.Scalar, to buffer: inout [UInt8]) {
            let value = scalar.value
            switch value {
            case 0..<0x80:
                buffer.append(UInt8(value))
            case 0x80..<0x800:
                buffer.append(UInt8(0xC0 | (value >> 6)))
                buffer.append(UInt8(0x80 | (value & 0x3F)))
            case 0x800..<0x10000:
                buffer.append(UInt8(0xE0 | (value >> 12)))
                buffer.append(UInt8(0x80 | ((value >> 6) & 0x3F)))
                buffer.append(UInt8(0x80 | (value & 0x3F)))
            default:
                buffer.append(UInt8(0xF0 | (value >> 18)))
                buffer.append(UInt8(0x80 | ((value >> 12) & 0x3F)))
                buffer.append(UInt8(0x80 | ((value >> 6) & 0x3F)))
                buffer.append(UInt8(0x80 | (value & 0x3F)))
            }
        }

        // MARK: Small things

        mutating func skipWhitespace() {
            while index < bytes.count {
                switch bytes[index] {
                case 0x20, 0x0A, 0x0D, 0x09: index += 1
                default: return
                }
            }
        }

        func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }

        func describeByte(at offset: Int) -> String {
            guard offset < bytes.count else { return "end of text" }
            return "character '\(describeRawByte(bytes[offset]))'"
        }

        func describeRawByte(_ byte: UInt8) -> String {
            if byte >= 0x20, byte < 0x7F { return String(UnicodeScalar(byte)) }
            let hex = String(byte, radix: 16, uppercase: true)
            return "0x" + (hex.count < 2 ? "0" + hex : hex)
        }

        func error(_ code: JSONParseError.Code, _ message: String) -> JSONParseError {
            var line = 1
            var column = 1
            for offset in 0..<min(index, bytes.count) {
                if bytes[offset] == 0x0A {
                    line += 1
                    column = 1
                } else {
                    column += 1
                }
            }
            return JSONParseError(code: code, message: message, offset: index, line: line, column: column)
        }
    }
}
