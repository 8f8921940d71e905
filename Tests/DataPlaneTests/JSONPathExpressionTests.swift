import JSON
import Testing

@testable import DataPlane

/// The JSONPath subset of parameter mappings.
@Suite struct JSONPathExpressionTests {
    let document: JSONValue = ["a": ["b": [10, ["c": "deep"]]], "name": "rex", "odd key": true, "n": nil]

    @Test func selectsMembersAndIndexes() throws {
        #expect(try #require(JSONPathExpression("name")).text(in: document) == "rex")
        #expect(try #require(JSONPathExpression("$.name")).text(in: document) == "rex")
        #expect(try #require(JSONPathExpression("a.b[0]")).text(in: document) == "10")
        #expect(try #require(JSONPathExpression("a.b[1].c")).text(in: document) == "deep")
        #expect(try #require(JSONPathExpression("$['odd key']")).text(in: document) == "true")
        #expect(try #require(JSONPathExpression("a.b")).text(in: document) == #"[10,{"c":"deep"}]"#)
        #expect(try #require(JSONPathExpression("$")).select(in: document) == document)
        #expect(try #require(JSONPathExpression("n")).text(in: document) == "null")
    }

    @Test func missingValuesAreNil() throws {
        #expect(try #require(JSONPathExpression("a.x")).text(in: document) == nil)
        #expect(try #require(JSONPathExpression("a.b[5]")).text(in: document) == nil)
        #expect(try #require(JSONPathExpression("name.x")).text(in: document) == nil)
    }

    @Test func outsideTheSubsetIsRefused() {
        for text in ["a.*", "a..b", "a[?(@.x)]", "a[-1]", "a[", "a['x", "a b", "$..a"] {
            #expect(JSONPathExpression(text) == nil, "\(text)")
        }
    }
}
