import ControlPlane
import Foundation
import GatewayStore
import Testing

@Suite struct ApiGatewayAccountTests {
    private func call(_ plane: ControlPlane, _ method: String, _ body: String = "") async throws -> (Int, [String: Any]) {
        let response = await plane.handle(ManagementRequest(method: method, path: "/account", body: Array(body.utf8)))
        let json = try JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any] ?? [:]
        return (response.status, json)
    }

    @Test func defaultsThenPatchOfTheRole() async throws {
        let plane = ControlPlane(store: InMemoryGatewayStore())
        let (status, account) = try await call(plane, "GET")
        #expect(status == 200)
        let throttle = try #require(account["throttleSettings"] as? [String: Any])
        #expect(throttle["rateLimit"] as? Double == 10_000)
        #expect(throttle["burstLimit"] as? Int == 5000)
        #expect(account["features"] as? [String] == ["UsagePlans"])

        let role = "arn:aws:iam::123456789012:role/apigw-logs"
        let (patched, updated) = try await call(
            plane, "PATCH", #"{"patchOperations":[{"op":"replace","path":"/cloudwatchRoleArn","value":"\#(role)"}]}"#)
        #expect(patched == 200)
        #expect(updated["cloudwatchRoleArn"] as? String == role)
        #expect(try await call(plane, "GET").1["cloudwatchRoleArn"] as? String == role)

        let (refused, error) = try await call(
            plane, "PATCH", #"{"patchOperations":[{"op":"replace","path":"/throttleSettings/rateLimit","value":"1"}]}"#)
        #expect(refused == 400)
        #expect((error["message"] as? String)?.contains("Invalid patch path") == true)
    }
}
