import JSON

/// Turns a draft-04 schema (and the documents its `$ref`s reach) into the validator's node table.
///
/// The work, once per schema:
/// 1. **Index** each document as it is loaded: walk its schema positions, apply `id`s to the
///    resolution scope, and record every `id` as a resource (`http://x/y.json`) or a plain-name
///    anchor (`http://x/y.json#foo`).
/// 2. **Compile** from the root: decode and check each keyword (a bad one is reported with its
///    JSON pointer), compile patterns, and compile subschemas depth first. A `$ref` is resolved
///    against its scope, loading a document through the resolver when it is not known yet, and
///    compiled to the node of its target; nodes are keyed by location, so recursive schemas end.
/// 3. **Check** that no loop of `$ref`s and combinators returns to a schema without moving into
///    the instance (it would never finish), then point every `$ref` at the end of its chain.
struct SchemaCompiler {
    private struct Document {
        var uri: String
        var root: JSONValue
    }

    private let options: JSONSchemaValidator.Options
    private let resolver: (any JSONSchemaResolver)?
    private var documents: [Document] = []
    /// Absolute URI without fragment → the schema it names (documents and `id`s).
    private var resources: [String: SchemaLocation] = [:]
    /// Absolute URI with a plain-name fragment → the schema whose `id` it is.
    private var anchors: [String: SchemaLocation] = [:]
    private var nodeIndexes: [SchemaLocation: Int] = [:]
    private var drafts: [SchemaKeywords] = []
    private var locations: [String] = []
    private var depth = 0

    init(options: JSONSchemaValidator.Options, resolver: (any JSONSchemaResolver)?) {
        self.options = options
        self.resolver = resolver
    }

    /// Compiles `schema` whose retrieval URI is `baseURI`; returns the node table and the root's
    /// index.
    mutating func compile(_ schema: JSONValue, baseURI: String) throws(SchemaCompilationError) -> (
        nodes: [SchemaNode], root: Int
    ) {
        let documentURI = URIReference(baseURI).withoutFragment.description
        guard case .object = schema else {
            throw SchemaCompilationError(
                code: .invalidKeyword, schemaPath: documentURI + "#", message: "a schema must be a JSON object")
        }
        let document = try addDocument(schema, uri: documentURI)
        let rootLocation = SchemaLocation(document: document, pointer: [])
        let root = try compileNode(at: rootLocation, value: schema, scope: applyID(of: schema, to: documentURI))
        try checkForEndlessLoops()
        collapseReferenceChains()
        var nodes: [SchemaNode] = []
        nodes.reserveCapacity(drafts.count)
        for index in drafts.indices {
            nodes.append(SchemaNode(location: locations[index], keywords: drafts[index]))
        }
        return (nodes, root)
    }

    // MARK: Documents and scopes

    private mutating func addDocument(_ root: JSONValue, uri: String) throws(SchemaCompilationError) -> Int {
        let index = documents.count
        documents.append(Document(uri: uri, root: root))
        let location = SchemaLocation(document: index, pointer: [])
        if resources[uri] == nil { resources[uri] = location }
        try indexIDs(in: root, at: location, scope: uri, level: 0)
        return index
    }

    /// Records the `id`s of `value` and its subschemas.
    private mutating func indexIDs(in value: JSONValue, at location: SchemaLocation, scope: String, level: Int)
        throws(SchemaCompilationError)
    {
        guard case .object(let object) = value else { return }
        guard level <= options.maxDepth else {
            throw error(.tooDeep, at: location, "schemas are nested deeper than \(options.maxDepth) levels")
        }
        var scope = scope
        if object["$ref"] == nil, case .string(let id)? = object["id"] {
            let resolved = URIReference(id).resolved(against: URIReference(scope))
            scope = resolved.withoutFragment.description
            if let fragment = resolved.fragment, !fragment.isEmpty {
                if !fragment.hasPrefix("/"), anchors[resolved.description] == nil {
                    anchors[resolved.description] = location
                }
                if !id.hasPrefix("#"), resources[scope] == nil { resources[scope] = location }
            } else if resources[scope] == nil {
                resources[scope] = location
            }
        }
        let currentScope = scope
        try SchemaKeyword.forEachSubschema(of: object) { (tokens, subschema) throws(SchemaCompilationError) in
            try indexIDs(
                in: subschema, at: SchemaLocation(document: location.document, pointer: location.pointer + tokens),
                scope: currentScope, level: level + 1)
        }
    }

    /// The scope inside `schema`: `scope` changed by the schema's `id`, unless a `$ref` beside it
    /// makes it void (draft-04 ignores every sibling of `$ref`).
    private func applyID(of schema: JSONValue, to scope: String) -> String {
        guard case .object(let object) = schema, object["$ref"] == nil, case .string(let id)? = object["id"] else {
            return scope
        }
        return URIReference(id).resolved(against: URIReference(scope)).withoutFragment.description
    }

    /// The resolution scope inside the schema at `location`, found by walking from its document's
    /// root through schema positions and applying every `id` on the way.
    private func scope(of location: SchemaLocation) -> String {
        let document = documents[location.document]
        var current = document.root
        var scope = applyID(of: current, to: document.uri)
        let tokens = location.pointer
        var position = 0
        while position < tokens.count {
            guard case .object(let object) = current, let value = object[tokens[position]],
                let count = SchemaKeyword.subschemaTokenCount(keyword: tokens[position], value: value)
            else { return scope }
            if count == 1 {
                current = value
            } else {
                guard position + 1 < tokens.count, let next = JSONPointer(tokens: [tokens[position + 1]]).value(in: value)
                else { return scope }
                current = next
            }
            position += count
            scope = applyID(of: current, to: scope)
        }
        return scope
    }

    private func value(at location: SchemaLocation) -> JSONValue? {
        JSONPointer(tokens: location.pointer).value(in: documents[location.document].root)
    }

    // MARK: References

    /// Resolves `reference` (the value of a `$ref`) against `scope` to a schema location, loading
    /// documents as needed.
    private mutating func resolve(_ reference: String, scope: String, from referrer: SchemaLocation)
        throws(SchemaCompilationError) -> SchemaLocation
    {
        let referrerPath = referrer.appending("$ref")
        let resolved = URIReference(reference).resolved(against: URIReference(scope))
        let documentURI = resolved.withoutFragment.description
        let fragment = resolved.fragment ?? ""
        if !fragment.isEmpty, !fragment.hasPrefix("/") {
            // A plain-name fragment names a schema by its `id` ("#foo").
            if anchors[resolved.description] == nil, resources[documentURI] == nil {
                try loadDocument(documentURI, for: referrerPath)
            }
            guard let location = anchors[resolved.description] else {
                throw error(
                    .unresolvableReference, at: referrerPath,
                    "$ref '\(reference)' names no schema: no schema has the id '\(resolved.description)'")
            }
            return location
        }
        if resources[documentURI] == nil {
            try loadDocument(documentURI, for: referrerPath)
        }
        guard let resource = resources[documentURI] else {
            throw error(.unresolvableReference, at: referrerPath, "$ref '\(reference)': no document at '\(documentURI)'")
        }
        guard let decoded = fragment.percentDecoded, let pointer = JSONPointer(decoded) else {
            throw error(
                .unresolvableReference, at: referrerPath, "$ref '\(reference)' has a malformed JSON pointer fragment")
        }
        let location = SchemaLocation(document: resource.document, pointer: resource.pointer + pointer.tokens)
        guard let target = value(at: location) else {
            throw error(
                .unresolvableReference, at: referrerPath,
                "$ref '\(reference)' points at nothing: '\(documentURI)' has no '\(pointer)'")
        }
        guard case .object = target else {
            throw error(
                .unresolvableReference, at: referrerPath,
                "$ref '\(reference)' points at a \(target.typeName), not a schema object")
        }
        return location
    }

    private mutating func loadDocument(_ uri: String, for referrer: SchemaLocation) throws(SchemaCompilationError) {
        if uri == DraftFourMetaschema.uri, let metaschema = DraftFourMetaschema.document {
            _ = try addDocument(metaschema, uri: uri)
            return
        }
        guard let resolver else {
            throw error(
                .unresolvableReference, at: referrer, "no schema document is known at '\(uri)' (no resolver was given)")
        }
        let document: JSONValue?
        do {
            document = try resolver.schemaDocument(at: uri)
        } catch {
            throw self.error(.resolverFailure, at: referrer, "fetching '\(uri)' failed: \(error)")
        }
        guard let document else {
            throw error(.unresolvableReference, at: referrer, "no schema document is known at '\(uri)'")
        }
        guard case .object = document else {
            throw error(.unresolvableReference, at: referrer, "the document at '\(uri)' is not a schema object")
        }
        _ = try addDocument(document, uri: uri)
    }

    // MARK: Nodes

    /// Compiles the schema `value` at `location` whose own scope (its `id` applied) is `scope`.
    private mutating func compileNode(at location: SchemaLocation, value: JSONValue, scope: String)
        throws(SchemaCompilationError) -> Int
    {
        if let existing = nodeIndexes[location] { return existing }
        guard case .object(let schema) = value else {
            throw error(.invalidKeyword, at: location, "a schema must be a JSON object, not a \(value.typeName)")
        }
        depth += 1
        defer { depth -= 1 }
        guard depth <= options.maxDepth else {
            throw error(.tooDeep, at: location, "schemas are nested deeper than \(options.maxDepth) levels")
        }
        let index = drafts.count
        drafts.append(SchemaKeywords())
        locations.append(describe(location))
        nodeIndexes[location] = index

        var keywords = SchemaKeywords()
        if let referenceValue = schema["$ref"] {
            guard case .string(let reference) = referenceValue else {
                throw error(.invalidKeyword, at: location.appending("$ref"), "$ref must be a string")
            }
            let target = try resolve(reference, scope: scope, from: location)
            guard let targetValue = self.value(at: target) else {
                throw error(.unresolvableReference, at: location.appending("$ref"), "$ref '\(reference)' points at nothing")
            }
            keywords.ref = try compileNode(at: target, value: targetValue, scope: self.scope(of: target))
            drafts[index] = keywords
            return index
        }

        try compileGeneric(schema, at: location, into: &keywords)
        try compileNumeric(schema, at: location, into: &keywords)
        try compileString(schema, at: location, into: &keywords)
        try compileArray(schema, at: location, scope: scope, into: &keywords)
        try compileObject(schema, at: location, scope: scope, into: &keywords)
        try compileCombinators(schema, at: location, scope: scope, into: &keywords)
        if case .object(let definitions)? = schema["definitions"] {
            for name in definitions.keys {
                _ = try compileSubschema(definitions[name], at: location.appending("definitions", name), scope: scope)
            }
        } else if let definitions = schema["definitions"] {
            throw error(
                .invalidKeyword, at: location.appending("definitions"),
                "definitions must be an object of schemas, not a \(definitions.typeName)")
        }
        keywords.summarize()
        drafts[index] = keywords
        return index
    }

    private mutating func compileSubschema(_ value: JSONValue?, at location: SchemaLocation, scope: String)
        throws(SchemaCompilationError) -> Int
    {
        guard let value, case .object = value else {
            throw error(
                .invalidKeyword, at: location, "expected a schema object, found \(value?.typeName ?? "nothing")")
        }
        return try compileNode(at: location, value: value, scope: applyID(of: value, to: scope))
    }

    private mutating func compileGeneric(_ schema: JSONObject, at location: SchemaLocation, into keywords: inout SchemaKeywords)
        throws(SchemaCompilationError)
    {
        if let type = schema["type"] {
            let path = location.appending("type")
            switch type {
            case .string(let name):
                guard let types = JSONTypeSet(name: name) else { throw error(.invalidKeyword, at: path, "unknown type '\(name)'") }
                keywords.types = types
            case .array(let names):
                guard !names.isEmpty else { throw error(.invalidKeyword, at: path, "type must not be an empty array") }
                var types: JSONTypeSet = []
                for name in names {
                    guard case .string(let name) = name, let type = JSONTypeSet(name: name) else {
                        throw error(.invalidKeyword, at: path, "type must list draft-04 type names")
                    }
                    types.insert(type)
                }
                keywords.types = types
            default:
                throw error(.invalidKeyword, at: path, "type must be a string or an array of strings")
            }
        }
        if let values = schema["enum"] {
            guard case .array(let values) = values, !values.isEmpty else {
                throw error(.invalidKeyword, at: location.appending("enum"), "enum must be a non-empty array")
            }
            keywords.enumValues = values
            if values.count > 8 { keywords.enumGroups = Dictionary(grouping: values, by: { $0 }) }
        }
        if options.validatesFormats, case .string(let name)? = schema["format"] {
            keywords.format = StringFormat(rawValue: name)
        } else if let format = schema["format"], format.stringValue == nil {
            throw error(.invalidKeyword, at: location.appending("format"), "format must be a string")
        }
    }

    private mutating func compileNumeric(_ schema: JSONObject, at location: SchemaLocation, into keywords: inout SchemaKeywords)
        throws(SchemaCompilationError)
    {
        if let value = schema["multipleOf"] {
            guard case .number(let divisor) = value, divisor > 0, let decimal = DecimalNumber(divisor) else {
                throw error(.invalidKeyword, at: location.appending("multipleOf"), "multipleOf must be a number above 0")
            }
            keywords.multipleOf = SchemaKeywords.MultipleOf(value: divisor, decimal: decimal)
        }
        keywords.maximum = try number(schema, "maximum", at: location)
        keywords.minimum = try number(schema, "minimum", at: location)
        keywords.exclusiveMaximum = try boolean(schema, "exclusiveMaximum", at: location) ?? false
        keywords.exclusiveMinimum = try boolean(schema, "exclusiveMinimum", at: location) ?? false
        if schema["exclusiveMaximum"] != nil, keywords.maximum == nil {
            throw error(.invalidKeyword, at: location.appending("exclusiveMaximum"), "exclusiveMaximum requires maximum")
        }
        if schema["exclusiveMinimum"] != nil, keywords.minimum == nil {
            throw error(.invalidKeyword, at: location.appending("exclusiveMinimum"), "exclusiveMinimum requires minimum")
        }
    }

    private mutating func compileString(_ schema: JSONObject, at location: SchemaLocation, into keywords: inout SchemaKeywords)
        throws(SchemaCompilationError)
    {
        keywords.maxLength = try count(schema, "maxLength", at: location)
        keywords.minLength = try count(schema, "minLength", at: location)
        if let pattern = schema["pattern"] {
            guard case .string(let source) = pattern else {
                throw error(.invalidKeyword, at: location.appending("pattern"), "pattern must be a string")
            }
            keywords.pattern = try regex(source, at: location.appending("pattern"))
        }
    }

    private mutating func compileArray(
        _ schema: JSONObject, at location: SchemaLocation, scope: String, into keywords: inout SchemaKeywords
    ) throws(SchemaCompilationError) {
        switch schema["items"] {
        case nil:
            break
        case .object?:
            keywords.items = .all(try compileSubschema(schema["items"], at: location.appending("items"), scope: scope))
        case .array(let list)?:
            var nodes: [Int] = []
            for (index, element) in list.enumerated() {
                nodes.append(try compileSubschema(element, at: location.appending("items", String(index)), scope: scope))
            }
            keywords.items = .tuple(nodes)
        case let other?:
            throw error(
                .invalidKeyword, at: location.appending("items"),
                "items must be a schema or an array of schemas, not a \(other.typeName)")
        }
        keywords.additionalItems = try additional(schema, "additionalItems", at: location, scope: scope)
        keywords.maxItems = try count(schema, "maxItems", at: location)
        keywords.minItems = try count(schema, "minItems", at: location)
        keywords.uniqueItems = try boolean(schema, "uniqueItems", at: location) ?? false
    }

    private mutating func compileObject(
        _ schema: JSONObject, at location: SchemaLocation, scope: String, into keywords: inout SchemaKeywords
    ) throws(SchemaCompilationError) {
        keywords.maxProperties = try count(schema, "maxProperties", at: location)
        keywords.minProperties = try count(schema, "minProperties", at: location)
        if let required = schema["required"] {
            // Draft-04 asks for at least one name; an empty list is accepted, as API Gateway does.
            guard case .array(let names) = required else {
                throw error(.invalidKeyword, at: location.appending("required"), "required must be an array of strings")
            }
            for name in names {
                guard case .string(let name) = name else {
                    throw error(.invalidKeyword, at: location.appending("required"), "required must be an array of strings")
                }
                if !keywords.required.contains(name) { keywords.required.append(name) }
            }
        }
        if let properties = schema["properties"] {
            guard case .object(let properties) = properties else {
                throw error(.invalidKeyword, at: location.appending("properties"), "properties must be an object of schemas")
            }
            for name in properties.keys {
                let node = try compileSubschema(properties[name], at: location.appending("properties", name), scope: scope)
                keywords.properties.append(SchemaKeywords.PropertySchema(name: name, node: node))
                keywords.propertyNodes[name] = node
            }
        }
        if let patternProperties = schema["patternProperties"] {
            guard case .object(let patterns) = patternProperties else {
                throw error(
                    .invalidKeyword, at: location.appending("patternProperties"),
                    "patternProperties must be an object of schemas")
            }
            for source in patterns.keys {
                let path = location.appending("patternProperties", source)
                let compiled = try regex(source, at: path)
                let node = try compileSubschema(patterns[source], at: path, scope: scope)
                keywords.patternProperties.append(SchemaKeywords.PatternPropertySchema(regex: compiled, node: node))
            }
        }
        keywords.additionalProperties = try additional(schema, "additionalProperties", at: location, scope: scope)
        if let dependencies = schema["dependencies"] {
            guard case .object(let dependencies) = dependencies else {
                throw error(.invalidKeyword, at: location.appending("dependencies"), "dependencies must be an object")
            }
            for property in dependencies.keys {
                let path = location.appending("dependencies", property)
                switch dependencies[property] {
                case .object?:
                    let node = try compileSubschema(dependencies[property], at: path, scope: scope)
                    keywords.dependencies.append(SchemaKeywords.Dependency(property: property, kind: .schema(node)))
                case .array(let names)?:
                    var required: [String] = []
                    for name in names {
                        guard case .string(let name) = name else {
                            throw error(.invalidKeyword, at: path, "a property dependency must list property names")
                        }
                        required.append(name)
                    }
                    keywords.dependencies.append(SchemaKeywords.Dependency(property: property, kind: .properties(required)))
                default:
                    throw error(.invalidKeyword, at: path, "a dependency must be a schema or an array of property names")
                }
            }
        }
    }

    private mutating func compileCombinators(
        _ schema: JSONObject, at location: SchemaLocation, scope: String, into keywords: inout SchemaKeywords
    ) throws(SchemaCompilationError) {
        keywords.allOf = try schemaList(schema, "allOf", at: location, scope: scope)
        keywords.anyOf = try schemaList(schema, "anyOf", at: location, scope: scope)
        keywords.oneOf = try schemaList(schema, "oneOf", at: location, scope: scope)
        if let not = schema["not"] {
            keywords.not = try compileSubschema(not, at: location.appending("not"), scope: scope)
        }
    }

    // MARK: Keyword values

    private func number(_ schema: JSONObject, _ keyword: String, at location: SchemaLocation) throws(SchemaCompilationError)
        -> Double?
    {
        guard let value = schema[keyword] else { return nil }
        guard case .number(let number) = value else {
            throw error(.invalidKeyword, at: location.appending(keyword), "\(keyword) must be a number")
        }
        return number
    }

    private func boolean(_ schema: JSONObject, _ keyword: String, at location: SchemaLocation) throws(SchemaCompilationError)
        -> Bool?
    {
        guard let value = schema[keyword] else { return nil }
        guard case .bool(let flag) = value else {
            throw error(.invalidKeyword, at: location.appending(keyword), "\(keyword) must be true or false")
        }
        return flag
    }

    /// A non-negative integer keyword (`maxLength`, `minItems`, …); `2.0` counts as 2.
    private func count(_ schema: JSONObject, _ keyword: String, at location: SchemaLocation) throws(SchemaCompilationError)
        -> Int?
    {
        guard let value = schema[keyword] else { return nil }
        guard case .number(let number) = value, number >= 0, JSONTypeSet.isInteger(number) else {
            throw error(.invalidKeyword, at: location.appending(keyword), "\(keyword) must be a non-negative integer")
        }
        return number >= Double(Int.max) ? Int.max : Int(number)
    }

    private mutating func additional(
        _ schema: JSONObject, _ keyword: String, at location: SchemaLocation, scope: String
    ) throws(SchemaCompilationError) -> SchemaKeywords.Additional {
        switch schema[keyword] {
        case nil, .bool(true)?: return .allowed
        case .bool(false)?: return .forbidden
        case .object?: return .schema(try compileSubschema(schema[keyword], at: location.appending(keyword), scope: scope))
        case let other?:
            throw error(
                .invalidKeyword, at: location.appending(keyword), "\(keyword) must be a boolean or a schema, not a \(other.typeName)")
        }
    }

    private mutating func schemaList(_ schema: JSONObject, _ keyword: String, at location: SchemaLocation, scope: String)
        throws(SchemaCompilationError) -> [Int]
    {
        guard let value = schema[keyword] else { return [] }
        guard case .array(let list) = value, !list.isEmpty else {
            throw error(.invalidKeyword, at: location.appending(keyword), "\(keyword) must be a non-empty array of schemas")
        }
        var nodes: [Int] = []
        for (index, element) in list.enumerated() {
            nodes.append(try compileSubschema(element, at: location.appending(keyword, String(index)), scope: scope))
        }
        return nodes
    }

    private func regex(_ source: String, at location: SchemaLocation) throws(SchemaCompilationError) -> ECMAScriptRegex {
        do {
            return try ECMAScriptRegex(source)
        } catch {
            throw self.error(
                .invalidPattern, at: location,
                "invalid regular expression '\(source)': \(error.message) (at character \(error.offset))")
        }
    }

    // MARK: Loops and chains

    /// Fails when following `$ref`s and combinators from some schema leads back to it without
    /// moving into the instance: validation would never end.
    private func checkForEndlessLoops() throws(SchemaCompilationError) {
        enum Mark { case unvisited, active, done }
        var marks = [Mark](repeating: .unvisited, count: drafts.count)
        for start in drafts.indices where marks[start] == .unvisited {
            // Iterative depth-first search: (node, next edge to follow).
            var stack: [(node: Int, edges: [Int], next: Int)] = [(start, drafts[start].sameInstanceSubschemas, 0)]
            marks[start] = .active
            while let top = stack.last {
                if top.next == top.edges.count {
                    marks[top.node] = .done
                    stack.removeLast()
                    continue
                }
                stack[stack.count - 1].next += 1
                let target = top.edges[top.next]
                switch marks[target] {
                case .active:
                    let cycleStart = stack.firstIndex { $0.node == target } ?? 0
                    let cycle = stack[cycleStart...].map { locations[$0.node] } + [locations[target]]
                    throw SchemaCompilationError(
                        code: .circularReference, schemaPath: locations[target],
                        message: "schemas refer to each other in a loop that never moves into the instance: "
                            + cycle.joined(separator: " → "))
                case .unvisited:
                    marks[target] = .active
                    stack.append((target, drafts[target].sameInstanceSubschemas, 0))
                case .done:
                    break
                }
            }
        }
    }

    /// Points every `$ref` at the first node of its chain that is not itself a `$ref` (chains are
    /// finite once ``checkForEndlessLoops()`` has passed).
    private mutating func collapseReferenceChains() {
        for index in drafts.indices {
            guard var target = drafts[index].ref else { continue }
            var steps = 0
            while let next = drafts[target].ref, steps <= drafts.count {
                target = next
                steps += 1
            }
            drafts[index].ref = target
        }
    }

    // MARK: Errors

    private func describe(_ location: SchemaLocation) -> String {
        documents[location.document].uri + "#" + JSONPointer(tokens: location.pointer).description
    }

    private func error(_ code: SchemaCompilationError.Code, at location: SchemaLocation, _ message: String)
        -> SchemaCompilationError
    {
        SchemaCompilationError(code: code, schemaPath: describe(location), message: message)
    }
}
