import GatewayModel
import OpenAPI
import Testing

/// Warnings: the API is created and the warnings returned (and put in `warnings`), unless
/// `failOnWarnings` is set, as AWS's `failonwarnings`.
@Suite struct WarningTests {
    typealias A = ImportAssertions

    static let unknownExtension = A.openAPI("  /health:\n    get:\n\(A.mock)", extra: "x-amazon-apigateway-teleport: true")

    @Test func unknownExtensionsAreWarnings() throws {
        let result = try A.importing(Self.unknownExtension)
        #expect(result.warnings.map(\.path) == ["$['x-amazon-apigateway-teleport']"])
        #expect(result.warnings.first?.message.contains("unsupported extension") == true)
        let api = A.rest(result)?.api
        #expect(api?.warnings == ["unsupported extension 'x-amazon-apigateway-teleport' is ignored (at $['x-amazon-apigateway-teleport'])"])
        #expect(A.rest(result)?.resources.contains { $0.path == "/health" } == true)
    }

    @Test func failOnWarningsMakesWarningsFail() {
        do {
            _ = try A.importing(Self.unknownExtension, .init(failOnWarnings: true))
            Issue.record("expected the import to fail on warnings")
        } catch {
            #expect(error.failedOnWarnings)
            #expect(error.diagnostics.map(\.severity) == [.warning])
            #expect(error.description.hasPrefix("Warnings found during import of inline:"))
        }
    }

    @Test func infoNeverFailsAnImport() throws {
        // An undeclared security scheme is accepted silently by AWS: an info note, never a warning.
        let document = A.openAPI("  /health:\n    get:\n      security:\n      - api_key: []\n\(A.mock)")
        let result = try A.importing(document, .init(failOnWarnings: true))
        #expect(result.diagnostics.map(\.severity) == [.info])
        #expect(A.rest(result)?.api.warnings == nil)
    }

    @Test func unknownExtensionsEverywhereAreWarnings() throws {
        let document = A.openAPI(
            """
              /pets:
                x-amazon-apigateway-path-thing: 1
                get:
                  x-amazon-apigateway-operation-thing: 1
                  x-amazon-apigateway-integration:
                    type: mock
                    cacheEverything: true
                    tlsConfig:
                      pinning: true
            """)
        let result = try A.importing(document)
        #expect(
            result.warnings.map(\.path) == [
                "$.paths['/pets']['x-amazon-apigateway-path-thing']",
                "$.paths['/pets'].get['x-amazon-apigateway-operation-thing']",
                "$.paths['/pets'].get['x-amazon-apigateway-integration'].cacheEverything",
                "$.paths['/pets'].get['x-amazon-apigateway-integration'].tlsConfig.pinning",
            ])
    }

    @Test func openAPI31IsAcceptedWithAWarning() throws {
        let document = "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths:\n  /health:\n    get:\n\(A.mock)"
        let result = try A.importing(document)
        #expect(result.warnings.map(\.path) == ["$.openapi"])
    }

    @Test func authorizersValidatorsAndGatewayResponsesAreCreated() throws {
        let document = A.openAPI(
            "  /pets:\n    get:\n      security:\n      - lambda: []\n      x-amazon-apigateway-request-validator: all\n\(A.mock)",
            extra: """
                x-amazon-apigateway-gateway-responses:
                  DEFAULT_4XX: {statusCode: '400'}
                x-amazon-apigateway-request-validators:
                  all: {validateRequestBody: true, validateRequestParameters: true}
                components:
                  securitySchemes:
                    lambda:
                      type: apiKey
                      name: Authorization
                      in: header
                      x-amazon-apigateway-authorizer: {type: request, authorizerUri: 'arn:aws:apigateway:us-east-1:lambda:path/f'}
                """)
        let result = try A.importing(document, .init(failOnWarnings: true))
        let snapshot = A.rest(result)
        let method = snapshot?.resources.first { $0.path == "/pets" }?.resourceMethods?["GET"]
        #expect(method?.authorizationType == "CUSTOM")
        #expect(method?.authorizerId?.count == 6)
        #expect(method?.authorizerId == snapshot?.authorizers?.first?.id)
        #expect(snapshot?.authorizers?.map(\.name) == ["lambda"])
        #expect(snapshot?.authorizers?.first?.type == "REQUEST")
        #expect(method?.requestValidatorId?.count == 6)
        #expect(method?.requestValidatorId == snapshot?.requestValidators?.first?.id)
        #expect(snapshot?.requestValidators?.first?.validateRequestBody == true)
        #expect(snapshot?.gatewayResponses?.map(\.responseType) == ["DEFAULT_4XX"])
        #expect(snapshot?.gatewayResponses?.first?.statusCode == "400")
    }

    @Test func httpApisIgnoreNonProxyIntegrationsWithAWarning() throws {
        let document = A.openAPI(
            "  /pets:\n    get:\n      x-amazon-apigateway-integration:\n        type: aws\n        httpMethod: POST\n        uri: arn:aws:apigateway:us-east-1:lambda:path/f",
            extra: "x-amazon-apigateway-importexport-version: '1.0'")
        let result = try A.importing(document, .init(apiType: .http))
        #expect(result.warnings.map(\.path) == ["$.paths['/pets'].get['x-amazon-apigateway-integration'].type"])
        let api = A.http(result)
        #expect(api?.routes.map(\.routeKey) == ["GET /pets"])
        #expect(api?.routes.first?.target == nil)
        #expect(api?.integrations.isEmpty == true)
    }

    @Test func restOnlyExtensionsInAnHttpApiAreWarnings() throws {
        let document = A.openAPI(
            "  /pets:\n    get: {}",
            extra: "x-amazon-apigateway-importexport-version: '1.0'\nx-amazon-apigateway-binary-media-types: ['*/*']\nx-amazon-apigateway-api-key-source: HEADER")
        let result = try A.importing(document, .init(apiType: .http))
        #expect(result.warnings.count == 2)
        #expect(result.warnings.allSatisfy { $0.message.contains("applies to REST APIs only") })
    }

    @Test func apiKeysAndSigV4MapToMethodSettings() throws {
        let document = A.openAPI(
            """
              /keyed:
                get:
                  security:
                  - key: []
            \(A.mock)
              /signed:
                get:
                  security:
                  - sigv4: []
            \(A.mock)
              /iam:
                get:
                  x-amazon-apigateway-auth:
                    type: aws_iam
            \(A.mock)
            """,
            extra: """
                components:
                  securitySchemes:
                    key: {type: apiKey, name: x-api-key, in: header}
                    sigv4: {type: apiKey, name: Authorization, in: header, x-amazon-apigateway-authtype: awsSigv4}
                """)
        let resources = A.rest(try A.importing(document))?.resources ?? []
        let method = { (path: String) in resources.first { $0.path == path }?.resourceMethods?["GET"] }
        #expect(method("/keyed")?.apiKeyRequired == true)
        #expect(method("/keyed")?.authorizationType == "NONE")
        #expect(method("/signed")?.authorizationType == "AWS_IAM")
        #expect(method("/iam")?.authorizationType == "AWS_IAM")
    }
}
