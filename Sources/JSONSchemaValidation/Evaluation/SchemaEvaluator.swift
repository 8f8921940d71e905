import JSON

/// Walks one instance through the compiled node table. Lives for one validation.
///
/// Two modes share the code: *collecting* records every violation (up to a limit) with its
/// instance pointer; *probing* stops at the first failure and builds no message, which is what
/// `isValid` and the insides of `anyOf`, `oneOf` and `not` need.
///
/// Every evaluation of a subschema counts one level against `maxDepth`; beyond it the walk is
/// abandoned and the instance is invalid, so neither a deeply nested instance nor a deeply
/// recursive schema can exhaust the stack. (Abandoning makes the result "invalid" even inside a
/// `not`, so the limit can never turn a failure into a pass.)
struct SchemaEvaluator {
    private enum PathComponent {
        case key(String)
        case index(Int)
    }

    private let nodes: [SchemaNode]
    private let maxDepth: Int
    private let maxViolations: Int
    private var collecting: Bool
    private var path: [PathComponent] = []
    private var depth = 0
    private(set) var violations: [SchemaViolation] = []
    private(set) var isTruncated = false
    /// Set when the depth limit was hit; the instance is then invalid whatever else happened.
    private(set) var exceededDepth = false

    init(nodes: [SchemaNode], maxDepth: Int, maxViolations: Int, collecting: Bool) {
        self.nodes = nodes
        self.maxDepth = maxDepth
        self.maxViolations = max(1, maxViolations)
        self.collecting = collecting
    }

    /// Whether `instance` is valid against node `index`, recording violations when collecting.
    mutating func evaluate(_ index: Int, _ instance: JSONValue) -> Bool {
        var node = nodes[index]
        if let target = node.keywords.ref { node = nodes[target] }
        depth += 1
        defer { depth -= 1 }
        guard depth <= maxDepth else {
            if !exceededDepth, collecting {
                record(node, "$depth", "nesting exceeds the maximum validation depth of \(maxDepth)")
            }
            exceededDepth = true
            return false
        }
        var valid = true

        if let types = node.keywords.types, !types.matches(instance) {
            valid = false
            guard fail(node, "type", "expected \(types.description), found \(instance.typeName)") else { return false }
        }
        if node.keywords.enumValues != nil, !evaluateEnum(node, instance) {
            valid = false
            if !collecting { return false }
        }

        switch instance {
        case .number(let number) where node.keywords.checksNumbers:
            if !evaluateNumber(node, number) {
                valid = false
                if !collecting || exceededDepth { return false }
            }
        case .string(let string) where node.keywords.checksStrings:
            if !evaluateString(node, string) {
                valid = false
                if !collecting || exceededDepth { return false }
            }
        case .array(let elements) where node.keywords.checksArrays:
            if !evaluateArray(node, elements) {
                valid = false
                if !collecting || exceededDepth { return false }
            }
        case .object(let object) where node.keywords.checksObjects:
            if !evaluateObject(node, object, instance) {
                valid = false
                if !collecting || exceededDepth { return false }
            }
        default:
            break
        }

        if node.keywords.hasCombinators, !evaluateCombinators(node, instance) {
            valid = false
        }
        return valid
    }

    @inline(never)
    private mutating func evaluateEnum(_ node: SchemaNode, _ instance: JSONValue) -> Bool {
        guard let values = node.keywords.enumValues else { return true }
        let candidates = node.keywords.enumGroups.map { $0[instance] ?? [] } ?? values
        if candidates.contains(where: { $0.isStrictlyEqual(to: instance) }) { return true }
        _ = fail(node, "enum", "value is not one of \(JSONValue.array(values).compactText(limit: 120))")
        return false
    }

    /// `allOf`, `anyOf`, `oneOf` and `not`, kept out of ``evaluate(_:_:)`` so that its stack frame,
    /// which every level of the instance pays, stays small.
    @inline(never)
    private mutating func evaluateCombinators(_ node: SchemaNode, _ instance: JSONValue) -> Bool {
        var valid = true
        for subschema in node.keywords.allOf where !evaluate(subschema, instance) {
            valid = false
            if !collecting || exceededDepth { return false }
        }
        if !node.keywords.anyOf.isEmpty {
            var matched = false
            for subschema in node.keywords.anyOf where probe(subschema, instance) {
                matched = true
                break
            }
            if exceededDepth { return false }
            if !matched {
                valid = false
                guard fail(node, "anyOf", "value does not match any of the \(node.keywords.anyOf.count) schemas in anyOf")
                else { return false }
            }
        }
        if !node.keywords.oneOf.isEmpty {
            var matches: [Int] = []
            for (position, subschema) in node.keywords.oneOf.enumerated() where probe(subschema, instance) {
                matches.append(position)
                if matches.count > 1 { break }
            }
            if exceededDepth { return false }
            if matches.count != 1 {
                valid = false
                let message =
                    matches.isEmpty
                    ? "value does not match any of the \(node.keywords.oneOf.count) schemas in oneOf"
                    : "value matches more than one schema in oneOf (\(matches[0]) and \(matches[1]))"
                guard fail(node, "oneOf", message) else { return false }
            }
        }
        if let not = node.keywords.not {
            let matched = probe(not, instance)
            if exceededDepth { return false }
            if matched {
                valid = false
                guard fail(node, "not", "value must not match the schema in not") else { return false }
            }
        }
        return valid
    }

    /// Evaluates without recording anything, for `anyOf`, `oneOf` and `not`.
    private mutating func probe(_ index: Int, _ instance: JSONValue) -> Bool {
        let saved = collecting
        collecting = false
        defer { collecting = saved }
        return evaluate(index, instance)
    }

    // MARK: Kinds

    @inline(never)
    private mutating func evaluateNumber(_ node: SchemaNode, _ number: Double) -> Bool {
        var valid = true
        if let multipleOf = node.keywords.multipleOf, !SchemaEvaluator.isMultiple(number, of: multipleOf) {
            valid = false
            guard fail(node, "multipleOf", "\(SchemaEvaluator.format(number)) is not a multiple of \(SchemaEvaluator.format(multipleOf.value))") else {
                return false
            }
        }
        if let maximum = node.keywords.maximum {
            let exceeds = node.keywords.exclusiveMaximum ? number >= maximum : number > maximum
            if exceeds {
                valid = false
                let bound = node.keywords.exclusiveMaximum ? "less than" : "at most"
                guard fail(node, "maximum", "\(SchemaEvaluator.format(number)) must be \(bound) \(SchemaEvaluator.format(maximum))") else { return false }
            }
        }
        if let minimum = node.keywords.minimum {
            let below = node.keywords.exclusiveMinimum ? number <= minimum : number < minimum
            if below {
                valid = false
                let bound = node.keywords.exclusiveMinimum ? "greater than" : "at least"
                guard fail(node, "minimum", "\(SchemaEvaluator.format(number)) must be \(bound) \(SchemaEvaluator.format(minimum))") else { return false }
            }
        }
        return valid
    }

    static func isMultiple(_ number: Double, of multipleOf: SchemaKeywords.MultipleOf) -> Bool {
        let divisor = multipleOf.value
        // Exact in binary when both are integers a Double holds exactly.
        if JSONTypeSet.isInteger(divisor), JSONTypeSet.isInteger(number), number.magnitude < 9_007_199_254_740_992 {
            return number.truncatingRemainder(dividingBy: divisor) == 0
        }
        guard let decimal = DecimalNumber(number) else { return false }
        return decimal.isMultiple(of: multipleOf.decimal)
    }

    @inline(never)
    private mutating func evaluateString(_ node: SchemaNode, _ string: String) -> Bool {
        var valid = true
        // Lengths count Unicode code points; the UTF-8 byte count bounds them from above.
        if let maxLength = node.keywords.maxLength, string.utf8.count > maxLength {
            let length = string.unicodeScalars.count
            if length > maxLength {
                valid = false
                guard fail(node, "maxLength", "string has \(length) characters, more than the maximum \(maxLength)")
                else { return false }
            }
        }
        if let minLength = node.keywords.minLength, minLength > 0 {
            let length = string.utf8.count < minLength ? string.utf8.count : string.unicodeScalars.count
            if length < minLength {
                valid = false
                let actual = string.unicodeScalars.count
                guard fail(node, "minLength", "string has \(actual) characters, fewer than the minimum \(minLength)")
                else { return false }
            }
        }
        if let pattern = node.keywords.pattern, !pattern.matches(string) {
            valid = false
            guard fail(node, "pattern", "string does not match the pattern '\(pattern.source)'") else { return false }
        }
        if let format = node.keywords.format, !format.accepts(string) {
            valid = false
            guard fail(node, "format", "string is not a valid \(format.rawValue)") else { return false }
        }
        return valid
    }

    @inline(never)
    private mutating func evaluateArray(_ node: SchemaNode, _ elements: [JSONValue]) -> Bool {
        var valid = true
        if let maxItems = node.keywords.maxItems, elements.count > maxItems {
            valid = false
            guard fail(node, "maxItems", "array has \(elements.count) items, more than the maximum \(maxItems)") else {
                return false
            }
        }
        if let minItems = node.keywords.minItems, elements.count < minItems {
            valid = false
            guard fail(node, "minItems", "array has \(elements.count) items, fewer than the minimum \(minItems)") else {
                return false
            }
        }
        if node.keywords.uniqueItems, let (first, second) = SchemaEvaluator.firstDuplicate(in: elements) {
            valid = false
            guard fail(node, "uniqueItems", "array items \(first) and \(second) are equal") else { return false }
        }
        switch node.keywords.items {
        case .all(let schema)?:
            for (position, element) in elements.enumerated() where !evaluateChild(schema, element, .index(position)) {
                valid = false
                if !collecting || exceededDepth { return false }
            }
        case .tuple(let schemas)?:
            for (position, element) in elements.enumerated() {
                let passed: Bool
                if position < schemas.count {
                    passed = evaluateChild(schemas[position], element, .index(position))
                } else {
                    switch node.keywords.additionalItems {
                    case .allowed:
                        passed = true
                    case .forbidden:
                        valid = false
                        guard
                            fail(
                                node, "additionalItems",
                                "array has \(elements.count) items but the schema allows at most \(schemas.count)")
                        else { return false }
                        return valid
                    case .schema(let schema):
                        passed = evaluateChild(schema, element, .index(position))
                    }
                }
                if !passed {
                    valid = false
                    if !collecting || exceededDepth { return false }
                }
            }
        case nil:
            break
        }
        return valid
    }

    static func firstDuplicate(in elements: [JSONValue]) -> (Int, Int)? {
        guard elements.count > 1 else { return nil }
        if elements.count <= 16 {
            for first in 0..<(elements.count - 1) {
                for second in (first + 1)..<elements.count where elements[first].isStrictlyEqual(to: elements[second]) {
                    return (first, second)
                }
            }
            return nil
        }
        // Group by JSONValue hashing (a superset of strict equality), then compare strictly.
        var seen: [JSONValue: [Int]] = [:]
        seen.reserveCapacity(elements.count)
        for (position, element) in elements.enumerated() {
            if let earlier = seen[element]?.first(where: { elements[$0].isStrictlyEqual(to: element) }) {
                return (earlier, position)
            }
            seen[element, default: []].append(position)
        }
        return nil
    }

    @inline(never)
    private mutating func evaluateObject(_ node: SchemaNode, _ object: JSONObject, _ instance: JSONValue) -> Bool {
        var valid = true
        if let maxProperties = node.keywords.maxProperties, object.count > maxProperties {
            valid = false
            guard
                fail(node, "maxProperties", "object has \(object.count) properties, more than the maximum \(maxProperties)")
            else { return false }
        }
        if let minProperties = node.keywords.minProperties, object.count < minProperties {
            valid = false
            guard
                fail(node, "minProperties", "object has \(object.count) properties, fewer than the minimum \(minProperties)")
            else { return false }
        }
        for name in node.keywords.required where object[name] == nil {
            valid = false
            guard fail(node, "required", "missing required property '\(name)'") else { return false }
        }
        if node.keywords.scansProperties {
            // One pass over the instance's members covers properties, patternProperties and
            // additionalProperties (two hash lookups per member).
            for name in object.keys {
                guard let value = object[name] else { continue }
                var matched = false
                if let property = node.keywords.propertyNodes[name] {
                    matched = true
                    if !evaluateChild(property, value, .key(name)) {
                        valid = false
                        if !collecting || exceededDepth { return false }
                    }
                }
                for patternProperty in node.keywords.patternProperties where patternProperty.regex.matches(name) {
                    matched = true
                    if !evaluateChild(patternProperty.node, value, .key(name)) {
                        valid = false
                        if !collecting || exceededDepth { return false }
                    }
                }
                guard !matched else { continue }
                switch node.keywords.additionalProperties {
                case .allowed:
                    break
                case .forbidden:
                    valid = false
                    guard fail(node, "additionalProperties", "property '\(name)' is not allowed", child: .key(name)) else {
                        return false
                    }
                case .schema(let schema):
                    if !evaluateChild(schema, value, .key(name)) {
                        valid = false
                        if !collecting || exceededDepth { return false }
                    }
                }
            }
        } else {
            for property in node.keywords.properties {
                guard let value = object[property.name] else { continue }
                if !evaluateChild(property.node, value, .key(property.name)) {
                    valid = false
                    if !collecting || exceededDepth { return false }
                }
            }
        }
        for dependency in node.keywords.dependencies where object[dependency.property] != nil {
            switch dependency.kind {
            case .properties(let names):
                for name in names where object[name] == nil {
                    valid = false
                    guard
                        fail(node, "dependencies", "property '\(dependency.property)' requires property '\(name)'")
                    else { return false }
                }
            case .schema(let schema):
                if !evaluate(schema, instance) {
                    valid = false
                    if !collecting || exceededDepth { return false }
                }
            }
        }
        return valid
    }

    /// Evaluates a member of the instance, with its key or index pushed on the instance path.
    private mutating func evaluateChild(_ index: Int, _ value: JSONValue, _ component: PathComponent) -> Bool {
        let tracking = collecting
        if tracking { path.append(component) }
        defer { if tracking { path.removeLast() } }
        return evaluate(index, value)
    }

    // MARK: Violations

    /// Records a failure of `keyword`; returns whether evaluation should go on (only when
    /// collecting and under the limit).
    private mutating func fail(
        _ node: SchemaNode, _ keyword: String, _ message: @autoclosure () -> String, child: PathComponent? = nil
    ) -> Bool {
        guard collecting else { return false }
        guard violations.count < maxViolations else {
            isTruncated = true
            return false
        }
        record(node, keyword, message(), child: child)
        return true
    }

    private mutating func record(_ node: SchemaNode, _ keyword: String, _ message: String, child: PathComponent? = nil) {
        var pointer = ""
        for component in path + (child.map { [$0] } ?? []) {
            pointer.append("/")
            switch component {
            case .key(let key): pointer.append(JSONPointer.escape(key))
            case .index(let index): pointer.append(String(index))
            }
        }
        violations.append(
            SchemaViolation(
                instancePath: pointer, keyword: keyword,
                schemaPath: node.location + "/" + JSONPointer.escape(keyword), message: message))
    }

    private static func format(_ number: Double) -> String {
        JSONValue.number(number).compactText(limit: 40)
    }
}
