import GatewayModel
import Testing

@testable import DataPlane

/// Custom domain names: routing by `Host`, AWS's base path precedence, HTTP API mappings, the
/// answers when nothing maps, and `disableExecuteApiEndpoint`.
@Suite struct CustomDomainTests {
    private func rest(_ id: String, stages: [String], disabled: Bool = false) -> [DeployedStage] {
        let method = Method(httpMethod: "GET", methodIntegration: Integration(type: .mock))
        var api = RestApi(id: id, name: id)
        api.disableExecuteApiEndpoint = disabled
        let snapshot = RestApiSnapshot(api: api, resources: [Resource(id: "r0", path: "/", resourceMethods: ["GET": method])])
        return stages.map { DeployedStage(definition: .rest(snapshot), deploymentId: "d-\(id)", settings: .rest(Stage(stageName: $0, deploymentId: "d-\(id)"))) }
    }

    private func http(_ id: String, stages: [String]) -> [DeployedStage] {
        let snapshot = ApiGatewayV2.ApiSnapshot(api: ApiGatewayV2.Api(apiId: id, name: id), routes: [], integrations: [])
        return stages.map {
            DeployedStage(definition: .http(snapshot), deploymentId: "d-\(id)", settings: .http(ApiGatewayV2.Stage(stageName: $0, deploymentId: "d-\(id)")))
        }
    }

    private var gateway: CompiledGateway {
        var domains = DomainSnapshot()
        domains.restDomainNames = [DomainName(domainName: "api.example.com"), DomainName(domainName: "*.wild.example.com")]
        domains.basePathMappings = [
            "api.example.com": [
                BasePathMapping(basePath: "(none)", restApiId: "root", stage: "prod"),
                BasePathMapping(basePath: "orders", restApiId: "orders", stage: "prod"),
                BasePathMapping(basePath: "staged", restApiId: "orders", stage: nil),
            ],
            "*.wild.example.com": [BasePathMapping(basePath: "(none)", restApiId: "root", stage: "prod")],
        ]
        domains.httpDomainNames = [ApiGatewayV2.DomainName(domainName: "api.example.com"), ApiGatewayV2.DomainName(domainName: "http.example.com")]
        domains.apiMappings = [
            "api.example.com": [ApiGatewayV2.ApiMapping(apiMappingId: "m1", apiId: "ordersV1", apiMappingKey: "orders/v1", stage: "live")],
            "http.example.com": [ApiGatewayV2.ApiMapping(apiMappingId: "m2", apiId: "h1", apiMappingKey: "pets", stage: "$default")],
        ]
        let stages =
            rest("root", stages: ["prod"]) + rest("orders", stages: ["prod", "beta"]) + rest("ordersV1", stages: ["live"], disabled: true)
            + http("h1", stages: ["$default"])
        return DeploymentCompiler().compile(GatewaySnapshot(stages: stages, domains: domains))
    }

    private func resolve(_ host: String, _ path: Substring, in g: CompiledGateway) -> (api: String, stage: String, path: String)? {
        guard case .success(let found) = EndpointResolver.resolve(host: host[...], path: path, in: g) else { return nil }
        return (found.api.apiId, found.stage.name, String(found.path))
    }

    /// `"forbidden rest"`, `"notFound http"`…, or `nil` when the request resolves.
    private func failure(_ host: String, _ path: Substring, in g: CompiledGateway) -> String? {
        switch EndpointResolver.resolve(host: host[...], path: path, in: g) {
        case .success: nil
        case .failure(.notFound(let kind)): "notFound \(kind)"
        case .failure(.forbidden(let kind)): "forbidden \(kind)"
        }
    }

    /// The longest base path wins, multi-level keys included; `(none)` takes the rest; the stage
    /// is not in the URL; the host is case-insensitive and its port ignored.
    @Test func longestBasePathWins() throws {
        let g = gateway
        #expect(g.diagnostics.isEmpty, "\(g.diagnostics)")
        let orders = try #require(resolve("API.Example.com:8443", "/orders/42", in: g))
        #expect(orders == ("orders", "prod", "/42"))
        let v1 = try #require(resolve("api.example.com", "/orders/v1/items", in: g))
        #expect(v1 == ("ordersV1", "live", "/items"))
        #expect(try #require(resolve("api.example.com", "/orders/v1", in: g)) == ("ordersV1", "live", "/"))
        #expect(try #require(resolve("api.example.com", "/orders", in: g)) == ("orders", "prod", "/"))
        // `ordersX` is not below `orders`: a base path ends at a segment boundary.
        #expect(try #require(resolve("api.example.com", "/ordersX/1", in: g)) == ("root", "prod", "/ordersX/1"))
        #expect(try #require(resolve("api.example.com", "/", in: g)) == ("root", "prod", "/"))
        // The stage name in the URL is just a path within the mapped stage.
        #expect(try #require(resolve("api.example.com", "/prod/x", in: g)) == ("root", "prod", "/prod/x"))
    }

    /// A REST mapping without a stage takes the stage from the next segment.
    @Test func mappingWithoutStage() throws {
        let g = gateway
        #expect(try #require(resolve("api.example.com", "/staged/beta/pets", in: g)) == ("orders", "beta", "/pets"))
        #expect(failure("api.example.com", "/staged/gamma", in: g) == "notFound rest", "an unknown stage after a stageless base path is REST's Missing Authentication Token")
    }

    /// Nothing maps: REST domains answer 403 Forbidden, HTTP-only domains 404; a wildcard domain
    /// serves its subdomains; an unknown host falls through to the other endpoints.
    @Test func unmappedPathsAndWildcards() throws {
        let g = gateway
        #expect(failure("http.example.com", "/cats", in: g) == "forbidden http", "an HTTP API domain answers 404 for an unmapped path")
        #expect(try #require(resolve("http.example.com", "/pets/1", in: g)) == ("h1", "$default", "/1"))
        #expect(try #require(resolve("x.wild.example.com", "/a", in: g)) == ("root", "prod", "/a"))
        #expect(resolve("x.y.wild.example.com", "/a", in: g) == nil)
        var onlyOrders = DomainSnapshot()
        onlyOrders.restDomainNames = [DomainName(domainName: "shop.example.com")]
        onlyOrders.basePathMappings = ["shop.example.com": [BasePathMapping(basePath: "orders", restApiId: "orders", stage: "prod")]]
        let shop = DeploymentCompiler().compile(GatewaySnapshot(stages: rest("orders", stages: ["prod"]), domains: onlyOrders))
        #expect(failure("shop.example.com", "/carts", in: shop) == "forbidden rest", "a REST domain answers 403 Forbidden for an unmapped path")
    }

    /// `disableExecuteApiEndpoint`: the `execute-api` host and the path style refuse the API
    /// (REST 403 Forbidden), while its custom domain mapping serves it.
    @Test func disabledExecuteApiEndpoint() throws {
        let g = gateway
        #expect(failure("ordersV1.execute-api.us-east-1.amazonaws.com", "/live/items", in: g) == "forbidden rest", "a disabled execute-api endpoint answers 403 Forbidden")
        #expect(failure("localhost", "/restapis/ordersV1/live/_user_request_/items", in: g) == "forbidden rest", "the path style is an execute-api endpoint too")
        #expect(resolve("orders.execute-api.us-east-1.amazonaws.com", "/prod/x", in: g) != nil)
    }
}
