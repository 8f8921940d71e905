import ControlPlane
import GatewayModel
import Testing

@Suite struct ApiGatewayResourceTests {
    @Test func createComputesPathsAndRefusesDuplicatesAsAWS() async throws {
        let client = ApiGatewayTestClient()
        let (id, root) = try await client.createApi()
        let pets = await client.call("POST", "/restapis/\(id)/resources/\(root)", body: ["pathPart": "pets"])
        #expect(pets.status == 201)
        #expect(pets["path"] == "/pets")
        #expect(pets["parentId"] == .string(root))
        let petsId = try #require(pets["id"]?.stringValue)
        let pet = await client.call("POST", "/restapis/\(id)/resources/\(petsId)", body: ["pathPart": "{petId}"])
        #expect(pet["path"] == "/pets/{petId}")

        let duplicate = await client.call("POST", "/restapis/\(id)/resources/\(root)", body: ["pathPart": "pets"])
        #expect(duplicate.status == 409)
        #expect(duplicate.message == "Another resource with the same parent already has this name: pets")
        let noParent = await client.call("POST", "/restapis/\(id)/resources/nothere", body: ["pathPart": "x"])
        #expect(noParent.status == 404)
        #expect(noParent.message == "Invalid Resource identifier specified")
        let badPart = await client.call("POST", "/restapis/\(id)/resources/\(root)", body: ["pathPart": "a b"])
        #expect(badPart.status == 400)
    }

    @Test func greedyPathRules() async throws {
        let client = ApiGatewayTestClient()
        let (id, root) = try await client.createApi()
        let proxy = try await client.createResource(id, parent: root, "{proxy+}")
        let sibling = await client.call("POST", "/restapis/\(id)/resources/\(root)", body: ["pathPart": "{id}"])
        #expect(sibling.message == "A sibling ({proxy+}) of this resource already has a variable path part -- only one is allowed")
        let child = await client.call("POST", "/restapis/\(id)/resources/\(proxy)", body: ["pathPart": "x"])
        #expect(child.message == "Cannot create a child of a resource with a greedy path variable: {proxy+}")
        let staticSibling = await client.call("POST", "/restapis/\(id)/resources/\(root)", body: ["pathPart": "parent"])
        #expect(staticSibling.status == 201)
    }

    @Test func getEmbedsMethodsOnlyWhenAsked() async throws {
        let client = ApiGatewayTestClient()
        let (id, root) = try await client.createApi()
        let pets = try await client.createResource(id, parent: root, "pets")
        await client.addMockMethod(id, pets)
        let plain = await client.call("GET", "/restapis/\(id)/resources/\(pets)")
        #expect(plain["resourceMethods"] == ["GET": [:]])
        let embedded = await client.call("GET", "/restapis/\(id)/resources/\(pets)", query: [("embed", "methods")])
        #expect(embedded["resourceMethods"]?["GET"]?["httpMethod"] == "GET")
        #expect(embedded["resourceMethods"]?["GET"]?["methodIntegration"]?["type"] == "MOCK")
    }

    @Test func updateMovesAndRenamesWithTheSubtree() async throws {
        let client = ApiGatewayTestClient()
        let (id, root) = try await client.createApi()
        let pets = try await client.createResource(id, parent: root, "pets")
        let sub = try await client.createResource(id, parent: pets, "subpets")
        let leaf = try await client.createResource(id, parent: sub, "leaf")

        let renamed = await client.call("PATCH", "/restapis/\(id)/resources/\(pets)", body: ApiGatewayTestClient.patch([("replace", "/pathPart", "dogs")]))
        #expect(renamed["path"] == "/dogs")
        let leafAfter = await client.call("GET", "/restapis/\(id)/resources/\(leaf)")
        #expect(leafAfter["path"] == "/dogs/subpets/leaf")

        let cyclic = await client.call("PATCH", "/restapis/\(id)/resources/\(pets)", body: ApiGatewayTestClient.patch([("replace", "/parentId", .some(sub))]))
        #expect(cyclic.message == "Resources cannot be cyclical.")
        let moved = await client.call("PATCH", "/restapis/\(id)/resources/\(sub)", body: ApiGatewayTestClient.patch([("replace", "/parentId", .some(root))]))
        #expect(moved["path"] == "/subpets")
        let leafMoved = await client.call("GET", "/restapis/\(id)/resources/\(leaf)")
        #expect(leafMoved["path"] == "/subpets/leaf")

        let invalidPath = await client.call("PATCH", "/restapis/\(id)/resources/\(pets)", body: ApiGatewayTestClient.patch([("replace", "/invalid", "x")]))
        #expect(invalidPath.message == "Invalid patch path  '/invalid' specified for op 'replace'. Must be one of: [/parentId, /pathPart]")
        let invalidOp = await client.call("PATCH", "/restapis/\(id)/resources/\(pets)", body: ApiGatewayTestClient.patch([("remove", "/pathPart", nil)]))
        #expect(invalidOp.message == "Invalid patch path  '/pathPart' specified for op 'remove'. Please choose supported operations")
        let rootRename = await client.call("PATCH", "/restapis/\(id)/resources/\(root)", body: ApiGatewayTestClient.patch([("replace", "/pathPart", "x")]))
        #expect(rootRename.message == "Root resource cannot update its pathPart.")
    }

    @Test func deleteRemovesTheSubtree() async throws {
        let client = ApiGatewayTestClient()
        let (id, root) = try await client.createApi()
        let pets = try await client.createResource(id, parent: root, "pets")
        _ = try await client.createResource(id, parent: pets, "sub")
        let deleted = await client.call("DELETE", "/restapis/\(id)/resources/\(pets)")
        #expect(deleted.status == 202)
        let left = await client.call("GET", "/restapis/\(id)/resources")
        #expect(left["item"]?.arrayValue?.count == 1)
        let again = await client.call("DELETE", "/restapis/\(id)/resources/\(pets)")
        #expect(again.message == "Invalid Resource identifier specified")
    }
}
