import ControlPlane
import DataPlane
import Foundation
import GatewayStore
import Logging
import NIOPosix
import Testing

@testable import GatewayServer

/// `TestInvokeMethod` through the control plane with the server's runner: the undeployed method
/// runs through the real pipeline (its IAM authorization and API key skipped, as AWS's test
/// invocation does), and the answer carries the response and AWS's execution log; without a
/// runner the operation is refused, never faked.
@Suite struct MethodTestRunnerTests {
    let store = InMemoryGatewayStore()

    func plane(invoker: (any MethodTestInvoker)?) -> ControlPlane {
        ControlPlane(store: store, configuration: ControlPlaneConfiguration(accountId: "111111111111", testInvoker: invoker))
    }

    func call(_ plane: ControlPlane, _ method: String, _ path: String, _ body: [String: Any] = [:]) async throws -> (Int, [String: Any]) {
        let bytes = body.isEmpty && method == "GET" ? [] : Array(try JSONSerialization.data(withJSONObject: body))
        let response = await plane.handle(ManagementRequest(method: method, path: path, query: [], headers: [], body: bytes))
        return (response.status, (try? JSONSerialization.jsonObject(with: Data(response.body))) as? [String: Any] ?? [:])
    }

    /// `GET /pets/{id}` with a MOCK integration and a response template; returns the API and resource ids.
    func makeApi(_ plane: ControlPlane) async throws -> (String, String) {
        let apiId = try #require(try await call(plane, "POST", "/restapis", ["name": "tested"]).1["id"] as? String)
        let items = try await call(plane, "GET", "/restapis/\(apiId)/resources").1["item"] as? [[String: Any]] ?? []
        let rootId = try #require(items.first { $0["path"] as? String == "/" }?["id"] as? String)
        let pets = try #require(try await call(plane, "POST", "/restapis/\(apiId)/resources/\(rootId)", ["pathPart": "pets"]).1["id"] as? String)
        let pet = try #require(try await call(plane, "POST", "/restapis/\(apiId)/resources/\(pets)", ["pathPart": "{id}"]).1["id"] as? String)
        let method = "/restapis/\(apiId)/resources/\(pet)/methods/GET"
        _ = try await call(plane, "PUT", method, ["authorizationType": "AWS_IAM", "apiKeyRequired": true])
        _ = try await call(plane, "PUT", method + "/integration", ["type": "MOCK", "requestTemplates": ["application/json": "{\"statusCode\": 200}"]])
        _ = try await call(plane, "PUT", method + "/responses/200", [:])
        _ = try await call(
            plane, "PUT", method + "/integration/responses/200",
            ["responseTemplates": ["application/json": "{\"id\": \"$input.params('id')\"}"]])
        return (apiId, pet)
    }

    @Test func runsTheUndeployedMethodThroughThePipeline() async throws {
        let runner = MethodTestRunner(group: MultiThreadedEventLoopGroup.singleton, authorizers: .none, logger: Logger(label: "test"))
        let plane = plane(invoker: runner)
        let (apiId, resourceId) = try await makeApi(plane)
        let (status, answer) = try await call(
            plane, "POST", "/restapis/\(apiId)/resources/\(resourceId)/methods/GET", ["pathWithQueryString": "/pets/7"])
        #expect(status == 200)
        #expect(answer["status"] as? Int == 200)
        #expect(answer["body"] as? String == "{\"id\": \"7\"}")
        let log = try #require(answer["log"] as? String)
        #expect(log.hasPrefix("Execution log for request "))
        #expect(log.contains(" : HTTP Method: GET, Resource Path: /pets/7\n"))
        #expect(log.contains(" : Method completed with status: 200\n"))
        #expect(!log.contains("Verifying Usage Plan"))
    }

    @Test func withoutARunnerTheOperationIsRefused() async throws {
        let plane = plane(invoker: nil)
        let (apiId, resourceId) = try await makeApi(plane)
        let (status, answer) = try await call(plane, "POST", "/restapis/\(apiId)/resources/\(resourceId)/methods/GET", [:])
        #expect(status == 501)
        #expect(answer["message"] as? String == "TestInvokeMethod is not supported by Portcullis yet")
    }

    @Test func logLinesAreStampedAsAWSStampsThem() {
        // 2026-12-07T09:40:00Z, a Monday.
        #expect(TestInvocation.Outcome.stamp(1_796_636_400_000) == "Mon Dec 07 09:40:00 UTC 2026")
    }
}
