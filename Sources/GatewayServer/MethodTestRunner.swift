import ControlPlane
import DataPlane
import GatewayModel
import Logging
import NIOCore
import NIOHTTP1

/// `TestInvokeMethod`'s runner: compiles the API's current definition as a one-stage gateway
/// (stage `test-invoke-stage`, logging at INFO with data trace) holding only the tested method,
/// without its authorizer and API key requirement as AWS's test invocation skips them, and runs
/// the request through the real pipeline on one of the server's event loops, no socket.
struct MethodTestRunner: MethodTestInvoker {
    static let stageName = "test-invoke-stage"

    let group: any EventLoopGroup
    let authorizers: AuthorizerServices
    let logger: Logger

    func invoke(_ invocation: MethodTestInvocation) async throws -> MethodTestResult {
        let apiId = invocation.snapshot.api.id
        var logging = MethodSetting()
        logging.loggingLevel = "INFO"
        logging.dataTraceEnabled = true
        let stage = Stage(
            stageName: Self.stageName, deploymentId: "test-invoke-deployment-id",
            variables: invocation.stageVariables.isEmpty ? nil : invocation.stageVariables, methodSettings: ["*/*": logging])
        let deployed = DeployedStage(
            definition: .rest(Self.onlyTested(invocation)), deploymentId: "test-invoke-deployment-id", settings: .rest(stage))
        let gateway = DeploymentCompiler().compile(GatewaySnapshot(stages: [deployed]), shortAddressApiIds: [apiId], authorizers: authorizers)
        // Only the call's headers, as AWS's log shows them (no Host is made up): the API is the
        // gateway's one short-address API, so it is found without one.
        var headers = HTTPHeaders(invocation.headers.map { ($0.name, $0.value) })
        var body: ByteBuffer?
        if let text = invocation.body {
            body = ByteBuffer(string: text)
            headers.replaceOrAdd(name: "Content-Length", value: String(text.utf8.count))
        }
        let head = HTTPRequestHead(
            version: .http1_1, method: HTTPMethod(rawValue: invocation.httpMethod == "ANY" ? "GET" : invocation.httpMethod),
            uri: "/\(Self.stageName)\(invocation.pathWithQueryString)", headers: headers)
        let started = ContinuousClock.now
        let outcome = try await TestInvocation.run(head: head, body: body, gateway: gateway, on: group.next(), logger: logger).get()
        let elapsed = ContinuousClock.now - started
        var single: [String: String] = [:]
        var multi: [String: [String]] = [:]
        for (name, value) in outcome.response.headers {
            single[name] = value
            multi[name, default: []].append(value)
        }
        return MethodTestResult(
            status: Int(outcome.response.status.code), body: outcome.response.body.map { String(buffer: $0) } ?? "",
            headers: single, multiValueHeaders: multi, log: outcome.log,
            latency: elapsed.components.seconds * 1000 + elapsed.components.attoseconds / 1_000_000_000_000_000)
    }

    /// The frozen API with only the tested method left, open: no resource policy, authorizer or
    /// API key, and served even when its `execute-api` endpoint is disabled.
    static func onlyTested(_ invocation: MethodTestInvocation) -> RestApiSnapshot {
        var snapshot = invocation.snapshot
        snapshot.api.policy = nil
        snapshot.api.disableExecuteApiEndpoint = false
        snapshot.resources = snapshot.resources.map { resource in
            var resource = resource
            guard resource.id == invocation.resourceId, var method = resource.resourceMethods?[invocation.httpMethod] else {
                resource.resourceMethods = nil
                return resource
            }
            method.authorizationType = "NONE"
            method.authorizerId = nil
            method.authorizationScopes = nil
            method.apiKeyRequired = false
            resource.resourceMethods = [invocation.httpMethod: method]
            return resource
        }
        return snapshot
    }
}
