import GatewayModel
import OpenAPI
import Testing

/// Base paths (`ignore`, `prepend`, `split`), route keys, and stable ids.
@Suite struct BasePathAndIdTests {
    typealias A = ImportAssertions

    static let swagger = "swagger: '2.0'\ninfo: {title: t}\nbasePath: /v1/orders/\npaths:\n  /items:\n    get:\n\(A.mock)"

    static func paths(_ document: String, _ mode: BasePathMode) throws -> [String] {
        A.rest(try A.importing(document, .init(basePath: mode)))?.resources.map(\.path) ?? []
    }

    @Test func swaggerBasePath() throws {
        #expect(try A.importing(Self.swagger).documentBasePath == "/v1/orders")
        #expect(try Self.paths(Self.swagger, .ignore) == ["/", "/items"])
        #expect(try Self.paths(Self.swagger, .prepend) == ["/", "/v1", "/v1/orders", "/v1/orders/items"])
        #expect(try Self.paths(Self.swagger, .split) == ["/", "/orders", "/orders/items"])
    }

    @Test func openAPI3BasePathFromServers() throws {
        let variable = A.openAPI(
            "  /items:\n    get:\n\(A.mock)",
            extra: "servers:\n- url: https://example.com/{basePath}\n  variables:\n    basePath:\n      default: /prod")
        #expect(try A.importing(variable).documentBasePath == "/prod")
        let url = A.openAPI("  /items:\n    get:\n\(A.mock)", extra: "servers:\n- url: https://{host}/api/v2?x=1\n  variables:\n    host: {default: example.com}")
        #expect(try A.importing(url).documentBasePath == "/api/v2")
        let relative = A.openAPI("  /items:\n    get:\n\(A.mock)", extra: "servers:\n- url: /v3")
        #expect(try A.importing(relative).documentBasePath == "/v3")
        let rootOnly = A.openAPI("  /items:\n    get:\n\(A.mock)", extra: "servers:\n- url: https://example.com/")
        #expect(try A.importing(rootOnly).documentBasePath == nil)
    }

    @Test func basePathPrefixesHttpRouteKeys() throws {
        let document = A.openAPI(
            "  /items:\n    get: {}\n  $default:\n    x-amazon-apigateway-any-method: {}",
            extra: "servers:\n- url: https://example.com/v1/shop")
        let keys = { (mode: BasePathMode) in A.http(try A.importing(document, .init(basePath: mode)))?.routes.map(\.routeKey) ?? [] }
        #expect(try keys(.ignore) == ["GET /items", "$default"])
        #expect(try keys(.prepend) == ["GET /v1/shop/items", "$default"])
        #expect(try keys(.split) == ["GET /shop/items", "$default"])
    }

    @Test func resourceTreeHasEveryIntermediateSegment() throws {
        let document = A.openAPI("  /a/{b}/c/{d+}:\n    get:\n      parameters:\n      - {name: b, in: path, required: true}\n      - {name: d, in: path, required: true}\n\(A.mock)")
        let resources = A.rest(try A.importing(document))?.resources ?? []
        #expect(resources.map(\.path) == ["/", "/a", "/a/{b}", "/a/{b}/c", "/a/{b}/c/{d+}"])
        #expect(resources.map(\.pathPart) == [nil, "a", "{b}", "c", "{d+}"])
        for (parent, child) in zip(resources, resources.dropFirst()) {
            #expect(child.parentId == parent.id)
        }
        #expect(resources[0].id.count == 10)
        #expect(resources.dropFirst().allSatisfy { $0.id.count == 6 })
        let method = resources.last?.resourceMethods?["GET"]
        #expect(method?.requestParameters == ["method.request.path.b": true, "method.request.path.d": true])
    }

    @Test func idsAreStableAndFollowTheApiId() throws {
        let document = A.openAPI("  /items:\n    get:\n\(A.mock)")
        let first = A.rest(try A.importing(document))
        let second = A.rest(try A.importing(document))
        #expect(first == second)
        #expect(first?.api.id == ResourceIdentifier.stable(from: "rest|test"))
        let chosen = A.rest(try A.importing(document, .init(apiId: "abcdef1234")))
        #expect(chosen?.api.id == "abcdef1234")
        #expect(chosen?.api.rootResourceId == chosen?.resources.first?.id)
        #expect(chosen?.resources.map(\.id) != first?.resources.map(\.id))
    }

    @Test func httpRoutesAndIntegrations() throws {
        let document = A.openAPI(
            """
              /pets:
                get:
                  operationId: ListPets
                  x-amazon-apigateway-integration: {type: http_proxy, httpMethod: ANY, uri: 'http://${stageVariables.host}/'}
                post:
                  x-amazon-apigateway-integration: {type: http_proxy, httpMethod: ANY, uri: 'http://${stageVariables.host}/'}
              /pets/{proxy+}:
                x-amazon-apigateway-any-method:
                  x-amazon-apigateway-integration: {type: aws_proxy, uri: 'arn:aws:apigateway:us-east-1:lambda:path/f'}
              $default:
                x-amazon-apigateway-any-method:
                  x-amazon-apigateway-integration: {type: http_proxy, httpMethod: ANY, uri: 'http://${stageVariables.host}/'}
            """)
        let api = A.http(try A.importing(document, .init(apiType: .http)))
        #expect(api?.routes.map(\.routeKey) == ["GET /pets", "POST /pets", "ANY /pets/{proxy+}", "$default"])
        #expect(api?.routes.first?.operationName == "ListPets")
        // Identical inline integrations are shared.
        #expect(api?.integrations.count == 2)
        #expect(Set(api?.routes.compactMap(\.integrationId) ?? []).count == 2)
        #expect(api?.routes.allSatisfy { $0.routeId.count == 7 } == true)
        let proxy = api?.integrations.first { $0.integrationType == "HTTP_PROXY" }
        #expect(proxy?.integrationUri == "http://${stageVariables.host}/")
        #expect(proxy?.payloadFormatVersion == "1.0")
        #expect(proxy?.timeoutInMillis == 30_000)
        let lambda = api?.integrations.first { $0.integrationType == "AWS_PROXY" }
        #expect(lambda?.payloadFormatVersion == "2.0")
        #expect(lambda?.integrationMethod == "POST")
    }
}
