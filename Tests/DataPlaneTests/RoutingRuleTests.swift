import GatewayModel
import NIOHTTP1
import Testing

@testable import DataPlane

/// Routing rules of custom domain names: AWS's evaluation examples ("Examples of how API Gateway
/// evaluates routing rules"), the three routing modes, value globs and `stripBasePath`.
@Suite struct RoutingRuleTests {
    private func rest(_ id: String, stages: [String] = ["prod"]) -> [DeployedStage] {
        let method = Method(httpMethod: "GET", methodIntegration: Integration(type: .mock))
        let snapshot = RestApiSnapshot(api: RestApi(id: id, name: id), resources: [Resource(id: "r0", path: "/", resourceMethods: ["GET": method])])
        return stages.map { DeployedStage(definition: .rest(snapshot), deploymentId: "d-\(id)", settings: .rest(Stage(stageName: $0, deploymentId: "d-\(id)"))) }
    }

    private func rule(
        _ id: String, _ priority: Int, headers: [[(String, String)]] = [], basePaths: [String]? = nil,
        api: String, stage: String = "prod", strip: Bool? = nil
    ) -> ApiGatewayV2.RoutingRule {
        var conditions = headers.map { pairs in
            ApiGatewayV2.RoutingRuleCondition(matchHeaders: .init(anyOf: pairs.map { .init(header: $0.0, valueGlob: $0.1) }))
        }
        if let basePaths { conditions.append(.init(matchBasePaths: .init(anyOf: basePaths))) }
        return ApiGatewayV2.RoutingRule(
            routingRuleId: id, priority: priority, conditions: conditions,
            actions: [.init(invokeApi: .init(apiId: api, stage: stage, stripBasePath: strip))])
    }

    /// AWS's example 1 (`ROUTING_RULE_ONLY`), with the two header conditions as two conditions.
    private func gateway(mode: String, rules: [ApiGatewayV2.RoutingRule], mappings: [BasePathMapping] = []) -> CompiledGateway {
        var petstore = DomainName(domainName: "petstore.example.com")
        petstore.routingMode = mode
        var domains = DomainSnapshot()
        domains.restDomainNames = [petstore]
        domains.basePathMappings = ["petstore.example.com": mappings]
        domains.routingRules = ["petstore.example.com": rules]
        let stages = rest("api1") + rest("api2") + rest("api3") + rest("mapped")
        return DeploymentCompiler().compile(GatewaySnapshot(stages: stages, domains: domains))
    }

    private var example1Rules: [ApiGatewayV2.RoutingRule] {
        [
            rule("zzz000", 50, headers: [[("Accept", "image/webp")], [("Pet", "Dog-*")]], basePaths: ["PetStoreShopper"], api: "api2"),
            rule("efg456", 100, api: "api3"),
            rule("abc123", 10, headers: [[("Hello", "World")]], api: "api1"),
        ]
    }

    private func resolve(_ g: CompiledGateway, _ path: Substring, _ headers: [(String, String)] = []) -> String {
        switch EndpointResolver.resolve(host: "petstore.example.com", path: path, headers: HTTPHeaders(headers), in: g) {
        case .success(let found): "\(found.api.apiId) \(found.path)"
        case .failure(.forbidden(let kind)): "forbidden \(kind)"
        case .failure(.notFound(let kind)): "notFound \(kind)"
        }
    }

    @Test func awsExampleOneRoutingRulesOnly() {
        let g = gateway(mode: "ROUTING_RULE_ONLY", rules: example1Rules)
        #expect(g.diagnostics.isEmpty, "\(g.diagnostics)")
        #expect(resolve(g, "/", [("Hello", "World")]) == "api1 /")
        // Several rules match: the lowest priority number wins.
        #expect(resolve(g, "/PetStoreShopper", [("Hello", "World"), ("Pet", "Dog-Bella"), ("Accept", "image/webp")]) == "api1 /PetStoreShopper")
        #expect(resolve(g, "/PetStoreShopper", [("Pet", "Dog-Bella"), ("Accept", "image/webp")]) == "api2 /PetStoreShopper")
        // Not every header condition holds: the catch-all takes it.
        #expect(resolve(g, "/PetStoreShopper", [("Pet", "Dog-Bella")]) == "api3 /PetStoreShopper")
    }

    /// Header names are case-insensitive, values case-sensitive; globs as prefix, suffix, contains.
    @Test func headerMatching() {
        let rules = [
            rule("a", 1, headers: [[("x-version", "a*")]], api: "api1"),
            rule("b", 2, headers: [[("x-env", "*-prod")]], api: "api2"),
            rule("c", 3, headers: [[("x-tag", "*blue*"), ("x-other", "exact")]], api: "api3"),
        ]
        let g = gateway(mode: "ROUTING_RULE_ONLY", rules: rules)
        #expect(resolve(g, "/x", [("X-Version", "alpha")]) == "api1 /x")
        #expect(resolve(g, "/x", [("x-version", "beta")]) == "forbidden rest")
        #expect(resolve(g, "/x", [("x-version", "Alpha")]) == "forbidden rest")
        #expect(resolve(g, "/x", [("x-env", "eu-prod")]) == "api2 /x")
        #expect(resolve(g, "/x", [("x-env", "eu-prod-2")]) == "forbidden rest")
        #expect(resolve(g, "/x", [("x-tag", "deep-blue-sea")]) == "api3 /x")
        #expect(resolve(g, "/x", [("x-other", "exact")]) == "api3 /x")
        #expect(resolve(g, "/x", [("x-other", "exactly")]) == "forbidden rest")
    }

    /// Base paths match at segment boundaries, case-sensitively; `stripBasePath` removes them.
    @Test func basePathsAndStripping() {
        let rules = [
            rule("a", 1, basePaths: ["orders/v2"], api: "api1", strip: true),
            rule("b", 2, basePaths: ["orders", "sales"], api: "api2"),
        ]
        let g = gateway(mode: "ROUTING_RULE_ONLY", rules: rules)
        #expect(resolve(g, "/orders/v2/42") == "api1 /42")
        #expect(resolve(g, "/orders/v2") == "api1 /")
        #expect(resolve(g, "/orders/v22") == "api2 /orders/v22")
        #expect(resolve(g, "/sales/1") == "api2 /sales/1")
        #expect(resolve(g, "/Orders/1") == "forbidden rest")
        #expect(resolve(g, "/ordersX") == "forbidden rest")
    }

    /// `ROUTING_RULE_THEN_API_MAPPING` falls back to the mappings; `API_MAPPING_ONLY` ignores the
    /// rules; `ROUTING_RULE_ONLY` ignores the mappings.
    @Test func routingModes() {
        let rules = [rule("a", 1, headers: [[("x-canary", "true")]], api: "api1")]
        let mappings = [BasePathMapping(basePath: "(none)", restApiId: "mapped", stage: "prod")]
        let then = gateway(mode: "ROUTING_RULE_THEN_API_MAPPING", rules: rules, mappings: mappings)
        #expect(resolve(then, "/p", [("x-canary", "true")]) == "api1 /p")
        #expect(resolve(then, "/p") == "mapped /p")
        let mappingOnly = gateway(mode: "API_MAPPING_ONLY", rules: rules, mappings: mappings)
        #expect(resolve(mappingOnly, "/p", [("x-canary", "true")]) == "mapped /p")
        let ruleOnly = gateway(mode: "ROUTING_RULE_ONLY", rules: rules, mappings: mappings)
        #expect(resolve(ruleOnly, "/p") == "forbidden rest")
    }

    /// A rule whose stage is not deployed is left out with a diagnostic, never half-applied.
    @Test func undeployedTargetIsReported() {
        let g = gateway(mode: "ROUTING_RULE_ONLY", rules: [rule("gone", 1, api: "api1", stage: "missing"), rule("next", 2, api: "api2")])
        #expect(g.diagnostics.contains { $0.contains("gone") })
        #expect(resolve(g, "/") == "api2 /")
    }
}
