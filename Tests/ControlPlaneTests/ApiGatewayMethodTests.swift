import ControlPlane
import GatewayModel
import Testing

@Suite struct ApiGatewayMethodTests {
    @Test func methodLifecycleAndValidation() async throws {
        let client = ApiGatewayTestClient()
        let (id, root) = try await client.createApi()
        let base = "/restapis/\(id)/resources/\(root)/methods"
        let put = await client.call("PUT", "\(base)/ANY", body: ["authorizationType": "NONE"])
        #expect(put.status == 201)
        #expect(put.json == ["httpMethod": "ANY", "authorizationType": "NONE", "apiKeyRequired": false])
        let again = await client.call("PUT", "\(base)/ANY", body: ["authorizationType": "NONE"])
        #expect(again.status == 409)
        let wrongVerb = await client.call("PUT", "\(base)/FETCH", body: ["authorizationType": "NONE"])
        #expect(wrongVerb.message == "Invalid HttpMethod specified. Valid options are GET,PUT,POST,DELETE,PATCH,OPTIONS,HEAD,ANY")
        let noAuthorizer = await client.call("PUT", "\(base)/GET", body: ["authorizationType": "CUSTOM"])
        #expect(noAuthorizer.message?.hasPrefix("Invalid authorizer ID specified.") == true)
        let badModel = await client.call("PUT", "\(base)/GET", body: ["authorizationType": "NONE", "requestModels": ["application/json": "petModel"]])
        #expect(badModel.message == "Invalid model identifier specified: petModel")
        let sameName = await client.call(
            "PUT", "\(base)/GET",
            body: ["authorizationType": "NONE", "requestParameters": ["method.request.header.a": true, "method.request.querystring.a": false]])
        #expect(sameName.message == "Parameter names must be unique across querystring, header and path")

        let updated = await client.call(
            "PATCH", "\(base)/ANY",
            body: ApiGatewayTestClient.patch([
                ("add", "/requestParameters/method.request.querystring.optional", "true"),
                ("add", "/requestModels/application~1json", "Empty"), ("replace", "/apiKeyRequired", "true"),
                ("replace", "/operationName", "Op"),
            ]))
        #expect(updated.status == 200, "\(updated.text)")
        #expect(updated["requestParameters"] == ["method.request.querystring.optional": true])
        #expect(updated["requestModels"] == ["application/json": "Empty"])
        #expect(updated["apiKeyRequired"] == true)
        let removed = await client.call(
            "PATCH", "\(base)/ANY",
            body: ApiGatewayTestClient.patch([("remove", "/requestParameters/method.request.querystring.optional", nil), ("remove", "/requestModels/application~1json", nil)]))
        #expect(removed["requestParameters"] == nil)
        #expect(removed["requestModels"] == nil)
        let badPath = await client.call("PATCH", "\(base)/ANY", body: ApiGatewayTestClient.patch([("replace", "/httpMethod", "GET")]))
        #expect(badPath.message == "Invalid patch path /httpMethod")
        let badOp = await client.call("PATCH", "\(base)/ANY", body: ApiGatewayTestClient.patch([("add", "/apiKeyRequired", "true")]))
        #expect(badOp.message == "Invalid patch operation specified. Must be one of: [replace]")

        let deleted = await client.call("DELETE", "\(base)/ANY")
        #expect(deleted.status == 204)
        let gone = await client.call("GET", "\(base)/ANY")
        #expect(gone.message == "Invalid Method identifier specified")
    }

    @Test func methodResponses() async throws {
        let client = ApiGatewayTestClient()
        let (id, root) = try await client.createApi()
        await client.addMockMethod(id, root)
        let base = "/restapis/\(id)/resources/\(root)/methods/GET/responses"
        let put = await client.call("PUT", "\(base)/200", body: ["responseParameters": ["method.response.header.my-header": true]])
        #expect(put.status == 201)
        #expect(put["statusCode"] == "200")
        let invalid = await client.call("GET", "\(base)/wrong")
        #expect(invalid.errorType == "ValidationException")
        let missing = await client.call("GET", "\(base)/404")
        #expect(missing.message == "Invalid Response status code specified")
        let update = await client.call("PATCH", "\(base)/200", body: ApiGatewayTestClient.patch([("add", "/responseModels/application~1json", "Empty")]))
        #expect(update.status == 201)
        #expect(update["responseModels"] == ["application/json": "Empty"])
        let missingParameter = await client.call("PATCH", "\(base)/200", body: ApiGatewayTestClient.patch([("remove", "/responseParameters/method.response.header.nope", nil)]))
        #expect(missingParameter.message == "Invalid parameter name specified")
        let method = await client.call("GET", "/restapis/\(id)/resources/\(root)/methods/GET")
        #expect(method["methodResponses"]?["200"]?["responseModels"] == ["application/json": "Empty"])
        #expect(await client.call("DELETE", "\(base)/200").status == 204)
    }

    @Test func integrationsWithAWSDefaults() async throws {
        let client = ApiGatewayTestClient()
        let (id, root) = try await client.createApi()
        let base = "/restapis/\(id)/resources/\(root)/methods/GET"
        _ = await client.call("PUT", base, body: ["authorizationType": "NONE"])
        let noIntegration = await client.call("GET", "\(base)/integration")
        #expect(noIntegration.message == "Invalid Integration identifier specified")
        let wrongType = await client.call("PUT", "\(base)/integration", body: ["type": "HTTPS_PROXY"])
        #expect(wrongType.message == "1 validation error detected: Value 'HTTPS_PROXY' at 'putIntegrationInput.type' failed to satisfy constraint: Member must satisfy enum value set: [HTTP, MOCK, AWS_PROXY, HTTP_PROXY, AWS]")
        let noMethod = await client.call("PUT", "\(base)/integration", body: ["type": "HTTP_PROXY", "uri": "http://example.com"])
        #expect(noMethod.message == "Enumeration value for HttpMethod must be non-empty")
        let timeout = await client.call("PUT", "\(base)/integration", body: ["type": "HTTP", "httpMethod": "GET", "uri": "http://example.com", "timeoutInMillis": 30000])
        #expect(timeout.status == 400)

        let put = await client.call("PUT", "\(base)/integration", body: ["type": "HTTP_PROXY", "httpMethod": "get", "uri": "http://example.com/{proxy}"])
        #expect(put.status == 201)
        #expect(put["passthroughBehavior"] == "WHEN_NO_MATCH")
        #expect(put["timeoutInMillis"] == 29000)
        #expect(put["cacheNamespace"] == .string(root))
        #expect(put["cacheKeyParameters"] == [])
        #expect(put["connectionType"] == "INTERNET")
        #expect(put["httpMethod"] == "GET")

        let updated = await client.call(
            "PATCH", "\(base)/integration",
            body: ApiGatewayTestClient.patch([
                ("add", "/requestParameters/integration.request.header.x", "method.request.header.y"),
                ("add", "/requestTemplates/application~1json", "{}"), ("replace", "/timeoutInMillis", "1000"),
                ("replace", "/uri", "https://other.example.com"),
            ]))
        #expect(updated.status == 200, "\(updated.text)")
        #expect(updated["requestParameters"] == ["integration.request.header.x": "method.request.header.y"])
        #expect(updated["requestTemplates"] == ["application/json": "{}"])
        #expect(updated["timeoutInMillis"] == 1000)

        let response = await client.call("PUT", "\(base)/integration/responses/200", body: ["selectionPattern": "", "responseTemplates": ["application/json": "\"created\""]])
        #expect(response.status == 201)
        #expect(response["selectionPattern"] == "")
        let patchedResponse = await client.call("PATCH", "\(base)/integration/responses/200", body: ApiGatewayTestClient.patch([("replace", "/selectionPattern", "updated-pattern")]))
        #expect(patchedResponse["selectionPattern"] == "updated-pattern")
        let method = await client.call("GET", base)
        #expect(method["methodIntegration"]?["integrationResponses"]?["200"]?["selectionPattern"] == "updated-pattern")
        #expect(await client.call("DELETE", "\(base)/integration/responses/200").status == 204)
        #expect(await client.call("DELETE", "\(base)/integration/responses/200").message == "Invalid Response status code specified")
        #expect(await client.call("DELETE", "\(base)/integration").status == 204)
    }
}
