import JSON
import NIOCore
import NIOEmbedded
import NIOHTTP1
import Testing

@testable import DataPlane

/// `$context` as templates see it, and the rendering of gateway response templates with
/// `$context.error.*` (the entry point of the custom gateway responses).
@Suite struct TemplateContextTests {
    private func exchange(body: String? = nil) -> Exchange {
        let stage = CompiledStage(
            apiId: "a1", kind: .rest, name: "prod", deploymentId: "d", variables: ["env": "test"],
            router: PathRouter<MethodTable>.Builder().build(), defaultRoute: nil)
        var context = RequestContext()
        context.requestId = "req-1"
        context.apiId = "a1"
        context.stage = "prod"
        context.resourcePath = "/pets/{id}"
        context.httpMethod = "POST"
        context.sourceIp = "10.0.0.9"
        context.requestTimeEpoch = 1_700_000_000_000
        context.authorizer = AuthorizerOutput(
            principalId: "user-7", claims: ["sub": "abc", "exp": 1_700_000_600], context: ["tier": "gold", "count": 3, "admin": true])
        let exchange = Exchange(
            head: HTTPRequestHead(version: .http1_1, method: .POST, uri: "/prod/pets/7?q=1", headers: ["X-Id": "h1"]),
            body: body.map { ByteBuffer(string: $0) }, context: context, resourcePathRequested: "/pets/7", rawQuery: "q=1", stage: stage,
            eventLoop: EmbeddedEventLoop(), isSecure: false, localPort: 8080)
        exchange.pathParameters = [(name: "id", value: "7")]
        return exchange
    }

    @Test func contextMembers() {
        let context = exchange().templateContext()
        #expect(context["requestId"] == "req-1")
        #expect(context["resourcePath"] == "/pets/{id}")
        #expect(context["requestTimeEpoch"] == 1_700_000_000_000)
        #expect(context["identity"]?["sourceIp"] == "10.0.0.9")
        // AWS gives a Lambda authorizer's context values, and claims, as strings.
        #expect(context["authorizer"]?["principalId"] == "user-7")
        #expect(context["authorizer"]?["count"] == "3")
        #expect(context["authorizer"]?["admin"] == "true")
        #expect(context["authorizer"]?["claims"]?["exp"] == "1700000600")
        #expect(context["error"] == nil)
    }

    @Test func requestTemplateSeesTheMethodRequest() throws {
        let template = MappingTemplate(
            #"{"id": "$input.params('id')", "q": "$input.params('q')", "h": "$input.params('x-id')", "a": $input.json('$.a'), "env": "$stageVariables.env", "who": "$context.authorizer.principalId"}"#)
        let exchange = exchange(body: #"{"a": [1, 2]}"#)
        guard case .success((let body, _)) = template.render(exchange.templateInput(body: exchange.body, context: true), what: "test") else {
            Issue.record("the template should render")
            return
        }
        #expect(String(buffer: body) == #"{"id": "7", "q": "1", "h": "h1", "a": [1,2], "env": "test", "who": "user-7"}"#)
    }

    @Test func gatewayResponseTemplates() {
        let exchange = exchange()
        let rendered = exchange.renderGatewayResponseTemplate(
            MappingTemplate(#"{"message":$context.error.messageString,"type":"$context.error.responseType","detail":"$context.error.validationErrorString"}"#),
            error: .missingAuthenticationToken, validationErrorString: "none")
        #expect((try? rendered.get()).map { String(buffer: $0) } == #"{"message":"Missing Authentication Token","type":"MISSING_AUTHENTICATION_TOKEN","detail":"none"}"#)
        let staticText = exchange.renderGatewayResponseTemplate(MappingTemplate(#"{"static": true}"#), error: .missingAuthenticationToken)
        #expect((try? staticText.get()).map { String(buffer: $0) } == #"{"static": true}"#)
        let broken = exchange.renderGatewayResponseTemplate(MappingTemplate("#if("), error: .missingAuthenticationToken)
        #expect((try? broken.get()) == nil)
    }
}
