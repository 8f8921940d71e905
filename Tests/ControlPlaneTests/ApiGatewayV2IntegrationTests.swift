import ControlPlane
import Foundation
import GatewayModel
import GatewayStore
import JSON
import Testing

@Suite struct ApiGatewayV2IntegrationTests {
    let client = ApiGatewayV2TestClient()
    let lambda = "arn:aws:lambda:eu-west-1:123456789012:function:pets"

    @Test func createHttpProxyIntegrationWithDefaults() async throws {
        let apiId = await client.createHttpApi()
        let answer = await client.send(
            "POST", "/v2/apis/\(apiId)/integrations",
            ["integrationType": "HTTP_PROXY", "integrationUri": "https://backend.example.com", "integrationMethod": "GET"])
        #expect(answer.status == 201)
        #expect(answer["integrationId"]?.stringValue?.count == 7)
        #expect(answer["connectionType"] == "INTERNET")
        #expect(answer["payloadFormatVersion"] == "1.0")
        #expect(answer["timeoutInMillis"] == 30000)
        #expect(answer["integrationMethod"] == "GET")
    }

    @Test func createLambdaProxyIntegration() async throws {
        let apiId = await client.createHttpApi()
        let answer = await client.send(
            "POST", "/v2/apis/\(apiId)/integrations",
            ["integrationType": "AWS_PROXY", "integrationUri": .string(lambda), "payloadFormatVersion": "2.0", "timeoutInMillis": 5000])
        #expect(answer.status == 201)
        #expect(answer["integrationMethod"] == "POST")
        #expect(answer["payloadFormatVersion"] == "2.0")
        #expect(answer["timeoutInMillis"] == 5000)
    }

    @Test func httpApiIntegrationRules() async throws {
        let apiId = await client.createHttpApi()
        let cases: [(JSONValue, String)] = [
            ([:], "integrationType"),
            (["integrationType": "AWS", "integrationUri": .string(lambda)],
             "Currently, an API with a protocol type of HTTP may only be associated with proxy integrations (AWS_PROXY, HTTP_PROXY)"),
            (["integrationType": "MOCK"], "Currently, an API with a protocol type of HTTP"),
            (["integrationType": "HTTP_PROXY", "integrationMethod": "GET"], "integrationUri"),
            (["integrationType": "HTTP_PROXY", "integrationUri": "https://b.example"], "integrationMethod"),
            (["integrationType": "HTTP_PROXY", "integrationUri": "https://b.example", "integrationMethod": "GET", "payloadFormatVersion": "2.0"],
             "payloadFormatVersion"),
            (["integrationType": "HTTP_PROXY", "integrationUri": "backend", "integrationMethod": "GET"], "integration URI"),
            (["integrationType": "AWS_PROXY", "integrationUri": .string(lambda)], "payloadFormatVersion"),
            (["integrationType": "AWS_PROXY", "integrationUri": .string(lambda), "payloadFormatVersion": "3.0"], "payloadFormatVersion"),
            (["integrationType": "AWS_PROXY", "payloadFormatVersion": "2.0"], "integrationUri"),
            (["integrationType": "AWS_PROXY", "integrationUri": .string(lambda), "payloadFormatVersion": "2.0", "timeoutInMillis": 49], "timeout"),
            (["integrationType": "AWS_PROXY", "integrationUri": .string(lambda), "payloadFormatVersion": "2.0", "timeoutInMillis": 30001], "timeout"),
            (["integrationType": "HTTP_PROXY", "integrationUri": "https://b.example", "integrationMethod": "GET", "connectionType": "VPC_LINK"],
             "connectionId"),
            (["integrationType": "HTTP_PROXY", "integrationUri": "https://b.example", "integrationMethod": "GET", "connectionType": "DIRECT"],
             "connectionType"),
            (["integrationType": "HTTP_PROXY", "integrationUri": "https://b.example", "integrationMethod": "GET", "passthroughBehavior": "NEVER"],
             "WebSocket"),
            (["integrationType": "HTTP_PROXY", "integrationUri": "https://b.example", "integrationMethod": "GET",
              "requestParameters": ["integration.request.header.x": "'a'"]], "mapping"),
            (["integrationType": "HTTP_PROXY", "integrationUri": "https://b.example", "integrationMethod": "GET",
              "responseParameters": ["700": ["overwrite:statuscode": "200"]]], "status code"),
        ]
        for (body, fragment) in cases {
            let answer = await client.send("POST", "/v2/apis/\(apiId)/integrations", body)
            #expect(answer.status == 400, "\(body)")
            #expect(answer.errorType == "BadRequestException")
            #expect(answer.message?.contains(fragment) == true, "\(answer.message ?? "") should contain \(fragment)")
        }
        #expect(try await client.records(HttpApiCollections.integrations, parent: StoreParent(apiId)).isEmpty)
    }

    @Test func parameterMappingAndServiceIntegrations() async {
        let apiId = await client.createHttpApi()
        let mapped = await client.send(
            "POST", "/v2/apis/\(apiId)/integrations",
            ["integrationType": "HTTP_PROXY", "integrationUri": "https://b.example", "integrationMethod": "ANY",
             "requestParameters": ["append:header.x-source": "portcullis", "overwrite:path": "/v2$request.path", "remove:querystring.debug": "''"],
             "responseParameters": ["404": ["overwrite:statuscode": "410"]]])
        #expect(mapped.status == 201, "\(mapped.text)")
        let service = await client.send(
            "POST", "/v2/apis/\(apiId)/integrations",
            ["integrationType": "AWS_PROXY", "integrationSubtype": "SQS-SendMessage",
             "credentialsArn": "arn:aws:iam::123456789012:role/r",
             "requestParameters": ["QueueUrl": "$request.header.queueUrl", "MessageBody": "$request.body"]])
        #expect(service.status == 201, "\(service.text)")
        #expect(service["payloadFormatVersion"] == "1.0")
    }

    @Test func updateIntegrationRevalidatesTheResult() async throws {
        let apiId = await client.createHttpApi()
        let integrationId = await client.createHttpIntegration(apiId)
        let path = "/v2/apis/\(apiId)/integrations/\(integrationId)"
        let toLambda = await client.send(
            "PATCH", path, ["integrationType": "AWS_PROXY", "integrationUri": .string(lambda), "payloadFormatVersion": "3.0"])
        #expect(toLambda.status == 400)
        #expect(await client.send("GET", path)["integrationType"] == "HTTP_PROXY")
        let good = await client.send(
            "PATCH", path, ["integrationType": "AWS_PROXY", "integrationUri": .string(lambda), "payloadFormatVersion": "1.0", "description": "d"])
        #expect(good.status == 200)
        #expect(good["integrationType"] == "AWS_PROXY")
        #expect(good["payloadFormatVersion"] == "1.0")
        #expect(good["description"] == "d")
        #expect(await client.send("GET", path)["integrationUri"]?.stringValue == lambda)
        let missing = await client.send("PATCH", "/v2/apis/\(apiId)/integrations/nothere", ["description": "x"])
        #expect(missing.status == 404)
        #expect(missing.message == "Invalid Integration identifier specified nothere")
    }

    @Test func deleteIntegrationIsRefusedWhileARouteTargetsIt() async throws {
        let apiId = await client.createHttpApi()
        let integrationId = await client.createHttpIntegration(apiId)
        let routeA = await client.createRoute(apiId, "GET /a", integrationId: integrationId)
        let routeB = await client.createRoute(apiId, "GET /b", integrationId: integrationId)
        let refused = await client.send("DELETE", "/v2/apis/\(apiId)/integrations/\(integrationId)")
        #expect(refused.status == 409)
        #expect(refused.errorType == "ConflictException")
        #expect(
            refused.message
                == "Cannot delete Integration because it is referenced by the following Routes with Ids: [\([routeA, routeB].sorted().joined(separator: ", "))]")
        await client.send("DELETE", "/v2/apis/\(apiId)/routes/\(routeA)")
        await client.send("PATCH", "/v2/apis/\(apiId)/routes/\(routeB)", ["target": ""])
        let deleted = await client.send("DELETE", "/v2/apis/\(apiId)/integrations/\(integrationId)")
        #expect(deleted.status == 204)
        #expect(await client.send("GET", "/v2/apis/\(apiId)/integrations/\(integrationId)").status == 404)
    }

    @Test func quickCreateIntegrationCannotBeDeleted() async throws {
        let answer = await client.send("POST", "/v2/apis", ["name": "q", "protocolType": "HTTP", "target": "https://e.example"])
        let apiId = try #require(answer["apiId"]?.stringValue)
        let integration = try #require(try await client.records(HttpApiCollections.integrations, parent: StoreParent(apiId)).first)
        let route = try #require(try await client.records(HttpApiCollections.routes, parent: StoreParent(apiId)).first)
        await client.send("DELETE", "/v2/apis/\(apiId)/routes/\(route.routeId)")
        let refused = await client.send("DELETE", "/v2/apis/\(apiId)/integrations/\(integration.integrationId)")
        #expect(refused.status == 400)
    }

    @Test func getIntegrationsPaginates() async {
        let apiId = await client.createHttpApi()
        for index in 0..<4 { _ = await client.createHttpIntegration(apiId, uri: "https://b\(index).example") }
        let (items, pages) = await client.listAll("/v2/apis/\(apiId)/integrations", pageSize: 3)
        #expect(items.count == 4)
        #expect(pages == 2)
    }

    @Test func webSocketIntegrations() async {
        let api = await client.send(
            "POST", "/v2/apis", ["name": "chat", "protocolType": "WEBSOCKET", "routeSelectionExpression": "$request.body.action"])
        let apiId = api["apiId"]?.stringValue ?? ""
        let mock = await client.send(
            "POST", "/v2/apis/\(apiId)/integrations",
            ["integrationType": "MOCK", "requestTemplates": ["$default": "{\"statusCode\": 200}"], "templateSelectionExpression": "\\$default"])
        #expect(mock.status == 201)
        #expect(mock["timeoutInMillis"] == 29000)
        #expect(mock["payloadFormatVersion"] == "1.0")
        let tooLong = await client.send(
            "POST", "/v2/apis/\(apiId)/integrations", ["integrationType": "HTTP", "integrationUri": "https://e.example", "timeoutInMillis": 29001])
        #expect(tooLong.status == 400)
    }

    @Test func integrationResponsesCrud() async throws {
        let apiId = await client.createHttpApi()
        let integrationId = await client.createHttpIntegration(apiId)
        let base = "/v2/apis/\(apiId)/integrations/\(integrationId)/integrationresponses"
        let created = await client.send("POST", base, ["integrationResponseKey": "/200/", "responseTemplates": ["application/json": "{}"]])
        #expect(created.status == 201)
        let id = try #require(created["integrationResponseId"]?.stringValue)
        #expect(await client.send("POST", base, ["integrationResponseKey": "/200/"]).status == 409)
        #expect(await client.send("POST", base, ["integrationResponseKey": "$default", "contentHandlingStrategy": "ZIP"]).status == 400)
        let updated = await client.send("PATCH", "\(base)/\(id)", ["integrationResponseKey": "$default", "contentHandlingStrategy": "CONVERT_TO_TEXT"])
        #expect(updated["integrationResponseKey"] == "$default")
        #expect(updated["responseTemplates"]?["application/json"] == "{}")
        #expect(await client.send("GET", base)["items"]?.arrayValue?.count == 1)
        #expect(await client.send("DELETE", "\(base)/\(id)").status == 204)
        let missing = await client.send("GET", "\(base)/\(id)")
        #expect(missing.message == "Invalid IntegrationResponse identifier specified \(id)")
        await client.send("POST", base, ["integrationResponseKey": "$default"])
        #expect(await client.send("DELETE", "/v2/apis/\(apiId)/integrations/\(integrationId)").status == 204)
        #expect(try await client.records(HttpApiCollections.integrationResponses, parent: StoreParent(apiId, integrationId)).isEmpty)
    }
}
