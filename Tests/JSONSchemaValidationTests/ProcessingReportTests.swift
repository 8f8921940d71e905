import JSON
import JSONSchemaValidation
import Testing

/// `processingReport`: the messages API Gateway puts in `$context.error.validationErrorString`,
/// in the words and order of its validator (fge json-schema-validator).
@Suite("Processing report (AWS's validationErrorString)")
struct ProcessingReportTests {
    @Test("type and required, in fge's words")
    func typeAndRequired() throws {
        let validator = try JSONSchemaValidator(schema: ["type": "integer"])
        #expect(validator.processingReport("1") == [#"instance type (string) does not match any allowed primitive type (allowed: ["integer"])"#])
        let object = try JSONSchemaValidator(schema: ["type": ["string", "object", "array"], "required": ["zeta", "alpha", "beta"]])
        #expect(object.processingReport(["beta": 1]) == [#"object has missing required properties (["alpha","zeta"])"#])
        #expect(object.processingReport(1) == [#"instance type (integer) does not match any allowed primitive type (allowed: ["array","object","string"])"#])
        #expect(object.processingReport(["zeta": 1, "alpha": 2, "beta": 3]).isEmpty)
    }

    @Test("keyword messages")
    func keywordMessages() throws {
        func report(_ schema: JSONValue, _ instance: JSONValue) throws -> [String] {
            try JSONSchemaValidator(schema: schema).processingReport(instance)
        }
        #expect(try report(["maxLength": 2], "abc") == [#"string "abc" is too long (length: 3, maximum allowed: 2)"#])
        #expect(try report(["minLength": 4], "abc") == [#"string "abc" is too short (length: 3, required minimum: 4)"#])
        #expect(try report(["minimum": 18], 3) == ["numeric instance is lower than the required minimum (minimum: 18, found: 3)"])
        #expect(try report(["maximum": 2.5], 3) == ["numeric instance is greater than the required maximum (maximum: 2.5, found: 3)"])
        #expect(try report(["maximum": 3, "exclusiveMaximum": true], 3) == ["numeric instance is not strictly lower than the required maximum 3"])
        #expect(try report(["multipleOf": 2], 7) == ["remainder of division is not zero (7 / 2)"])
        #expect(try report(["enum": ["a", "b"]], "c") == [#"instance value ("c") not found in enum (possible values: ["a","b"])"#])
        #expect(try report(["pattern": "^a"], "b") == [#"ECMA 262 regex "^a" does not match input string "b""#])
        #expect(try report(["maxItems": 1], [1, 2]) == ["array is too long: must have at most 1 elements but instance has 2 elements"])
        #expect(try report(["uniqueItems": true], [1, 1]) == ["array must not contain duplicate elements"])
        #expect(
            try report(["properties": ["a": [:]], "additionalProperties": false], ["z": 1, "a": 1, "b": 2])
                == [#"object instance has properties which are not allowed by the schema: ["b","z"]"#])
        #expect(try report(["anyOf": [["type": "string"], ["type": "null"]]], 1) == ["instance failed to match at least one required schema among 2"])
        #expect(try report(["oneOf": [["type": "integer"], ["minimum": 0]]], 1) == ["instance failed to match exactly one schema (matched 2 out of 2)"])
        #expect(try report(["not": ["type": "integer"]], 1) == ["instance matched a schema which it should not have"])
        #expect(
            try report(["dependencies": ["a": ["b", "c"]]], ["a": 1, "b": 2])
                == [#"property "a" of object has missing property dependencies (schema requires ["b","c"]; missing: ["c"])"#])
    }

    @Test("members are checked in name order, and nothing below a failure is")
    func walkOrder() throws {
        let validator = try JSONSchemaValidator(schema: [
            "type": "object",
            "properties": [
                "b": ["type": "string"],
                "a": ["type": "object", "properties": ["deep": ["type": "integer"]]],
                "c": ["type": "object", "properties": ["deep": ["type": "integer"]]],
            ],
        ])
        // `a` (first by name) fails at its own level; `b` still reports; below `c` is not walked.
        let report = validator.processingReport(["c": ["deep": "x"], "b": 1, "a": 1])
        #expect(
            report == [
                #"instance type (integer) does not match any allowed primitive type (allowed: ["object"])"#,
                #"instance type (integer) does not match any allowed primitive type (allowed: ["string"])"#,
            ])
        // With the siblings valid, the walk goes down.
        #expect(
            validator.processingReport(["c": ["deep": "x"], "b": "ok", "a": [:]])
                == [#"instance type (string) does not match any allowed primitive type (allowed: ["integer"])"#])
    }
}
