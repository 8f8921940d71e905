import JSON
import JSONSchemaValidation
import Testing

/// API Gateway models refer to other models of the same API by URL
/// (`https://apigateway.amazonaws.com/restapis/{restapi_id}/models/{model_name}`) and to their own
/// definitions by `#/definitions/...`.
@Suite("API Gateway model references")
struct ModelReferenceTests {
    static let api = "https://apigateway.amazonaws.com/restapis/a1b2c3/models/"

    static let category: JSONValue = [
        "$schema": "http://json-schema.org/draft-04/schema#",
        "title": "Category",
        "type": "object",
        "properties": ["id": ["type": "integer"], "name": ["type": "string", "minLength": 1]],
        "required": ["name"],
    ]

    static let pet: JSONValue = [
        "$schema": "http://json-schema.org/draft-04/schema#",
        "title": "Pet",
        "type": "object",
        "properties": [
            "name": ["type": "string"],
            "category": ["$ref": .string(api + "Category")],
            "tags": ["type": "array", "items": ["$ref": "#/definitions/Tag"]],
        ],
        "required": ["name"],
        "definitions": ["Tag": ["type": "string", "pattern": "^[a-z]+$"]],
    ]

    static let resolver = StaticSchemaResolver([api + "Category": category, api + "Pet": pet])

    @Test("a model $ref to another model of the same API resolves through the resolver")
    func crossModelReference() throws {
        let validator = try JSONSchemaValidator(schema: Self.pet, baseURI: Self.api + "Pet", resolver: Self.resolver)
        #expect(validator.isValid(["name": "Rex", "category": ["id": 1, "name": "dogs"], "tags": ["good"]]))

        let result = validator.validate(["name": "Rex", "category": ["id": 1.5], "tags": ["Good"]])
        #expect(!result.isValid)
        #expect(
            result.violations.map(\.instancePath).sorted() == ["/category", "/category/id", "/tags/0"],
            "\(result.violations)")
        let categoryType = try #require(result.violations.first { $0.instancePath == "/category/id" })
        #expect(categoryType.keyword == "type")
        #expect(categoryType.schemaPath == Self.api + "Category#/properties/id/type")
        let tag = try #require(result.violations.first { $0.instancePath == "/tags/0" })
        #expect(tag.keyword == "pattern")
        #expect(tag.schemaPath == Self.api + "Pet#/definitions/Tag/pattern")
        let required = try #require(result.violations.first { $0.instancePath == "/category" })
        #expect(required.keyword == "required")
        #expect(required.message.contains("name"))
    }

    @Test("a relative model reference resolves against the model's own URL")
    func relativeModelReference() throws {
        let order: JSONValue = ["type": "object", "properties": ["pet": ["$ref": "Pet"]]]
        let validator = try JSONSchemaValidator(schema: order, baseURI: Self.api + "Order", resolver: Self.resolver)
        #expect(validator.isValid(["pet": ["name": "Rex"]]))
        #expect(!validator.isValid(["pet": ["name": 5]]))

        let dotted: JSONValue = ["properties": ["category": ["$ref": "../models/./Category"]]]
        let viaDots = try JSONSchemaValidator(schema: dotted, baseURI: Self.api + "Order", resolver: Self.resolver)
        #expect(viaDots.isValid(["category": ["name": "cats"]]))
        #expect(!viaDots.isValid(["category": [:]]))
    }

    @Test("models that refer to each other recursively compile and validate")
    func mutuallyRecursiveModels() throws {
        let tree: JSONValue = [
            "type": "object",
            "properties": ["value": ["type": "number"], "children": ["type": "array", "items": ["$ref": .string(Self.api + "Node")]]],
        ]
        let node: JSONValue = ["type": "object", "properties": ["tree": ["$ref": .string(Self.api + "Tree")]]]
        let resolver = StaticSchemaResolver([Self.api + "Tree": tree, Self.api + "Node": node])
        let validator = try JSONSchemaValidator(schema: tree, baseURI: Self.api + "Tree", resolver: resolver)
        let valid: JSONValue = ["value": 1, "children": [["tree": ["value": 2, "children": []]]]]
        let invalid: JSONValue = ["value": 1, "children": [["tree": ["value": "two"]]]]
        #expect(validator.isValid(valid))
        let result = validator.validate(invalid)
        #expect(result.violations.map(\.instancePath) == ["/children/0/tree/value"])
    }

    @Test("a reference to a model the API does not have is a compile error at the $ref")
    func unknownModel() {
        let schema: JSONValue = ["properties": ["owner": ["$ref": .string(Self.api + "Owner")]]]
        #expect {
            try JSONSchemaValidator(schema: schema, baseURI: Self.api + "Pet", resolver: Self.resolver)
        } throws: { error in
            guard let error = error as? SchemaCompilationError else { return false }
            return error.code == .unresolvableReference && error.schemaPath == Self.api + "Pet#/properties/owner/$ref"
        }
    }

    @Test("a resolver that throws is reported as resolverFailure")
    func failingResolver() {
        struct Unavailable: Error {}
        let resolver = ClosureSchemaResolver { _ in throw Unavailable() }
        #expect {
            try JSONSchemaValidator(schema: ["$ref": .string(Self.api + "Pet")], resolver: resolver)
        } throws: { error in
            (error as? SchemaCompilationError)?.code == .resolverFailure
        }
    }

    @Test("the resolver is asked once per document, and only while compiling")
    func resolverCalledOnlyAtCompileTime() throws {
        final class Counter: @unchecked Sendable {
            var requests: [String] = []
        }
        let counter = Counter()
        let resolver = ClosureSchemaResolver { uri in
            counter.requests.append(uri)
            return try Self.resolver.schemaDocument(at: uri)
        }
        let schema: JSONValue = [
            "properties": [
                "a": ["$ref": .string(Self.api + "Category")],
                "b": ["$ref": .string(Self.api + "Category#/properties/name")],
            ]
        ]
        let validator = try JSONSchemaValidator(schema: schema, resolver: resolver)
        #expect(counter.requests == [Self.api + "Category"])
        for _ in 0..<10 { _ = validator.validate(["a": ["name": "x"], "b": ""]) }
        #expect(counter.requests.count == 1)
        #expect(!validator.isValid(["b": ""]))
    }

    @Test("the draft-04 metaschema is built in and validates schemas")
    func metaschema() throws {
        let validator = try JSONSchemaValidator(schema: ["$ref": .string(JSONSchemaValidator.draft4MetaschemaURI)])
        #expect(validator.isValid(Self.pet))
        #expect(validator.isValid(Self.category))
        let result = validator.validate(["type": "object", "properties": ["a": ["minLength": -1]], "required": []])
        #expect(result.violations.map(\.instancePath).contains("/properties/a/minLength"), "\(result.violations)")
        #expect(result.violations.map(\.instancePath).contains("/required"), "\(result.violations)")
    }
}
