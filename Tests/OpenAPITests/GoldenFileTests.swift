import Foundation
import GatewayModel
import OpenAPI
import Testing

/// Real-world and AWS-shaped documents imported and compared with their golden files (see
/// `Fixtures/SOURCES.md` for where each comes from).
@Suite struct GoldenFileTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var input: String
        var expected: String
        var options: OpenAPIImporter.Options = .init()
        var testDescription: String { expected }
    }

    static let cases: [Case] = [
        Case(input: "petstore-swagger.json", expected: "petstore-swagger.expected.json"),
        Case(input: "lambda-calc-swagger.json", expected: "lambda-calc-swagger.expected.json"),
        Case(input: "aws-export-extensions.yaml", expected: "aws-export-extensions.expected.json"),
        Case(input: "aws-docs-http-petstore.json", expected: "aws-docs-http-petstore.expected.json"),
        Case(input: "sam-http-api.yaml", expected: "sam-http-api.expected.json"),
        Case(input: "http-api-export.json", expected: "http-api-export.expected.json"),
        Case(input: "basepath-url.yaml", expected: "basepath-url.ignore.expected.json"),
        Case(input: "basepath-url.yaml", expected: "basepath-url.prepend.expected.json", options: .init(basePath: .prepend)),
        Case(input: "basepath-url.yaml", expected: "basepath-url.split.expected.json", options: .init(basePath: .split)),
        Case(input: "lambda-calc-swagger.json", expected: "lambda-calc-swagger.split.expected.json", options: .init(basePath: .split)),
        Case(input: "aws-docs-http-petstore.json", expected: "aws-docs-http-petstore.as-rest.expected.json", options: .init(apiType: .rest)),
    ]

    @Test(arguments: cases)
    func importMatchesGoldenFile(_ testCase: Case) throws {
        let result = try OpenAPIImporter(options: testCase.options).importDocument(GoldenFile.fixture(testCase.input), sourceName: testCase.input)
        try GoldenFile.check(result, against: testCase.expected)
    }

    @Test(arguments: ["petstore-rest.yaml", "http-api.yaml"])
    func exampleMatchesGoldenFile(_ name: String) throws {
        let result = try OpenAPIImporter().importDocument(GoldenFile.example(name), sourceName: name)
        try GoldenFile.check(result, against: "example-" + name.replacingOccurrences(of: ".yaml", with: ".expected.json"))
    }

    @Test func importingTwiceGivesTheSameApi() throws {
        for name in ["petstore-swagger.json", "http-api-export.json", "aws-export-extensions.yaml"] {
            let data = try GoldenFile.fixture(name)
            let first = try OpenAPIImporter().importDocument(data, sourceName: name)
            let second = try OpenAPIImporter().importDocument(data, sourceName: name)
            #expect(first == second, "\(name)")
        }
    }
}
