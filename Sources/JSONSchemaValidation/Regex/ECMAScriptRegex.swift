import Foundation

/// A compiled ECMA-262 regular expression, as JSON Schema's `pattern` and `patternProperties` use.
///
/// The pattern is translated once into ICU syntax with ECMA-262 semantics
/// (``ECMAScriptPatternTranslator`` lists the differences it bridges) and compiled once into an
/// `NSRegularExpression`; matching then only runs the compiled program. `NSRegularExpression` was
/// chosen over Swift `Regex` by measurement on this project's machines: it is as fast or faster
/// on typical patterns and about ten times faster on Unicode properties (`^\p{L}+$`), it supports
/// lookbehind, and it is `Sendable`.
///
/// Matching is unanchored (a match anywhere in the string counts), as JSON Schema requires.
/// Backtracking is not bounded: a pathological pattern written by the API owner can be slow on
/// long inputs, as with any backtracking engine.
struct ECMAScriptRegex: Sendable {
    /// Why a pattern was rejected.
    struct SyntaxError: Error, Sendable, Hashable {
        /// What is wrong.
        var message: String
        /// The code-point offset in the pattern where the problem was noticed.
        var offset: Int
    }

    /// The pattern as written in the schema.
    let source: String
    /// The ICU translation actually compiled.
    let translated: String
    private let expression: NSRegularExpression

    init(_ pattern: String) throws(SyntaxError) {
        source = pattern
        translated = try ECMAScriptPatternTranslator.translate(pattern)
        do {
            expression = try NSRegularExpression(pattern: translated, options: [])
        } catch {
            throw SyntaxError(message: "the regular expression engine rejected the pattern (\(error))", offset: 0)
        }
    }

    /// Whether the pattern matches somewhere in `string`.
    func matches(_ string: String) -> Bool {
        let range = NSRange(location: 0, length: string.utf16.count)
        return expression.firstMatch(in: string, options: [], range: range) != nil
    }
}
