import JSON
import Testing

@Suite("JSONValueParser")
struct JSONValueParserTests {
    let parser = JSONValueParser()

    @Test("parses every kind of value, keeping key order")
    func values() throws {
        let value = try parser.parse(#" { "b": [1, -2.5e3, 0, true, false, null], "a": {"x": "y"}, "": "" } "#)
        #expect(value == ["b": [1, -2500, 0, true, false, nil], "a": ["x": "y"], "": ""])
        #expect(value.objectValue?.keys == ["b", "a", ""])
    }

    @Test("decodes escapes, surrogate pairs and raw UTF-8")
    func strings() throws {
        let value = try parser.parse(#"["\"\\\/\b\f\n\r\t", "\u00e9\ud83d\udc32", "é🐲"]"#)
        #expect(value == ["\"\\/\u{8}\u{C}\n\r\t", "é🐲", "é🐲"])
    }

    @Test("numbers: integers stay exact, big ones become doubles, too big ones are rejected")
    func numbers() throws {
        #expect(try parser.parse("9007199254740993") == .number(9_007_199_254_740_992))
        #expect(try parser.parse("123456789012345") == .number(123_456_789_012_345))
        #expect(try parser.parse("1E+2") == .number(100))
        #expect(try parser.parse("-0.5e-1") == .number(-0.05))
        #expect(try parser.parse("12345678910111213141516171819202122232425262728293031").numberValue == 1.2345678910111213e52)
        #expect(throws: JSONParseError.self) { try parser.parse("1e400") }
    }

    @Test(
        "rejects what RFC 8259 does not allow",
        arguments: [
            ("", "unexpectedEnd"), ("[1,]", "unexpectedCharacter"), ("{\"a\":1,}", "unexpectedCharacter"),
            ("01", "invalidNumber"), ("1.", "invalidNumber"), ("-", "invalidNumber"), (".5", "unexpectedCharacter"),
            ("NaN", "unexpectedCharacter"), ("[1] x", "trailingContent"), ("\"a\tb\"", "invalidString"),
            ("\"\\x\"", "invalidString"), ("\"\\ud800\"", "invalidString"), ("\"\\udc00\"", "invalidString"),
            ("// c\n1", "unexpectedCharacter"), ("{'a':1}", "unexpectedCharacter"), ("tru", "unexpectedEnd"),
            ("[\"abc", "unexpectedEnd"), ("{\"a\" 1}", "unexpectedCharacter"),
        ])
    func rejects(text: String, code: String) {
        #expect {
            try parser.parse(text)
        } throws: { error in
            (error as? JSONParseError)?.code.description == code
        }
    }

    @Test("rejects malformed UTF-8")
    func invalidUTF8() {
        #expect {
            try parser.parse([0x22, 0xC3, 0x28, 0x22])
        } throws: { error in
            (error as? JSONParseError)?.code == .invalidUTF8
        }
    }

    @Test("reports line and column")
    func position() {
        do {
            _ = try parser.parse("{\n  \"a\": 1,\n  \"b\": ?\n}")
            Issue.record("expected an error")
        } catch {
            #expect(error.line == 3)
            #expect(error.column == 8)
            #expect(error.description.hasSuffix("at line 3, column 8"))
        }
    }

    @Test("limits nesting instead of exhausting the stack")
    func depthLimit() throws {
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        #expect {
            try parser.parse(deep)
        } throws: { error in
            (error as? JSONParseError)?.code == .tooDeep
        }
        let ok = String(repeating: "[", count: 100) + String(repeating: "]", count: 100)
        #expect(try JSONValueParser(maxDepth: 100).parse(ok).arrayValue?.count == 1)
        #expect(throws: JSONParseError.self) { try JSONValueParser(maxDepth: 99).parse(ok) }
    }

    @Test("a duplicate key keeps its first position and its last value")
    func duplicateKeys() throws {
        let value = try parser.parse(#"{"a": 1, "b": 2, "a": 3}"#)
        #expect(value.objectValue?.keys == ["a", "b"])
        #expect(value["a"] == 3)
    }
}
