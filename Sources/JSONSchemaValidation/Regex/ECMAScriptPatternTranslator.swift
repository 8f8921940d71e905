/// Rewrites an ECMA-262 regular expression (the dialect JSON Schema's `pattern` and
/// `patternProperties` use) into ICU syntax whose matching has ECMA-262 semantics.
///
/// ICU and ECMA-262 disagree on many small points, so the translator parses the ECMA pattern and
/// writes every construct out explicitly:
/// - `\d`, `\w`, `\b` are ASCII-only in ECMA (Unicode in ICU): written as explicit ASCII classes and
///   lookarounds.
/// - `\s` is ECMA's WhiteSpace and LineTerminator set, which includes U+FEFF: written as a class.
/// - `.` excludes only LF, CR, U+2028 and U+2029 (ICU also excludes U+0085): written as a class.
/// - `$` matches only at the very end (ICU also before a final newline): written `\z`.
/// - `\cX`, `\xHH`, `\uHHHH` (with surrogate pairs joined), `\u{...}`, `\0` and `\v` become
///   `\x{...}` code points; `[]` matches nothing and `[^]` anything.
/// - Annex B leniencies are kept: a lone `{`, `}` or `]` is a literal, `\8` is `8`, `\c` before a
///   non-letter is a backslash, identity escapes of letters stand for the letter.
/// - Every other literal is written as `\x{...}` (ASCII letters as themselves), so no ICU-only
///   syntax (`&&`, `--` in sets, `\Q`, possessive quantifiers) can sneak in.
///
/// Matching is over Unicode code points, as with ECMA's `u` flag, which the JSON Schema test suite
/// expects (`\p{Letter}` works and an astral character is one character).
struct ECMAScriptPatternTranslator {
    private let scalars: [Unicode.Scalar]
    private var position = 0
    private var output = ""
    private let captureCount: Int
    private let groupNames: Set<String>

    private static let digitClass = "0-9"
    private static let wordClass = "A-Za-z0-9_"
    private static let spaceClass =
        "\\t\\n\\x{B}\\f\\r\\x{20}\\x{A0}\\x{1680}\\x{2000}-\\x{200A}\\x{2028}\\x{2029}\\x{202F}\\x{205F}\\x{3000}\\x{FEFF}"
    private static let dot = "[^\\n\\r\\x{2028}\\x{2029}]"
    private static let wordBoundary =
        "(?:(?<=[A-Za-z0-9_])(?![A-Za-z0-9_])|(?<![A-Za-z0-9_])(?=[A-Za-z0-9_]))"
    private static let nonWordBoundary =
        "(?:(?<=[A-Za-z0-9_])(?=[A-Za-z0-9_])|(?<![A-Za-z0-9_])(?![A-Za-z0-9_]))"

    private enum Group {
        case capturing, nonCapturing, lookahead, lookbehind
    }

    private enum ClassAtom {
        case scalar(Unicode.Scalar)
        case set(String)
    }

    /// Translates `pattern`; throws a ``ECMAScriptRegex/SyntaxError`` naming the problem and its
    /// code-point offset when the pattern is not a valid ECMA-262 pattern.
    static func translate(_ pattern: String) throws(ECMAScriptRegex.SyntaxError) -> String {
        var translator = ECMAScriptPatternTranslator(pattern: pattern)
        try translator.translateAll()
        return translator.output
    }

    private init(pattern: String) {
        scalars = Array(pattern.unicodeScalars)
        (captureCount, groupNames) = ECMAScriptPatternTranslator.scanGroups(scalars)
    }

    /// Counts capturing groups and collects group names, so that `\N` can be told apart from a
    /// legacy octal escape before the group is reached.
    private static func scanGroups(_ scalars: [Unicode.Scalar]) -> (Int, Set<String>) {
        var count = 0
        var names: Set<String> = []
        var index = 0
        var inClass = false
        while index < scalars.count {
            let scalar = scalars[index]
            if scalar == "\\" {
                index += 2
                continue
            }
            if inClass {
                if scalar == "]" { inClass = false }
                index += 1
                continue
            }
            if scalar == "[" {
                inClass = true
                index += 1
                if index < scalars.count, scalars[index] == "^" { index += 1 }
                if index < scalars.count, scalars[index] == "]" {
                    inClass = false
                    index += 1
                }
                continue
            }
            if scalar == "(" {
                if index + 1 < scalars.count, scalars[index + 1] == "?" {
                    if index + 3 < scalars.count, scalars[index + 2] == "<", scalars[index + 3] != "=",
                        scalars[index + 3] != "!"
                    {
                        count += 1
                        var name = ""
                        var cursor = index + 3
                        while cursor < scalars.count, scalars[cursor] != ">" {
                            name.unicodeScalars.append(scalars[cursor])
                            cursor += 1
                        }
                        names.insert(name)
                    }
                } else {
                    count += 1
                }
            }
            index += 1
        }
        return (count, names)
    }

    // MARK: Top level

    private mutating func translateAll() throws(ECMAScriptRegex.SyntaxError) {
        var groups: [Group] = []
        var canQuantify = false
        while position < scalars.count {
            let scalar = scalars[position]
            switch scalar {
            case "^":
                output += "^"
                position += 1
                canQuantify = false
            case "$":
                output += "\\z"
                position += 1
                canQuantify = false
            case ".":
                output += Self.dot
                position += 1
                canQuantify = true
            case "(":
                groups.append(try translateGroupOpening())
                canQuantify = false
            case ")":
                guard let group = groups.popLast() else { throw error("unmatched ')'") }
                output += ")"
                position += 1
                canQuantify = group != .lookbehind
            case "|":
                output += "|"
                position += 1
                canQuantify = false
            case "*", "+", "?":
                guard canQuantify else { throw error("nothing to repeat before '\(scalar)'") }
                output.unicodeScalars.append(scalar)
                position += 1
                translateLazySuffix()
                canQuantify = false
            case "{":
                if let quantifier = try parseBraceQuantifier() {
                    guard canQuantify else { throw error("nothing to repeat before '{'") }
                    output += quantifier
                    translateLazySuffix()
                    canQuantify = false
                } else {
                    emitLiteral(scalar)
                    position += 1
                    canQuantify = true
                }
            case "[":
                try translateClass()
                canQuantify = true
            case "\\":
                canQuantify = try translateEscape()
            default:
                emitLiteral(scalar)
                position += 1
                canQuantify = true
            }
        }
        if !groups.isEmpty { throw error("unterminated group: missing ')'") }
    }

    private mutating func translateLazySuffix() {
        if position < scalars.count, scalars[position] == "?" {
            output += "?"
            position += 1
        }
    }

    private mutating func translateGroupOpening() throws(ECMAScriptRegex.SyntaxError) -> Group {
        position += 1  // (
        guard position < scalars.count, scalars[position] == "?" else {
            output += "("
            return .capturing
        }
        position += 1
        guard position < scalars.count else { throw error("incomplete group '(?'") }
        switch scalars[position] {
        case ":":
            position += 1
            output += "(?:"
            return .nonCapturing
        case "=":
            position += 1
            output += "(?="
            return .lookahead
        case "!":
            position += 1
            output += "(?!"
            return .lookahead
        case "<":
            position += 1
            if position < scalars.count, scalars[position] == "=" || scalars[position] == "!" {
                output += "(?<"
                output.unicodeScalars.append(scalars[position])
                position += 1
                return .lookbehind
            }
            let name = try parseGroupName()
            output += "(?<\(name)>"
            return .capturing
        default:
            throw error("invalid group: '(?' must be followed by ':', '=', '!', '<=', '<!' or '<name>'")
        }
    }

    /// Parses `name>` after `(?<` or `\k<`; ICU accepts ASCII letters and digits only.
    private mutating func parseGroupName() throws(ECMAScriptRegex.SyntaxError) -> String {
        var name = ""
        while position < scalars.count, scalars[position] != ">" {
            name.unicodeScalars.append(scalars[position])
            position += 1
        }
        guard position < scalars.count else { throw error("unterminated group name") }
        position += 1  // >
        guard let first = name.unicodeScalars.first, first.isASCIILetter,
            name.unicodeScalars.allSatisfy({ $0.isASCIILetter || $0.isASCIIDigit })
        else {
            throw error("unsupported group name '\(name)' (use ASCII letters and digits)")
        }
        return name
    }

    /// Parses `{n}`, `{n,}` or `{n,m}` at `position`; returns nil (not advancing) when the brace
    /// does not start a quantifier, in which case it is a literal (Annex B).
    private mutating func parseBraceQuantifier() throws(ECMAScriptRegex.SyntaxError) -> String? {
        var cursor = position + 1
        func digits() -> String {
            var text = ""
            while cursor < scalars.count, scalars[cursor].isASCIIDigit {
                text.unicodeScalars.append(scalars[cursor])
                cursor += 1
            }
            return text
        }
        let minimum = digits()
        guard !minimum.isEmpty, cursor < scalars.count else { return nil }
        var hasComma = false
        var maximum = ""
        if scalars[cursor] == "," {
            hasComma = true
            cursor += 1
            maximum = digits()
        }
        guard cursor < scalars.count, scalars[cursor] == "}" else { return nil }
        guard let low = Int32(minimum), maximum.isEmpty || Int32(maximum) != nil else {
            throw error("quantifier bound too large")
        }
        position = cursor + 1
        guard hasComma else { return "{\(low)}" }
        guard let high = Int32(maximum) else { return "{\(low),}" }
        guard low <= high else { throw error("numbers out of order in {} quantifier") }
        return "{\(low),\(high)}"
    }

    // MARK: Escapes

    /// Translates an escape outside a class; returns whether a quantifier may follow it.
    private mutating func translateEscape() throws(ECMAScriptRegex.SyntaxError) -> Bool {
        position += 1  // backslash
        guard position < scalars.count else { throw error("'\\' at end of pattern") }
        let escape = scalars[position]
        position += 1
        switch escape {
        case "d": output += "[\(Self.digitClass)]"
        case "D": output += "[^\(Self.digitClass)]"
        case "w": output += "[\(Self.wordClass)]"
        case "W": output += "[^\(Self.wordClass)]"
        case "s": output += "[\(Self.spaceClass)]"
        case "S": output += "[^\(Self.spaceClass)]"
        case "b":
            output += Self.wordBoundary
            return false
        case "B":
            output += Self.nonWordBoundary
            return false
        case "p", "P":
            if let property = try parseProperty(negated: escape == "P") {
                output += property
            } else {
                emitLiteral(escape)
            }
        case "k":
            if groupNames.isEmpty {
                emitLiteral(escape)
            } else {
                guard position < scalars.count, scalars[position] == "<" else {
                    throw error("'\\k' must be followed by '<name>'")
                }
                position += 1
                let name = try parseGroupName()
                guard groupNames.contains(name) else { throw error("no group named '\(name)'") }
                output += "\\k<\(name)>"
            }
        case "1"..."9":
            // As many digits as name an existing group; otherwise a legacy octal escape (Annex B).
            let start = position - 1
            var value = 0
            var cursor = start
            while cursor < scalars.count, scalars[cursor].isASCIIDigit {
                let next = value * 10 + Int(scalars[cursor].value - 0x30)
                if next > captureCount { break }
                value = next
                cursor += 1
            }
            if value >= 1 {
                position = cursor
                output += "\\\(value)"
            } else {
                position = start
                emitLiteral(parseLegacyOctalOrIdentity())
            }
        case "0":
            if position < scalars.count, scalars[position].isASCIIDigit {
                position -= 1
                emitLiteral(parseLegacyOctalOrIdentity())
            } else {
                emitLiteral(Unicode.Scalar(0))
            }
        default:
            position -= 1
            emitLiteral(try parseCharacterEscape())
        }
        return true
    }

    /// Parses `{Name}` or `{Name=Value}` after `\p`/`\P`; nil when no brace follows.
    private mutating func parseProperty(negated: Bool) throws(ECMAScriptRegex.SyntaxError) -> String? {
        guard position < scalars.count, scalars[position] == "{" else { return nil }
        var cursor = position + 1
        var body = ""
        while cursor < scalars.count, scalars[cursor] != "}" {
            let scalar = scalars[cursor]
            guard scalar.isASCIILetter || scalar.isASCIIDigit || scalar == "_" || scalar == "=" else {
                throw error("invalid Unicode property name")
            }
            body.unicodeScalars.append(scalar)
            cursor += 1
        }
        guard cursor < scalars.count, !body.isEmpty else { throw error("unterminated Unicode property escape") }
        position = cursor + 1
        return (negated ? "\\P{" : "\\p{") + body + "}"
    }

    /// Parses a legacy octal escape (`\0`-`\377`) or, for `\8`/`\9`, the digit itself (Annex B).
    /// `position` is at the first digit.
    private mutating func parseLegacyOctalOrIdentity() -> Unicode.Scalar {
        let first = scalars[position]
        guard first.value < 0x38 else {
            position += 1
            return first
        }
        var value: UInt32 = 0
        var digits = 0
        while position < scalars.count, digits < 3, (0x30..<0x38).contains(scalars[position].value) {
            let next = value * 8 + scalars[position].value - 0x30
            if next > 0o377 { break }
            value = next
            digits += 1
            position += 1
        }
        return Unicode.Scalar(value) ?? first
    }

    /// Parses a character escape (the part after `\`) that stands for one code point: control
    /// escapes, `\cX`, `\xHH`, `\uHHHH`, `\u{...}` and identity escapes. `position` is at the
    /// character after the backslash.
    private mutating func parseCharacterEscape() throws(ECMAScriptRegex.SyntaxError) -> Unicode.Scalar {
        let escape = scalars[position]
        position += 1
        switch escape {
        case "t": return "\t"
        case "n": return "\n"
        case "v": return Unicode.Scalar(0x0B)
        case "f": return Unicode.Scalar(0x0C)
        case "r": return "\r"
        case "c":
            if position < scalars.count, scalars[position].isASCIILetter {
                let letter = scalars[position]
                position += 1
                return Unicode.Scalar(UInt8(letter.value % 32))
            }
            // Annex B: `\c` not followed by a letter is a backslash, and the `c` is read again.
            position -= 1
            return "\\"
        case "x":
            if let value = hexValue(at: position, digits: 2), let scalar = Unicode.Scalar(value) {
                position += 2
                return scalar
            }
            return "x"
        case "u":
            if position < scalars.count, scalars[position] == "{" {
                var cursor = position + 1
                var value: UInt32 = 0
                while cursor < scalars.count, scalars[cursor].isASCIIHexDigit, value <= 0x10FFFF {
                    value = value * 16 + hexDigit(scalars[cursor])
                    cursor += 1
                }
                guard cursor < scalars.count, scalars[cursor] == "}", cursor > position + 1,
                    let scalar = Unicode.Scalar(value)
                else {
                    throw error("invalid \\u{...} escape")
                }
                position = cursor + 1
                return scalar
            }
            guard let unit = hexValue(at: position, digits: 4) else { return "u" }
            position += 4
            if (0xD800...0xDBFF).contains(unit), position + 1 < scalars.count, scalars[position] == "\\",
                scalars[position + 1] == "u", let low = hexValue(at: position + 2, digits: 4),
                (0xDC00...0xDFFF).contains(low)
            {
                position += 6
                let combined = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00)
                if let scalar = Unicode.Scalar(combined) { return scalar }
            }
            guard let scalar = Unicode.Scalar(unit) else {
                throw error("a lone surrogate \\u escape cannot match any string")
            }
            return scalar
        default:
            return escape
        }
    }

    private func hexValue(at start: Int, digits: Int) -> UInt32? {
        guard start + digits <= scalars.count else { return nil }
        var value: UInt32 = 0
        for index in start..<(start + digits) {
            guard scalars[index].isASCIIHexDigit else { return nil }
            value = value * 16 + hexDigit(scalars[index])
        }
        return value
    }

    private func hexDigit(_ scalar: Unicode.Scalar) -> UInt32 {
        switch scalar.value {
        case 0x30...0x39: scalar.value - 0x30
        case 0x41...0x46: scalar.value - 0x41 + 10
        default: scalar.value - 0x61 + 10
        }
    }

    // MARK: Classes

    private mutating func translateClass() throws(ECMAScriptRegex.SyntaxError) {
        position += 1  // [
        var negated = false
        if position < scalars.count, scalars[position] == "^" {
            negated = true
            position += 1
        }
        if position < scalars.count, scalars[position] == "]" {
            position += 1
            output += negated ? "[\\x{0}-\\x{10FFFF}]" : "[^\\x{0}-\\x{10FFFF}]"
            return
        }
        var body = ""
        while true {
            guard position < scalars.count else { throw error("unterminated character class: missing ']'") }
            if scalars[position] == "]" {
                position += 1
                break
            }
            let first = try parseClassAtom()
            if case .scalar(let low) = first, position + 1 < scalars.count, scalars[position] == "-",
                scalars[position + 1] != "]"
            {
                position += 1  // -
                let second = try parseClassAtom()
                switch second {
                case .scalar(let high):
                    guard low.value <= high.value else { throw error("range out of order in character class") }
                    body += Self.literal(low) + "-" + Self.literal(high)
                case .set(let set):
                    // Annex B: a range with a class escape at one end is three literals.
                    body += Self.literal(low) + Self.literal("-") + set
                }
            } else {
                switch first {
                case .scalar(let scalar): body += Self.literal(scalar)
                case .set(let set): body += set
                }
            }
        }
        output += "[" + (negated ? "^" : "") + body + "]"
    }

    private mutating func parseClassAtom() throws(ECMAScriptRegex.SyntaxError) -> ClassAtom {
        let scalar = scalars[position]
        position += 1
        guard scalar == "\\" else { return .scalar(scalar) }
        guard position < scalars.count else { throw error("'\\' at end of pattern") }
        let escape = scalars[position]
        switch escape {
        case "d":
            position += 1
            return .set("[\(Self.digitClass)]")
        case "D":
            position += 1
            return .set("[^\(Self.digitClass)]")
        case "w":
            position += 1
            return .set("[\(Self.wordClass)]")
        case "W":
            position += 1
            return .set("[^\(Self.wordClass)]")
        case "s":
            position += 1
            return .set("[\(Self.spaceClass)]")
        case "S":
            position += 1
            return .set("[^\(Self.spaceClass)]")
        case "p", "P":
            position += 1
            if let property = try parseProperty(negated: escape == "P") { return .set(property) }
            return .scalar(escape)
        case "b":
            position += 1
            return .scalar(Unicode.Scalar(0x08))
        case "-":
            position += 1
            return .scalar("-")
        case "c":
            // Annex B: inside a class, `\c` may also take a digit or `_`.
            if position + 1 < scalars.count, scalars[position + 1].isASCIIDigit || scalars[position + 1] == "_" {
                let value = scalars[position + 1].value % 32
                position += 2
                return .scalar(Unicode.Scalar(UInt8(value)))
            }
            return .scalar(try parseCharacterEscape())
        case "0"..."9":
            if escape == "0", !(position + 1 < scalars.count && scalars[position + 1].isASCIIDigit) {
                position += 1
                return .scalar(Unicode.Scalar(0))
            }
            return .scalar(parseLegacyOctalOrIdentity())
        default:
            return .scalar(try parseCharacterEscape())
        }
    }

    // MARK: Output

    private mutating func emitLiteral(_ scalar: Unicode.Scalar) {
        output += Self.literal(scalar)
    }

    /// ASCII letters as themselves, everything else as `\x{...}`, which means the same inside and
    /// outside a class and can never be taken for ICU syntax.
    private static func literal(_ scalar: Unicode.Scalar) -> String {
        if scalar.isASCIILetter { return String(Character(scalar)) }
        return "\\x{" + String(scalar.value, radix: 16, uppercase: true) + "}"
    }

    private func error(_ message: String) -> ECMAScriptRegex.SyntaxError {
        ECMAScriptRegex.SyntaxError(message: message, offset: position)
    }
}
