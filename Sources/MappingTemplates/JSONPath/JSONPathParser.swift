import JSON

/// Reads JSONPath text into ``JSONPath`` segments (see there for the syntax).
struct JSONPathParser {
    private let characters: [Character]
    private var position = 0
    private var depth = 0

    init(_ text: String) {
        var text = text.trimmingCharacters(of: " \t\n\r")
        // Jayway reads `a.b` and `[0]` as `$.a.b` and `$[0]`.
        if !text.hasPrefix("$") {
            text = text.hasPrefix("[") || text.hasPrefix(".") ? "$" + text : "$." + text
        }
        characters = Array(text)
    }

    mutating func parsePath() throws(JSONPathError) -> [JSONPath.Segment] {
        guard consume("$") else { throw JSONPathError("a path starts with '$'") }
        let segments = try parseSegments(stopAt: nil)
        guard position == characters.count else { throw JSONPathError("unexpected '\(characters[position])' at \(position)") }
        return segments
    }

    /// Segments until the end of the text, or until `stop` (used inside filters).
    private mutating func parseSegments(stopAt stop: Set<Character>?) throws(JSONPathError) -> [JSONPath.Segment] {
        var segments: [JSONPath.Segment] = []
        while position < characters.count {
            let character = characters[position]
            if let stop, stop.contains(character) || character == " " { break }
            if consume("..") {
                if peek() == "[" {
                    position += 1
                    segments.append(.descendant(try parseBracket()))
                } else if consume("*") {
                    segments.append(.descendant([.wildcard]))
                } else {
                    segments.append(.descendant([.name(try parseName())]))
                }
            } else if consume(".") {
                if consume("*") {
                    segments.append(.child([.wildcard]))
                } else {
                    segments.append(.child([.name(try parseName())]))
                }
            } else if consume("[") {
                segments.append(.child(try parseBracket()))
            } else {
                if stop != nil { break }
                throw JSONPathError("unexpected '\(character)' at \(position)")
            }
        }
        return segments
    }

    private mutating func parseName() throws(JSONPathError) -> String {
        let start = position
        while position < characters.count, !".[ ()=!<>&|,]".contains(characters[position]) { position += 1 }
        guard position > start else { throw JSONPathError("expected a name at \(start)") }
        return String(characters[start..<position])
    }

    /// After `[`: `*`, names, indices, a slice or a filter, then `]`.
    private mutating func parseBracket() throws(JSONPathError) -> [JSONPath.Selector] {
        skipSpaces()
        if consume("*") {
            try expect("]")
            return [.wildcard]
        }
        if consume("?") {
            skipSpaces()
            try expect("(")
            let filter = try parseFilterOr()
            skipSpaces()
            try expect(")")
            skipSpaces()
            try expect("]")
            return [.filter(filter)]
        }
        if peek() == "'" || peek() == "\"" {
            var names: [JSONPath.Selector] = []
            repeat {
                skipSpaces()
                names.append(.name(try parseQuoted()))
                skipSpaces()
            } while consume(",")
            try expect("]")
            return names
        }
        // Integers: an index, a union of indices, or a slice.
        let first = parseInteger()
        skipSpaces()
        if consume(":") {
            let end = parseInteger()
            var step: Int?
            skipSpaces()
            if consume(":") { step = parseInteger() }
            skipSpaces()
            try expect("]")
            return [.slice(start: first, end: end, step: step)]
        }
        guard let first else { throw JSONPathError("expected an index, a name, '*', a slice or a filter at \(position)") }
        var indices: [JSONPath.Selector] = [.index(first)]
        while consume(",") {
            skipSpaces()
            guard let next = parseInteger() else { throw JSONPathError("expected an index at \(position)") }
            indices.append(.index(next))
            skipSpaces()
        }
        try expect("]")
        return indices
    }

    private mutating func parseQuoted() throws(JSONPathError) -> String {
        guard let quote = peek(), quote == "'" || quote == "\"" else { throw JSONPathError("expected a quoted name at \(position)") }
        position += 1
        var text = ""
        while position < characters.count, characters[position] != quote {
            if characters[position] == "\\", position + 1 < characters.count {
                position += 1
            }
            text.append(characters[position])
            position += 1
        }
        guard consume(quote) else { throw JSONPathError("unterminated quoted name") }
        return text
    }

    private mutating func parseInteger() -> Int? {
        let start = position
        if peek() == "-" { position += 1 }
        while let character = peek(), character.isASCII, character.isNumber { position += 1 }
        guard let value = Int(String(characters[start..<position])) else {
            position = start
            return nil
        }
        return value
    }

    // MARK: Filters

    private mutating func parseFilterOr() throws(JSONPathError) -> JSONPathFilter {
        try enter()
        defer { depth -= 1 }
        var left = try parseFilterAnd()
        while true {
            skipSpaces()
            guard consume("||") else { return left }
            left = .or(left, try parseFilterAnd())
        }
    }

    private mutating func parseFilterAnd() throws(JSONPathError) -> JSONPathFilter {
        var left = try parseFilterUnary()
        while true {
            skipSpaces()
            guard consume("&&") else { return left }
            left = .and(left, try parseFilterUnary())
        }
    }

    private mutating func parseFilterUnary() throws(JSONPathError) -> JSONPathFilter {
        skipSpaces()
        if peek() == "!", peekAt(position + 1) != "=" {
            position += 1
            return .not(try parseFilterUnary())
        }
        if consume("(") {
            let inner = try parseFilterOr()
            skipSpaces()
            try expect(")")
            return inner
        }
        let left = try parseOperand()
        skipSpaces()
        let comparisons: [(String, JSONPathFilter.Comparison)] = [
            ("==", .equal), ("!=", .notEqual), ("<=", .lessOrEqual), (">=", .greaterOrEqual), ("<", .less), (">", .greater),
        ]
        for (symbol, comparison) in comparisons {
            guard consume(symbol) else { continue }
            skipSpaces()
            return .compare(left, comparison, try parseOperand())
        }
        guard case .literal = left else { return .exists(left) }
        throw JSONPathError("a filter needs a comparison at \(position)")
    }

    private mutating func parseOperand() throws(JSONPathError) -> JSONPathFilter.Operand {
        skipSpaces()
        guard let character = peek() else { throw JSONPathError("a filter ends too early") }
        switch character {
        case "@", "$":
            position += 1
            let segments = try parseSegments(stopAt: [")", "=", "!", "<", ">", "&", "|"])
            var selectors: [JSONPath.Selector] = []
            for segment in segments {
                guard case .child(let inner) = segment, inner.count == 1 else {
                    throw JSONPathError("only simple paths are supported inside filters")
                }
                switch inner[0] {
                case .name, .index: selectors.append(inner[0])
                default: throw JSONPathError("only simple paths are supported inside filters")
                }
            }
            return character == "@" ? .current(selectors) : .root(selectors)
        case "'", "\"":
            return .literal(.string(try parseQuoted()))
        default:
            let start = position
            while let next = peek(), !" )=!<>&|".contains(next) { position += 1 }
            let word = String(characters[start..<position])
            switch word {
            case "true": return .literal(.bool(true))
            case "false": return .literal(.bool(false))
            case "null": return .literal(.null)
            default:
                guard let number = Double(word), number.isFinite else { throw JSONPathError("unexpected '\(word)' in a filter") }
                return .literal(.number(number))
            }
        }
    }

    // MARK: Scanning

    private func peek() -> Character? { peekAt(position) }

    private func peekAt(_ index: Int) -> Character? { index < characters.count ? characters[index] : nil }

    private mutating func consume(_ literal: String) -> Bool {
        let literalCharacters = Array(literal)
        guard position + literalCharacters.count <= characters.count,
            Array(characters[position..<(position + literalCharacters.count)]) == literalCharacters
        else { return false }
        position += literalCharacters.count
        return true
    }

    private mutating func consume(_ character: Character) -> Bool { consume(String(character)) }

    private mutating func expect(_ character: Character) throws(JSONPathError) {
        guard consume(character) else { throw JSONPathError("expected '\(character)' at \(position)") }
    }

    private mutating func skipSpaces() {
        while peek() == " " { position += 1 }
    }

    private mutating func enter() throws(JSONPathError) {
        depth += 1
        if depth > 32 { throw JSONPathError("filter nested too deeply") }
    }
}

extension String {
    func trimmingCharacters(of set: String) -> String {
        var text = self[...]
        while let first = text.first, set.contains(first) { text = text.dropFirst() }
        while let last = text.last, set.contains(last) { text = text.dropLast() }
        return String(text)
    }
}
