import GatewayModel
import OpenAPI
import Testing

/// Which kind of API a document imports as when no type is given.
@Suite struct ApiTypeDetectionTests {
    typealias A = ImportAssertions

    static func type(of document: String, _ options: OpenAPIImporter.Options = .init()) throws -> ApiType {
        switch try A.importing(document, options).definition {
        case .rest: .rest
        case .http: .http
        }
    }

    static let plainPaths = "  /pets:\n    get:\n\(A.mock)"

    @Test func swaggerIsRest() throws {
        #expect(try Self.type(of: "swagger: '2.0'\ninfo: {title: t}\npaths:\n\(Self.plainPaths)") == .rest)
    }

    @Test func plainOpenAPI3IsRest() throws {
        #expect(try Self.type(of: A.openAPI(Self.plainPaths)) == .rest)
    }

    @Test func httpOnlyConstructsMakeHttp() throws {
        #expect(try Self.type(of: A.openAPI("  $default:\n    x-amazon-apigateway-any-method: {}")) == .http)
        #expect(try Self.type(of: A.openAPI("  /pets:\n    get: {}", extra: "x-amazon-apigateway-cors: {allowOrigins: ['*']}")) == .http)
        let reusable = A.openAPI(
            "  /pets:\n    get: {}",
            extra: "components:\n  x-amazon-apigateway-integrations:\n    one: {type: aws_proxy, uri: 'arn:aws:lambda:f', payloadFormatVersion: '1.0'}")
        #expect(try Self.type(of: reusable) == .http)
        let result = try A.importing(A.openAPI("  $default:\n    x-amazon-apigateway-any-method: {}"))
        #expect(result.apiTypeReason.hasPrefix("HTTP API: it uses the $default path"), "\(result.apiTypeReason)")
    }

    /// REST documents carry these too (SAM and Terraform write payloadFormatVersion on REST Lambda
    /// proxies), so they decide nothing: AWS's ImportRestApi would make a REST API.
    @Test func payloadFormatVersionAndImportExportVersionDoNotMakeHttp() throws {
        #expect(try Self.type(of: A.openAPI("  /pets:\n    get: {}", extra: "x-amazon-apigateway-importexport-version: '1.0'")) == .rest)
        let inline = A.openAPI(
            "  /pets:\n    get:\n      x-amazon-apigateway-integration:\n        type: aws_proxy\n        httpMethod: POST\n        uri: arn:aws:lambda:f\n        payloadFormatVersion: '2.0'")
        #expect(try Self.type(of: inline) == .rest)
    }

    @Test func restOnlyConstructsWinOverHttpOnlyOnes() throws {
        let mixed = A.openAPI("  /pets:\n    get:\n\(A.mock)", extra: "x-amazon-apigateway-cors: {allowOrigins: ['*']}")
        let result = try A.importing(mixed)
        #expect(A.rest(result) != nil)
        #expect(result.apiTypeReason.contains("mock integrations") && result.apiTypeReason.contains("x-amazon-apigateway-cors"), "\(result.apiTypeReason)")
    }

    @Test func theOptionOverridesDetection() throws {
        #expect(try Self.type(of: A.openAPI(Self.plainPaths), .init(apiType: .http)) == .http)
        #expect(try Self.type(of: A.openAPI("  $default:\n    x-amazon-apigateway-any-method: {}"), .init(apiType: .http)) == .http)
    }
}
