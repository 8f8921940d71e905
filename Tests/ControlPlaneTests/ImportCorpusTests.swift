import ControlPlane
import Foundation
import GatewayStore
import JSON
import OpenAPI
import Testing

/// Real documents that public projects deployed to AWS API Gateway (sources in
/// `Tests/OpenAPITests/Fixtures/corpus/SOURCES.md`), each imported through the management API —
/// `ImportRestApi` or `ImportApi`, as its project deployed it — with and without
/// `failOnWarnings`, then deployed. The expected warnings are asserted: only documents using a
/// feature Portcullis does not have yet may warn, and then the warning names the feature. Each is
/// also imported without a type, as `serve` and `validate` do, and must be taken as the kind of
/// API its project deployed.
@Suite struct ImportCorpusTests {
    enum Kind { case rest, http }

    struct Case: CustomTestStringConvertible, Sendable {
        var file: String
        var kind: Kind
        /// Substrings of the warnings expected (none: imports with failOnWarnings).
        var warnings: [String] = []
        /// AWS refuses the document: a substring of the error both imports answer.
        var rejected: String?
        /// AWS refuses the deployment (e.g. a method without an integration): its message.
        var deploymentError: String?
        var testDescription: String { file }
    }

    static let corpus = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../OpenAPITests/Fixtures/corpus").standardizedFileURL

    static let noIntegration = "No integration defined for method"

    static let cases: [Case] = [
        Case(file: "localstack-api_definition.yaml", kind: .rest),
        Case(file: "localstack-oas30_documentation_parts.json", kind: .rest, deploymentError: noIntegration),
        Case(file: "localstack-openapi-basepath-server-variable.yaml", kind: .rest),
        Case(file: "localstack-openapi-http-method-integration.json", kind: .rest),
        Case(file: "localstack-openapi-method-int.spec.yaml", kind: .rest),
        Case(file: "localstack-openapi-mock.json", kind: .rest),
        Case(file: "localstack-openapi.cognito-auth.json", kind: .rest),
        Case(file: "localstack-openapi.spec.circular-ref-with-request-body.json", kind: .rest),
        Case(file: "localstack-openapi.spec.circular-ref.json", kind: .rest),
        Case(file: "localstack-openapi.spec.global-auth.json", kind: .rest),
        Case(file: "localstack-openapi.spec.pulumi.json", kind: .rest),
        Case(file: "localstack-openapi.spec.stage-variables.json", kind: .rest),
        Case(file: "localstack-openapi.spec.tf.json", kind: .rest),
        Case(file: "localstack-pets.json", kind: .rest),
        Case(file: "localstack-petstore-authorizer.swagger.json", kind: .rest),
        Case(file: "localstack-swagger-mock-cors.json", kind: .rest),
        Case(file: "localstack-swagger.json", kind: .rest),
        Case(file: "moto-petstore-swagger-v3.yaml", kind: .rest, deploymentError: noIntegration),
        Case(file: "moto-test_api.json", kind: .rest, deploymentError: noIntegration),
        Case(file: "moto-test_api.yaml", kind: .rest, deploymentError: noIntegration),
        // moto's own fixture, never deployed: it maps method request headers it does not declare,
        // which AWS refuses ("Invalid mapping expression parameter specified").
        Case(file: "moto-test_api_integration.yaml", kind: .rest, rejected: "invalid mapping expression parameter 'method.request.header.content-type'"),
        Case(file: "moto-test_deep_api.yaml", kind: .rest, deploymentError: noIntegration),
        Case(file: "serverless-patterns-api-lambda-ses.yaml", kind: .rest),
        Case(file: "serverless-patterns-apigw-lambda-sns-monitoring-sam.yaml", kind: .rest),
        Case(file: "serverless-patterns-apigw-openapi-lambda-dynamodb-xray-terraform.yaml", kind: .rest),
        Case(file: "serverless-patterns-apigw-sns-sms.yaml", kind: .rest),
        Case(file: "sam-cli-swagger-api-RestApiSwagger.json", kind: .rest, warnings: ["a parameter needs 'name' and 'in'", "a parameter needs 'name' and 'in'"]),
        Case(file: "sam-cli-swagger-api-RestApiOpenApi.json", kind: .rest),
        Case(file: "sam-cli-swagger-rest-api-template-MyApi.json", kind: .rest),
        Case(file: "sam-cli-swagger-http-HttpApiOpenApi.json", kind: .http),
        Case(file: "sam-cli-cfn-http-api-with-swagger-body-HTTPAPIGateway.json", kind: .http),
        Case(file: "../petstore-swagger.json", kind: .rest),
        Case(file: "../lambda-calc-swagger.json", kind: .rest),
        Case(file: "../aws-docs-http-petstore.json", kind: .http),
        Case(file: "../basepath-url.yaml", kind: .rest),
    ]

    @Test func everyFixtureOfTheCorpusIsListed() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.corpus.path).filter { $0 != "SOURCES.md" }
        #expect(Set(files) == Set(Self.cases.map(\.file).filter { !$0.hasPrefix("../") }))
    }

    @Test(arguments: cases)
    func importsAndDeploysAsOnAWS(_ testCase: Case) async throws {
        let client = ApiGatewayTestClient()
        let text = try String(contentsOf: Self.corpus.appendingPathComponent(testCase.file), encoding: .utf8)
        // `serve` and `validate` without --type take it as the kind its project deployed.
        if let chosen = try? OpenAPIImporter().importDocument(Array(text.utf8), sourceName: testCase.file) {
            let kind: Kind = if case .rest = chosen.definition { .rest } else { .http }
            #expect(kind == testCase.kind, "\(chosen.apiTypeReason)")
        }
        if let rejected = testCase.rejected {
            for failOnWarnings in [true, false] {
                let answer = await Self.importDocument(text, testCase.kind, failOnWarnings: failOnWarnings, client)
                #expect(answer.status == 400 && answer.errorType == "BadRequestException", "\(answer.text)")
                #expect(answer.message?.contains(rejected) == true, "\(answer.text)")
            }
            #expect(await Self.apiCount(client, testCase.kind) == 0, "a refused import stores nothing")
            return
        }
        let strict = await Self.importDocument(text, testCase.kind, failOnWarnings: true, client)
        if testCase.warnings.isEmpty {
            #expect(strict.status == 201, "\(strict.text)")
        } else {
            #expect(strict.status == 400, "\(strict.text)")
            #expect(strict.errorType == "BadRequestException")
            for expected in testCase.warnings { #expect(strict.message?.contains(expected) == true, "\(strict.text)") }
            #expect(await Self.apiCount(client, testCase.kind) == 0, "a refused import stores nothing")
        }

        let lenient = await Self.importDocument(text, testCase.kind, failOnWarnings: false, client)
        #expect(lenient.status == 201, "\(lenient.text)")
        let warnings = (lenient["warnings"]?.arrayValue ?? []).compactMap(\.stringValue)
        #expect(warnings.count == testCase.warnings.count, "\(warnings)")
        for expected in testCase.warnings { #expect(warnings.contains { $0.contains(expected) }, "\(warnings)") }

        switch testCase.kind {
        case .rest:
            let apiId = try #require(lenient["id"]?.stringValue)
            // The documentation parts of the JSON documents are all created.
            let json: JSONValue? = text.hasPrefix("{") ? try JSONValueParser(rejectsDuplicateKeys: false).parse(Array(text.utf8)) : nil
            if let declared = json?["x-amazon-apigateway-documentation"]?["documentationParts"]?.arrayValue?.count {
                let parts = await client.call("GET", "/restapis/\(apiId)/documentation/parts", query: [("limit", "500")])
                #expect(parts["item"]?.arrayValue?.count == declared, "\(parts.text)")
            }
            let deployment = await client.call("POST", "/restapis/\(apiId)/deployments", body: ["stageName": "test"])
            if let expected = testCase.deploymentError {
                #expect(deployment.status == 400 && deployment.message == expected, "\(deployment.text)")
            } else {
                #expect(deployment.status == 201, "\(deployment.text)")
            }
        case .http:
            let apiId = try #require(lenient["apiId"]?.stringValue)
            let stage = await client.call("POST", "/v2/apis/\(apiId)/stages", body: ["stageName": "test"])
            #expect(stage.status == 201, "\(stage.text)")
            let deployment = await client.call("POST", "/v2/apis/\(apiId)/deployments", body: ["stageName": "test"])
            #expect(deployment.status == 201, "\(deployment.text)")
        }
    }

    static func importDocument(_ text: String, _ kind: Kind, failOnWarnings: Bool, _ client: ApiGatewayTestClient) async -> ApiGatewayTestClient.Answer {
        switch kind {
        case .rest:
            return await client.call("POST", "/restapis", query: [("mode", "import"), ("failonwarnings", "\(failOnWarnings)")], raw: text)
        case .http:
            return await client.call("PUT", "/v2/apis", query: [("failOnWarnings", "\(failOnWarnings)")], body: ["body": .string(text)])
        }
    }

    static func apiCount(_ client: ApiGatewayTestClient, _ kind: Kind) async -> Int {
        switch kind {
        case .rest: await client.call("GET", "/restapis")["item"]?.arrayValue?.count ?? 0
        case .http: await client.call("GET", "/v2/apis")["items"]?.arrayValue?.count ?? 0
        }
    }
}
