import Foundation
import GatewayModel
import OpenAPI
import Testing

/// Helpers for tests that import small inline documents.
enum ImportAssertions {
    static func importing(_ text: String, _ options: OpenAPIImporter.Options = .init()) throws(OpenAPIImportError) -> OpenAPIImport {
        try OpenAPIImporter(options: options).importDocument(Array(text.utf8), sourceName: "inline")
    }

    /// The import fails with an error at `path` whose message contains `message`.
    static func expectError(
        _ text: String, at path: String, containing message: String = "", options: OpenAPIImporter.Options = .init(),
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        do {
            let result = try importing(text, options)
            Issue.record("expected an error at \(path), but the import succeeded with \(result.diagnostics)", sourceLocation: sourceLocation)
        } catch {
            let match = error.diagnostics.first { $0.severity == .error && $0.path == path && (message.isEmpty || $0.message.contains(message)) }
            #expect(match != nil, "no error at \(path) containing '\(message)' in:\n\(error.description)", sourceLocation: sourceLocation)
        }
    }

    /// The REST API of a successful import.
    static func rest(_ result: OpenAPIImport, sourceLocation: SourceLocation = #_sourceLocation) -> RestApiSnapshot? {
        guard case .rest(let snapshot) = result.definition else {
            Issue.record("expected a REST API", sourceLocation: sourceLocation)
            return nil
        }
        return snapshot
    }

    /// The HTTP API of a successful import.
    static func http(_ result: OpenAPIImport, sourceLocation: SourceLocation = #_sourceLocation) -> ApiGatewayV2.ApiSnapshot? {
        guard case .http(let snapshot) = result.definition else {
            Issue.record("expected an HTTP API", sourceLocation: sourceLocation)
            return nil
        }
        return snapshot
    }

    /// A minimal OpenAPI 3 document with `paths` (indented YAML, two spaces per level under
    /// `paths:`).
    static func openAPI(_ paths: String, extra: String = "") -> String {
        """
        openapi: 3.0.1
        info:
          title: test
          version: "1"
        \(extra)
        paths:
        \(paths)
        """
    }

    /// A MOCK integration block for an operation at 6 spaces of indentation.
    static let mock = """
              x-amazon-apigateway-integration:
                type: mock
                requestTemplates:
                  application/json: '{"statusCode": 200}'
        """
}
