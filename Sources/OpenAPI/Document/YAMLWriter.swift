import JSON
import Yams

/// Writes a ``JSONValue`` as a YAML document with Yams, keeping object keys in their order.
/// Strings that a YAML reader would take for another type (`"200"`, `"1.0"`, `"yes"`, `"null"`,
/// `""`) are double-quoted, under both the 1.2 core schema and the 1.1 rules many tools still use.
enum YAMLWriter {
    static func write(_ value: JSONValue) throws -> String {
        try Yams.serialize(node: node(for: value), indent: 2, width: -1, allowUnicode: true)
    }

    private static func node(for value: JSONValue) -> Node {
        switch value {
        case .null: return Node("null", Tag(.null), .plain)
        case .bool(let bool): return Node(bool ? "true" : "false", Tag(.bool), .plain)
        case .number(let number): return Node(DocumentNode.format(number), Tag(number.rounded() == number ? .int : .float), .plain)
        case .string(let string): return Node(string, Tag(.str), needsQuotes(string) ? .doubleQuoted : .any)
        case .array(let array): return Node(array.map(node(for:)), Tag(.seq), .block)
        case .object(let object):
            return Node(object.map { (Node($0.key, Tag(.str), needsQuotes($0.key) ? .doubleQuoted : .any), node(for: $0.value)) }, Tag(.map), .block)
        }
    }

    private static func needsQuotes(_ string: String) -> Bool {
        if string.isEmpty { return true }
        if Resolver.default.resolveTag(of: Node(string)) != .str { return true }
        let lowered = string.lowercased()
        if ["y", "n", "yes", "no", "on", "off", "true", "false", "null", "~"].contains(lowered) { return true }
        if let first = string.unicodeScalars.first, ("0"..."9").contains(first) || first == "-" || first == "+" || first == "." {
            return Double(string) != nil || string.allSatisfy { $0.isNumber || $0 == "." || $0 == "_" || $0 == ":" || $0 == "-" || $0 == "+" }
        }
        return false
    }
}
