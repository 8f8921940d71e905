import GatewayModel
import OpenAPI
import Testing

/// The documents under `examples/` (served by the README's first command) import cleanly.
@Suite struct ExampleTests {
    @Test func restExampleImportsAsARestApiWithoutWarnings() throws {
        let result = try OpenAPIImporter(options: .init(failOnWarnings: true)).importDocument(
            GoldenFile.example("petstore-rest.yaml"), sourceName: "petstore-rest.yaml")
        #expect(result.diagnostics.isEmpty, "\(result.diagnostics)")
        let api = try #require(ImportAssertions.rest(result))
        #expect(api.resources.map(\.path) == ["/", "/health", "/legacy", "/pets", "/pets/{petId}", "/{proxy+}"])
        let method = { (path: String, verb: String) in api.resources.first { $0.path == path }?.resourceMethods?[verb] }
        #expect(method("/health", "GET")?.methodIntegration?.type == .mock)
        let legacy = method("/legacy", "GET")?.methodIntegration?.integrationResponses
        #expect(legacy?["404"]?.selectionPattern == "404")
        #expect(legacy?["200"]?.selectionPattern == nil)
        let pet = method("/pets/{petId}", "GET")?.methodIntegration
        #expect(pet?.uri == "http://${stageVariables.backend}/pets/{petId}")
        #expect(pet?.requestParameters == ["integration.request.path.petId": "method.request.path.petId"])
        let proxy = method("/{proxy+}", "ANY")?.methodIntegration
        #expect(proxy?.type == .httpProxy)
        #expect(proxy?.uri == "http://${stageVariables.backend}/{proxy}")
    }

    @Test func httpExampleImportsAsAnHttpApiWithoutWarnings() throws {
        let result = try OpenAPIImporter(options: .init(failOnWarnings: true)).importDocument(
            GoldenFile.example("http-api.yaml"), sourceName: "http-api.yaml")
        #expect(result.diagnostics.isEmpty, "\(result.diagnostics)")
        let api = try #require(ImportAssertions.http(result))
        #expect(api.routes.map(\.routeKey) == ["GET /pets", "POST /pets", "GET /pets/{petId}", "ANY /files/{proxy+}", "$default"])
        #expect(api.routes.allSatisfy { $0.target != nil })
        #expect(api.integrations.allSatisfy { $0.integrationType == "HTTP_PROXY" && $0.integrationUri?.hasPrefix("http://127.0.0.1:9090/") == true })
        #expect(api.api.corsConfiguration?.allowOrigins == ["*"])
    }
}
