import JSON
import JSONSchemaValidation
import Testing

@Suite("Violation reporting")
struct ViolationReportingTests {
    @Test("instance paths are JSON pointers with ~0 and ~1 escapes and array indexes")
    func instancePointers() throws {
        let schema: JSONValue = [
            "type": "object",
            "properties": [
                "a/b": ["type": "array", "items": ["type": "object", "properties": ["m~n": ["type": "integer"]]]]
            ],
        ]
        let validator = try JSONSchemaValidator(schema: schema)
        let result = validator.validate(["a/b": [["m~n": 1], ["m~n": "x"]]])
        #expect(result.violations.count == 1)
        let violation = try #require(result.violations.first)
        #expect(violation.instancePath == "/a~1b/1/m~0n")
        #expect(violation.keyword == "type")
        #expect(violation.schemaPath == "#/properties/a~1b/items/properties/m~0n/type")
        #expect(violation.message == "expected integer, found string")
        #expect(violation.description == "/a~1b/1/m~0n: expected integer, found string (#/properties/a~1b/items/properties/m~0n/type)")
    }

    @Test("every violation is collected, each at its own place")
    func collectsAll() throws {
        let schema: JSONValue = [
            "type": "object",
            "required": ["id", "name"],
            "additionalProperties": false,
            "properties": [
                "id": ["type": "integer", "minimum": 1],
                "email": ["type": "string", "maxLength": 5],
                "name": ["type": "string"],
            ],
        ]
        let validator = try JSONSchemaValidator(schema: schema)
        let result = validator.validate(["id": 0, "email": "a@example.com", "extra": true])
        let summary = result.violations.map { "\($0.instancePath) \($0.keyword)" }
        #expect(summary == [" required", "/id minimum", "/email maxLength", "/extra additionalProperties"])
        #expect(result.violations[0].message == "missing required property 'name'")
        #expect(result.violations[0].instancePath == "")
        #expect(result.violations[1].message == "0 must be at least 1")
        #expect(result.violations[3].message == "property 'extra' is not allowed")
        #expect(!validator.isValid(["id": 0, "name": "x"]))
        #expect(validator.isValid(["id": 1, "name": "x"]))
    }

    @Test("combinators report at the combinator; allOf reports the inner failures")
    func combinators() throws {
        let schema: JSONValue = [
            "allOf": [["type": "object"], ["required": ["a"]]],
            "anyOf": [["type": "string"], ["type": "array"]],
            "oneOf": [["type": "object"], ["minProperties": 0]],
            "not": ["type": "object"],
        ]
        let validator = try JSONSchemaValidator(schema: schema)
        let result = validator.validate(["b": 1])
        #expect(result.violations.map(\.schemaPath) == ["#/allOf/1/required", "#/anyOf", "#/oneOf", "#/not"])
        #expect(result.violations[2].message == "value matches more than one schema in oneOf (0 and 1)")
    }

    @Test("the list stops at maxViolations and says it was cut")
    func truncation() throws {
        let validator = try JSONSchemaValidator(
            schema: ["items": ["type": "string"]], options: .init(maxViolations: 3))
        let result = validator.validate(.array((0..<10).map { .number(Double($0)) }))
        #expect(result.violations.count == 3)
        #expect(result.isTruncated)
        #expect(result.violations.map(\.instancePath) == ["/0", "/1", "/2"])
    }

    @Test("an instance nested beyond maxDepth is invalid, without exhausting the stack")
    func deepInstance() throws {
        var instance: JSONValue = 1
        for _ in 0..<1_000 { instance = [instance] }
        let validator = try JSONSchemaValidator(schema: ["items": ["$ref": "#"]], options: .init(maxDepth: 100))
        #expect(!validator.isValid(instance))
        let result = validator.validate(instance)
        #expect(result.violations.map(\.keyword) == ["$depth"])
        #expect(result.violations.first?.instancePath.hasPrefix("/0/0/0") == true)

        var shallow: JSONValue = 1
        for _ in 0..<50 { shallow = [shallow] }
        #expect(validator.isValid(shallow))

        // The default limit, through objects and arrays.
        var mixed: JSONValue = 1
        for level in 0..<1_000 { mixed = level % 2 == 0 ? ["a": mixed] : [mixed] }
        let recursive = try JSONSchemaValidator(schema: [
            "anyOf": [
                ["type": "number"],
                ["type": "array", "items": ["$ref": "#"]],
                ["type": "object", "additionalProperties": ["$ref": "#"]],
            ]
        ])
        #expect(!recursive.isValid(mixed))
        #expect(recursive.validate(mixed).violations.map(\.keyword) == ["$depth"])
    }

    @Test("a schema nested beyond maxDepth is a compile error")
    func deepSchema() {
        var schema: JSONValue = ["type": "string"]
        for _ in 0..<1_000 { schema = ["items": schema] }
        #expect {
            try JSONSchemaValidator(schema: schema)
        } throws: { error in
            (error as? SchemaCompilationError)?.code == .tooDeep
        }
    }

    @Test("hitting the depth limit inside not still makes the instance invalid")
    func deepInstanceInsideNot() throws {
        // Without the rule, an abandoned (false) evaluation inside `not` would turn into a pass.
        var instance: JSONValue = "leaf"
        for _ in 0..<500 { instance = [instance] }
        let schema: JSONValue = [
            "not": ["$ref": "#/definitions/nestedStrings"],
            "definitions": ["nestedStrings": ["anyOf": [["type": "string"], ["items": ["$ref": "#/definitions/nestedStrings"]]]]],
        ]
        let validator = try JSONSchemaValidator(schema: schema, options: .init(maxDepth: 64))
        #expect(!validator.isValid(instance))
        #expect(!validator.validate(instance).isValid)
    }

    @Test("string lengths count code points, not UTF-16 units or grapheme clusters")
    func codePointLengths() throws {
        let validator = try JSONSchemaValidator(schema: ["minLength": 2, "maxLength": 2])
        #expect(validator.isValid("💩💩"))  // 2 code points, 4 UTF-16 units
        #expect(validator.isValid("e\u{301}"))  // 2 code points, 1 grapheme
        #expect(!validator.isValid("💩"))
        #expect(!validator.isValid("abc"))
    }

    @Test("multipleOf is decided on the decimals as written")
    func decimalMultipleOf() throws {
        let cents = try JSONSchemaValidator(schema: ["multipleOf": 0.01])
        #expect(cents.isValid(19.99))
        #expect(cents.isValid(0.07))
        #expect(!cents.isValid(0.075))
        let tenth = try JSONSchemaValidator(schema: ["multipleOf": 0.1])
        #expect(tenth.isValid(0.3))
        #expect(tenth.isValid(1e308))
        let integer = try JSONSchemaValidator(schema: ["multipleOf": 3])
        #expect(integer.isValid(9))
        #expect(!integer.isValid(10))
        #expect(!integer.isValid(4.5))
    }

    @Test("a validator is shared safely across concurrent tasks")
    func concurrentUse() async throws {
        let validator = try JSONSchemaValidator(schema: [
            "type": "object", "patternProperties": ["^x-": ["type": "string", "pattern": "^[a-z]+$"]],
        ])
        let failures = await withTaskGroup(of: Int.self) { group in
            for worker in 0..<4 {
                group.addTask {
                    var failures = 0
                    for round in 0..<500 {
                        let good: JSONValue = ["x-\(worker)": "abc"]
                        let bad: JSONValue = ["x-\(round)": "ABC"]
                        if !validator.isValid(good) || validator.isValid(bad) { failures += 1 }
                    }
                    return failures
                }
            }
            return await group.reduce(0, +)
        }
        #expect(failures == 0)
    }
}
