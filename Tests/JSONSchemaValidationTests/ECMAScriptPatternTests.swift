import JSON
import JSONSchemaValidation
import Testing

/// `pattern` follows ECMA-262, not ICU or Swift: checked through schemas.
@Suite("ECMA-262 patterns")
struct ECMAScriptPatternTests {
    static func matches(_ pattern: String, _ string: String) throws -> Bool {
        try JSONSchemaValidator(schema: ["pattern": .string(pattern)]).isValid(.string(string))
    }

    static let cases: [(String, String, Bool)] = [
            ("^abc$", "abc", true), ("^abc$", "abc\n", false), ("a+", "xxaayy", true), ("^\\d+$", "42", true),
            ("^\\d+$", "\u{0664}\u{0662}", false), ("^\\w+$", "héllo", false), ("^\\s$", "\u{FEFF}", true),
            ("^\\s$", "\u{85}", false), ("^.$", "\u{85}", true), ("^.$", "\n", false), ("^.$", "🐲", true),
            ("\\bfoo\\b", "a foo.", true), ("\\bfoo\\b", "éfooé", true), ("\\Bfoo", "afoo", true),
            ("^[^]$", "\n", true), ("^[]$", "", false), ("^a{$", "a{", true), ("^a{2}$", "aa", true),
            ("^a{,2}$", "a{,2}", true), ("^\\cJ$", "\n", true), ("^\\x41\\u0042\\u{43}$", "ABC", true),
            ("^\\uD83D\\uDC32$", "🐲", true), ("^(a)\\1$", "aa", true), ("^(?<x>b)\\k<x>$", "bb", true),
            ("(?<=\\$)\\d+", "$42", true), ("(?<!\\$)\\b\\d+", "$42", false), ("^[\\d-z]+$", "1-z", true),
            ("^[a-c\\-]+$", "a-c", true), ("^\\p{Lu}", "Élan", true), ("^\\/$", "/", true), ("^a|b$", "xb", true),
            ("^[\\b]$", "\u{8}", true), ("^\\0$", "\u{0}", true), ("^]$", "]", true), ("^x*?y$", "xxy", true),
            ("^[&&]+$", "&&", true), ("^\\v$", "\u{B}", true),
        ]

    @Test("ECMA-262 semantics", arguments: cases)
    func semantics(pattern: String, string: String, expected: Bool) throws {
        #expect(try Self.matches(pattern, string) == expected, "/\(pattern)/ on \(string.debugDescription)")
    }

    @Test("invalid ECMA-262 patterns are compile errors", arguments: ["(", ")", "a**", "[a", "\\", "+a", "(?<1>a)", "a{2,1}"])
    func invalid(pattern: String) {
        #expect {
            try JSONSchemaValidator(schema: ["pattern": .string(pattern)])
        } throws: { error in
            (error as? SchemaCompilationError)?.code == .invalidPattern
        }
    }
}
