@testable import ControlPlane
import JSON
import Testing

/// The shared patch engine: AWS's ops, paths with `~1`, string values read as the path's type.
@Suite struct ApiGatewayPatchTests {
    static let schema = PatchSchema([
        .init("/name", [.replace], .string),
        .init("/enabled", [.replace], .bool),
        .init("/count", [.replace], .integer),
        .init("/rate", [.replace], .number),
        .init("/map/*", [.add, .remove, .replace, .copy, .move], .string),
        .init("/flags/*", [.add, .remove, .replace], .bool),
        .init("/list/*", [.add, .remove, .replace], .member),
        .init("/values", [.add, .remove], .listValue),
        .init("/object", [.remove], .object),
    ])

    static let start: JSONValue = ["name": "a", "map": ["a/b": "x"], "list": ["one"], "object": ["k": 1]]

    struct Case: Sendable, CustomTestStringConvertible {
        var operation: PatchOperation
        var key: String
        var expected: JSONValue
        init(_ operation: PatchOperation, _ key: String, _ expected: JSONValue) {
            self.operation = operation
            self.key = key
            self.expected = expected
        }
        var testDescription: String { "\(operation.op.rawValue) \(operation.path)" }
    }

    @Test(arguments: [
        Case(PatchOperation(op: .replace, path: "/name", value: "b"), "name", JSONValue.string("b")),
        Case(PatchOperation(op: .replace, path: "/enabled", value: "TRUE"), "enabled", .bool(true)),
        Case(PatchOperation(op: .replace, path: "/enabled", value: "yes"), "enabled", .bool(false)),
        Case(PatchOperation(op: .replace, path: "/count", value: "42"), "count", .number(42)),
        Case(PatchOperation(op: .replace, path: "/rate", value: "2.5"), "rate", .number(2.5)),
        Case(PatchOperation(op: .add, path: "/map/application~1json", value: "t"), "map", ["a/b": "x", "application/json": "t"]),
        Case(PatchOperation(op: .remove, path: "/map/a~1b"), "map", [:]),
        Case(PatchOperation(op: .add, path: "/flags/method.request.header.x", value: "true"), "flags", ["method.request.header.x": true]),
        Case(PatchOperation(op: .add, path: "/list/two"), "list", ["one", "two"]),
        Case(PatchOperation(op: .remove, path: "/list/one"), "list", []),
        Case(PatchOperation(op: .replace, path: "/list/one", value: "three"), "list", ["three"]),
        Case(PatchOperation(op: .add, path: "/values", value: "v"), "values", ["v"]),
        Case(PatchOperation(op: .copy, path: "/map/c", from: "/map/a~1b"), "map", ["a/b": "x", "c": "x"]),
        Case(PatchOperation(op: .move, path: "/map/c", from: "/map/a~1b"), "map", ["c": "x"]),
    ])
    func appliesOperations(_ testCase: Case) throws {
        var json = Self.start
        try PatchApplier.apply(testCase.operation, to: &json, schema: Self.schema)
        #expect(json[testCase.key] == testCase.expected)
    }

    @Test func removeOfAWholeObjectAndOfAScalar() throws {
        var json = Self.start
        try PatchApplier.apply(PatchOperation(op: .remove, path: "/object"), to: &json, schema: Self.schema)
        #expect(json["object"] == nil)
        try PatchApplier.apply(PatchOperation(op: .replace, path: "/count", value: ""), to: &json, schema: Self.schema)
        #expect(json["count"] == nil)
    }

    @Test(arguments: [
        (PatchOperation(op: .replace, path: "/unknown", value: "x"), "Invalid patch path /unknown"),
        (PatchOperation(op: .add, path: "/name", value: "x"), "Invalid patch operation specified. Must be one of: [replace]"),
        (PatchOperation(op: .replace, path: "/map", value: "x"), "Invalid patch path /map"),
        (PatchOperation(op: .replace, path: "/count", value: "ten"), "Invalid value ten for /count: must be an integer"),
    ])
    func refusesAsAWS(operation: PatchOperation, message: String) {
        var json = Self.start
        let error = #expect(throws: ManagementError.self) {
            try PatchApplier.apply(operation, to: &json, schema: Self.schema)
        }
        #expect(error?.message == message)
        #expect(error?.code == "BadRequestException")
    }

    @Test func operationFirstWording() {
        let schema = PatchSchema(wording: .operationFirst(listing: "[/a]"), [.init("/a", [.replace], .string)])
        let wrongOp = #expect(throws: ManagementError.self) { try schema.rule(for: PatchOperation(op: .add, path: "/a", value: "x")) }
        #expect(wrongOp?.message == "Invalid patch path  '/a' specified for op 'add'. Please choose supported operations")
        let wrongPath = #expect(throws: ManagementError.self) { try schema.rule(for: PatchOperation(op: .replace, path: "/b", value: "x")) }
        #expect(wrongPath?.message == "Invalid patch path  '/b' specified for op 'replace'. Must be one of: [/a]")
    }

    @Test func requestParsingReportsEveryWrongOp() {
        let body: JSONValue = ["patchOperations": [["op": "wrong", "path": "/a"], ["op": "replace", "path": "/a"], ["op": "bad", "path": "/a"]]]
        let invalid = #expect(throws: ManagementError.self) { try PatchRequest.parse(body, operationName: "UpdateThing") }
        #expect(invalid?.code == "ValidationException")
        #expect(
            invalid?.message
                == "2 validation errors detected: Value 'wrong' at 'updateThingInput.patchOperations.1.member.op' failed to satisfy constraint: Member must satisfy enum value set: [add, remove, move, test, replace, copy]; Value 'bad' at 'updateThingInput.patchOperations.3.member.op' failed to satisfy constraint: Member must satisfy enum value set: [add, remove, move, test, replace, copy]"
        )
        let noPath = #expect(throws: ManagementError.self) { try PatchRequest.parse(["patchOperations": [["op": "replace"]]], operationName: "UpdateThing") }
        #expect(noPath?.message == "Invalid patch path null")
    }

    @Test func tokensUnescape() {
        #expect(PatchOperation.tokens(of: "/requestTemplates/application~1json") == ["requestTemplates", "application/json"])
        #expect(PatchOperation.tokens(of: "/a~0b") == ["a~b"])
        #expect(PatchOperation.escape("a/b~c") == "a~1b~0c")
    }
}
