import ControlPlane
import Foundation
import GatewayStore
import JSON
import Testing

/// Drives the `apigateway` operations of a `ControlPlane` over an in-memory store, as a client
/// would: method, path, query, JSON body; answers decoded as JSON.
struct ApiGatewayTestClient {
    let store = InMemoryGatewayStore()
    let plane: ControlPlane

    init() {
        plane = ControlPlane(store: store, configuration: ControlPlaneConfiguration(accountId: "111111111111", region: "us-east-1"))
    }

    struct Answer {
        var status: Int
        var json: JSONValue
        var headers: [(String, String)]
        var text: String

        var errorType: String? { headers.first { $0.0 == "x-amzn-ErrorType" }?.1 }
        var message: String? { json["message"]?.stringValue }
        subscript(key: String) -> JSONValue? { json[key] }
    }

    func call(_ method: String, _ path: String, query: [(String, String)] = [], headers: [(String, String)] = [], body: JSONValue? = nil, raw: String? = nil) async -> Answer {
        var bytes: [UInt8] = []
        if let body, let data = try? JSONEncoder().encode(body) { bytes = Array(data) }
        if let raw { bytes = Array(raw.utf8) }
        let response = await plane.handle(ManagementRequest(method: method, path: path, query: query, headers: headers, body: bytes))
        let text = String(decoding: response.body, as: UTF8.self)
        let json = (try? JSONDecoder().decode(JSONValue.self, from: Data(response.body))) ?? .null
        return Answer(status: response.status, json: json, headers: response.headers, text: text)
    }

    /// `{"patchOperations": [...]}` from `(op, path, value)` triples.
    static func patch(_ operations: [(String, String, String?)]) -> JSONValue {
        .object(JSONObject([("patchOperations", .array(operations.map { op, path, value in
            var object = JSONObject([("op", .string(op)), ("path", .string(path))])
            if let value { object["value"] = .string(value) }
            return .object(object)
        }))]))
    }

    /// Creates an API and returns `(apiId, rootResourceId)`.
    func createApi(_ name: String = "pets") async throws -> (String, String) {
        let answer = await call("POST", "/restapis", body: ["name": .string(name)])
        #expect(answer.status == 201)
        return (try #require(answer["id"]?.stringValue), try #require(answer["rootResourceId"]?.stringValue))
    }

    /// Creates a resource and returns its id.
    func createResource(_ apiId: String, parent: String, _ pathPart: String) async throws -> String {
        let answer = await call("POST", "/restapis/\(apiId)/resources/\(parent)", body: ["pathPart": .string(pathPart)])
        #expect(answer.status == 201, "\(answer.text)")
        return try #require(answer["id"]?.stringValue)
    }

    /// A `GET` method with a MOCK integration on `resourceId`.
    func addMockMethod(_ apiId: String, _ resourceId: String, verb: String = "GET") async {
        let put = await call("PUT", "/restapis/\(apiId)/resources/\(resourceId)/methods/\(verb)", body: ["authorizationType": "NONE"])
        #expect(put.status == 201, "\(put.text)")
        let integration = await call(
            "PUT", "/restapis/\(apiId)/resources/\(resourceId)/methods/\(verb)/integration",
            body: ["type": "MOCK", "requestTemplates": ["application/json": #"{"statusCode": 200}"#]])
        #expect(integration.status == 201, "\(integration.text)")
    }
}
