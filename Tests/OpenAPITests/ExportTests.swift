import Foundation
import GatewayModel
import OpenAPI
import Testing

/// Export: the documents AWS's GetExport / ExportApi write, and round trips
/// (import → export → import gives the same model).
@Suite struct ExportTests {
    typealias A = ImportAssertions

    struct Source: CustomTestStringConvertible, Sendable {
        var name: String
        var example = false
        var testDescription: String { name }

        func data() throws -> Data { try example ? GoldenFile.example(name) : GoldenFile.fixture(name) }
    }

    static let sources: [Source] = [
        Source(name: "petstore-swagger.json"), Source(name: "lambda-calc-swagger.json"),
        Source(name: "aws-export-extensions.yaml"), Source(name: "aws-docs-http-petstore.json"),
        Source(name: "sam-http-api.yaml"), Source(name: "http-api-export.json"), Source(name: "basepath-url.yaml"),
        Source(name: "petstore-rest.yaml", example: true), Source(name: "http-api.yaml", example: true),
    ]

    /// What an export cannot carry is taken out before comparing: warnings (they describe the
    /// first document), method authorizations other than SigV4 (exported only with the
    /// authorizers extension), request validators (only with the apigateway one), the version of a
    /// document that had none (an export must write one), and HTTP API integration ids, which
    /// are derived from where an integration is declared (a reusable integration becomes inline).
    static func comparable(_ definition: ApiDefinition, hadVersion: Bool) throws -> String {
        switch definition {
        case .rest(var snapshot):
            snapshot.api.warnings = nil
            if !hadVersion { snapshot.api.version = nil }
            snapshot.resources = snapshot.resources.map { resource in
                var resource = resource
                resource.resourceMethods = resource.resourceMethods?.mapValues { method in
                    var method = method
                    if !["NONE", "AWS_IAM"].contains(method.authorizationType ?? "NONE") {
                        method.authorizationType = "NONE"
                        method.authorizerId = nil
                        method.authorizationScopes = nil
                    }
                    method.requestValidatorId = nil
                    return method
                }
                return resource
            }
            return try encode(snapshot)
        case .http(var snapshot):
            snapshot.api.warnings = nil
            snapshot.api.importInfo = nil
            if !hadVersion { snapshot.api.version = nil }
            var byId: [String: String] = [:]
            var contents: [String] = []
            for integration in snapshot.integrations {
                var anonymous = integration
                anonymous.integrationId = ""
                let content = try encode(anonymous)
                byId[integration.integrationId] = content
                contents.append(content)
            }
            snapshot.integrations = []
            snapshot.routes = snapshot.routes.map { route in
                var route = route
                route.target = route.integrationId.flatMap { byId[$0] }
                if !["NONE", "AWS_IAM"].contains(route.authorizationType ?? "NONE") {
                    route.authorizationType = "NONE"
                    route.authorizerId = nil
                    route.authorizationScopes = nil
                }
                return route
            }
            return try encode(snapshot) + contents.sorted().joined(separator: "\n")
        }
    }

    static func encode(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    static func specifications(for definition: ApiDefinition) -> [OpenAPIExporter.Specification] {
        if case .rest = definition { return [.oas30, .swagger] }
        return [.oas30]
    }

    @Test(arguments: sources)
    func roundTripGivesTheSameModel(_ source: Source) throws {
        let first = try OpenAPIImporter().importDocument(source.data(), sourceName: source.name).definition
        let hadVersion: Bool
        switch first {
        case .rest(let snapshot): hadVersion = snapshot.api.version != nil
        case .http(let snapshot): hadVersion = snapshot.api.version != nil
        }
        let expected = try Self.comparable(first, hadVersion: hadVersion)
        for specification in Self.specifications(for: first) {
            for format in OpenAPIExporter.Format.allCases {
                let exported = try OpenAPIExporter(options: .init(specification: specification, format: format)).export(first)
                let second = try OpenAPIImporter().importDocument(Array(exported.body.utf8), sourceName: "export")
                #expect(second.warnings.isEmpty, "\(specification) \(format): \(second.warnings)")
                let actual = try Self.comparable(second.definition, hadVersion: hadVersion)
                if actual != expected {
                    Issue.record("\(source.name) \(specification) \(format) round trip differs:\n\(exported.body)")
                }
                // A second round trip is exact: the export is a fixed point.
                let again = try OpenAPIExporter(options: .init(specification: specification, format: format)).export(second.definition)
                let third = try OpenAPIImporter().importDocument(Array(again.body.utf8), sourceName: "export")
                if third.definition != second.definition {
                    Issue.record("\(source.name) \(specification) \(format) is not a fixed point:\n\(again.body)")
                }
            }
        }
    }

    @Test func exportsMatchGoldenFiles() throws {
        let cases: [(String, OpenAPIExporter.Options, String)] = [
            ("petstore-swagger.json", .init(specification: .oas30, stageName: "prod", endpoint: "https://zysh7y4hij.execute-api.localhost"), "petstore-swagger.export-oas30.json"),
            ("petstore-swagger.json", .init(specification: .swagger, stageName: "prod", endpoint: "https://zysh7y4hij.execute-api.localhost"), "petstore-swagger.export-swagger.json"),
            ("http-api-export.json", .init(format: .yaml), "http-api-export.export-oas30.yaml"),
        ]
        for (input, options, expected) in cases {
            let definition = try OpenAPIImporter().importDocument(GoldenFile.fixture(input), sourceName: input).definition
            let body = try OpenAPIExporter(options: options).export(definition).body
            if GoldenFile.updating {
                try body.write(to: GoldenFile.sourceFixtures.appendingPathComponent(expected), atomically: true, encoding: .utf8)
                continue
            }
            let golden = try String(contentsOf: GoldenFile.bundledFixtures.appendingPathComponent(expected), encoding: .utf8)
            #expect(body == golden, "\(expected) differs; UPDATE_GOLDEN=1 rewrites it")
        }
    }

    @Test func httpApisExportOpenAPI3Only() throws {
        let definition = try OpenAPIImporter().importDocument(GoldenFile.example("http-api.yaml"), sourceName: "http-api.yaml").definition
        #expect(throws: OpenAPIExportError.self) {
            try OpenAPIExporter(options: .init(specification: .swagger)).export(definition)
        }
    }

    @Test func withoutExtensionsTheDocumentIsPlainOpenAPI() throws {
        for (name, example) in [("petstore-rest.yaml", true), ("http-api.yaml", true), ("aws-export-extensions.yaml", false)] {
            let data = try example ? GoldenFile.example(name) : GoldenFile.fixture(name)
            let definition = try OpenAPIImporter().importDocument(data, sourceName: name).definition
            let body = try OpenAPIExporter(options: .init(extensions: .none)).export(definition).body
            for extensionName in ["integration", "cors", "importexport-version", "binary-media-types", "api-key-source", "policy"] {
                #expect(!body.contains("x-amazon-apigateway-\(extensionName)"), "\(name): \(extensionName)")
            }
            #expect(body.contains("\"paths\""), "\(name)")
        }
    }

    @Test func exportWarnsAboutWhatItCannotWrite() throws {
        var definition = try OpenAPIImporter().importDocument(GoldenFile.fixture("aws-export-extensions.yaml"), sourceName: "x").definition
        if case .rest(var snapshot) = definition {
            snapshot.authorizers = nil  // as in a snapshot that does not hold the authorizer
            definition = .rest(snapshot)
        }
        let export = try OpenAPIExporter().export(definition)
        #expect(export.warnings == ["ANY /{proxy+}: the CUSTOM authorizer i41vpf is not stored, so its authorization is not exported"])
        #expect(export.contentType == "application/json")
    }

    @Test func yamlKeepsStringsThatLookLikeOtherTypes() throws {
        let document = A.openAPI(
            """
              /a:
                get:
                  operationId: "yes"
                  responses:
                    "200": {description: ok}
                  x-amazon-apigateway-integration:
                    type: mock
                    requestTemplates: {application/json: "null"}
                    responses:
                      default: {statusCode: "200", responseTemplates: {text/plain: "1.0"}}
            """)
        let first = try A.importing(document).definition
        let yaml = try OpenAPIExporter(options: .init(format: .yaml)).export(first).body
        let second = try OpenAPIImporter().importDocument(Array(yaml.utf8), sourceName: "yaml").definition
        #expect(second == first, "\(yaml)")
    }
}
