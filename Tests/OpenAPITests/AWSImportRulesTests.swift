import GatewayModel
import OpenAPI
import Testing

/// AWS's import rules that real documents depend on (issue 11): what AWS accepts, resolves,
/// warns about and refuses.
@Suite struct AWSImportRulesTests {
    typealias A = ImportAssertions

    static let variables = AWSImportVariables(accountId: "123456789012", region: "eu-west-1")

    @Test func awsVariablesAreResolvedEverywhere() throws {
        let document = A.openAPI(
            """
              /tasks:
                get:
                  x-amazon-apigateway-integration:
                    type: aws_proxy
                    httpMethod: POST
                    uri: arn:${AWS::Partition}:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/arn:${AWS::Partition}:lambda:${AWS::Region}:${AWS::AccountId}:function:f/invocations
                    credentials: arn:aws:iam::${AWS::AccountId}:role/invoke
            """)
        let result = try A.importing(document, .init(failOnWarnings: true, variables: Self.variables))
        let integration = A.rest(result)?.resources.first { $0.path == "/tasks" }?.resourceMethods?["GET"]?.methodIntegration
        #expect(integration?.uri == "arn:aws:apigateway:eu-west-1:lambda:path/2015-03-31/functions/arn:aws:lambda:eu-west-1:123456789012:function:f/invocations")
        #expect(integration?.credentials == "arn:aws:iam::123456789012:role/invoke")
    }

    @Test func serversMayBeAMapping() throws {
        let one = A.openAPI("  /a:\n    get:\n\(A.mock)", extra: "servers:\n  url: https://example.com/v1")
        #expect(try A.importing(one, .init(failOnWarnings: true)).documentBasePath == "/v1")
        let named = A.openAPI("  /a:\n    get:\n\(A.mock)", extra: "servers:\n  prod:\n    url: https://example.com/v2")
        #expect(try A.importing(named, .init(failOnWarnings: true)).documentBasePath == "/v2")
    }

    /// AWS's own samples use `api_key` without declaring it; AWS imports them, with failOnWarnings.
    @Test func undeclaredSchemesAreIgnoredAndSecurityDefinitionsAreReadInOpenAPI3() throws {
        let document = A.openAPI(
            "  /a:\n    get:\n      security:\n      - api_key: []\n      - cognito: [email]\n\(A.mock)",
            extra: """
                securityDefinitions:
                  cognito:
                    type: apiKey
                    name: Authorization
                    in: header
                    x-amazon-apigateway-authtype: cognito_user_pools
                    x-amazon-apigateway-authorizer:
                      type: cognito_user_pools
                      providerARNs: ['arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_ABC']
                """)
        let result = try A.importing(document, .init(failOnWarnings: true))
        let snapshot = try #require(A.rest(result))
        let method = snapshot.resources.first { $0.path == "/a" }?.resourceMethods?["GET"]
        #expect(method?.authorizationType == "COGNITO_USER_POOLS")
        #expect(method?.authorizationScopes == ["email"])
        #expect(method?.apiKeyRequired == false)
        let authorizer = try #require(snapshot.authorizers?.first)
        #expect(authorizer.identitySource == "method.request.header.Authorization")
        #expect(authorizer.authType == "cognito_user_pools")
        #expect(result.diagnostics.contains { $0.severity == .info && $0.message.contains("'api_key' is not declared") })
    }

    @Test func currentIntegrationFieldsAreKnown() throws {
        let document = A.openAPI(
            """
              /a:
                get:
                  x-amazon-apigateway-integration:
                    type: http_proxy
                    httpMethod: GET
                    uri: https://example.com/
                    responseTransferMode: BUFFERED
                    integrationTarget: arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/a/b
            """)
        #expect(try A.importing(document, .init(failOnWarnings: true)).warnings.isEmpty)
        let streaming = document.replacingOccurrences(of: "BUFFERED", with: "STREAM")
        let warnings = try A.importing(streaming).warnings
        #expect(warnings.map(\.message).contains { $0.contains("response streaming is not supported yet") })
    }

    @Test func nonStringRequestParametersAreWarnedAboutAndDropped() throws {
        let document = A.openAPI(
            """
              /a:
                get:
                  x-amazon-apigateway-integration:
                    type: http
                    httpMethod: GET
                    uri: https://example.com/
                    requestParameters:
                      integration.request.header.x-flag: true
                      integration.request.header.x-name: "'portcullis'"
            """)
        let result = try A.importing(document)
        #expect(result.warnings.map(\.message).contains { $0.hasPrefix("Invalid format for 'requestParameters'. Expected type string for property 'integration.request.header.x-flag'") })
        let integration = A.rest(result)?.resources.first { $0.path == "/a" }?.resourceMethods?["GET"]?.methodIntegration
        #expect(integration?.requestParameters == ["integration.request.header.x-name": "'portcullis'"])
    }

    @Test func responseHeaderMappingsMustBeDeclared() {
        let document = A.openAPI(
            """
              /a:
                get:
                  responses:
                    "200": {description: ok}
                  x-amazon-apigateway-integration:
                    type: mock
                    responses:
                      default:
                        statusCode: "200"
                        responseParameters:
                          method.response.header.Access-Control-Allow-Origin: "'*'"
            """)
        A.expectError(
            document,
            at: "$.paths['/a'].get['x-amazon-apigateway-integration'].responses.default.responseParameters['method.response.header.Access-Control-Allow-Origin']",
            containing: "Invalid mapping expression specified")
    }

    @Test func modelsAreCreatedWithTheirReferencesAsModelURLs() throws {
        let document = A.openAPI(
            "  /a:\n    post:\n      requestBody:\n        content:\n          application/json:\n            schema: {$ref: '#/components/schemas/Person'}\n\(A.mock)",
            extra: """
                components:
                  schemas:
                    Person:
                      type: object
                      description: A person
                      properties:
                        house: {$ref: '#/components/schemas/House'}
                    House: {type: object}
                """)
        let result = try A.importing(document, .init(failOnWarnings: true, apiId: "abc123"))
        let models = try #require(A.rest(result)?.models)
        #expect(models.map(\.name) == ["House", "Person"])
        #expect(models.last?.description == "A person")
        #expect(models.last?.schema?.contains("\"https://apigateway.amazonaws.com/restapis/abc123/models/House\"") == true)
    }

    @Test func modelNamesMustBeAlphanumericAsAWSRequires() {
        A.expectError(
            A.openAPI("  /a:\n    get:\n\(A.mock)", extra: "components:\n  schemas:\n    pet_input: {type: object}"),
            at: "$.components.schemas.pet_input", containing: "Unable to create model for 'pet_input': Model name must be alphanumeric: pet_input")
    }
}
