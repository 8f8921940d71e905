import JSON
import JSONSchemaValidation
import Testing

@Suite("Schema compilation errors")
struct CompilationErrorTests {
    static func compileError(_ schema: JSONValue) -> SchemaCompilationError? {
        do {
            _ = try JSONSchemaValidator(schema: schema)
            return nil
        } catch {
            return error
        }
    }

    static let invalidKeywordCases: [(JSONValue, String)] = {
        var cases: [(JSONValue, String)] = []
        cases.append((["properties": ["a": ["minLength": -1]]], "#/properties/a/minLength"))
        cases.append((["items": [["type": "strin"]]], "#/items/0/type"))
        cases.append((["allOf": []], "#/allOf"))
        cases.append((["enum": []], "#/enum"))
        cases.append((["multipleOf": 0], "#/multipleOf"))
        cases.append((["definitions": ["x": ["maxItems": .number(1.5)]]], "#/definitions/x/maxItems"))
        cases.append((["dependencies": ["a": 1]], "#/dependencies/a"))
        cases.append((["additionalProperties": "no"], "#/additionalProperties"))
        cases.append((["exclusiveMaximum": true], "#/exclusiveMaximum"))
        cases.append((["properties": ["a~b/c": ["required": "x"]]], "#/properties/a~0b~1c/required"))
        cases.append((["not": 3], "#/not"))
        return cases
    }()

    @Test("a bad keyword is reported with the JSON pointer of the keyword", arguments: invalidKeywordCases)
    func invalidKeyword(schema: JSONValue, path: String) {
        let error = Self.compileError(schema)
        #expect(error?.code == .invalidKeyword, "\(String(describing: error))")
        #expect(error?.schemaPath == path)
    }

    @Test("an invalid regular expression is reported at its pattern")
    func invalidPattern() {
        let pattern = Self.compileError(["pattern": "(unclosed"])
        #expect(pattern?.code == .invalidPattern)
        #expect(pattern?.schemaPath == "#/pattern")
        let property = Self.compileError(["patternProperties": ["a**": [:]]])
        #expect(property?.code == .invalidPattern)
        #expect(property?.schemaPath == "#/patternProperties/a**")
        #expect(property?.message.contains("nothing to repeat") == true)
    }

    @Test("an unresolvable $ref is reported at the $ref")
    func unresolvable() {
        let missing = Self.compileError(["properties": ["a": ["$ref": "#/definitions/missing"]]])
        #expect(missing?.code == .unresolvableReference)
        #expect(missing?.schemaPath == "#/properties/a/$ref")
        let remote = Self.compileError(["$ref": "https://example.com/other.json"])
        #expect(remote?.code == .unresolvableReference)
        #expect(remote?.message.contains("no resolver") == true)
        let anchor = Self.compileError(["$ref": "#nowhere"])
        #expect(anchor?.code == .unresolvableReference)
    }

    static let loopingSchemas: [JSONValue] = {
        var schemas: [JSONValue] = []
        schemas.append(["$ref": "#"])
        schemas.append(["allOf": [["$ref": "#"]]])
        let definitions: JSONValue = [
            "a": ["$ref": "#/definitions/b"],
            "b": ["anyOf": [["$ref": "#/definitions/a"]]],
        ]
        schemas.append(["definitions": definitions, "not": ["$ref": "#/definitions/a"]])
        schemas.append(["dependencies": ["x": ["$ref": "#"]]])
        return schemas
    }()

    @Test("loops that never move into the instance are rejected", arguments: loopingSchemas)
    func endlessLoops(schema: JSONValue) {
        let error = Self.compileError(schema)
        #expect(error?.code == .circularReference, "\(String(describing: error))")
    }

    @Test("recursion through properties and items is fine")
    func productiveRecursion() throws {
        let validator = try JSONSchemaValidator(schema: [
            "type": "object",
            "properties": ["children": ["type": "array", "items": ["$ref": "#"]], "name": ["type": "string"]],
        ])
        #expect(validator.isValid(["name": "a", "children": [["name": "b", "children": []]]]))
        #expect(!validator.isValid(["name": "a", "children": [["name": 2]]]))
    }

    @Test("unknown keywords and format are ignored; non-object schemas are rejected")
    func leniency() throws {
        #expect(Self.compileError(["x-amazon-apigateway-anything": 1, "format": "made-up", "title": "T"]) == nil)
        #expect(Self.compileError(["required": []]) == nil)
        #expect(Self.compileError("not a schema")?.code == .invalidKeyword)
    }
}
