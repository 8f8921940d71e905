import JSON

/// The decoded keywords of one schema. Absent keywords are nil, empty or `.allowed`.
struct SchemaKeywords: Sendable {
    /// `$ref`: when set, every other keyword is ignored (draft-04). After compilation it points at
    /// the end of any chain of references.
    var ref: Int?

    var types: JSONTypeSet?
    var enumValues: [JSONValue]?
    /// The same values grouped by `JSONValue` hash equality, for long enums (then compared
    /// strictly within the group).
    var enumGroups: [JSONValue: [JSONValue]]?

    var multipleOf: MultipleOf?
    var maximum: Double?
    var exclusiveMaximum = false
    var minimum: Double?
    var exclusiveMinimum = false

    var maxLength: Int?
    var minLength: Int?
    var pattern: ECMAScriptRegex?
    var format: StringFormat?

    var items: Items?
    var additionalItems: Additional = .allowed
    var maxItems: Int?
    var minItems: Int?
    var uniqueItems = false

    var maxProperties: Int?
    var minProperties: Int?
    var required: [String] = []
    var properties: [PropertySchema] = []
    /// The same, by name.
    var propertyNodes: [String: Int] = [:]
    var patternProperties: [PatternPropertySchema] = []
    var additionalProperties: Additional = .allowed
    var dependencies: [Dependency] = []

    var allOf: [Int] = []
    var anyOf: [Int] = []
    var oneOf: [Int] = []
    var not: Int?

    /// Which instance kinds have keywords to check, so the evaluator skips the rest at once.
    var checksNumbers = false
    var checksStrings = false
    var checksArrays = false
    var checksObjects = false
    var hasCombinators = false
    /// Whether objects must be walked member by member (for `patternProperties` or
    /// `additionalProperties`) rather than by the declared property names.
    var scansProperties = false

    struct MultipleOf: Sendable {
        var value: Double
        var decimal: DecimalNumber
    }

    enum Items: Sendable {
        /// `items` as one schema: every element.
        case all(Int)
        /// `items` as an array: element *i* against schema *i*; the rest against `additionalItems`.
        case tuple([Int])
    }

    enum Additional: Sendable {
        case allowed
        case forbidden
        case schema(Int)
    }

    struct PropertySchema: Sendable {
        var name: String
        var node: Int
    }

    struct PatternPropertySchema: Sendable {
        var regex: ECMAScriptRegex
        var node: Int
    }

    struct Dependency: Sendable {
        enum Kind: Sendable {
            case properties([String])
            case schema(Int)
        }
        var property: String
        var kind: Kind
    }

    /// Sets the `checks…` flags from the keywords present.
    mutating func summarize() {
        checksNumbers = multipleOf != nil || maximum != nil || minimum != nil
        checksStrings = maxLength != nil || minLength != nil || pattern != nil || format != nil
        checksArrays = items != nil || maxItems != nil || minItems != nil || uniqueItems
        checksObjects =
            maxProperties != nil || minProperties != nil || !required.isEmpty || !properties.isEmpty
            || !patternProperties.isEmpty || !dependencies.isEmpty
        if case .allowed = additionalProperties {
            scansProperties = !patternProperties.isEmpty
        } else {
            scansProperties = true
            checksObjects = true
        }
        hasCombinators = !allOf.isEmpty || !anyOf.isEmpty || !oneOf.isEmpty || not != nil
    }

    /// Subschemas evaluated against the same instance (not a part of it): the edges along which
    /// a cycle would never end.
    var sameInstanceSubschemas: [Int] {
        var result: [Int] = []
        if let ref { result.append(ref) }
        result += allOf
        result += anyOf
        result += oneOf
        if let not { result.append(not) }
        for dependency in dependencies {
            if case .schema(let node) = dependency.kind { result.append(node) }
        }
        return result
    }
}
