import ControlPlane
import Foundation
import JSON
import Testing

@Suite struct ApiGatewayDocumentationPartTests {
    let client = ApiGatewayTestClient()

    @Test func documentationPartsCrud() async throws {
        let (apiId, _) = try await client.createApi()
        let created = await client.call(
            "POST", "/restapis/\(apiId)/documentation/parts",
            body: ["location": ["type": "METHOD", "path": "/pets"], "properties": #"{"summary":"List pets"}"#])
        #expect(created.status == 201, "\(created.text)")
        let id = try #require(created["id"]?.stringValue)
        #expect(created["location"]?["method"] == "*")
        let again = await client.call(
            "POST", "/restapis/\(apiId)/documentation/parts", body: ["location": ["type": "METHOD", "path": "/pets"], "properties": "{}"])
        #expect(again.status == 409)
        let invalid = await client.call(
            "POST", "/restapis/\(apiId)/documentation/parts", body: ["location": ["type": "API"], "properties": "not json"])
        #expect(invalid.status == 400)
        let patched = await client.call(
            "PATCH", "/restapis/\(apiId)/documentation/parts/\(id)",
            body: ApiGatewayTestClient.patch([("replace", "/properties", #"{"summary":"All pets"}"#)]))
        #expect(patched["properties"] == #"{"summary":"All pets"}"#, "\(patched.text)")
        #expect(await client.call("GET", "/restapis/\(apiId)/documentation/parts")["item"]?.arrayValue?.count == 1)
        #expect(await client.call("DELETE", "/restapis/\(apiId)/documentation/parts/\(id)").status == 202)
        #expect(await client.call("GET", "/restapis/\(apiId)/documentation/parts/\(id)").status == 404)
    }

    @Test func importDocumentationPartsMergesOrOverwrites() async throws {
        let (apiId, _) = try await client.createApi()
        let document = """
            {"openapi": "3.0.1", "info": {"title": "docs", "version": "1"}, "paths": {},
             "x-amazon-apigateway-documentation": {"version": "1", "documentationParts": [
               {"location": {"type": "API"}, "properties": {"description": "The API"}},
               {"location": {"type": "RESOURCE", "path": "/pets"}, "properties": {"description": "Pets"}}]}}
            """
        let imported = await client.call("PUT", "/restapis/\(apiId)/documentation/parts", query: [("mode", "overwrite")], raw: document)
        #expect(imported.status == 200, "\(imported.text)")
        #expect(imported["ids"]?.arrayValue?.count == 2)
        let parts = await client.call("GET", "/restapis/\(apiId)/documentation/parts")["item"]?.arrayValue ?? []
        #expect(Set(parts.compactMap { $0["location"]?["type"]?.stringValue }) == ["API", "RESOURCE"])
    }
}
