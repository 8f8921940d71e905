import DataPlane
import GatewayModel

/// APIs built in code for the live tests.
enum Fixtures {
    static func mock(_ status: Int, body: String, headers: [String: String] = [:]) -> GatewayModel.Integration {
        Integration(
            type: .mock, requestTemplates: ["application/json": "{\"statusCode\": \(status)}"],
            integrationResponses: [
                "\(status)": IntegrationResponse(
                    statusCode: "\(status)", responseParameters: headers.isEmpty ? nil : headers,
                    responseTemplates: ["application/json": body])
            ])
    }

    static func proxy(_ uri: String, timeout: Int? = nil, parameters: [String: String]? = nil) -> GatewayModel.Integration {
        Integration(type: .httpProxy, httpMethod: "ANY", uri: uri, requestParameters: parameters, timeoutInMillis: timeout)
    }

    /// A REST API: `/health` MOCK, `/pets/{petId}` and `/{proxy+}` HTTP_PROXY to `${stageVariables.backend}`,
    /// `/slow` with a 300 ms timeout, `/down` to a closed port, `/garbage`, `/custom` (HTTP non-proxy).
    static func restApi(id: String = "rest123456", closedPort: Int = 1) -> RestApiSnapshot {
        let api = RestApi(id: id, name: "Fixture REST API")
        func resource(_ id: String, _ path: String, _ methods: [String: GatewayModel.Method]) -> Resource {
            Resource(id: id, parentId: "root", pathPart: String(path.split(separator: "/").last ?? ""), path: path, resourceMethods: methods)
        }
        let custom = Integration(
            type: .http, httpMethod: "GET", uri: "http://${stageVariables.backend}/status/{code}",
            requestParameters: [
                "integration.request.path.code": "method.request.querystring.code",
                "integration.request.header.X-Mapped": "'fixed'",
                "integration.request.header.X-From-Query": "method.request.querystring.q",
            ],
            integrationResponses: [
                "200": IntegrationResponse(statusCode: "200", responseParameters: ["method.response.header.X-Backend": "integration.response.header.X-Backend"]),
                "400": IntegrationResponse(
                    statusCode: "400", selectionPattern: "4\\d{2}", responseTemplates: ["application/json": "{\"error\":\"client\"}"]),
            ])
        return RestApiSnapshot(
            api: api,
            resources: [
                Resource(id: "root", path: "/", resourceMethods: ["GET": Method(httpMethod: "GET", methodIntegration: mock(200, body: "{\"root\":true}"))]),
                resource("health", "/health", ["GET": Method(httpMethod: "GET", methodIntegration: mock(200, body: "{\"status\":\"ok\"}", headers: ["method.response.header.X-Mock": "'yes'"]))]),
                resource("teapot", "/teapot", ["GET": Method(httpMethod: "GET", methodIntegration: mock(418, body: "{\"short\":\"stout\"}"))]),
                resource("pets", "/pets", [:]),
                resource(
                    "pet", "/pets/{petId}",
                    ["GET": Method(httpMethod: "GET", methodIntegration: proxy("http://${stageVariables.backend}/backend/pets/{petId}"))]),
                resource(
                    "proxy", "/{proxy+}",
                    ["ANY": Method(httpMethod: "ANY", methodIntegration: proxy("http://${stageVariables.backend}/{proxy}", parameters: ["integration.request.path.proxy": "method.request.path.proxy"]))]),
                resource("slow", "/slow", ["GET": Method(httpMethod: "GET", methodIntegration: proxy("http://${stageVariables.backend}/delay/2000", timeout: 300))]),
                resource("down", "/down", ["GET": Method(httpMethod: "GET", methodIntegration: proxy("http://127.0.0.1:\(closedPort)/"))]),
                resource("garbage", "/garbage", ["GET": Method(httpMethod: "GET", methodIntegration: proxy("http://${stageVariables.backend}/garbage"))]),
                resource("custom", "/custom", ["GET": Method(httpMethod: "GET", methodIntegration: custom)]),
            ])
    }

    static func httpApi(id: String = "http123456") -> ApiGatewayV2.ApiSnapshot {
        ApiGatewayV2.ApiSnapshot(
            api: ApiGatewayV2.Api(apiId: id, name: "Fixture HTTP API"),
            routes: [
                ApiGatewayV2.Route(routeId: "r1", routeKey: "GET /items/{id}", target: "integrations/i1"),
                ApiGatewayV2.Route(routeId: "r2", routeKey: "$default", target: "integrations/i2"),
                ApiGatewayV2.Route(routeId: "r3", routeKey: "GET /slow", target: "integrations/i3"),
                ApiGatewayV2.Route(routeId: "r4", routeKey: "GET /mapped/{id}", target: "integrations/i4"),
            ],
            integrations: [
                ApiGatewayV2.Integration(integrationId: "i1", integrationType: "HTTP_PROXY", integrationUri: "http://${stageVariables.backend}/items/{id}", integrationMethod: "ANY", payloadFormatVersion: "1.0"),
                ApiGatewayV2.Integration(integrationId: "i2", integrationType: "HTTP_PROXY", integrationUri: "http://${stageVariables.backend}/fallback", integrationMethod: "ANY", payloadFormatVersion: "1.0"),
                ApiGatewayV2.Integration(integrationId: "i3", integrationType: "HTTP_PROXY", integrationUri: "http://${stageVariables.backend}/delay/2000", integrationMethod: "ANY", payloadFormatVersion: "1.0", timeoutInMillis: 300),
                ApiGatewayV2.Integration(
                    integrationId: "i4", integrationType: "HTTP_PROXY", integrationUri: "http://${stageVariables.backend}/ignored",
                    integrationMethod: "ANY", payloadFormatVersion: "1.0",
                    requestParameters: [
                        "overwrite:path": "/rewritten/$request.path.id",
                        "overwrite:header.X-Api": "static-${request.header.x-in}-$stageVariables.backendName",
                        "append:header.X-List": "b",
                        "remove:header.X-Remove-Me": "",
                        "append:querystring.added": "$request.path.id",
                        "remove:querystring.drop": "",
                        "overwrite:querystring.keep": "$context.routeKey",
                    ]),
            ])
    }

    static func served(_ definition: ApiDefinition, stage: String, backendPort: Int) -> ServedApi {
        ServedApi(
            definition: definition,
            stages: [
                StageSpecification(name: stage, deploymentId: "dep1", variables: ["backend": "127.0.0.1:\(backendPort)", "backendName": "mock"])
            ])
    }
}
