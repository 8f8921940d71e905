public import JSON

/// The JSONPath subset parameter mappings use to pick a value out of a JSON body
/// (`method.request.body.JSONPath`, `integration.response.body.JSONPath`; HTTP APIs'
/// `$request.body.JSONPath`, `$response.body.JSONPath`): member names (`a.b`, `['a b']`,
/// `["a"]`) and array indexes (`items[0]`), optionally after `$`. Compiled once; wildcards,
/// slices, filters and recursive descent are refused at compile time (the compiler reports
/// them) rather than half-supported.
///
/// Kept in its own file so that it can be unified with the VTL engine's `$input.path` JSONPath.
public struct JSONPathExpression: Sendable, Hashable, CustomStringConvertible {
    public enum Step: Sendable, Hashable {
        case member(String)
        case index(Int)
    }

    public let steps: [Step]
    public let description: String

    /// Parses `text` (`a.b[0]`, `$.a`, `$['a']`, `$`); nil when it is outside the subset.
    public init?(_ text: String) {
        var steps: [Step] = []
        var rest = text[...]
        if rest.first == "$" { rest = rest.dropFirst() } else if !rest.isEmpty, rest.first != "[" { rest = "." + rest }
        while let first = rest.first {
            if first == "." {
                rest = rest.dropFirst()
                let name = rest.prefix { $0 != "." && $0 != "[" }
                guard !name.isEmpty, !name.contains("*"), !name.contains(where: \.isWhitespace) else { return nil }
                steps.append(.member(String(name)))
                rest = rest.dropFirst(name.count)
            } else if first == "[" {
                rest = rest.dropFirst()
                if let quote = rest.first, quote == "'" || quote == "\"" {
                    rest = rest.dropFirst()
                    guard let close = rest.firstIndex(of: quote) else { return nil }
                    steps.append(.member(String(rest[..<close])))
                    rest = rest[rest.index(after: close)...]
                } else {
                    let digits = rest.prefix { $0.isASCII && $0.isNumber }
                    guard !digits.isEmpty, digits.count <= 9, let index = Int(digits) else { return nil }
                    steps.append(.index(index))
                    rest = rest.dropFirst(digits.count)
                }
                guard rest.first == "]" else { return nil }
                rest = rest.dropFirst()
            } else {
                return nil
            }
        }
        self.steps = steps
        self.description = text
    }

    /// The value at this path in `document`, or nil when there is none.
    public func select(in document: JSONValue) -> JSONValue? {
        var current = document
        for step in steps {
            switch (step, current) {
            case (.member(let name), .object(let object)):
                guard let next = object[name] else { return nil }
                current = next
            case (.index(let index), .array(let elements)):
                guard index < elements.count else { return nil }
                current = elements[index]
            default:
                return nil
            }
        }
        return current
    }

    /// A selected value as a mapping puts it in a header or parameter: strings as they are,
    /// anything else as compact JSON; nil when nothing is there.
    public func text(in document: JSONValue) -> String? {
        guard let value = select(in: document) else { return nil }
        if case .string(let string) = value { return string }
        return JSONWriter.compact(value)
    }
}
