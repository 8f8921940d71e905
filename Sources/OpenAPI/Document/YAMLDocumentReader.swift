import JSON
import Yams

/// Reads a YAML document into a ``JSONValue`` with the YAML 1.2 core schema, as OpenAPI 3
/// requires: only `true`/`false` are booleans (not `yes`/`on`), no timestamps, and keys are
/// always strings (`200:` is the key `"200"`). Object keys keep their order; duplicate keys are
/// an error; `<<` merge keys are honoured.
///
/// Aliases are expanded, so the number of values is bounded by ``maximumValueCount`` to keep a
/// "billion laughs" document from exhausting memory, and nesting by ``maximumDepth``.
struct YAMLDocumentReader {
    static let maximumValueCount = 1_000_000
    static let maximumDepth = 256

    private var valueCount = 0

    static func read(_ text: String) throws(DocumentSyntaxError) -> JSONValue {
        let root: Node?
        do {
            root = try Parser(yaml: text, resolver: .basic, constructor: .default, encoding: .utf8).singleRoot()
        } catch let error as YamlError {
            throw Self.syntaxError(from: error)
        } catch {
            throw DocumentSyntaxError(format: "YAML", message: "\(error)")
        }
        guard let root else {
            throw DocumentSyntaxError(format: "YAML", message: "the document is empty")
        }
        // Count first (cheap, no allocation) so that an alias bomb is refused before it is built.
        var remaining = maximumValueCount
        guard count(root, remaining: &remaining) else {
            throw DocumentSyntaxError(format: "YAML", message: "more than \(maximumValueCount) values (alias expansion?)")
        }
        var reader = YAMLDocumentReader()
        return try reader.convert(root, path: .root, depth: 0)
    }

    /// Whether `node` expands to at most `remaining` values (decremented as they are counted).
    private static func count(_ node: Node, remaining: inout Int) -> Bool {
        remaining -= 1
        guard remaining >= 0 else { return false }
        switch node {
        case .scalar, .alias:
            return true
        case .sequence(let sequence):
            return sequence.allSatisfy { count($0, remaining: &remaining) }
        case .mapping(let mapping):
            return mapping.allSatisfy { count($0.key, remaining: &remaining) && count($0.value, remaining: &remaining) }
        }
    }

    private mutating func convert(_ node: Node, path: JSONPath, depth: Int) throws(DocumentSyntaxError) -> JSONValue {
        valueCount += 1
        guard valueCount <= Self.maximumValueCount else {
            throw DocumentSyntaxError(
                format: "YAML", message: "more than \(Self.maximumValueCount) values (alias expansion?)")
        }
        guard depth <= Self.maximumDepth else {
            throw Self.error("nesting deeper than \(Self.maximumDepth) levels at \(path)", node)
        }
        switch node {
        case .scalar(let scalar):
            return Self.value(of: scalar)
        case .sequence(let sequence):
            var array: [JSONValue] = []
            for (offset, element) in sequence.enumerated() {
                array.append(try convert(element, path: path.index(offset), depth: depth + 1))
            }
            return .array(array)
        case .mapping(let mapping):
            var object = JSONObject()
            var merged: [(String, JSONValue)] = []
            for (keyNode, valueNode) in mapping {
                guard case .scalar(let keyScalar) = keyNode else {
                    throw Self.error("object keys must be scalars at \(path)", keyNode)
                }
                let key = keyScalar.string
                if key == "<<", keyScalar.style == .plain {
                    merged += try mergeSources(valueNode, path: path, depth: depth)
                    continue
                }
                if object[key] != nil {
                    throw Self.error("duplicate key '\(key)' in \(path)", keyNode)
                }
                object[key] = try convert(valueNode, path: path.key(key), depth: depth + 1)
            }
            // Explicit keys win over merged ones; earlier merge sources win over later ones.
            for (key, value) in merged where object[key] == nil {
                object[key] = value
            }
            return .object(object)
        case .alias:
            // The composer resolves aliases to their anchored nodes.
            throw Self.error("unresolved alias at \(path)", node)
        }
    }

    private mutating func mergeSources(_ node: Node, path: JSONPath, depth: Int) throws(DocumentSyntaxError) -> [(String, JSONValue)] {
        let sources: [Node]
        switch node {
        case .mapping: sources = [node]
        case .sequence(let sequence): sources = Array(sequence)
        default: throw Self.error("a '<<' merge key needs a mapping or a sequence of mappings at \(path)", node)
        }
        var pairs: [(String, JSONValue)] = []
        for source in sources {
            guard case .object(let object) = try convert(source, path: path, depth: depth) else {
                throw Self.error("a '<<' merge key needs a mapping or a sequence of mappings at \(path)", node)
            }
            for (key, value) in object where !pairs.contains(where: { $0.0 == key }) {
                pairs.append((key, value))
            }
        }
        return pairs
    }

    // MARK: Scalars (YAML 1.2 core schema)

    private static func value(of scalar: Node.Scalar) -> JSONValue {
        let text = scalar.string
        switch scalar.tag.description {
        case Tag.Name.str.rawValue, Tag.Name.implicit.rawValue, Tag.Name.nonSpecific.rawValue:
            return scalar.style == .plain ? coreSchemaValue(text) : .string(text)
        case Tag.Name.int.rawValue, Tag.Name.float.rawValue:
            return number(text).map(JSONValue.number) ?? .string(text)
        case Tag.Name.bool.rawValue:
            return bool(text).map(JSONValue.bool) ?? .string(text)
        case Tag.Name.null.rawValue:
            return .null
        default:
            return .string(text)
        }
    }

    private static func coreSchemaValue(_ text: String) -> JSONValue {
        switch text {
        case "", "~", "null", "Null", "NULL": return .null
        default: break
        }
        if let bool = bool(text) { return .bool(bool) }
        if let number = number(text) { return .number(number) }
        return .string(text)
    }

    private static func bool(_ text: String) -> Bool? {
        switch text {
        case "true", "True", "TRUE": true
        case "false", "False", "FALSE": false
        default: nil
        }
    }

    /// Integers (decimal, `0o` octal, `0x` hexadecimal) and finite floats. `.inf` and `.nan`
    /// have no JSON form and stay strings.
    private static func number(_ text: String) -> Double? {
        if text.hasPrefix("0x"), let value = Int64(text.dropFirst(2), radix: 16) { return Double(value) }
        if text.hasPrefix("0o"), let value = Int64(text.dropFirst(2), radix: 8) { return Double(value) }
        guard isCoreSchemaNumber(Array(text.utf8)), let value = Double(text), value.isFinite else { return nil }
        return value
    }

    /// `[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?`
    private static func isCoreSchemaNumber(_ bytes: [UInt8]) -> Bool {
        var index = 0
        func digits() -> Int {
            let start = index
            while index < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) { index += 1 }
            return index - start
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
        let integerDigits = digits()
        var fractionDigits = 0
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            fractionDigits = digits()
        }
        guard integerDigits > 0 || fractionDigits > 0 else { return false }
        if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            index += 1
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
            guard digits() > 0 else { return false }
        }
        return index == bytes.count
    }

    // MARK: Errors

    private static func error(_ message: String, _ node: Node) -> DocumentSyntaxError {
        DocumentSyntaxError(format: "YAML", message: message, line: node.mark?.line, column: node.mark?.column)
    }

    private static func syntaxError(from error: YamlError) -> DocumentSyntaxError {
        switch error {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
            .composer(let context, let problem, let mark, _):
            let message = [context?.text, problem].compactMap { $0 }.joined(separator: ": ")
            return DocumentSyntaxError(format: "YAML", message: message, line: mark.line, column: mark.column)
        case .reader(let problem, _, _, _):
            return DocumentSyntaxError(format: "YAML", message: problem)
        case .duplicatedKeysInMapping(let duplicates, let context):
            return DocumentSyntaxError(
                format: "YAML", message: "duplicate key '\(duplicates.joined(separator: "', '"))'",
                line: context.mark.line, column: context.mark.column)
        default:
            return DocumentSyntaxError(format: "YAML", message: "\(error)")
        }
    }
}
