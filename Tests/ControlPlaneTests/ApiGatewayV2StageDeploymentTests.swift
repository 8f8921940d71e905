import ControlPlane
import Foundation
import GatewayModel
import GatewayStore
import Testing

@Suite struct ApiGatewayV2StageDeploymentTests {
    let client = ApiGatewayV2TestClient()

    @Test func createStageWithAwsDefaults() async throws {
        let apiId = await client.createHttpApi()
        let answer = await client.send("POST", "/v2/apis/\(apiId)/stages", ["stageName": "dev"])
        #expect(answer.status == 201)
        #expect(answer["stageName"] == "dev")
        #expect(answer["autoDeploy"] == false)
        #expect(answer["defaultRouteSettings"] == ["detailedMetricsEnabled": false])
        #expect(answer["routeSettings"] == [:])
        #expect(answer["stageVariables"] == [:])
        #expect(answer["tags"] == [:])
        #expect(answer["createdDate"]?.stringValue != nil)
        #expect(answer["lastUpdatedDate"]?.stringValue != nil)
        #expect(answer["deploymentId"] == nil)
        let duplicate = await client.send("POST", "/v2/apis/\(apiId)/stages", ["stageName": "dev"])
        #expect(duplicate.status == 409)
        #expect(duplicate.message == "Stage already exists")
    }

    @Test(arguments: ["$default", "prod", "v1-beta_2"])
    func validStageNames(name: String) async {
        let apiId = await client.createHttpApi()
        #expect(await client.send("POST", "/v2/apis/\(apiId)/stages", ["stageName": .string(name)]).status == 201)
    }

    @Test(arguments: ["", "bad stage", "a/b", "$prod", "é"])
    func invalidStageNames(name: String) async {
        let apiId = await client.createHttpApi()
        #expect(await client.send("POST", "/v2/apis/\(apiId)/stages", ["stageName": .string(name)]).status == 400)
    }

    @Test func stageReferencesAreChecked() async {
        let apiId = await client.createHttpApi()
        await client.createRoute(apiId, "GET /pets")
        let unknownRoute = await client.send(
            "POST", "/v2/apis/\(apiId)/stages", ["stageName": "dev", "routeSettings": ["GET /cats": ["throttlingBurstLimit": 5]]])
        #expect(unknownRoute.status == 404)
        #expect(unknownRoute.message == "Unable to find Route by key GET /cats within the provided RouteSettings")
        let unknownDeployment = await client.send("POST", "/v2/apis/\(apiId)/stages", ["stageName": "dev", "deploymentId": "abc123"])
        #expect(unknownDeployment.status == 404)
        let badVariable = await client.send("POST", "/v2/apis/\(apiId)/stages", ["stageName": "dev", "stageVariables": ["a-b": "x"]])
        #expect(badVariable.status == 400)
        let good = await client.send(
            "POST", "/v2/apis/\(apiId)/stages",
            ["stageName": "dev", "routeSettings": ["GET /pets": ["throttlingBurstLimit": 5, "throttlingRateLimit": 2.5]],
             "stageVariables": ["backend": "b.example"], "accessLogSettings": ["destinationArn": "arn:aws:logs:eu-west-1:1:log-group:g", "format": "$context.requestId"]])
        #expect(good.status == 201)
        #expect(good["routeSettings"]?["GET /pets"]?["throttlingRateLimit"] == 2.5)
    }

    @Test func updateStageMergesVariablesAndSettings() async throws {
        let apiId = await client.createHttpApi()
        await client.createRoute(apiId, "GET /pets")
        await client.send(
            "POST", "/v2/apis/\(apiId)/stages",
            ["stageName": "dev", "stageVariables": ["a": "1", "b": "2"], "routeSettings": ["GET /pets": ["throttlingBurstLimit": 5]],
             "defaultRouteSettings": ["throttlingRateLimit": 10]])
        let answer = await client.send(
            "PATCH", "/v2/apis/\(apiId)/stages/dev",
            ["stageVariables": ["a": "", "c": "3"], "routeSettings": ["GET /pets": ["throttlingRateLimit": 1]],
             "defaultRouteSettings": ["throttlingBurstLimit": 20], "description": "development"])
        #expect(answer.status == 200)
        #expect(answer["stageVariables"] == ["b": "2", "c": "3"])
        #expect(answer["routeSettings"]?["GET /pets"] == ["throttlingBurstLimit": 5, "throttlingRateLimit": 1])
        #expect(answer["defaultRouteSettings"] == ["detailedMetricsEnabled": false, "throttlingRateLimit": 10, "throttlingBurstLimit": 20])
        #expect(answer["description"] == "development")
        let removed = await client.send("DELETE", "/v2/apis/\(apiId)/stages/dev/routesettings/GET%20%2Fpets")
        #expect(removed.status == 204)
        #expect(await client.send("GET", "/v2/apis/\(apiId)/stages/dev")["routeSettings"] == [:])
        #expect(await client.send("DELETE", "/v2/apis/\(apiId)/stages/dev/routesettings/GET%20%2Fpets").status == 404)
        await client.send("PATCH", "/v2/apis/\(apiId)/stages/dev", ["accessLogSettings": ["format": "$context.requestId"]])
        #expect(await client.send("DELETE", "/v2/apis/\(apiId)/stages/dev/accesslogsettings").status == 204)
        #expect(await client.send("GET", "/v2/apis/\(apiId)/stages/dev")["accessLogSettings"] == nil)
    }

    @Test func getStagesPaginatesAndDeleteStage() async {
        let apiId = await client.createHttpApi()
        for name in ["a", "b", "c"] { await client.send("POST", "/v2/apis/\(apiId)/stages", ["stageName": .string(name)]) }
        let (items, pages) = await client.listAll("/v2/apis/\(apiId)/stages", pageSize: 2)
        #expect(items.compactMap { $0["stageName"]?.stringValue } == ["a", "b", "c"])
        #expect(pages == 2)
        #expect(await client.send("DELETE", "/v2/apis/\(apiId)/stages/b").status == 204)
        let missing = await client.send("GET", "/v2/apis/\(apiId)/stages/b")
        #expect(missing.status == 404)
        #expect(missing.message == "Invalid stage identifier specified")
    }

    @Test func createDeploymentSnapshotsAndMovesTheStage() async throws {
        let apiId = await client.createHttpApi()
        let noRoutes = await client.send("POST", "/v2/apis/\(apiId)/deployments", [:])
        #expect(noRoutes.status == 400)
        #expect(noRoutes.message == "Unable to deploy API because no routes exist in this API")
        let integrationId = await client.createHttpIntegration(apiId)
        await client.createRoute(apiId, "GET /pets", integrationId: integrationId)
        await client.send("POST", "/v2/apis/\(apiId)/stages", ["stageName": "prod"])
        let answer = await client.send("POST", "/v2/apis/\(apiId)/deployments", ["description": "first", "stageName": "prod"])
        #expect(answer.status == 201)
        let deploymentId = try #require(answer["deploymentId"]?.stringValue)
        #expect(deploymentId.count == 6)
        #expect(answer["deploymentStatus"] == "DEPLOYED")
        #expect(answer["autoDeployed"] == false)
        #expect(answer["description"] == "first")
        #expect(await client.send("GET", "/v2/apis/\(apiId)/stages/prod")["deploymentId"]?.stringValue == deploymentId)
        let stored = try #require(try await client.records(HttpApiCollections.deployments, parent: StoreParent(apiId)).first)
        #expect(stored.snapshot.routes.map(\.routeKey) == ["GET /pets"])
        #expect(stored.snapshot.integrations.map(\.integrationId) == [integrationId])
        // The snapshot is frozen: later changes do not reach it.
        await client.createRoute(apiId, "POST /pets")
        let again = try #require(try await client.records(HttpApiCollections.deployments, parent: StoreParent(apiId)).first)
        #expect(again.snapshot.routes.count == 1)
        let unknownStage = await client.send("POST", "/v2/apis/\(apiId)/deployments", ["stageName": "nope"])
        #expect(unknownStage.status == 404)
    }

    @Test func deploymentsCrud() async throws {
        let apiId = await client.createHttpApi()
        await client.createRoute(apiId, "GET /pets")
        var ids: [String] = []
        for index in 0..<3 {
            ids.append(await client.send("POST", "/v2/apis/\(apiId)/deployments", ["description": .string("d\(index)")])["deploymentId"]?.stringValue ?? "")
        }
        let (items, _) = await client.listAll("/v2/apis/\(apiId)/deployments", pageSize: 2)
        #expect(Set(items.compactMap { $0["deploymentId"]?.stringValue }) == Set(ids))
        let updated = await client.send("PATCH", "/v2/apis/\(apiId)/deployments/\(ids[0])", ["description": "renamed"])
        #expect(updated["description"] == "renamed")
        #expect(await client.send("GET", "/v2/apis/\(apiId)/deployments/\(ids[0])")["description"] == "renamed")
        await client.send("POST", "/v2/apis/\(apiId)/stages", ["stageName": "prod", "deploymentId": .string(ids[1])])
        let inUse = await client.send("DELETE", "/v2/apis/\(apiId)/deployments/\(ids[1])")
        #expect(inUse.status == 400)
        #expect(inUse.message == "Active stages pointing to this deployment must be moved or deleted")
        #expect(await client.send("DELETE", "/v2/apis/\(apiId)/deployments/\(ids[0])").status == 204)
        let missing = await client.send("GET", "/v2/apis/\(apiId)/deployments/\(ids[0])")
        #expect(missing.status == 404)
        #expect(missing.message == "Invalid Deployment identifier specified \(ids[0])")
    }

    @Test func autoDeployFollowsEveryChangeInTheSameTransaction() async throws {
        let apiId = await client.createHttpApi()
        let stage = await client.send("POST", "/v2/apis/\(apiId)/stages", ["stageName": "$default", "autoDeploy": true])
        #expect(stage.status == 201)
        #expect(stage["deploymentId"] == nil)
        let integrationId = await client.createHttpIntegration(apiId)
        let revision = try await client.store.currentRevision()
        await client.createRoute(apiId, "GET /pets", integrationId: integrationId)
        // One commit holds the route, the deployment and the moved stage.
        #expect(try await client.store.currentRevision() == revision.next)
        let first = try #require(await client.send("GET", "/v2/apis/\(apiId)/stages/%24default")["deploymentId"]?.stringValue)
        let deployment = await client.send("GET", "/v2/apis/\(apiId)/deployments/\(first)")
        #expect(deployment["autoDeployed"] == true)
        #expect(deployment["description"] == "Automatic deployment triggered by changes to the Api configuration")
        await client.send("PATCH", "/v2/apis/\(apiId)/integrations/\(integrationId)", ["integrationUri": "https://new.example"])
        let second = try #require(await client.send("GET", "/v2/apis/\(apiId)/stages/%24default")["deploymentId"]?.stringValue)
        #expect(second != first)
        let stored = try #require(try await client.store.read { tx in
            try await tx.get(HttpApiCollections.deployments, parent: StoreParent(apiId), id: second)
        })
        #expect(stored.value.snapshot.integrations.first?.integrationUri == "https://new.example")
        let stageAnswer = await client.send("GET", "/v2/apis/\(apiId)/stages/%24default")
        #expect(stageAnswer["lastDeploymentStatusMessage"]?.stringValue == "Successfully deployed stage with deployment ID '\(second)'")
    }

    @Test func aFailedChangeDeploysNothing() async throws {
        let apiId = await client.createHttpApi()
        await client.send("POST", "/v2/apis/\(apiId)/stages", ["stageName": "live", "autoDeploy": true])
        await client.createRoute(apiId, "GET /pets")
        let before = try await client.records(HttpApiCollections.deployments, parent: StoreParent(apiId)).count
        let revision = try await client.store.currentRevision()
        #expect(await client.send("POST", "/v2/apis/\(apiId)/routes", ["routeKey": "GET /pets"]).status == 409)
        #expect(try await client.store.currentRevision() == revision)
        #expect(try await client.records(HttpApiCollections.deployments, parent: StoreParent(apiId)).count == before)
    }

    @Test func switchingAutoDeployOnDeploysAtOnce() async throws {
        let apiId = await client.createHttpApi()
        await client.createRoute(apiId, "GET /pets")
        await client.send("POST", "/v2/apis/\(apiId)/stages", ["stageName": "dev"])
        let answer = await client.send("PATCH", "/v2/apis/\(apiId)/stages/dev", ["autoDeploy": true])
        #expect(answer["autoDeploy"] == true)
        #expect(answer["deploymentId"]?.stringValue != nil)
        let created = await client.send("POST", "/v2/apis/\(apiId)/stages", ["stageName": "auto", "autoDeploy": true])
        #expect(created["deploymentId"]?.stringValue != nil)
    }

    @Test func deletingTheLastRouteKeepsTheStageOnItsDeployment() async throws {
        let apiId = await client.createHttpApi()
        await client.send("POST", "/v2/apis/\(apiId)/stages", ["stageName": "live", "autoDeploy": true])
        let routeId = await client.createRoute(apiId, "GET /pets")
        let deployed = await client.send("GET", "/v2/apis/\(apiId)/stages/live")["deploymentId"]
        await client.send("DELETE", "/v2/apis/\(apiId)/routes/\(routeId)")
        let stage = await client.send("GET", "/v2/apis/\(apiId)/stages/live")
        #expect(stage["deploymentId"] == deployed)
        #expect(stage["lastDeploymentStatusMessage"] == "Unable to deploy API because no routes exist in this API")
    }
}
