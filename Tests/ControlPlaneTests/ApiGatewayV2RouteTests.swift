import ControlPlane
import Foundation
import GatewayStore
import JSON
import Testing

@Suite struct ApiGatewayV2RouteTests {
    let client = ApiGatewayV2TestClient()

    @Test func createRouteAnswers201WithDefaults() async throws {
        let apiId = await client.createHttpApi()
        let integrationId = await client.createHttpIntegration(apiId)
        let answer = await client.send(
            "POST", "/v2/apis/\(apiId)/routes", ["routeKey": "GET /pets/{id}", "target": .string("integrations/\(integrationId)")])
        #expect(answer.status == 201)
        let routeId = try #require(answer["routeId"]?.stringValue)
        #expect(routeId.count == 7)
        #expect(answer["routeKey"] == "GET /pets/{id}")
        #expect(answer["authorizationType"] == "NONE")
        #expect(answer["apiKeyRequired"] == false)
        #expect(answer["target"]?.stringValue == "integrations/\(integrationId)")
        let read = await client.send("GET", "/v2/apis/\(apiId)/routes/\(routeId)")
        #expect(read.json == answer.json)
    }

    @Test(arguments: [
        "$default", "GET /", "ANY /{proxy+}", "POST /pets", "DELETE /pets/{id}", "GET /a/b/{c}/{d+}", "PUT /a-b/c.d/e_f~g",
        "PATCH /x", "HEAD /y", "OPTIONS /z",
    ])
    func validRouteKeys(routeKey: String) async {
        let apiId = await client.createHttpApi()
        let answer = await client.send("POST", "/v2/apis/\(apiId)/routes", ["routeKey": .string(routeKey)])
        #expect(answer.status == 201, "\(routeKey): \(answer.text)")
    }

    @Test(arguments: [
        ("GET", "Invalid route key"), ("get /pets", "Invalid route key"), ("FETCH /pets", "Invalid route key"),
        ("GET pets", "Invalid route key"), ("GET  /pets", "Invalid route key"), ("$connect", "Invalid route key"),
        ("GET /pets/", "One or more path parts appear to be invalid"), ("GET //pets", "One or more path parts appear to be invalid"),
        ("GET /{proxy+}/x", "One or more path parts appear to be invalid"), ("GET /pets{id}", "One or more path parts appear to be invalid"),
        ("GET /{id}.json", "One or more path parts appear to be invalid"), ("GET /{}", "One or more path parts appear to be invalid"),
        ("GET /a/{id}/{id}", "One or more path parts appear to be invalid"), ("GET /a b", "Invalid route key"),
        ("GET /a%20b", "One or more path parts appear to be invalid"),
    ])
    func invalidRouteKeys(routeKey: String, message: String) async {
        let apiId = await client.createHttpApi()
        let answer = await client.send("POST", "/v2/apis/\(apiId)/routes", ["routeKey": .string(routeKey)])
        #expect(answer.status == 400, "\(routeKey)")
        #expect(answer.errorType == "BadRequestException")
        #expect(answer.message?.hasPrefix(message) == true, "\(routeKey): \(answer.message ?? "")")
    }

    @Test func duplicateAndConflictingRouteKeysAreConflicts() async {
        let apiId = await client.createHttpApi()
        await client.createRoute(apiId, "GET /pets/{id}")
        let duplicate = await client.send("POST", "/v2/apis/\(apiId)/routes", ["routeKey": "GET /pets/{id}"])
        #expect(duplicate.status == 409)
        #expect(duplicate.errorType == "ConflictException")
        #expect(duplicate.message == "Route with key GET /pets/{id} already exists for this API")
        let conflicting = await client.send("POST", "/v2/apis/\(apiId)/routes", ["routeKey": "DELETE /pets/{petId}"])
        #expect(conflicting.status == 409)
        #expect(
            conflicting.message
                == "The provided route key \"DELETE /pets/{petId}\" has a conflicting variable on the same hierarchical level as \"GET /pets/{id}\"")
        for fine in ["DELETE /pets/{id}", "GET /pets/mine", "GET /pets/{proxy+}", "GET /owners/{petId}"] {
            #expect(await client.send("POST", "/v2/apis/\(apiId)/routes", ["routeKey": .string(fine)]).status == 201, "\(fine)")
        }
    }

    @Test func targetMustBeAnExistingIntegration() async {
        let apiId = await client.createHttpApi()
        let missing = await client.send("POST", "/v2/apis/\(apiId)/routes", ["routeKey": "GET /a", "target": "integrations/abc1234"])
        #expect(missing.status == 404)
        #expect(missing.message == "Invalid Integration identifier specified abc1234")
        let malformed = await client.send("POST", "/v2/apis/\(apiId)/routes", ["routeKey": "GET /a", "target": "lambda"])
        #expect(malformed.status == 400)
        let routes = await client.send("GET", "/v2/apis/\(apiId)/routes")
        #expect(routes["items"]?.arrayValue?.isEmpty == true)
    }

    @Test func httpApisRefuseWebSocketOnlyMembers() async {
        let apiId = await client.createHttpApi()
        for (member, value) in [("apiKeyRequired", true), ("requestModels", ["application/json": "M"]), ("routeResponseSelectionExpression", "$default")]
            as [(String, JSONValue)]
        {
            let answer = await client.send("POST", "/v2/apis/\(apiId)/routes", .object(JSONObject([("routeKey", "GET /a"), (member, value)])))
            #expect(answer.status == 400, "\(member)")
        }
    }

    @Test func authorizationNeedsAMatchingAuthorizer() async throws {
        let apiId = await client.createHttpApi()
        let jwt = await client.send(
            "POST", "/v2/apis/\(apiId)/authorizers",
            ["name": "jwt", "authorizerType": "JWT", "identitySource": ["$request.header.Authorization"],
             "jwtConfiguration": ["issuer": "https://issuer.example", "audience": ["aud"]]])
        let jwtId = try #require(jwt["authorizerId"]?.stringValue)
        let noAuthorizer = await client.send("POST", "/v2/apis/\(apiId)/routes", ["routeKey": "GET /a", "authorizationType": "JWT"])
        #expect(noAuthorizer.status == 400)
        let wrongType = await client.send(
            "POST", "/v2/apis/\(apiId)/routes", ["routeKey": "GET /a", "authorizationType": "CUSTOM", "authorizerId": .string(jwtId)])
        #expect(wrongType.status == 400)
        let unknownType = await client.send("POST", "/v2/apis/\(apiId)/routes", ["routeKey": "GET /a", "authorizationType": "COGNITO"])
        #expect(unknownType.status == 400)
        let good = await client.send(
            "POST", "/v2/apis/\(apiId)/routes",
            ["routeKey": "GET /a", "authorizationType": "JWT", "authorizerId": .string(jwtId), "authorizationScopes": ["read"]])
        #expect(good.status == 201)
        #expect(good["authorizationScopes"] == ["read"])
        let routeId = try #require(good["routeId"]?.stringValue)
        let deleteAuthorizer = await client.send("DELETE", "/v2/apis/\(apiId)/authorizers/\(jwtId)")
        #expect(deleteAuthorizer.status == 409)
        let open = await client.send("PATCH", "/v2/apis/\(apiId)/routes/\(routeId)", ["authorizationType": "NONE"])
        #expect(open["authorizerId"] == nil)
        #expect(await client.send("DELETE", "/v2/apis/\(apiId)/authorizers/\(jwtId)").status == 204)
    }

    @Test func getRoutesPaginates() async {
        let apiId = await client.createHttpApi()
        for index in 0..<5 { await client.createRoute(apiId, "GET /r\(index)") }
        let (items, pages) = await client.listAll("/v2/apis/\(apiId)/routes", pageSize: 2)
        #expect(items.count == 5)
        #expect(pages == 3)
        #expect(Set(items.compactMap { $0["routeKey"]?.stringValue }).count == 5)
        #expect(await client.send("GET", "/v2/apis/none/routes").status == 404)
    }

    @Test func updateRouteChecksTheNewKeyAndTarget() async throws {
        let apiId = await client.createHttpApi()
        let integrationId = await client.createHttpIntegration(apiId)
        let routeId = await client.createRoute(apiId, "GET /a")
        await client.createRoute(apiId, "GET /b")
        let taken = await client.send("PATCH", "/v2/apis/\(apiId)/routes/\(routeId)", ["routeKey": "GET /b"])
        #expect(taken.status == 409)
        let moved = await client.send(
            "PATCH", "/v2/apis/\(apiId)/routes/\(routeId)",
            ["routeKey": "POST /a", "target": .string("integrations/\(integrationId)"), "operationName": "createA"])
        #expect(moved.status == 200)
        #expect(moved["routeKey"] == "POST /a")
        #expect(moved["operationName"] == "createA")
        let cleared = await client.send("PATCH", "/v2/apis/\(apiId)/routes/\(routeId)", ["target": ""])
        #expect(cleared["target"] == nil)
        #expect(cleared["routeKey"] == "POST /a")
        let missing = await client.send("PATCH", "/v2/apis/\(apiId)/routes/nothere", ["routeKey": "GET /c"])
        #expect(missing.status == 404)
        #expect(missing.message == "Invalid Route identifier specified nothere")
    }

    @Test func deleteRouteDeletesItsResponses() async throws {
        let apiId = await client.createHttpApi()
        let routeId = await client.createRoute(apiId, "GET /a")
        let response = await client.send("POST", "/v2/apis/\(apiId)/routes/\(routeId)/routeresponses", ["routeResponseKey": "$default"])
        #expect(response.status == 201)
        let deleted = await client.send("DELETE", "/v2/apis/\(apiId)/routes/\(routeId)")
        #expect(deleted.status == 204)
        #expect(try await client.records(HttpApiCollections.routeResponses, parent: StoreParent(apiId, routeId)).isEmpty)
        #expect(await client.send("GET", "/v2/apis/\(apiId)/routes/\(routeId)").status == 404)
        #expect(await client.send("DELETE", "/v2/apis/\(apiId)/routes/\(routeId)").status == 404)
    }

    @Test func routeResponsesCrud() async throws {
        let apiId = await client.createHttpApi()
        let routeId = await client.createRoute(apiId, "GET /a")
        let base = "/v2/apis/\(apiId)/routes/\(routeId)/routeresponses"
        let created = await client.send("POST", base, ["routeResponseKey": "$default", "modelSelectionExpression": "$default"])
        #expect(created.status == 201)
        let id = try #require(created["routeResponseId"]?.stringValue)
        #expect(await client.send("POST", base, ["routeResponseKey": "$default"]).status == 409)
        #expect(await client.send("POST", base, [:]).status == 400)
        #expect(await client.send("GET", "\(base)/\(id)")["routeResponseKey"] == "$default")
        let updated = await client.send("PATCH", "\(base)/\(id)", ["responseModels": ["application/json": "Empty"]])
        #expect(updated["responseModels"]?["application/json"] == "Empty")
        #expect(updated["modelSelectionExpression"] == "$default")
        #expect(await client.send("GET", base)["items"]?.arrayValue?.count == 1)
        #expect(await client.send("DELETE", "\(base)/\(id)").status == 204)
        let missing = await client.send("GET", "\(base)/\(id)")
        #expect(missing.status == 404)
        #expect(missing.message == "Invalid RouteResponse identifier specified \(id)")
    }

    @Test func webSocketRouteKeysAreFree() async {
        let answer = await client.send(
            "POST", "/v2/apis", ["name": "chat", "protocolType": "WEBSOCKET", "routeSelectionExpression": "$request.body.action"])
        let apiId = answer["apiId"]?.stringValue ?? ""
        for key in ["$connect", "$disconnect", "$default", "sendMessage"] {
            #expect(await client.send("POST", "/v2/apis/\(apiId)/routes", ["routeKey": .string(key), "apiKeyRequired": true]).status == 201)
        }
    }
}
