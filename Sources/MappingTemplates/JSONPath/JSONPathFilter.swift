import JSON

/// A filter `?(…)` of a JSONPath: comparisons of `@`-relative (or `$`-rooted) definite paths and
/// literals, joined by `&&`, `||` and `!`. Comparison follows Jayway: numbers by value, strings by
/// text, values of different types are never equal; a bare path tests that the member exists.
indirect enum JSONPathFilter: Sendable {
    enum Operand: Sendable {
        case current([JSONPath.Selector])
        case root([JSONPath.Selector])
        case literal(JSONValue)
    }

    enum Comparison: Sendable {
        case equal, notEqual, less, lessOrEqual, greater, greaterOrEqual
    }

    case exists(Operand)
    case compare(Operand, Comparison, Operand)
    case not(JSONPathFilter)
    case and(JSONPathFilter, JSONPathFilter)
    case or(JSONPathFilter, JSONPathFilter)

    func matches(_ node: JSONValue, root: JSONValue) -> Bool {
        switch self {
        case .exists(let operand): return Self.resolve(operand, node: node, root: root) != nil
        case .not(let inner): return !inner.matches(node, root: root)
        case .and(let left, let right): return left.matches(node, root: root) && right.matches(node, root: root)
        case .or(let left, let right): return left.matches(node, root: root) || right.matches(node, root: root)
        case .compare(let left, let comparison, let right):
            guard let lhs = Self.resolve(left, node: node, root: root), let rhs = Self.resolve(right, node: node, root: root) else {
                return comparison == .notEqual
            }
            switch comparison {
            case .equal: return lhs == rhs
            case .notEqual: return lhs != rhs
            case .less, .lessOrEqual, .greater, .greaterOrEqual:
                let order: Int
                switch (lhs, rhs) {
                case (.number(let a), .number(let b)): order = a < b ? -1 : (a > b ? 1 : 0)
                case (.string(let a), .string(let b)): order = a < b ? -1 : (a > b ? 1 : 0)
                default: return false
                }
                switch comparison {
                case .less: return order < 0
                case .lessOrEqual: return order <= 0
                case .greater: return order > 0
                default: return order >= 0
                }
            }
        }
    }

    private static func resolve(_ operand: Operand, node: JSONValue, root: JSONValue) -> JSONValue? {
        switch operand {
        case .literal(let value): return value
        case .current(let selectors): return walk(selectors, from: node)
        case .root(let selectors): return walk(selectors, from: root)
        }
    }

    private static func walk(_ selectors: [JSONPath.Selector], from start: JSONValue) -> JSONValue? {
        var value = start
        for selector in selectors {
            switch (selector, value) {
            case (.name(let name), .object(let object)):
                guard let member = object[name] else { return nil }
                value = member
            case (.name("length"), .array(let elements)):
                value = .number(Double(elements.count))
            case (.index(let index), .array(let elements)):
                let resolved = index < 0 ? elements.count + index : index
                guard resolved >= 0, resolved < elements.count else { return nil }
                value = elements[resolved]
            default:
                return nil
            }
        }
        return value
    }
}
