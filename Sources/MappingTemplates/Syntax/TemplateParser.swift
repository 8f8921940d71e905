/// Parses Velocity Template Language, the subset API Gateway runs, into ``TemplateNode``s.
///
/// What it reads: text; references `$a`, `$!a`, `${a}`, `$!{a}` with `.property`, `.method(args)`
/// and `[index]` accessors; `#set`, `#if`/`#elseif`/`#else`/`#end`, `#foreach`, `#break`,
/// `#stop`, `#define` (also as `#{if}` and so on); `##` and `#* *#` comments, `#[[ raw ]]#`;
/// `\$` and `\#` escapes. Expressions: `'single'` and `"double $interpolated"` strings (Velocity
/// keeps backslashes in them as they are, and reads a doubled quote as one), integers, doubles,
/// `true`/`false`/`null`, `[lists]`, `[1..n]` ranges, `{maps}`, and the operators
/// `|| && ! == != < > <= >= + - * / %` with their word forms `or and not eq ne lt gt le ge`.
///
/// A `#` or `$` that starts nothing above is text, as in Velocity. A directive alone on its line
/// takes its line with it (indentation and newline), like Velocity's line gobbling, so templates
/// written one directive per line give clean output.
struct TemplateParser {
    private let bytes: [UInt8]
    private var position = 0
    private let maxDepth: Int
    private var depth = 0
    /// Offset of `bytes[0]` in the whole template, for error positions in string literals.
    private let origin: (line: Int, column: Int)
    /// Whether only spaces and tabs precede `position` on its line (for gobbling).
    private var lineBlankSoFar = true

    init(_ source: String, maxDepth: Int) {
        self.init(bytes: Array(source.utf8), maxDepth: maxDepth, origin: (1, 1))
    }

    private init(bytes: [UInt8], maxDepth: Int, origin: (line: Int, column: Int)) {
        self.bytes = bytes
        self.maxDepth = maxDepth
        self.origin = origin
    }

    mutating func parseTemplate() throws(TemplateSyntaxError) -> [TemplateNode] {
        let (nodes, _) = try parseNodes(terminators: [])
        return nodes
    }

    // MARK: Text and directives

    /// What ends a block: `#end`, `#else`, `#elseif(condition)`.
    private enum Terminator {
        case end
        case otherwise
        case elseif(Expression)

        var name: String {
            switch self {
            case .end: "end"
            case .otherwise: "else"
            case .elseif: "elseif"
            }
        }
    }

    /// Nodes up to one of `terminators` (by name: `end`, `else`, `elseif`), which is consumed and
    /// returned; nil at the end of the input, where no terminator may be expected.
    private mutating func parseNodes(terminators: Set<String>) throws(TemplateSyntaxError) -> ([TemplateNode], Terminator?) {
        var nodes: [TemplateNode] = []
        var text: [UInt8] = []
        func flush() {
            if !text.isEmpty {
                nodes.append(.text(String(decoding: text, as: UTF8.self)))
                text.removeAll(keepingCapacity: true)
            }
        }
        while position < bytes.count {
            let byte = bytes[position]
            switch byte {
            case UInt8(ascii: "\\") where position + 1 < bytes.count && (bytes[position + 1] == UInt8(ascii: "$") || bytes[position + 1] == UInt8(ascii: "#")):
                text.append(bytes[position + 1])
                position += 2
                lineBlankSoFar = false
            case UInt8(ascii: "$"):
                if let reference = try parseReferenceIfAny() {
                    flush()
                    nodes.append(.reference(reference))
                    lineBlankSoFar = false
                } else {
                    text.append(byte)
                    position += 1
                    lineBlankSoFar = false
                }
            case UInt8(ascii: "#"):
                let start = position
                guard let directive = try parseDirectiveIfAny(text: &text) else {
                    text.append(byte)
                    position += 1
                    lineBlankSoFar = false
                    continue
                }
                switch directive {
                case .comment:
                    continue
                case .raw(let raw):
                    text.append(contentsOf: raw.utf8)
                    lineBlankSoFar = false
                case .terminator(let terminator):
                    guard terminators.contains(terminator.name) else {
                        position = start
                        throw error("#\(terminator.name) without a matching #if or #foreach")
                    }
                    flush()
                    return (nodes, terminator)
                case .node(let node):
                    flush()
                    nodes.append(node)
                }
            case UInt8(ascii: "\n"):
                text.append(byte)
                position += 1
                lineBlankSoFar = true
            default:
                text.append(byte)
                position += 1
                if byte != UInt8(ascii: " ") && byte != UInt8(ascii: "\t") && byte != UInt8(ascii: "\r") { lineBlankSoFar = false }
            }
        }
        flush()
        if !terminators.isEmpty { throw error("missing #end") }
        return (nodes, nil)
    }

    /// A directive alone on its line removes the line: the spaces before it (still in `text`)
    /// and the rest of the line up to and including the newline.
    private mutating func gobbleLine(blankBefore: Bool, text: inout [UInt8]) {
        var end = position
        while end < bytes.count, bytes[end] == UInt8(ascii: " ") || bytes[end] == UInt8(ascii: "\t") || bytes[end] == UInt8(ascii: "\r") {
            end += 1
        }
        guard blankBefore, end == bytes.count || bytes[end] == UInt8(ascii: "\n") else {
            lineBlankSoFar = false
            return
        }
        while let last = text.last, last == UInt8(ascii: " ") || last == UInt8(ascii: "\t") { text.removeLast() }
        position = min(end + 1, bytes.count)
        lineBlankSoFar = true
    }

    private enum Directive {
        case node(TemplateNode)
        case terminator(Terminator)
        case comment
        case raw(String)
    }

    /// The directive at `position`, or nil when the `#` is text. `text` is the enclosing block's
    /// pending text, whose indentation a directive alone on its line removes.
    private mutating func parseDirectiveIfAny(text: inout [UInt8]) throws(TemplateSyntaxError) -> Directive? {
        let start = position
        let blank = lineBlankSoFar
        if peek(1) == UInt8(ascii: "#") {
            while position < bytes.count, bytes[position] != UInt8(ascii: "\n") { position += 1 }
            gobbleLine(blankBefore: blank, text: &text)
            return .comment
        }
        if peek(1) == UInt8(ascii: "*") {
            guard let close = find("*#", from: position + 2) else { throw error("unterminated #* comment") }
            position = close + 2
            gobbleLine(blankBefore: blank, text: &text)
            return .comment
        }
        if peek(1) == UInt8(ascii: "["), peek(2) == UInt8(ascii: "[") {
            guard let close = find("]]#", from: position + 3) else { throw error("unterminated #[[ block") }
            let raw = String(decoding: bytes[(position + 3)..<close], as: UTF8.self)
            position = close + 3
            return .raw(raw)
        }
        var cursor = position + 1
        let braced = peekAt(cursor) == UInt8(ascii: "{")
        if braced { cursor += 1 }
        let nameStart = cursor
        while cursor < bytes.count, Self.isLetter(bytes[cursor]) { cursor += 1 }
        let name = String(decoding: bytes[nameStart..<cursor], as: UTF8.self)
        if braced {
            guard peekAt(cursor) == UInt8(ascii: "}") else { return nil }
            cursor += 1
        } else if cursor < bytes.count, Self.isIdentifierByte(bytes[cursor]) {
            return nil  // `#ifx`, `#end2`: not a directive
        }
        switch name {
        case "set", "if", "elseif", "foreach", "define", "else", "end", "break", "stop": break
        default: return nil
        }
        position = cursor
        switch name {
        case "else", "end", "break", "stop":
            gobbleLine(blankBefore: blank, text: &text)
            switch name {
            case "else": return .terminator(.otherwise)
            case "end": return .terminator(.end)
            case "break": return .node(.breakLoop)
            default: return .node(.stop)
            }
        default: break
        }
        try enter()
        defer { depth -= 1 }
        skipSpaces()
        guard consume("(") else {
            position = start
            throw error("#\(name) needs '('")
        }
        switch name {
        case "set":
            skipWhitespace()
            guard peek() == UInt8(ascii: "$"), let target = try parseReferenceIfAny() else { throw error("#set needs a $reference on the left") }
            skipWhitespace()
            guard consume("=") else { throw error("#set needs '='") }
            let value = try parseExpression()
            try expect(")")
            gobbleLine(blankBefore: blank, text: &text)
            return .node(.set(target: target, value: value))
        case "elseif":
            let condition = try parseExpression()
            try expect(")")
            gobbleLine(blankBefore: blank, text: &text)
            return .terminator(.elseif(condition))
        case "if":
            var branches: [(condition: Expression, body: [TemplateNode])] = []
            var condition = try parseExpression()
            try expect(")")
            gobbleLine(blankBefore: blank, text: &text)
            var otherwise: [TemplateNode] = []
            while true {
                let (body, terminator) = try parseNodes(terminators: ["end", "else", "elseif"])
                branches.append((condition, body))
                if case .elseif(let next) = terminator {
                    condition = next
                    continue
                }
                if case .otherwise = terminator {
                    otherwise = try parseNodes(terminators: ["end"]).0
                }
                break
            }
            return .node(.conditional(branches: branches, otherwise: otherwise))
        case "foreach":
            skipWhitespace()
            guard consume("$") else { throw error("#foreach needs a $variable") }
            _ = consume("!")
            let braced = consume("{")
            guard let variable = parseIdentifier() else { throw error("#foreach needs a $variable") }
            if braced { try expect("}") }
            skipWhitespace()
            guard consumeWord("in") else { throw error("#foreach needs 'in'") }
            let iterable = try parseExpression()
            try expect(")")
            gobbleLine(blankBefore: blank, text: &text)
            let (body, _) = try parseNodes(terminators: ["end"])
            return .node(.foreach(variable: variable, iterable: iterable, body: body))
        default:  // define
            skipWhitespace()
            guard consume("$"), let variable = parseIdentifier() else { throw error("#define needs a $name") }
            try expect(")")
            gobbleLine(blankBefore: blank, text: &text)
            let (body, _) = try parseNodes(terminators: ["end"])
            return .node(.define(name: variable, body: body))
        }
    }

    // MARK: References

    /// `$name…`, `$!name…`, `${name…}`, `$!{name…}` at `position`; nil (nothing consumed) when the
    /// `$` starts no reference and is text.
    private mutating func parseReferenceIfAny() throws(TemplateSyntaxError) -> Reference? {
        let start = position
        var cursor = position + 1
        if peekAt(cursor) == UInt8(ascii: "!") { cursor += 1 }
        let braced = peekAt(cursor) == UInt8(ascii: "{")
        if braced { cursor += 1 }
        guard let first = peekAt(cursor), Self.isLetter(first) || first == UInt8(ascii: "_") else { return nil }
        position = cursor
        guard let root = parseIdentifier() else {
            position = start
            return nil
        }
        var accessors: [Accessor] = []
        while position < bytes.count {
            if bytes[position] == UInt8(ascii: "."), let next = peek(1), Self.isLetter(next) || next == UInt8(ascii: "_") {
                position += 1
                guard let name = parseIdentifier() else { break }
                if peek() == UInt8(ascii: "(") {
                    position += 1
                    try enter()
                    let arguments = try parseArguments(closing: ")")
                    depth -= 1
                    accessors.append(.method(name: name, arguments: arguments, constant: try compileConstant(root: root, before: accessors, method: name, arguments: arguments)))
                } else {
                    accessors.append(.property(name))
                }
            } else if bytes[position] == UInt8(ascii: "[") {
                position += 1
                try enter()
                let index = try parseExpression()
                depth -= 1
                try expect("]")
                accessors.append(.index(index))
            } else {
                break
            }
        }
        if braced {
            guard consume("}") else {
                position = start
                return nil  // `${a b}` is text in Velocity
            }
        }
        return Reference(root: root, accessors: accessors)
    }

    /// Literal arguments compiled now rather than per render: `$input.path('…')` and
    /// `$input.json('…')` JSONPaths, and the patterns of `replaceAll`, `replaceFirst`, `matches`
    /// and `split`. A literal that cannot compile is reported here, with its position.
    private func compileConstant(root: String, before: [Accessor], method: String, arguments: [Expression]) throws(TemplateSyntaxError) -> CompiledArgument? {
        guard case .string(let literal)? = arguments.first else { return nil }
        switch method {
        case "path" where root == "input" && before.isEmpty, "json" where root == "input" && before.isEmpty:
            do {
                return .path(try JSONPath(literal))
            } catch {
                throw self.error("invalid JSONPath '\(literal)': \(error.message)")
            }
        case "replaceAll", "replaceFirst", "matches", "split":
            do {
                return .regex(try JavaRegex(literal))
            } catch {
                throw self.error("invalid regular expression '\(literal)': \(error.message)")
            }
        default:
            return nil
        }
    }

    private mutating func parseArguments(closing: Character) throws(TemplateSyntaxError) -> [Expression] {
        var arguments: [Expression] = []
        skipWhitespace()
        if consume(closing) { return arguments }
        while true {
            arguments.append(try parseExpression())
            skipWhitespace()
            if consume(closing) { return arguments }
            guard consume(",") else { throw error("expected ',' or '\(closing)'") }
        }
    }

    private mutating func parseIdentifier() -> String? {
        let start = position
        guard position < bytes.count, Self.isLetter(bytes[position]) || bytes[position] == UInt8(ascii: "_") else { return nil }
        position += 1
        while position < bytes.count {
            let byte = bytes[position]
            if Self.isIdentifierByte(byte) && byte != UInt8(ascii: "-") {
                position += 1
            } else if byte == UInt8(ascii: "-"), let next = peek(1), Self.isLetter(next) || Self.isDigit(next) {
                position += 1  // Velocity 1.7 identifiers may hold hyphens (`$my-var`)
            } else {
                break
            }
        }
        return String(decoding: bytes[start..<position], as: UTF8.self)
    }

    // MARK: Expressions

    private mutating func parseExpression() throws(TemplateSyntaxError) -> Expression {
        try enter()
        defer { depth -= 1 }
        return try parseBinary(level: 0)
    }

    /// Binary operators by precedence, loosest first, each with its word form.
    private static let precedence: [[(symbol: String, word: String?, op: BinaryOperator)]] = [
        [("||", "or", .or)],
        [("&&", "and", .and)],
        [("==", "eq", .equal), ("!=", "ne", .notEqual)],
        [("<=", "le", .lessOrEqual), (">=", "ge", .greaterOrEqual), ("<", "lt", .less), (">", "gt", .greater)],
        [("+", nil, .add), ("-", nil, .subtract)],
        [("*", nil, .multiply), ("/", nil, .divide), ("%", nil, .remainder)],
    ]

    /// Left-associative operators of `level` and tighter ones.
    private mutating func parseBinary(level: Int) throws(TemplateSyntaxError) -> Expression {
        guard level < Self.precedence.count else { return try parseUnary() }
        var left = try parseBinary(level: level + 1)
        while true {
            skipWhitespace()
            var matched: BinaryOperator?
            for candidate in Self.precedence[level] {
                if consume(candidate.symbol) || (candidate.word.map { consumeWord($0) } ?? false) {
                    matched = candidate.op
                    break
                }
            }
            guard let op = matched else { return left }
            left = .binary(op, left, try parseBinary(level: level + 1))
        }
    }

    private mutating func parseUnary() throws(TemplateSyntaxError) -> Expression {
        try enter()
        defer { depth -= 1 }
        skipWhitespace()
        if peek() == UInt8(ascii: "!"), peek(1) != UInt8(ascii: "=") {
            position += 1
            return .not(try parseUnary())
        }
        if consumeWord("not") { return .not(try parseUnary()) }
        if peek() == UInt8(ascii: "-"), let next = peek(1), !Self.isDigit(next) {
            position += 1
            return .negate(try parseUnary())
        }
        return try parsePrimary()
    }

    private mutating func parsePrimary() throws(TemplateSyntaxError) -> Expression {
        skipWhitespace()
        guard let byte = peek() else { throw error("expected an expression") }
        switch byte {
        case UInt8(ascii: "$"):
            guard let reference = try parseReferenceIfAny() else { throw error("expected a $reference") }
            return .reference(reference)
        case UInt8(ascii: "'"), UInt8(ascii: "\""):
            return try parseString()
        case UInt8(ascii: "("):
            position += 1
            let inner = try parseExpression()
            try expect(")")
            return inner
        case UInt8(ascii: "["):
            position += 1
            skipWhitespace()
            if consume("]") { return .list([]) }
            let first = try parseExpression()
            skipWhitespace()
            if consume("..") {
                let last = try parseExpression()
                try expect("]")
                return .range(first, last)
            }
            var elements = [first]
            while !consume("]") {
                guard consume(",") else { throw error("expected ',' or ']'") }
                elements.append(try parseExpression())
                skipWhitespace()
            }
            return .list(elements)
        case UInt8(ascii: "{"):
            position += 1
            var entries: [(key: Expression, value: Expression)] = []
            skipWhitespace()
            if consume("}") { return .map(entries) }
            while true {
                let key = try parseExpression()
                skipWhitespace()
                guard consume(":") else { throw error("expected ':' in a map literal") }
                entries.append((key, try parseExpression()))
                skipWhitespace()
                if consume("}") { return .map(entries) }
                guard consume(",") else { throw error("expected ',' or '}'") }
            }
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return try parseNumber()
        default:
            if consumeWord("true") { return .bool(true) }
            if consumeWord("false") { return .bool(false) }
            if consumeWord("null") { return .null }
            throw error("unexpected '\(Character(Unicode.Scalar(byte)))' in an expression")
        }
    }

    private mutating func parseNumber() throws(TemplateSyntaxError) -> Expression {
        let start = position
        if peek() == UInt8(ascii: "-") { position += 1 }
        while let byte = peek(), Self.isDigit(byte) { position += 1 }
        var isDouble = false
        if peek() == UInt8(ascii: "."), let next = peek(1), Self.isDigit(next) {
            isDouble = true
            position += 1
            while let byte = peek(), Self.isDigit(byte) { position += 1 }
        }
        let text = String(decoding: bytes[start..<position], as: UTF8.self)
        if isDouble, let value = Double(text) { return .double(value) }
        if let value = Int(text) { return .int(value) }
        position = start
        throw error("number '\(text)' out of range")
    }

    /// `'…'` is taken as it is; `"…"` is a template of its own when it holds `$` or `#`.
    private mutating func parseString() throws(TemplateSyntaxError) -> Expression {
        let quote = bytes[position]
        let start = position
        position += 1
        var content: [UInt8] = []
        while true {
            guard position < bytes.count else {
                position = start
                throw error("unterminated string literal")
            }
            let byte = bytes[position]
            if byte == quote {
                if peek(1) == quote {  // a doubled quote stands for one
                    content.append(quote)
                    position += 2
                    continue
                }
                position += 1
                break
            }
            if byte == UInt8(ascii: "\\"), let next = peek(1) {  // kept as written, but never ends the string
                content.append(byte)
                content.append(next)
                position += 2
                continue
            }
            content.append(byte)
            position += 1
        }
        guard quote == UInt8(ascii: "\""), content.contains(where: { $0 == UInt8(ascii: "$") || $0 == UInt8(ascii: "#") }) else {
            return .string(String(decoding: content, as: UTF8.self))
        }
        let (line, column) = location(of: start + 1)
        var inner = TemplateParser(bytes: content, maxDepth: maxDepth, origin: (line, column))
        inner.depth = depth + 1
        inner.lineBlankSoFar = false
        guard inner.depth <= maxDepth else { throw error("nested too deeply") }
        let nodes = try inner.parseTemplate()
        if nodes.count == 1, case .text(let text) = nodes[0] { return .string(text) }
        return .interpolated(nodes)
    }

    // MARK: Scanning

    private func peek(_ offset: Int = 0) -> UInt8? { peekAt(position + offset) }

    private func peekAt(_ index: Int) -> UInt8? { index < bytes.count ? bytes[index] : nil }

    private mutating func consume(_ literal: String) -> Bool {
        let literalBytes = Array(literal.utf8)
        guard position + literalBytes.count <= bytes.count, Array(bytes[position..<(position + literalBytes.count)]) == literalBytes else { return false }
        position += literalBytes.count
        return true
    }

    private mutating func consume(_ character: Character) -> Bool { consume(String(character)) }

    /// A word operator (`and`, `in`, `true`…) that is not the start of a longer name.
    private mutating func consumeWord(_ word: String) -> Bool {
        let start = position
        guard consume(word) else { return false }
        if let next = peek(), Self.isIdentifierByte(next) {
            position = start
            return false
        }
        return true
    }

    private mutating func expect(_ character: Character) throws(TemplateSyntaxError) {
        skipWhitespace()
        guard consume(character) else { throw error("expected '\(character)'") }
    }

    private mutating func skipWhitespace() {
        while let byte = peek(), byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") || byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r") {
            position += 1
        }
    }

    private mutating func skipSpaces() {
        while let byte = peek(), byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") { position += 1 }
    }

    private func find(_ literal: String, from start: Int) -> Int? {
        let literalBytes = Array(literal.utf8)
        var index = start
        while index + literalBytes.count <= bytes.count {
            if bytes[index] == literalBytes[0], Array(bytes[index..<(index + literalBytes.count)]) == literalBytes { return index }
            index += 1
        }
        return nil
    }

    private mutating func enter() throws(TemplateSyntaxError) {
        depth += 1
        if depth > maxDepth { throw error("nested more than \(maxDepth) levels deep") }
    }

    private func location(of offset: Int) -> (line: Int, column: Int) {
        var line = origin.line
        var column = origin.column
        for byte in bytes[..<min(offset, bytes.count)] {
            if byte == UInt8(ascii: "\n") {
                line += 1
                column = 1
            } else if byte & 0xC0 != 0x80 {
                column += 1
            }
        }
        return (line, column)
    }

    private func error(_ message: String) -> TemplateSyntaxError {
        let (line, column) = location(of: position)
        return TemplateSyntaxError(message, line: line, column: column)
    }

    private static func isLetter(_ byte: UInt8) -> Bool {
        (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
    }

    private static func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }

    private static func isIdentifierByte(_ byte: UInt8) -> Bool {
        isLetter(byte) || isDigit(byte) || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "-")
    }
}
