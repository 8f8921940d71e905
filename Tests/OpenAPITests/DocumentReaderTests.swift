import Foundation
import GatewayModel
import OpenAPI
import Testing

/// JSON is parsed strictly and YAML with the 1.2 core schema, both into ordered JSON values.
@Suite struct DocumentReaderTests {
    typealias A = ImportAssertions

    @Test func yamlUsesTheCoreSchema() throws {
        // `yes`/`on` are strings in YAML 1.2 (booleans in 1.1); `200:` is the key "200".
        let document = A.openAPI(
            """
              /on:
                get:
                  operationId: yes
                  responses:
                    200:
                      description: ok
                      headers:
                        X-Flag: {required: true}
            \(A.mock)
            """)
        let method = A.rest(try A.importing(document))?.resources.first { $0.path == "/on" }?.resourceMethods?["GET"]
        #expect(method?.operationName == "yes")
        #expect(method?.methodResponses?["200"]?.responseParameters == ["method.response.header.X-Flag": true])
    }

    @Test func yamlAnchorsAndMergeKeys() throws {
        let document = """
            openapi: 3.0.1
            info: {title: t}
            x-mock: &mock
              type: mock
              requestTemplates: {application/json: '{"statusCode": 200}'}
            paths:
              /a:
                get:
                  x-amazon-apigateway-integration: *mock
              /b:
                get:
                  x-amazon-apigateway-integration:
                    <<: *mock
                    timeoutInMillis: 1000
            """
        let resources = A.rest(try A.importing(document))?.resources ?? []
        let integration = { (path: String) in resources.first { $0.path == path }?.resourceMethods?["GET"]?.methodIntegration }
        #expect(integration("/a")?.type == .mock)
        #expect(integration("/b")?.type == .mock)
        #expect(integration("/b")?.timeoutInMillis == 1000)
    }

    @Test func yamlAliasExpansionIsBounded() {
        var lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
        for level in 1...8 {
            lines.append("a\(level): &a\(level) [" + Array(repeating: "*a\(level - 1)", count: 10).joined(separator: ", ") + "]")
        }
        A.expectError(lines.joined(separator: "\n"), at: "$", containing: "alias expansion")
    }

    @Test func jsonIsStrictAndBounded() {
        A.expectError("{'openapi': '3.0.1'}", at: "$", containing: "invalid JSON")
        A.expectError("{\"n\": 01}", at: "$", containing: "leading zeros")
        A.expectError("{\"s\": \"tab\there\"}", at: "$", containing: "control character")
        A.expectError("{\"s\": \"\\x\"}", at: "$", containing: "invalid escape")
        A.expectError("{} {}", at: "$", containing: "after the JSON value")
        A.expectError(String(repeating: "[", count: 300) + String(repeating: "]", count: 300), at: "$", containing: "nested deeper")
        A.expectError("{\"a\": [1, 2,]}", at: "$", containing: "line 1, column 13")
    }

    @Test func jsonWithByteOrderMarkAndUnicodeEscapes() throws {
        let text = "\u{FEFF}{\"openapi\": \"3.0.1\", \"info\": {\"title\": \"caf\\u00e9 \\ud83d\\ude00\"}, \"paths\": {}}"
        let result = try A.importing(text)
        #expect(result.definition.name == "café 😀")
    }

    @Test func nullMappingTemplatesAreEmpty() throws {
        let document = A.openAPI(
            "  /a:\n    get:\n      x-amazon-apigateway-integration:\n        type: mock\n        responses:\n          default: {statusCode: '200', responseTemplates: {application/json: null}}")
        let integration = A.rest(try A.importing(document))?.resources.first { $0.path == "/a" }?.resourceMethods?["GET"]?.methodIntegration
        #expect(integration?.integrationResponses?["200"]?.responseTemplates == ["application/json": ""])
    }

    @Test func importsFromBytesAndData() throws {
        let text = A.openAPI("  /a:\n    get:\n\(A.mock)")
        let fromBytes = try OpenAPIImporter().importDocument(Array(text.utf8), sourceName: "a.yaml")
        let fromData = try OpenAPIImporter().importDocument(Data(text.utf8), sourceName: "a.yaml")
        #expect(fromBytes == fromData)
    }
}
