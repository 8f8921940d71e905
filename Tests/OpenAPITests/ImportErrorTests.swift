import GatewayModel
import OpenAPI
import Testing

/// Invalid documents: each kind of problem is an error naming the JSON path of the value.
@Suite struct ImportErrorTests {
    typealias A = ImportAssertions

    // MARK: Document level

    @Test func documentMustBeAnObject() {
        A.expectError("[1, 2]", at: "$", containing: "expected an object")
        A.expectError("just a string", at: "$", containing: "expected an object")
    }

    @Test func malformedJSONAndYAMLNameTheirPosition() {
        A.expectError("{\"openapi\": \"3.0.1\",}", at: "$", containing: "line 1, column")
        A.expectError("{\"a\": 1 // comment\n}", at: "$", containing: "invalid JSON")
        A.expectError("{\"a\": 1, \"a\": 2}", at: "$", containing: "duplicate key 'a'")
        A.expectError("openapi: 3.0.1\ninfo: [unclosed\n", at: "$", containing: "invalid YAML")
        A.expectError("openapi: 3.0.1\nopenapi: 3.0.2\n", at: "$", containing: "duplicate key")
    }

    @Test func versionMustBeSupported() {
        A.expectError("info: {title: t}\npaths: {}\n", at: "$", containing: "neither 'openapi' nor 'swagger'")
        A.expectError("openapi: 2.5.0\ninfo: {title: t}\npaths: {}\n", at: "$.openapi", containing: "unsupported OpenAPI version")
        A.expectError("swagger: '1.2'\ninfo: {title: t}\npaths: {}\n", at: "$.swagger", containing: "only 2.0")
        A.expectError("openapi: [3]\ninfo: {title: t}\npaths: {}\n", at: "$.openapi", containing: "expected a string")
    }

    @Test func infoTitleAndPathsAreRequired() {
        A.expectError("openapi: 3.0.1\ninfo: {version: '1'}\npaths: {}\n", at: "$.info.title", containing: "is required")
        A.expectError("openapi: 3.0.1\npaths: {}\n", at: "$.info", containing: "is required")
        A.expectError("openapi: 3.0.1\ninfo: {title: t}\n", at: "$.paths", containing: "is required")
        A.expectError("openapi: 3.0.1\ninfo: {title: 42}\npaths: {}\n", at: "$.info.title", containing: "expected a string, found number")
        A.expectError("openapi: 3.0.1\ninfo: {title: t}\npaths: [a]\n", at: "$.paths", containing: "expected an object, found array")
    }

    @Test func swaggerCannotBeImportedAsAnHttpApi() {
        A.expectError(
            "swagger: '2.0'\ninfo: {title: t}\npaths: {}\n", at: "$.swagger", containing: "OpenAPI 3.0 definitions only",
            options: .init(apiType: .http))
    }

    // MARK: Paths and methods

    @Test func methodsMustBeHTTPMethods() {
        A.expectError(A.openAPI("  /pets:\n    fetch:\n      responses: {}"), at: "$.paths['/pets'].fetch", containing: "is not an HTTP method")
        A.expectError(A.openAPI("  /pets:\n    get: 3"), at: "$.paths['/pets'].get", containing: "expected an operation object")
        A.expectError(A.openAPI("  /pets:\n    get: {}\n    GET: {}"), at: "$.paths['/pets'].GET", containing: "declared twice")
    }

    @Test(arguments: [
        ("/pets/{proxy+}/photos", "must be the last segment"),
        ("/pets/{id", "unbalanced braces"),
        ("/pets/id}", "unbalanced braces"),
        ("/pets{id}", "whole path parameter"),
        ("/pets/{id}.json", "whole path parameter"),
        ("/pets/{}", "empty parameter name"),
        ("pets", "must begin with '/'"),
        ("/pets//photos", "empty segment"),
        ("/pets/", "must not end with '/'"),
        ("/a/{id}/b/{id}", "twice"),
        ("/pets/my pet", "contains"),
    ])
    func invalidPathTemplatesAreErrors(_ path: String, _ message: String) {
        let location = path == "pets" ? "$.paths.pets" : "$.paths['\(path)']"
        A.expectError(A.openAPI("  '\(path)':\n    get: {}"), at: location, containing: message)
    }

    @Test func siblingResourcesCannotHaveDifferentVariables() {
        let document = A.openAPI("  /pets/{id}:\n    get: {}\n  /pets/{petId}/photos:\n    get: {}")
        A.expectError(document, at: "$.paths['/pets/{petId}/photos']", containing: "already has a variable path part")
        let greedy = A.openAPI("  /{proxy+}:\n    get: {}\n  /{id}:\n    get: {}")
        A.expectError(greedy, at: "$.paths['/{id}']", containing: "only one is allowed")
    }

    @Test func defaultPathIsAnHttpApiRoute() {
        A.expectError(A.openAPI("  $default:\n    get: {}"), at: "$.paths['$default']", containing: "HTTP API route", options: .init(apiType: .rest))
        A.expectError(
            A.openAPI("  $default:\n    get: {}"), at: "$.paths['$default'].get", containing: "takes only x-amazon-apigateway-any-method",
            options: .init(apiType: .http))
    }

    // MARK: Integrations

    static func integration(_ body: String, method: String = "get", path: String = "/pets") -> String {
        A.openAPI("  \(path):\n    \(method):\n      x-amazon-apigateway-integration:\n\(body)")
    }

    static let integrationPath = "$.paths['/pets'].get['x-amazon-apigateway-integration']"

    @Test func unknownIntegrationTypeIsAnError() {
        A.expectError(Self.integration("        type: lambda"), at: Self.integrationPath + ".type", containing: "unknown integration type 'lambda'")
        A.expectError(Self.integration("        uri: http://x"), at: Self.integrationPath + ".type", containing: "is required")
        A.expectError(Self.integration("        type: [mock]"), at: Self.integrationPath + ".type", containing: "expected a string")
    }

    @Test func typeIsCaseInsensitive() throws {
        let result = try A.importing(Self.integration("        type: Http_Proxy\n        httpMethod: get\n        uri: http://backend/pets"))
        let integration = A.rest(result)?.resources.first { $0.path == "/pets" }?.resourceMethods?["GET"]?.methodIntegration
        #expect(integration?.type == .httpProxy)
        #expect(integration?.httpMethod == "GET")
    }

    @Test func timeoutMustBeInRange() throws {
        let rest = { (timeout: Int) in Self.integration("        type: mock\n        timeoutInMillis: \(timeout)") }
        A.expectError(rest(29_001), at: Self.integrationPath + ".timeoutInMillis", containing: "50 to 29000")
        A.expectError(rest(49), at: Self.integrationPath + ".timeoutInMillis", containing: "out of range")
        A.expectError(rest(30_000), at: Self.integrationPath + ".timeoutInMillis", containing: "REST APIs accept 50 to 29000")
        _ = try A.importing(rest(29_000))
        _ = try A.importing(rest(50))

        let http = { (timeout: Int) in
            Self.integration("        type: http_proxy\n        httpMethod: GET\n        uri: http://b/\n        timeoutInMillis: \(timeout)")
        }
        _ = try A.importing(http(30_000), .init(apiType: .http))
        A.expectError(http(30_001), at: Self.integrationPath + ".timeoutInMillis", containing: "HTTP APIs accept 50 to 30000", options: .init(apiType: .http))
        A.expectError(Self.integration("        type: mock\n        timeoutInMillis: fast"), at: Self.integrationPath + ".timeoutInMillis", containing: "expected an integer")
    }

    @Test func integrationResponseStatusCodesMustParse() {
        let responses = { (statusCode: String) in
            Self.integration("        type: mock\n        responses:\n          default:\n            statusCode: \(statusCode)")
        }
        A.expectError(responses("abc"), at: Self.integrationPath + ".responses.default.statusCode", containing: "not an HTTP status code")
        A.expectError(responses("'2000'"), at: Self.integrationPath + ".responses.default.statusCode", containing: "not an HTTP status code")
        A.expectError(
            Self.integration("        type: mock\n        responses:\n          '4\\d{2}':\n            responseTemplates: {}"),
            at: Self.integrationPath + ".responses['4\\\\d{2}'].statusCode", containing: "is required")
        A.expectError(
            Self.integration("        type: mock\n        responses:\n          '4(\\d{2}':\n            statusCode: '400'"),
            at: Self.integrationPath + ".responses['4(\\\\d{2}']", containing: "not a valid regular expression")
    }

    @Test func integrationTargetsAreChecked() {
        A.expectError(Self.integration("        type: http\n        httpMethod: GET"), at: Self.integrationPath + ".uri", containing: "is required")
        A.expectError(Self.integration("        type: http_proxy\n        uri: http://b/"), at: Self.integrationPath + ".httpMethod", containing: "is required")
        A.expectError(
            Self.integration("        type: http_proxy\n        httpMethod: FETCH\n        uri: http://b/"),
            at: Self.integrationPath + ".httpMethod", containing: "invalid HTTP method")
        A.expectError(
            Self.integration("        type: http_proxy\n        httpMethod: GET\n        uri: ftp://b/"),
            at: Self.integrationPath + ".uri", containing: "not an http:// or https:// URL")
        A.expectError(
            Self.integration("        type: aws_proxy\n        httpMethod: POST\n        uri: my-function"),
            at: Self.integrationPath + ".uri", containing: "not an ARN")
        A.expectError(
            Self.integration("        type: mock\n        passthroughBehavior: sometimes"),
            at: Self.integrationPath + ".passthroughBehavior", containing: "WHEN_NO_MATCH")
        A.expectError(
            Self.integration("        type: mock\n        contentHandling: CONVERT_TO_JSON"),
            at: Self.integrationPath + ".contentHandling", containing: "CONVERT_TO_TEXT")
        A.expectError(
            Self.integration("        type: http_proxy\n        httpMethod: GET\n        uri: http://b/\n        connectionType: VPC_LINK"),
            at: Self.integrationPath + ".connectionId", containing: "is required when connectionType is VPC_LINK")
        A.expectError(
            Self.integration("        type: mock\n        requestTemplates:\n          application/json: [1]"),
            at: Self.integrationPath + ".requestTemplates['application/json']", containing: "expected a string")
    }

    @Test func requestParametersMustReferenceDeclaredMethodParameters() {
        let document = A.openAPI(
            """
              /pets/{id}:
                get:
                  x-amazon-apigateway-integration:
                    type: http_proxy
                    httpMethod: GET
                    uri: http://b/pets/{id}
                    requestParameters:
                      integration.request.path.id: method.request.path.id
            """)
        A.expectError(
            document, at: "$.paths['/pets/{id}'].get['x-amazon-apigateway-integration'].requestParameters['integration.request.path.id']",
            containing: "does not declare the path parameter 'id'")
        let badKey = Self.integration(
            "        type: http_proxy\n        httpMethod: GET\n        uri: http://b/\n        requestParameters:\n          request.header.x: \"'1'\"")
        A.expectError(badKey, at: Self.integrationPath + ".requestParameters['request.header.x']", containing: "invalid integration request parameter")
    }

    @Test func parametersAreChecked() throws {
        A.expectError(A.openAPI("  /pets:\n    get:\n      parameters:\n      - name: q\n        in: body2"), at: "$.paths['/pets'].get.parameters[0].in", containing: "invalid parameter location")
        // Without a name it cannot be mapped; AWS imports the document anyway.
        let unnamed = try A.importing(A.openAPI("  /pets:\n    get:\n      parameters:\n      - in: query"))
        #expect(unnamed.warnings.map(\.path) == ["$.paths['/pets'].get.parameters[0]"])
    }

    // MARK: References and security

    @Test func referencesMustResolveLocally() {
        A.expectError(
            A.openAPI("  /pets:\n    get:\n      parameters:\n      - $ref: '#/components/parameters/Missing'"),
            at: "$.paths['/pets'].get.parameters[0]['$ref']", containing: "does not name a value")
        A.expectError(
            A.openAPI("  /pets:\n    $ref: 'other.yaml#/paths/~1pets'"), at: "$.paths['/pets']['$ref']", containing: "external $ref")
        A.expectError(
            A.openAPI("  /pets:\n    get:\n      parameters:\n      - $ref: '#/components/parameters/A'", extra: "components:\n  parameters:\n    A: {$ref: '#/components/parameters/A'}"),
            at: "$.paths['/pets'].get.parameters[0]", containing: "circular $ref")
    }

    @Test func authorizerTypesMustBeKnown() {
        A.expectError(
            A.openAPI(
                "  /pets:\n    get: {}",
                extra: "components:\n  securitySchemes:\n    auth:\n      type: apiKey\n      x-amazon-apigateway-authorizer:\n        type: magic"),
            at: "$.components.securitySchemes.auth['x-amazon-apigateway-authorizer'].type", containing: "unknown authorizer type")
    }

    // MARK: HTTP APIs

    @Test func httpApiPayloadFormatVersionsAreChecked() {
        let options = OpenAPIImporter.Options(apiType: .http)
        A.expectError(
            Self.integration("        type: aws_proxy\n        uri: arn:aws:lambda:f\n        payloadFormatVersion: '3.0'"),
            at: Self.integrationPath + ".payloadFormatVersion", containing: "expected 1.0 or 2.0", options: options)
        A.expectError(
            Self.integration("        type: http_proxy\n        httpMethod: GET\n        uri: http://b/\n        payloadFormatVersion: '2.0'"),
            at: Self.integrationPath + ".payloadFormatVersion", containing: "only payload format version 1.0", options: options)
    }

    @Test func httpApiCorsIsChecked() {
        let cors = { (body: String) in A.openAPI("  /pets:\n    get: {}", extra: "x-amazon-apigateway-importexport-version: '1.0'\nx-amazon-apigateway-cors:\n\(body)") }
        A.expectError(cors("  maxAge: 100000"), at: "$['x-amazon-apigateway-cors'].maxAge", containing: "out of range")
        A.expectError(cors("  allowOrigins: '*'"), at: "$['x-amazon-apigateway-cors'].allowOrigins", containing: "expected an array")
        A.expectError(
            cors("  allowOrigins: ['*']\n  allowCredentials: true"), at: "$['x-amazon-apigateway-cors'].allowOrigins",
            containing: "allowCredentials cannot be true")
    }

    /// Several alternatives are accepted without a warning: the first authorizer (or SigV4) found
    /// authorizes, as AWS's import does.
    @Test func severalSecurityRequirementsAreAccepted() throws {
        let document = A.openAPI(
            "  /pets:\n    get:\n      security:\n      - a: []\n      - b: []",
            extra: "components:\n  securitySchemes:\n    a: {type: apiKey, name: Authorization, in: header, x-amazon-apigateway-authtype: awsSigv4}\n    b: {type: apiKey, name: Authorization, in: header, x-amazon-apigateway-authtype: awsSigv4}")
        let result = try A.importing(document, .init(apiType: .http, failOnWarnings: true))
        #expect(A.http(result)?.routes.first?.authorizationType == "AWS_IAM")
    }

    // MARK: Many problems at once

    @Test func everyErrorIsReportedInOnePass() throws {
        let document = A.openAPI(
            """
              /a/{x+}/b:
                get: {}
              /c:
                fetch: {}
              /d:
                get:
                  x-amazon-apigateway-integration:
                    type: teleport
            """)
        do {
            _ = try A.importing(document)
            Issue.record("expected errors")
        } catch {
            let paths = error.diagnostics.filter { $0.severity == .error }.map(\.path)
            #expect(paths == ["$.paths['/a/{x+}/b']", "$.paths['/c'].fetch", "$.paths['/d'].get['x-amazon-apigateway-integration'].type"])
            #expect(error.code == "BadRequestException")
            #expect(error.description.hasPrefix("Errors found during import of inline:\n\terror: $.paths['/a/{x+}/b']"))
        }
    }
}
