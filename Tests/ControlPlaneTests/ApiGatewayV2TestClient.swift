import ControlPlane
import Foundation
import GatewayStore
import JSON

/// Drives the `apigatewayv2` operations of a ``ControlPlane`` over an in-memory store, as a
/// client on the wire would: JSON in, status, `x-amzn-ErrorType` and JSON out.
struct ApiGatewayV2TestClient {
    struct Answer {
        var status: Int
        var headers: [(String, String)]
        var body: [UInt8]

        var json: JSONValue { (try? JSONDecoder().decode(JSONValue.self, from: Data(body))) ?? .null }
        var errorType: String? { headers.first { $0.0 == "x-amzn-ErrorType" }?.1 }
        var message: String? { json["message"]?.stringValue }
        var text: String { String(decoding: body, as: UTF8.self) }
        subscript(key: String) -> JSONValue? { json[key] }
    }

    let store: InMemoryGatewayStore
    let controlPlane: ControlPlane

    init(configuration: ControlPlaneConfiguration = ControlPlaneConfiguration(accountId: "123456789012", region: "eu-west-1")) {
        store = InMemoryGatewayStore()
        controlPlane = ControlPlane(store: store, configuration: configuration)
    }

    @discardableResult
    func send(_ method: String, _ path: String, _ body: JSONValue? = nil, query: [(String, String)] = []) async -> Answer {
        let bytes = body.map { (try? JSONEncoder().encode($0)).map(Array.init) ?? [] } ?? []
        let response = await controlPlane.handle(ManagementRequest(method: method, path: path, query: query, body: bytes))
        return Answer(status: response.status, headers: response.headers, body: response.body)
    }

    /// Creates an HTTP API and answers its id.
    func createHttpApi(_ name: String = "pets", _ extra: [(String, JSONValue)] = []) async -> String {
        var body = JSONObject([("name", .string(name)), ("protocolType", "HTTP")])
        for (key, value) in extra { body[key] = value }
        return await send("POST", "/v2/apis", .object(body))["apiId"]?.stringValue ?? ""
    }

    /// Creates an HTTP_PROXY integration and answers its id.
    func createHttpIntegration(_ apiId: String, uri: String = "https://backend.example.com/pets") async -> String {
        await send(
            "POST", "/v2/apis/\(apiId)/integrations",
            ["integrationType": "HTTP_PROXY", "integrationUri": .string(uri), "integrationMethod": "ANY"])["integrationId"]?.stringValue ?? ""
    }

    /// Creates a route and answers its id.
    func createRoute(_ apiId: String, _ routeKey: String, integrationId: String? = nil) async -> String {
        var body = JSONObject([("routeKey", .string(routeKey))])
        if let integrationId { body["target"] = .string("integrations/\(integrationId)") }
        return await send("POST", "/v2/apis/\(apiId)/routes", .object(body))["routeId"]?.stringValue ?? ""
    }

    func records<Value>(_ collection: StoreCollection<Value>, parent: StoreParent = .root) async throws -> [Value] {
        try await store.read { tx in try await tx.listAll(collection, parent: parent).map(\.value) }
    }

    /// Every item of a listing, following `nextToken` with pages of `pageSize`.
    func listAll(_ path: String, pageSize: Int) async -> (items: [JSONValue], pages: Int) {
        var items: [JSONValue] = []
        var token: String?
        var pages = 0
        repeat {
            var query = [("maxResults", String(pageSize))]
            if let token { query.append(("nextToken", token)) }
            let answer = await send("GET", path, query: query)
            items += answer["items"]?.arrayValue ?? []
            token = answer["nextToken"]?.stringValue
            pages += 1
        } while token != nil && pages < 100
        return (items, pages)
    }
}
