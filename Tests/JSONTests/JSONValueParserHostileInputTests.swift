import JSON
import Testing

/// Input an attacker controls: every case must end in a `JSONParseError` (or a documented value),
/// never in a crash, a hang or an exhausted stack.
@Suite("JSONValueParser: hostile input")
struct JSONValueParserHostileInputTests {
    let parser = JSONValueParser()

    private func code(of text: String) -> JSONParseError.Code? {
        do {
            _ = try parser.parse(text)
            return nil
        } catch {
            return error.code
        }
    }

    private func code(of bytes: [UInt8]) -> JSONParseError.Code? {
        do {
            _ = try parser.parse(bytes)
            return nil
        } catch {
            return error.code
        }
    }

    @Test("100,000 nested objects, or arrays and objects mixed, are too deep, not a stack overflow")
    func deepObjects() {
        #expect(code(of: String(repeating: #"{"a":"#, count: 100_000)) == .tooDeep)
        #expect(code(of: String(repeating: #"[{"a":"#, count: 50_000)) == .tooDeep)
        // Unclosed but shallow enough: the end of the text is the problem, not the depth.
        #expect(code(of: String(repeating: "[", count: 512)) == .unexpectedEnd)
        #expect(code(of: String(repeating: "[", count: 513)) == .tooDeep)
    }

    @Test("the default limit is 512 levels")
    func defaultDepth() throws {
        let deepest = String(repeating: "[", count: 512) + String(repeating: "]", count: 512)
        #expect(try parser.parse(deepest).arrayValue?.count == 1)
        let tooDeep = String(repeating: "[", count: 513) + String(repeating: "]", count: 513)
        #expect(code(of: tooDeep) == .tooDeep)
    }

    @Test(
        "malformed UTF-8 is rejected, inside and outside strings",
        arguments: [
            ([0x22, 0xC0, 0xAF, 0x22], "invalidUTF8"),  // overlong '/'
            ([0x22, 0xED, 0xA0, 0x80, 0x22], "invalidUTF8"),  // a surrogate encoded in UTF-8
            ([0x22, 0xF4, 0x90, 0x80, 0x80, 0x22], "invalidUTF8"),  // beyond U+10FFFF
            ([0x22, 0xE2, 0x82, 0x22], "invalidUTF8"),  // truncated sequence
            ([0x22, 0x5C, 0x6E, 0xFF, 0x22], "invalidUTF8"),  // after an escape (slow path)
            ([0xFF], "unexpectedCharacter"),
            ([0xEF, 0xBB, 0xBF, 0x31], "unexpectedCharacter"),  // a byte order mark is not JSON
            ([0x5B, 0x31, 0x5D, 0xC3], "trailingContent"),
        ] as [([UInt8], String)])
    func invalidUTF8(bytes: [UInt8], expected: String) {
        #expect(code(of: bytes)?.description == expected)
    }

    @Test(
        "lone or mismatched UTF-16 surrogate escapes are rejected",
        arguments: [
            #""\ud800""#, #""\udbff""#, #""\udc00""#, #""\udfff""#, #""\ud800x""#, #""\ud800\u0041""#,
            #""\ud800\ud800""#, #""\udc00\ud800""#, #""\ud800\""#, #""\ud8""#,
        ])
    func loneSurrogates(text: String) {
        #expect(code(of: text) == .invalidString)
    }

    @Test("numbers too large for a Double are rejected; too small ones become zero")
    func hugeNumbers() throws {
        #expect(code(of: "1e400") == .invalidNumber)
        #expect(code(of: "-1e400") == .invalidNumber)
        #expect(code(of: "1" + String(repeating: "0", count: 100_000)) == .invalidNumber)
        #expect(code(of: "1e99999999999999999999") == .invalidNumber)
        #expect(code(of: "[1e400]") == .invalidNumber)
        #expect(try parser.parse("1e-400") == .number(0))
        #expect(try parser.parse("0." + String(repeating: "1", count: 100_000)).numberValue?.isFinite == true)
        #expect(try parser.parse("1.7976931348623157e308") == .number(.greatestFiniteMagnitude))
        #expect(try parser.parse("-9223372036854775809") == .number(-9_223_372_036_854_775_808))
    }

    @Test("a duplicate key: the last value wins by default, an error with rejectsDuplicateKeys")
    func duplicateKeys() throws {
        let text = #"{"a": 1, "b": {"c": 1, "c": 2}, "a": 3}"#
        let value = try parser.parse(text)
        #expect(value == ["a": 3, "b": ["c": 2]])
        #expect(value.objectValue?.keys == ["a", "b"])
        #expect {
            try JSONValueParser(rejectsDuplicateKeys: true).parse(text)
        } throws: { error in
            (error as? JSONParseError)?.code == .duplicateKey
        }
        // Keys are compared after unescaping.
        #expect(throws: JSONParseError.self) {
            try JSONValueParser(rejectsDuplicateKeys: true).parse(#"{"a": 1, "\u0061": 2}"#)
        }
    }

    @Test(
        "anything but whitespace after the value is trailing content",
        arguments: ["1 2", "{}}", "[]]", #""a""b""#, "null x", "true,", "{} // comment", "0\u{0}", "1\u{A0}"])
    func trailingGarbage(text: String) {
        #expect(code(of: text) == .trailingContent)
    }

    @Test("whitespace is only space, tab, line feed and carriage return")
    func whitespace() throws {
        #expect(try parser.parse(" \t\r\n[ \t\r\n1 \t\r\n] \t\r\n") == [1])
        #expect(code(of: "\u{C}1") == .unexpectedCharacter)
        #expect(code(of: "\u{A0}1") == .unexpectedCharacter)
    }

    @Test("NUL and other control characters are errors, escaped they are characters")
    func controlCharacters() throws {
        #expect(code(of: [0x22, 0x00, 0x22]) == .invalidString)
        #expect(code(of: [0x22, 0x5C, 0x6E, 0x1F, 0x22]) == .invalidString)
        #expect(try parser.parse(#""\u0000\u001f""#) == "\u{0}\u{1F}")
    }

    @Test("random bytes and truncated documents end in a value or an error, never a crash")
    func randomInput() {
        var generator = SplitMix64(seed: 0x5EED)
        let alphabet = Array(#"{}[]":,.-+eE0123456789truefalsn \u\"#.utf8) + [0x00, 0x0A, 0x80, 0xC3, 0xED, 0xFF]
        for _ in 0..<5_000 {
            let length = Int.random(in: 0...64, using: &generator)
            let bytes = (0..<length).map { _ in alphabet.randomElement(using: &generator) ?? 0 }
            _ = try? parser.parse(bytes)
        }
        let document = Array(#"{"a": [1, -2.5e3, true, null, "\u00e9\ud83d\udc32"], "b": {"c": "d"}}"#.utf8)
        for end in 0..<document.count {
            #expect(throws: JSONParseError.self) { try parser.parse(document[..<end]) }
        }
    }
}

/// A small deterministic generator, so that a failure can be replayed.
private struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
