import ControlPlane
import GatewayModel
import GatewayStore
import Testing

@Suite struct ApiGatewayRestApiTests {
    @Test func createGivesAWSDefaultsRootResourceAndDefaultModels() async throws {
        let client = ApiGatewayTestClient()
        let created = await client.call("POST", "/restapis", body: ["name": "pets", "description": "my api"])
        #expect(created.status == 201)
        let id = try #require(created["id"]?.stringValue)
        #expect(id.count == 10)
        #expect(created["apiKeySource"] == "HEADER")
        #expect(created["endpointConfiguration"] == ["types": ["EDGE"], "ipAddressType": "ipv4"])
        #expect(created["disableExecuteApiEndpoint"] == false)
        #expect(created["createdDate"]?.numberValue != nil)
        let root = try #require(created["rootResourceId"]?.stringValue)

        let resources = await client.call("GET", "/restapis/\(id)/resources")
        #expect(resources["item"] == [["id": .string(root), "path": "/"]])
        let models = await client.call("GET", "/restapis/\(id)/models")
        #expect(models["item"]?.arrayValue?.compactMap { $0["name"]?.stringValue } == ["Empty", "Error"])
    }

    @Test func createValidatesAsAWS() async {
        let client = ApiGatewayTestClient()
        let emptyDescription = await client.call("POST", "/restapis", body: ["name": "a", "description": ""])
        #expect(emptyDescription.status == 400)
        #expect(emptyDescription.message == "Description cannot be an empty string")
        let compression = await client.call("POST", "/restapis", body: ["name": "a", "minimumCompressionSize": -1])
        #expect(compression.message == "Invalid minimum compression size, must be between 0 and 10485760")
        let twoTypes = await client.call("POST", "/restapis", body: ["name": "a", "endpointConfiguration": ["types": ["EDGE", "REGIONAL"]]])
        #expect(twoTypes.message == "Cannot create an api with multiple Endpoint Types.")
        let wrongType = await client.call("POST", "/restapis", body: ["name": "a", "endpointConfiguration": ["types": ["wrong"]]])
        #expect(wrongType.errorType == "ValidationException")
        let privateApi = await client.call("POST", "/restapis", body: ["name": "a", "endpointConfiguration": ["types": ["PRIVATE"]]])
        #expect(privateApi["endpointConfiguration"]?["ipAddressType"] == "dualstack")
    }

    @Test func getAndListWithPagination() async throws {
        let client = ApiGatewayTestClient()
        var ids: [String] = []
        for index in 0..<5 { ids.append(try await client.createApi("api\(index)").0) }
        let missing = await client.call("GET", "/restapis/nope123456")
        #expect(missing.status == 404)
        #expect(missing.errorType == "NotFoundException")
        #expect(missing.message == "Invalid API identifier specified 111111111111:nope123456")
        let got = await client.call("GET", "/restapis/\(ids[0])")
        #expect(got["name"] == "api0")

        var seen: [String] = []
        var position: String? = nil
        repeat {
            var query = [("limit", "2")]
            if let position { query.append(("position", position)) }
            let page = await client.call("GET", "/restapis", query: query)
            let items = try #require(page["item"]?.arrayValue)
            #expect(items.count <= 2)
            seen += items.compactMap { $0["id"]?.stringValue }
            position = page["position"]?.stringValue
        } while position != nil
        #expect(seen.sorted() == ids.sorted())
    }

    @Test func updatePatchesAsAWS() async throws {
        let client = ApiGatewayTestClient()
        let (id, _) = try await client.createApi()
        let updated = await client.call(
            "PATCH", "/restapis/\(id)",
            body: ApiGatewayTestClient.patch([
                ("replace", "/name", "renamed"), ("add", "/binaryMediaTypes/image~1png", nil), ("add", "/binaryMediaTypes/image~1jpeg", nil),
                ("replace", "/minimumCompressionSize", "10"), ("replace", "/disableExecuteApiEndpoint", "true"),
            ]))
        #expect(updated.status == 200, "\(updated.text)")
        #expect(updated["name"] == "renamed")
        #expect(updated["binaryMediaTypes"] == ["image/png", "image/jpeg"])
        #expect(updated["minimumCompressionSize"] == 10)
        #expect(updated["disableExecuteApiEndpoint"] == true)

        let replaced = await client.call(
            "PATCH", "/restapis/\(id)", body: ApiGatewayTestClient.patch([("replace", "/binaryMediaTypes/image~1png", "image/gif"), ("replace", "/minimumCompressionSize", "")]))
        #expect(replaced["binaryMediaTypes"] == ["image/jpeg", "image/gif"])
        #expect(replaced["minimumCompressionSize"] == nil)

        let wholeList = await client.call("PATCH", "/restapis/\(id)", body: ApiGatewayTestClient.patch([("add", "/binaryMediaTypes", "x")]))
        #expect(wholeList.message == "Invalid patch path /binaryMediaTypes")
        let wrongOp = await client.call("PATCH", "/restapis/\(id)", body: ApiGatewayTestClient.patch([("add", "/minimumCompressionSize", "1")]))
        #expect(wrongOp.message == "Invalid patch operation specified. Must be one of: [replace]")
        let outOfRange = await client.call("PATCH", "/restapis/\(id)", body: ApiGatewayTestClient.patch([("replace", "/minimumCompressionSize", "-1")]))
        #expect(outOfRange.message == "Invalid minimum compression size, must be between 0 and 10485760")
        let badOps = await client.call("PATCH", "/restapis/\(id)", body: ApiGatewayTestClient.patch([("wrong", "/name", "x"), ("wrong", "/name", "y")]))
        #expect(badOps.errorType == "ValidationException")
        #expect(badOps.message?.hasPrefix("2 validation errors detected: Value 'wrong' at 'updateRestApiInput.patchOperations.1.member.op'") == true)
    }

    @Test func deleteCascadesInOneTransaction() async throws {
        let client = ApiGatewayTestClient()
        let (id, root) = try await client.createApi()
        let child = try await client.createResource(id, parent: root, "pets")
        await client.addMockMethod(id, child)
        let deployed = await client.call("POST", "/restapis/\(id)/deployments", body: ["stageName": "prod"])
        #expect(deployed.status == 201)
        let deleted = await client.call("DELETE", "/restapis/\(id)")
        #expect(deleted.status == 202)
        let left = try await client.store.read { tx in try await tx.listDescendants(of: StoreParent(id)) }
        #expect(left.isEmpty)
        let again = await client.call("DELETE", "/restapis/\(id)")
        #expect(again.status == 404)
    }

    @Test func cloneFromCopiesTheDefinition() async throws {
        let client = ApiGatewayTestClient()
        let (id, root) = try await client.createApi()
        let child = try await client.createResource(id, parent: root, "pets")
        await client.addMockMethod(id, child)
        let clone = await client.call("POST", "/restapis", body: ["name": "copy", "cloneFrom": .string(id)])
        #expect(clone.status == 201)
        let cloneId = try #require(clone["id"]?.stringValue)
        let resources = await client.call("GET", "/restapis/\(cloneId)/resources", query: [("embed", "methods")])
        let paths = resources["item"]?.arrayValue?.compactMap { $0["path"]?.stringValue }.sorted()
        #expect(paths == ["/", "/pets"])
        #expect(resources["item"]?.arrayValue?.contains { $0["resourceMethods"]?["GET"]?["methodIntegration"]?["type"] == "MOCK" } == true)
    }
}
