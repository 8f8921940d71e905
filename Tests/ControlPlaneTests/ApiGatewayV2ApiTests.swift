import ControlPlane
import Foundation
import GatewayStore
import JSON
import Testing

@Suite struct ApiGatewayV2ApiTests {
    let client = ApiGatewayV2TestClient()

    @Test func createApiAnswers201WithAwsDefaults() async throws {
        let answer = await client.send("POST", "/v2/apis", ["name": "pets", "protocolType": "HTTP"])
        #expect(answer.status == 201)
        let apiId = try #require(answer["apiId"]?.stringValue)
        #expect(apiId.count == 10)
        #expect(apiId.allSatisfy { $0.isLowercase || $0.isNumber })
        #expect(answer["name"] == "pets")
        #expect(answer["protocolType"] == "HTTP")
        #expect(answer["routeSelectionExpression"] == "$request.method $request.path")
        #expect(answer["apiKeySelectionExpression"] == "$request.header.x-api-key")
        #expect(answer["disableExecuteApiEndpoint"] == false)
        #expect(answer["ipAddressType"] == "ipv4")
        #expect(answer["apiEndpoint"]?.stringValue == "https://\(apiId).execute-api.eu-west-1.amazonaws.com")
        let created = try #require(answer["createdDate"]?.stringValue)
        #expect(ISO8601DateFormatter().date(from: created) != nil)
    }

    @Test func getApiAndNotFoundMessage() async throws {
        let apiId = await client.createHttpApi()
        let answer = await client.send("GET", "/v2/apis/\(apiId)")
        #expect(answer.status == 200)
        #expect(answer["apiId"]?.stringValue == apiId)
        let missing = await client.send("GET", "/v2/apis/nope123456")
        #expect(missing.status == 404)
        #expect(missing.errorType == "NotFoundException")
        #expect(missing.message == "Invalid API identifier specified 123456789012:nope123456")
    }

    @Test func getApisPaginatesWithNextToken() async throws {
        var ids = Set<String>()
        for index in 0..<7 { ids.insert(await client.createHttpApi("api\(index)")) }
        let (items, pages) = await client.listAll("/v2/apis", pageSize: 3)
        #expect(pages == 3)
        #expect(Set(items.compactMap { $0["apiId"]?.stringValue }) == ids)
        let first = await client.send("GET", "/v2/apis", query: [("maxResults", "3")])
        #expect(first["items"]?.arrayValue?.count == 3)
        #expect(first["nextToken"] != nil)
        let all = await client.send("GET", "/v2/apis")
        #expect(all["items"]?.arrayValue?.count == 7)
        #expect(all["nextToken"] == nil)
    }

    @Test(arguments: [
        ("maxResults", "0"), ("maxResults", "abc"), ("maxResults", "501"), ("nextToken", "%%%"),
    ])
    func invalidPaginationIsBadRequest(parameter: String, value: String) async {
        let answer = await client.send("GET", "/v2/apis", query: [(parameter, value)])
        #expect(answer.status == 400)
        #expect(answer.errorType == "BadRequestException")
    }

    @Test func createApiValidation() async throws {
        let cases: [(JSONValue, String)] = [
            (["protocolType": "HTTP"], "name"),
            (["name": "x"], "protocolType"),
            (["name": "x", "protocolType": "GRPC"], "Invalid protocol specified. Must be one of [HTTP, WEBSOCKET]"),
            (["name": "x", "protocolType": "HTTP", "routeSelectionExpression": "$request.body.action"], "routeSelectionExpression"),
            (["name": "x", "protocolType": "WEBSOCKET"], "routeSelectionExpression"),
            (["name": "x", "protocolType": "HTTP", "ipAddressType": "ipv6"], "ipAddressType"),
            (["name": .string(String(repeating: "n", count: 129)), "protocolType": "HTTP"], "name"),
            (["name": "x", "protocolType": "HTTP", "target": "ftp://nowhere"], "target"),
            (["name": "x", "protocolType": "HTTP", "routeKey": "GET /pets"], "routeKey"),
            (["name": "x", "protocolType": "HTTP", "tags": ["aws:reserved": "v"]], "aws:"),
            (["name": "x", "protocolType": "HTTP", "corsConfiguration": ["maxAge": 90000]], "maxAge"),
        ]
        for (body, fragment) in cases {
            let answer = await client.send("POST", "/v2/apis", body)
            #expect(answer.status == 400, "\(body)")
            #expect(answer.errorType == "BadRequestException")
            #expect(answer.message?.contains(fragment) == true, "\(answer.message ?? "") should mention \(fragment)")
        }
        #expect(try await client.records(HttpApiCollections.apis).isEmpty)
    }

    @Test func acceptsTheBracedHttpRouteSelectionExpression() async {
        let answer = await client.send(
            "POST", "/v2/apis", ["name": "x", "protocolType": "HTTP", "routeSelectionExpression": "${request.method} ${request.path}"])
        #expect(answer.status == 201)
        #expect(answer["routeSelectionExpression"] == "$request.method $request.path")
    }

    @Test func webSocketApisAreStoredWithTheirOwnDefaults() async {
        let answer = await client.send(
            "POST", "/v2/apis", ["name": "chat", "protocolType": "WEBSOCKET", "routeSelectionExpression": "$request.body.action"])
        #expect(answer.status == 201)
        #expect(answer["routeSelectionExpression"] == "$request.body.action")
        #expect(answer["apiEndpoint"]?.stringValue?.hasPrefix("wss://") == true)
        let cors = await client.send(
            "POST", "/v2/apis",
            ["name": "chat", "protocolType": "WEBSOCKET", "routeSelectionExpression": "$request.body.action", "corsConfiguration": ["maxAge": 1]])
        #expect(cors.status == 400)
    }

    @Test func quickCreateWithLambdaMakesIntegrationRouteAndDeployedDefaultStage() async throws {
        let lambda = "arn:aws:lambda:eu-west-1:123456789012:function:pets"
        let answer = await client.send("POST", "/v2/apis", ["name": "quick", "protocolType": "HTTP", "target": .string(lambda)])
        #expect(answer.status == 201)
        let apiId = try #require(answer["apiId"]?.stringValue)
        let parent = StoreParent(apiId)
        let integrations = try await client.records(HttpApiCollections.integrations, parent: parent)
        let integration = try #require(integrations.first)
        #expect(integrations.count == 1)
        #expect(integration.integrationType == "AWS_PROXY")
        #expect(integration.integrationUri == lambda)
        #expect(integration.payloadFormatVersion == "2.0")
        #expect(integration.integrationMethod == "POST")
        #expect(integration.timeoutInMillis == 30_000)
        #expect(integration.connectionType == "INTERNET")
        #expect(integration.apiGatewayManaged == true)
        let routes = try await client.records(HttpApiCollections.routes, parent: parent)
        #expect(routes.map(\.routeKey) == ["$default"])
        #expect(routes.first?.target == "integrations/\(integration.integrationId)")
        #expect(routes.first?.apiGatewayManaged == true)
        let stage = try #require(try await client.records(HttpApiCollections.stages, parent: parent).first)
        #expect(stage.stageName == "$default")
        #expect(stage.autoDeploy == true)
        #expect(stage.apiGatewayManaged == true)
        let deploymentId = try #require(stage.deploymentId)
        let deployment = try #require(try await client.records(HttpApiCollections.deployments, parent: parent).first)
        #expect(deployment.deployment.deploymentId == deploymentId)
        #expect(deployment.deployment.autoDeployed == true)
        #expect(deployment.snapshot.routes.count == 1)
        #expect(stage.lastDeploymentStatusMessage == "Successfully deployed stage with deployment ID '\(deploymentId)'")
        let listed = await client.send("GET", "/v2/apis/\(apiId)/stages/%24default")
        #expect(listed["deploymentId"]?.stringValue == deploymentId)
    }

    @Test func quickCreateWithUrlAndRouteKey() async throws {
        let answer = await client.send(
            "POST", "/v2/apis",
            ["name": "quick", "protocolType": "HTTP", "target": "https://example.com", "routeKey": "GET /pets",
             "credentialsArn": "arn:aws:iam::123456789012:role/r"])
        let apiId = try #require(answer["apiId"]?.stringValue)
        let integration = try #require(try await client.records(HttpApiCollections.integrations, parent: StoreParent(apiId)).first)
        #expect(integration.integrationType == "HTTP_PROXY")
        #expect(integration.payloadFormatVersion == "1.0")
        #expect(integration.integrationMethod == "ANY")
        #expect(integration.credentialsArn == "arn:aws:iam::123456789012:role/r")
        let routes = try await client.records(HttpApiCollections.routes, parent: StoreParent(apiId))
        #expect(routes.map(\.routeKey) == ["GET /pets"])
        let bad = await client.send("POST", "/v2/apis", ["name": "quick", "protocolType": "HTTP", "target": "https://e.com", "routeKey": "GET pets"])
        #expect(bad.status == 400)
        #expect(try await client.records(HttpApiCollections.apis).count == 1)
    }

    @Test func updateApiChangesOnlyTheGivenMembers() async throws {
        let apiId = await client.createHttpApi("pets", [("description", "first"), ("version", "1")])
        let answer = await client.send(
            "PATCH", "/v2/apis/\(apiId)",
            ["name": "renamed", "corsConfiguration": ["allowOrigins": ["https://a.example"], "maxAge": 300], "disableExecuteApiEndpoint": true])
        #expect(answer.status == 200)
        #expect(answer["name"] == "renamed")
        #expect(answer["description"] == "first")
        #expect(answer["version"] == "1")
        #expect(answer["disableExecuteApiEndpoint"] == true)
        #expect(answer["corsConfiguration"]?["maxAge"] == 300)
        let stored = try #require(try await client.records(HttpApiCollections.apis).first)
        #expect(stored.name == "renamed")
        #expect(stored.corsConfiguration?.allowOrigins == ["https://a.example"])
        let deleted = await client.send("DELETE", "/v2/apis/\(apiId)/cors")
        #expect(deleted.status == 204)
        #expect(await client.send("GET", "/v2/apis/\(apiId)")["corsConfiguration"] == nil)
        let missing = await client.send("PATCH", "/v2/apis/nothere", ["name": "x"])
        #expect(missing.status == 404)
    }

    @Test func updateApiMovesTheQuickCreateTarget() async throws {
        let answer = await client.send("POST", "/v2/apis", ["name": "q", "protocolType": "HTTP", "target": "https://one.example"])
        let apiId = try #require(answer["apiId"]?.stringValue)
        let first = try #require(try await client.records(HttpApiCollections.stages, parent: StoreParent(apiId)).first?.deploymentId)
        let update = await client.send(
            "PATCH", "/v2/apis/\(apiId)", ["target": "arn:aws:lambda:eu-west-1:123456789012:function:f", "routeKey": "ANY /{proxy+}"])
        #expect(update.status == 200)
        let integration = try #require(try await client.records(HttpApiCollections.integrations, parent: StoreParent(apiId)).first)
        #expect(integration.integrationType == "AWS_PROXY")
        #expect(integration.payloadFormatVersion == "2.0")
        let routes = try await client.records(HttpApiCollections.routes, parent: StoreParent(apiId))
        #expect(routes.map(\.routeKey) == ["ANY /{proxy+}"])
        let stage = try #require(try await client.records(HttpApiCollections.stages, parent: StoreParent(apiId)).first)
        #expect(stage.deploymentId != first)
        let deployment = try #require(try await client.records(HttpApiCollections.deployments, parent: StoreParent(apiId)).first {
            $0.deployment.deploymentId == stage.deploymentId
        })
        #expect(deployment.snapshot.routes.first?.routeKey == "ANY /{proxy+}")
    }

    @Test func deleteApiCascadesInOneTransaction() async throws {
        let answer = await client.send("POST", "/v2/apis", ["name": "q", "protocolType": "HTTP", "target": "https://one.example"])
        let apiId = try #require(answer["apiId"]?.stringValue)
        let other = await client.createHttpApi("other")
        let revision = try await client.store.currentRevision()
        let deleted = await client.send("DELETE", "/v2/apis/\(apiId)")
        #expect(deleted.status == 204)
        #expect(deleted.body.isEmpty)
        #expect(try await client.store.currentRevision() == revision.next)
        let left = try await client.store.read { tx in try await tx.listDescendants(of: StoreParent(apiId)) }
        #expect(left.isEmpty)
        #expect(try await client.records(HttpApiCollections.apis).map(\.apiId) == [other])
        #expect(await client.send("DELETE", "/v2/apis/\(apiId)").status == 404)
    }

    @Test func invalidJsonBodyIsBadRequest() async {
        let response = await client.controlPlane.handle(ManagementRequest(method: "POST", path: "/v2/apis", body: Array("{nope".utf8)))
        #expect(response.status == 400)
    }
}
