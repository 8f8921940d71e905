import JSON

/// One value of a parsed document with its JSON path, and typed accessors that report type
/// errors to a ``DiagnosticCollector`` and answer `nil`.
struct DocumentNode {
    let value: JSONValue
    let path: JSONPath

    init(_ value: JSONValue, path: JSONPath) {
        self.value = value
        self.path = path
    }

    var object: JSONObject? { value.objectValue }

    /// The member `key`, if this is an object that has it.
    subscript(key: String) -> DocumentNode? {
        guard let member = value[key] else { return nil }
        return DocumentNode(member, path: path.key(key))
    }

    /// The members of this object in document order; an error and `nil` if it is not an object.
    func members(_ log: DiagnosticCollector) -> [(key: String, node: DocumentNode)]? {
        guard let object = value.objectValue else {
            log.wrongType(self, expected: "an object")
            return nil
        }
        return object.map { ($0.key, DocumentNode($0.value, path: path.key($0.key))) }
    }

    /// The elements of this array; an error and `nil` if it is not an array.
    func elements(_ log: DiagnosticCollector) -> [DocumentNode]? {
        guard let array = value.arrayValue else {
            log.wrongType(self, expected: "an array")
            return nil
        }
        return array.enumerated().map { DocumentNode($0.element, path: path.index($0.offset)) }
    }

    // MARK: Typed members

    /// The member `key` as an object node; an error if it is present but not an object.
    func object(_ key: String, _ log: DiagnosticCollector) -> DocumentNode? {
        guard let member = self[key] else { return nil }
        guard member.value.objectValue != nil else {
            log.wrongType(member, expected: "an object")
            return nil
        }
        return member
    }

    func string(_ key: String, _ log: DiagnosticCollector) -> String? {
        guard let member = self[key] else { return nil }
        guard let string = member.value.stringValue else {
            log.wrongType(member, expected: "a string")
            return nil
        }
        return string
    }

    /// A string member that may also be written as a number or boolean (YAML readers turn
    /// `version: 1.0` into a number): the number's shortest form.
    func scalarString(_ key: String, _ log: DiagnosticCollector) -> String? {
        guard let member = self[key] else { return nil }
        switch member.value {
        case .string(let string): return string
        case .number(let number): return Self.format(number)
        case .bool(let bool): return String(bool)
        default:
            log.wrongType(member, expected: "a string")
            return nil
        }
    }

    func requiredString(_ key: String, _ log: DiagnosticCollector) -> String? {
        guard self[key] != nil else {
            log.error(path.key(key), "is required")
            return nil
        }
        return string(key, log)
    }

    func bool(_ key: String, _ log: DiagnosticCollector) -> Bool? {
        guard let member = self[key] else { return nil }
        guard let bool = member.value.boolValue else {
            log.wrongType(member, expected: "a boolean")
            return nil
        }
        return bool
    }

    /// An integer member (a number without fraction, or a string of digits as some generators
    /// write them).
    func integer(_ key: String, _ log: DiagnosticCollector) -> Int? {
        guard let member = self[key] else { return nil }
        switch member.value {
        case .number(let number) where number.rounded() == number && abs(number) < 9e15:
            return Int(number)
        case .string(let string) where Int(string) != nil:
            return Int(string)
        default:
            log.wrongType(member, expected: "an integer")
            return nil
        }
    }

    func stringArray(_ key: String, _ log: DiagnosticCollector) -> [String]? {
        guard let member = self[key], let elements = member.elements(log) else { return nil }
        var strings: [String] = []
        for element in elements {
            guard let string = element.value.stringValue else {
                log.wrongType(element, expected: "a string")
                continue
            }
            strings.append(string)
        }
        return strings
    }

    /// An object whose values are all strings, e.g. `requestParameters`. `null` reads as the
    /// empty string: API Gateway writes `"application/json": null` for an empty mapping template.
    func stringMap(_ key: String, _ log: DiagnosticCollector) -> [String: String]? {
        guard let member = object(key, log), let members = member.members(log) else { return nil }
        var map: [String: String] = [:]
        for (name, node) in members {
            switch node.value {
            case .string(let string): map[name] = string
            case .null: map[name] = ""
            case .number, .bool:
                // YAML writes `statusCode: 200`; keep the text.
                if let text = node.value.numberValue.map(Self.format) ?? node.value.boolValue.map({ String($0) }) {
                    map[name] = text
                }
            default:
                log.wrongType(node, expected: "a string")
            }
        }
        return map
    }

    /// The shortest text of a number: `200`, `1.5`.
    static func format(_ number: Double) -> String {
        JSONWriter.format(number)
    }
}
