import ControlPlane
import GatewayModel
import GatewayStore
import Testing

@Suite struct ApiGatewayDeploymentStageTests {
    @Test func deploymentNeedsMethodsAndSnapshotsTheApi() async throws {
        let client = ApiGatewayTestClient()
        let (id, root) = try await client.createApi()
        let empty = await client.call("POST", "/restapis/\(id)/deployments", body: ["stageName": "prod"])
        #expect(empty.status == 400)
        #expect(empty.message == "The REST API doesn't contain any methods")
        let pets = try await client.createResource(id, parent: root, "pets")
        await client.addMockMethod(id, pets)
        let created = await client.call("POST", "/restapis/\(id)/deployments", body: ["stageName": "prod", "description": "first", "variables": ["a": "1"]])
        #expect(created.status == 201, "\(created.text)")
        let deploymentId = try #require(created["id"]?.stringValue)

        let stored = try await client.store.read { tx in
            try await tx.get(DeployedCollections.restDeployments, parent: StoreParent(id), id: deploymentId)?.value
        }
        #expect(stored?.snapshot.resources.map(\.path) == ["/", "/pets"])
        #expect(stored?.snapshot.api.id == id)

        let stage = await client.call("GET", "/restapis/\(id)/stages/prod")
        #expect(stage["deploymentId"] == .string(deploymentId))
        #expect(stage["variables"] == ["a": "1"])
        #expect(stage["cacheClusterStatus"] == "NOT_AVAILABLE")
        #expect(stage["methodSettings"] == [:])

        let summary = await client.call("GET", "/restapis/\(id)/deployments/\(deploymentId)", query: [("embed", "apisummary")])
        #expect(summary["apiSummary"]?["/pets"]?["GET"] == ["authorizationType": "NONE", "apiKeyRequired": false])
        let patched = await client.call("PATCH", "/restapis/\(id)/deployments/\(deploymentId)", body: ApiGatewayTestClient.patch([("replace", "/description", "second")]))
        #expect(patched["description"] == "second")
        let list = await client.call("GET", "/restapis/\(id)/deployments")
        #expect(list["item"]?.arrayValue?.count == 1)

        let refused = await client.call("DELETE", "/restapis/\(id)/deployments/\(deploymentId)")
        #expect(refused.status == 400)
        #expect(refused.message == "Active stages pointing to this deployment must be moved or deleted")
        #expect(await client.call("DELETE", "/restapis/\(id)/stages/prod").status == 202)
        #expect(await client.call("DELETE", "/restapis/\(id)/deployments/\(deploymentId)").status == 202)
        #expect(await client.call("GET", "/restapis/\(id)/deployments/\(deploymentId)").message == "Invalid Deployment identifier specified")
    }

    @Test func stageLifecycleAndPatchPaths() async throws {
        let client = ApiGatewayTestClient()
        let (id, root) = try await client.createApi()
        await client.addMockMethod(id, root)
        let first = try #require(await client.call("POST", "/restapis/\(id)/deployments", body: [:])["id"]?.stringValue)
        let second = try #require(await client.call("POST", "/restapis/\(id)/deployments", body: [:])["id"]?.stringValue)
        let stages = "/restapis/\(id)/stages"
        let created = await client.call("POST", stages, body: ["stageName": "dev", "deploymentId": .string(first)])
        #expect(created.status == 201)
        #expect(created["tracingEnabled"] == false)
        #expect(await client.call("POST", stages, body: ["stageName": "dev", "deploymentId": .string(first)]).message == "Stage already exists")
        #expect(await client.call("POST", stages, body: ["stageName": "x", "deploymentId": "nope"]).status == 404)
        _ = await client.call("POST", stages, body: ["stageName": "other", "deploymentId": .string(second)])

        let filtered = await client.call("GET", stages, query: [("deploymentId", second)])
        #expect(filtered["item"]?.arrayValue?.compactMap { $0["stageName"]?.stringValue } == ["other"])

        let updated = await client.call(
            "PATCH", "\(stages)/dev",
            body: ApiGatewayTestClient.patch([
                ("replace", "/deploymentId", .some(second)), ("replace", "/variables/backend", "example.com"), ("replace", "/description", "d"),
                ("replace", "/tracingEnabled", "true"), ("replace", "/*/*/throttling/rateLimit", "100"),
                ("replace", "/~1pets/GET/metrics/enabled", "true"), ("replace", "/accessLogSettings/format", "$context.requestId"),
            ]))
        #expect(updated.status == 200, "\(updated.text)")
        #expect(updated["deploymentId"] == .string(second))
        #expect(updated["variables"] == ["backend": "example.com"])
        #expect(updated["tracingEnabled"] == true)
        #expect(updated["methodSettings"]?["*/*"]?["throttlingRateLimit"] == 100)
        #expect(updated["methodSettings"]?["*/*"]?["throttlingBurstLimit"] == 5000)
        #expect(updated["methodSettings"]?["pets/GET"]?["metricsEnabled"] == true)
        #expect(updated["accessLogSettings"]?["format"] == "$context.requestId")

        let removed = await client.call(
            "PATCH", "\(stages)/dev", body: ApiGatewayTestClient.patch([("remove", "/variables/backend", nil), ("remove", "/*/*", nil), ("remove", "/accessLogSettings", nil)]))
        #expect(removed["variables"] == nil)
        #expect(removed["methodSettings"]?["*/*"] == nil)
        #expect(removed["accessLogSettings"] == nil)
        let badDeployment = await client.call("PATCH", "\(stages)/dev", body: ApiGatewayTestClient.patch([("replace", "/deploymentId", "nope")]))
        #expect(badDeployment.message == "Deployment id does not exist")
        let badPath = await client.call("PATCH", "\(stages)/dev", body: ApiGatewayTestClient.patch([("replace", "/nope", "x")]))
        #expect(badPath.message?.hasPrefix("Invalid method setting path: /nope. Must be one of: [/deploymentId, /description,") == true)

        let canary = await client.call(
            "PATCH", "\(stages)/dev", body: ApiGatewayTestClient.patch([("replace", "/canarySettings/percentTraffic", "10"), ("replace", "/canarySettings/deploymentId", .some(first))]))
        #expect(canary["canarySettings"]?["percentTraffic"] == 10)
        let promote = await client.call(
            "PATCH", "\(stages)/dev",
            body: ["patchOperations": [["op": "copy", "path": "/deploymentId", "from": "/canarySettings/deploymentId"]]])
        #expect(promote["deploymentId"] == .string(first))

        #expect(await client.call("GET", "\(stages)/nope").message == "Invalid Stage identifier specified")
        #expect(await client.call("DELETE", "\(stages)/dev").status == 202)
        #expect(await client.call("DELETE", "\(stages)/dev").status == 404)
    }

    @Test func createDeploymentRepointsAnExistingStage() async throws {
        let client = ApiGatewayTestClient()
        let (id, root) = try await client.createApi()
        await client.addMockMethod(id, root)
        let first = try #require(await client.call("POST", "/restapis/\(id)/deployments", body: ["stageName": "prod"])["id"]?.stringValue)
        let second = try #require(await client.call("POST", "/restapis/\(id)/deployments", body: ["stageName": "prod", "variables": ["v": "2"]])["id"]?.stringValue)
        #expect(first != second)
        let stage = await client.call("GET", "/restapis/\(id)/stages/prod")
        #expect(stage["deploymentId"] == .string(second))
        #expect(stage["variables"] == ["v": "2"])
    }
}
