import GatewayModel
import IAMPolicy
import NIOCore
import Testing

@testable import DataPlane

@Suite struct CompileTests {
    /// Guards of the API and the stage that are not enforced yet refuse every method, before
    /// routing: a resource policy the engine cannot judge, a WAF web ACL. A private endpoint is
    /// enforced (by the resource-policy phase).
    @Test func unenforcedApiAndStageGuardsAreStagePhases() {
        var stage = Stage(stageName: "prod", deploymentId: "d")
        stage.webAclArn = "arn:aws:wafv2:us-east-1:000000000000:regional/webacl/acl/1"
        let api = RestApi(
            id: "a1", name: "guarded", endpointConfiguration: EndpointConfiguration(types: ["PRIVATE"]),
            policy: #"{"Statement":[{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*","Condition":{"BinaryEquals":{"aws:x":"AA=="}}}]}"#)
        let gateway = DeploymentCompiler().compile(
            GatewaySnapshot(stages: [DeployedStage(definition: .rest(RestApiSnapshot(api: api, resources: [])), deploymentId: "d", settings: .rest(stage))]))
        let compiled = gateway.apis["a1"]?.stages["prod"]
        #expect(compiled?.phases.map(\.kind) == [.resourcePolicy, .waf])
        #expect(compiled?.phases.first is UnenforcedGuardPhase)
        #expect(gateway.diagnostics.filter { $0.contains("refused") }.count == 2)
        #expect(DeploymentCompiler.unenforcedGuards(in: .rest(RestApiSnapshot(api: api, resources: []))).count == 1)
        var judged = api
        judged.policy = #"{"Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:user/x"},"Action":"*","Resource":"*"}]}"#
        #expect(DeploymentCompiler.unenforcedGuards(in: .rest(RestApiSnapshot(api: judged, resources: []))).isEmpty)
    }

    /// A resource policy the engine can judge (everyone as principal, source-IP conditions) is
    /// enforced, with `execute-api:/` expanded to the API's ARN; the escaped form AWS stores reads too.
    @Test func evaluableResourcePoliciesAreEnforced() throws {
        let text = #"{"Statement":[{"Effect":"Allow","Principal":"*","Action":"execute-api:Invoke","Resource":"execute-api:/prod/GET/*","Condition":{"IpAddress":{"aws:SourceIp":["10.0.0.0/8","::1"]}}}]}"#
        let policy = try ResourcePolicyPhase.parse(text, region: "eu-west-1", accountId: "111", apiId: "a1").get()
        #expect(policy.unsupported.isEmpty)
        let arn = "arn:aws:execute-api:eu-west-1:111:a1/prod/GET/pets"
        #expect(policy.evaluate(action: "execute-api:Invoke", resource: arn, context: .init(sourceIp: "10.1.2.3")) == .allow)
        #expect(policy.evaluate(action: "execute-api:Invoke", resource: arn, context: .init(sourceIp: "::1")) == .allow)
        #expect(policy.evaluate(action: "execute-api:Invoke", resource: arn, context: .init(sourceIp: "192.168.1.1")) == .implicitDeny)
        #expect(policy.evaluate(action: "execute-api:Invoke", resource: arn + "/x", context: .init(sourceIp: "::ffff:10.0.0.1")) == .allow)
        #expect(
            policy.evaluate(action: "execute-api:Invoke", resource: "arn:aws:execute-api:eu-west-1:111:a1/prod/POST/pets", context: .init(sourceIp: "10.1.2.3"))
                == .implicitDeny)
    }

    @Test func integrationURIs() throws {
        let uri = try IntegrationURI(parsing: "http://${stageVariables.host}:8080/base/{id}/x?fixed=1", stageVariables: ["host": "10.1.2.3"])
        #expect(uri.endpoint == UpstreamEndpoint(useTLS: false, host: "10.1.2.3", port: 8080))
        #expect(uri.pathParts == [.literal("/base/"), .parameter("id"), .literal("/x")])
        #expect(uri.query == "fixed=1")
        let tls = try IntegrationURI(parsing: "https://example.com", stageVariables: [:])
        #expect(tls.endpoint.port == 443)
        #expect(tls.endpoint.authority == "example.com")
        #expect(tls.pathParts == [.literal("/")])
        let v6 = try IntegrationURI(parsing: "http://[::1]:9000/{proxy+}", stageVariables: [:])
        #expect(v6.endpoint.host == "::1")
        #expect(v6.endpoint.authority == "[::1]:9000")
        #expect(v6.pathParts == [.literal("/"), .parameter("proxy")])
    }

    @Test(arguments: ["ftp://x", "http://${stageVariables.missing}/", "http://:80/", "http://h:99999/", "http://{host}/", "http://${context.x}/"])
    func invalidURIs(uri: String) {
        #expect(throws: IntegrationURI.ParseError.self) { try IntegrationURI(parsing: uri, stageVariables: [:]) }
    }

    @Test func mappingSources() {
        #expect(MappingSource.parse("'static'", stageVariables: [:]) == .literal("static"))
        #expect(MappingSource.parse("method.request.path.id", stageVariables: [:]) == .requestPath("id"))
        #expect(MappingSource.parse("method.request.header.X-Id", stageVariables: [:]) == .requestHeader("X-Id"))
        #expect(MappingSource.parse("stageVariables.v", stageVariables: ["v": "1"]) == .literal("1"))
        #expect(MappingSource.parse("context.requestId", stageVariables: [:]) == .context("requestId"))
        #expect(MappingSource.parse("method.request.body", stageVariables: [:]) == .requestBody)
        #expect(MappingSource.parse("method.request.body.a[0]", stageVariables: [:]) == .requestBodyPath(JSONPathExpression("a[0]")!))
        #expect(MappingSource.parse("integration.response.body.$.b", stageVariables: [:]) == .responseBodyPath(JSONPathExpression("$.b")!))
        // Outside the JSONPath subset: refused when compiled, never guessed.
        #expect(MappingSource.parse("method.request.body.a[*]", stageVariables: [:]) == nil)
    }

    @Test func requestTemplateSelection() {
        let templates = RequestTemplates(["application/json": "{\"statusCode\": 200}"], passthrough: "when_no_templates")
        if case .template(_, let type) = templates.select(contentType: "application/json; charset=utf-8") {
            #expect(type == "application/json")
        } else {
            Issue.record("expected the JSON template")
        }
        if case .template = templates.select(contentType: nil) {} else { Issue.record("no Content-Type means application/json") }
        if case .unsupportedMediaType = templates.select(contentType: "text/plain") {} else { Issue.record("expected 415") }
        let none = RequestTemplates(nil, passthrough: nil)
        if case .passthrough = none.select(contentType: "text/plain") {} else { Issue.record("expected passthrough") }
        let never = RequestTemplates(nil, passthrough: "NEVER")
        if case .unsupportedMediaType = never.select(contentType: "text/plain") {} else { Issue.record("NEVER rejects") }
    }

    @Test func mockStatusCodes() {
        #expect(MockIntegration.statusCode(in: "{\"statusCode\": 200}") == 200)
        #expect(MockIntegration.statusCode(in: "{ \"statusCode\" : \"404\" }") == 404)
        #expect(MockIntegration.statusCode(in: "{\"status\": 200}") == nil)
        #expect(MockIntegration.statusCode(in: "{\"statusCode\": 42}") == nil)
    }

    @Test func selectionPatternsMatchWholeText() throws {
        let entry = { (pattern: String?) in
            IntegrationResponses.Entry(
                selectionPattern: pattern, pattern: try pattern.map(SelectionPattern.init), status: .ok, headers: [], templates: [:])
        }
        let responses = IntegrationResponses(entries: [try entry("4\\d{2}")], defaultEntry: try entry(nil))
        #expect(responses.select("404")?.selectionPattern == "4\\d{2}")
        #expect(responses.select("1404")?.selectionPattern == nil)
        #expect(responses.select("200")?.selectionPattern == nil)
    }

    @Test func compilerReportsWhatItCannotServe() {
        let api = RestApi(id: "a1", name: "x")
        let resources = [
            Resource(id: "r0", path: "/"),
            Resource(
                id: "r1", parentId: "r0", pathPart: "l", path: "/l",
                resourceMethods: ["GET": Method(httpMethod: "GET", methodIntegration: Integration(type: .awsProxy, uri: "arn:aws:lambda"))]),
            Resource(
                id: "r2", parentId: "r0", pathPart: "h", path: "/h",
                resourceMethods: ["GET": Method(httpMethod: "GET", methodIntegration: Integration(type: .httpProxy, uri: "http://${stageVariables.nope}/"))]),
        ]
        let gateway = DeploymentCompiler().compile([
            ServedApi(definition: .rest(RestApiSnapshot(api: api, resources: resources)), stages: [StageSpecification(name: "dev", deploymentId: "d1")])
        ])
        #expect(gateway.diagnostics.count == 2)
        #expect(gateway.diagnostics.contains { $0.contains("'arn:aws:lambda' is not a Lambda function ARN") })
        #expect(gateway.diagnostics.contains { $0.contains("stage variable 'nope'") })
        #expect(gateway.apis["a1"]?.stages["dev"]?.route(method: "GET", path: "/l") != nil)
    }
}
