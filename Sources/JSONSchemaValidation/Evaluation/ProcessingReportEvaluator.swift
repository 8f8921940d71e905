import JSON

/// Walks one instance the way API Gateway's validator (the Java `json-schema-validator` by
/// F. Galiegue, "fge") reports it, for `$context.error.validationErrorString`:
///
/// - at each schema, every keyword that applies to the instance's type is checked, in the
///   keywords' alphabetical order, each adding at most one message;
/// - `allOf`, `anyOf`, `oneOf` and `not` add one message of their own (what failed inside them
///   is not listed); schema `dependencies` add the messages of their schema;
/// - the walk goes down into members (object members in name order, array elements in order)
///   only while no message has been recorded at all: after the first failure, later members are
///   still checked against their own keywords, but nothing below them is.
///
/// The message texts are fge's (`object has missing required properties (["name"])`,
/// `instance type (string) does not match any allowed primitive type (allowed: ["integer"])`).
/// One difference remains: a number is an `integer` when it has no fractional part, so `1.0`
/// reports as `integer` where fge, which keeps the written form, says `number`.
struct ProcessingReportEvaluator {
    private let nodes: [SchemaNode]
    private let maxDepth: Int
    private let maxMessages: Int
    private(set) var messages: [String] = []

    init(nodes: [SchemaNode], maxDepth: Int, maxMessages: Int) {
        self.nodes = nodes
        self.maxDepth = maxDepth
        self.maxMessages = max(1, maxMessages)
    }

    /// fge's `NodeType` order, in which `type` lists the allowed types.
    private static let typeOrder: [(String, JSONTypeSet)] = [
        ("array", .array), ("boolean", .boolean), ("integer", .integer), ("null", .null), ("number", .number),
        ("object", .object), ("string", .string),
    ]

    mutating func process(_ index: Int, _ instance: JSONValue, depth: Int = 0) {
        guard messages.count < maxMessages else { return }
        var node = nodes[index]
        if let target = node.keywords.ref { node = nodes[target] }
        guard depth < maxDepth else {
            add("nesting exceeds the maximum validation depth of \(maxDepth)")
            return
        }
        checkKeywords(node.keywords, instance, depth: depth)
        guard messages.isEmpty else { return }
        descend(node.keywords, instance, depth: depth)
    }

    // MARK: Keywords, alphabetically

    private mutating func checkKeywords(_ k: SchemaKeywords, _ instance: JSONValue, depth: Int) {
        if case .array(let elements) = instance, case .tuple(let schemas)? = k.items, case .forbidden = k.additionalItems,
            elements.count > schemas.count
        {
            add("schema only allows \(schemas.count) elements in array but instance has \(elements.count) elements")
        }
        if case .object(let object) = instance, case .forbidden = k.additionalProperties {
            let unwanted = object.keys.filter { name in
                k.propertyNodes[name] == nil && !k.patternProperties.contains { $0.regex.matches(name) }
            }
            if !unwanted.isEmpty {
                add("object instance has properties which are not allowed by the schema: \(Self.list(unwanted.sorted()))")
            }
        }
        if !k.allOf.isEmpty {
            let matched = k.allOf.filter { probe($0, instance, depth) }.count
            if matched != k.allOf.count {
                add("instance failed to match all required schemas (matched only \(matched) out of \(k.allOf.count))")
            }
        }
        if !k.anyOf.isEmpty, !k.anyOf.contains(where: { probe($0, instance, depth) }) {
            add("instance failed to match at least one required schema among \(k.anyOf.count)")
        }
        if case .object(let object) = instance {
            for dependency in k.dependencies where object[dependency.property] != nil {
                switch dependency.kind {
                case .properties(let names):
                    let missing = names.filter { object[$0] == nil }
                    if !missing.isEmpty {
                        add(
                            "property \"\(dependency.property)\" of object has missing property dependencies (schema requires "
                                + "\(Self.list(names)); missing: \(Self.list(missing)))")
                    }
                case .schema(let schema):
                    process(schema, instance, depth: depth + 1)
                }
            }
        }
        if let values = k.enumValues, !values.contains(where: { $0.isStrictlyEqual(to: instance) }) {
            add("instance value (\(JSONWriter.compact(instance))) not found in enum (possible values: \(JSONWriter.compact(.array(values))))")
        }
        switch instance {
        case .array(let elements): checkArray(k, elements)
        case .string(let string): checkString(k, string)
        case .number(let number): checkNumber(k, number)
        case .object(let object): checkObject(k, object)
        default: break
        }
        if let not = k.not, probe(not, instance, depth) {
            add("instance matched a schema which it should not have")
        }
        if !k.oneOf.isEmpty {
            let matched = k.oneOf.filter { probe($0, instance, depth) }.count
            if matched != 1 { add("instance failed to match exactly one schema (matched \(matched) out of \(k.oneOf.count))") }
        }
        if case .string(let string) = instance, let pattern = k.pattern, !pattern.matches(string) {
            add("ECMA 262 regex \"\(pattern.source)\" does not match input string \"\(string)\"")
        }
        if case .object(let object) = instance {
            let missing = k.required.filter { object[$0] == nil }
            if !missing.isEmpty { add("object has missing required properties (\(Self.list(missing.sorted())))") }
        }
        if let types = k.types, !types.matches(instance) {
            let allowed = Self.typeOrder.filter { types.contains($0.1) }.map(\.0)
            add("instance type (\(Self.typeName(instance))) does not match any allowed primitive type (allowed: \(Self.list(allowed)))")
        }
        if k.uniqueItems, case .array(let elements) = instance, SchemaEvaluator.firstDuplicate(in: elements) != nil {
            add("array must not contain duplicate elements")
        }
    }

    /// `maxItems`, `minItems` (alphabetical among the rest by their place in `checkKeywords`).
    private mutating func checkArray(_ k: SchemaKeywords, _ elements: [JSONValue]) {
        if let maxItems = k.maxItems, elements.count > maxItems {
            add("array is too long: must have at most \(maxItems) elements but instance has \(elements.count) elements")
        }
        if let minItems = k.minItems, elements.count < minItems {
            add("array is too short: must have at least \(minItems) elements but instance has \(elements.count) elements")
        }
    }

    /// `maxLength`, `minLength`.
    private mutating func checkString(_ k: SchemaKeywords, _ string: String) {
        let length = string.unicodeScalars.count
        if let maxLength = k.maxLength, length > maxLength {
            add("string \"\(string)\" is too long (length: \(length), maximum allowed: \(maxLength))")
        }
        if let minLength = k.minLength, length < minLength {
            add("string \"\(string)\" is too short (length: \(length), required minimum: \(minLength))")
        }
    }

    /// `maximum`, `minimum`, `multipleOf`.
    private mutating func checkNumber(_ k: SchemaKeywords, _ number: Double) {
        if let maximum = k.maximum {
            if number > maximum {
                add("numeric instance is greater than the required maximum (maximum: \(Self.text(maximum)), found: \(Self.text(number)))")
            } else if k.exclusiveMaximum, number == maximum {
                add("numeric instance is not strictly lower than the required maximum \(Self.text(maximum))")
            }
        }
        if let minimum = k.minimum {
            if number < minimum {
                add("numeric instance is lower than the required minimum (minimum: \(Self.text(minimum)), found: \(Self.text(number)))")
            } else if k.exclusiveMinimum, number == minimum {
                add("numeric instance is not strictly greater than the required minimum \(Self.text(minimum))")
            }
        }
        if let multipleOf = k.multipleOf, !SchemaEvaluator.isMultiple(number, of: multipleOf) {
            add("remainder of division is not zero (\(Self.text(number)) / \(Self.text(multipleOf.value)))")
        }
    }

    /// `maxProperties`, `minProperties`.
    private mutating func checkObject(_ k: SchemaKeywords, _ object: JSONObject) {
        if let maxProperties = k.maxProperties, object.count > maxProperties {
            add("object has too many properties (found \(object.count) but schema requires at most \(maxProperties))")
        }
        if let minProperties = k.minProperties, object.count < minProperties {
            add("object has too few properties (found \(object.count) but schema requires at least \(minProperties))")
        }
    }

    // MARK: Members

    private mutating func descend(_ k: SchemaKeywords, _ instance: JSONValue, depth: Int) {
        switch instance {
        case .array(let elements):
            for (position, element) in elements.enumerated() {
                switch k.items {
                case .all(let schema)?: process(schema, element, depth: depth + 1)
                case .tuple(let schemas)?:
                    if position < schemas.count {
                        process(schemas[position], element, depth: depth + 1)
                    } else if case .schema(let schema) = k.additionalItems {
                        process(schema, element, depth: depth + 1)
                    }
                case nil: return
                }
            }
        case .object(let object):
            for name in object.keys.sorted() {
                guard let value = object[name] else { continue }
                var matched = false
                if let property = k.propertyNodes[name] {
                    matched = true
                    process(property, value, depth: depth + 1)
                }
                for patternProperty in k.patternProperties where patternProperty.regex.matches(name) {
                    matched = true
                    process(patternProperty.node, value, depth: depth + 1)
                }
                if !matched, case .schema(let schema) = k.additionalProperties {
                    process(schema, value, depth: depth + 1)
                }
            }
        default:
            break
        }
    }

    // MARK: Helpers

    /// Whether `instance` passes schema `index` (a fresh report, as fge gives each combinator branch).
    private func probe(_ index: Int, _ instance: JSONValue, _ depth: Int) -> Bool {
        var evaluator = SchemaEvaluator(nodes: nodes, maxDepth: max(1, maxDepth - depth), maxViolations: 1, collecting: false)
        return evaluator.evaluate(index, instance) && !evaluator.exceededDepth
    }

    private mutating func add(_ message: String) {
        if messages.count < maxMessages { messages.append(message) }
    }

    private static func typeName(_ value: JSONValue) -> String {
        if case .number(let number) = value { return JSONTypeSet.isInteger(number) ? "integer" : "number" }
        return value.typeName
    }

    /// A JSON array of strings, as Jackson prints it: `["a","b"]`.
    private static func list(_ names: [String]) -> String {
        JSONWriter.compact(.array(names.map { .string($0) }))
    }

    private static func text(_ number: Double) -> String {
        JSONWriter.compact(.number(number))
    }
}
