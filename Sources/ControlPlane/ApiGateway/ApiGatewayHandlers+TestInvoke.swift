import GatewayModel
import GatewayStore

/// `TestInvokeMethod`: runs one method of the API's current definition (not a deployment) through
/// the data plane, as the console's Test tab does, and answers the status, body, headers, latency
/// and execution log. The API is frozen as `CreateDeployment` freezes it; running it is the
/// configured `MethodTestInvoker`'s work.
extension ApiGatewayHandlers {
    struct TestInvokeMethodInput: Decodable {
        var pathWithQueryString: String?
        var body: String?
        var headers: [String: String]?
        var multiValueHeaders: [String: [String]]?
        var clientCertificateId: String?
        var stageVariables: [String: String]?
    }

    /// AWS's payload limit for a request (10 MB).
    static let testInvokeBodyLimit = 10 * 1024 * 1024

    static func registerTestInvoke(into registry: inout HandlerRegistry) {
        registry.on(.apigateway, "TestInvokeMethod") { ctx in  // partial: clientCertificateId not yet
            let apiId = try ctx.path("restapi_id")
            let resourceId = try ctx.path("resource_id")
            let verb = try ctx.path("http_method")
            let input = try ctx.decodeBody(TestInvokeMethodInput.self)
            if let body = input.body, body.utf8.count > testInvokeBodyLimit {
                throw ManagementError.badRequest("Request body exceeds the maximum allowed size of 10485760 bytes")
            }
            if let variables = input.stageVariables { try checkStageVariables(variables) }
            let (snapshot, resource) = try await ctx.store.read { tx in
                let api = try await requireApi(tx, ctx, apiId)
                let (resource, method) = try await requireMethod(tx, apiId: apiId, resourceId: resourceId, verb: verb)
                guard method.methodIntegration != nil else { throw ManagementError.badRequest("No integration defined for method") }
                return (try await DeploymentFreezer.freeze(tx, restApi: api), resource)
            }
            guard let invoker = ctx.configuration.testInvoker else { throw ManagementError.notImplemented("TestInvokeMethod") }
            // The client certificate would be presented to the backend; not wired to test runs yet,
            // so a call naming one is refused rather than run without it.
            if input.clientCertificateId?.isEmpty == false {
                throw ManagementError.badRequest("clientCertificateId is not supported by TestInvokeMethod in Portcullis yet")
            }
            var path = input.pathWithQueryString ?? ""
            if path.isEmpty { path = resource.path }
            if !path.hasPrefix("/") { path = "/" + path }
            let multi = input.multiValueHeaders ?? [:]
        var headers = (input.headers ?? [:]).filter { multi[$0.key] == nil }.sorted { $0.key < $1.key }.map { (name: $0.key, value: $0.value) }
            for (name, values) in multi.sorted(by: { $0.key < $1.key }) {
                headers += values.map { (name: name, value: $0) }
            }
            let result = try await invoker.invoke(
                MethodTestInvocation(
                    snapshot: snapshot, resourceId: resourceId, httpMethod: verb, pathWithQueryString: path, body: input.body,
                    headers: headers, stageVariables: input.stageVariables ?? [:]))
            return try ctx.respond(result)
        }
    }
}
