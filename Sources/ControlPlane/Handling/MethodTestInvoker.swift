public import GatewayModel

/// Runs one method of a REST API's current, undeployed definition through the data plane, for
/// `TestInvokeMethod`. The control plane does not link the data plane (DESIGN.md's layers): the
/// process that has both (GatewayServer) supplies the invoker in `ControlPlaneConfiguration`.
public protocol MethodTestInvoker: Sendable {
    func invoke(_ invocation: MethodTestInvocation) async throws -> MethodTestResult
}

/// A `TestInvokeMethod` call: the API frozen as `CreateDeployment` freezes it, the method to
/// run, and the request.
public struct MethodTestInvocation: Sendable {
    public var snapshot: RestApiSnapshot
    public var resourceId: String
    public var httpMethod: String
    /// The path (with path parameters filled in) and query string; the resource's path when the
    /// call gives none.
    public var pathWithQueryString: String
    public var body: String?
    /// The headers, single and multi-valued merged in order.
    public var headers: [(name: String, value: String)]
    public var stageVariables: [String: String]

    public init(
        snapshot: RestApiSnapshot, resourceId: String, httpMethod: String, pathWithQueryString: String, body: String?,
        headers: [(name: String, value: String)], stageVariables: [String: String]
    ) {
        self.snapshot = snapshot
        self.resourceId = resourceId
        self.httpMethod = httpMethod
        self.pathWithQueryString = pathWithQueryString
        self.body = body
        self.headers = headers
        self.stageVariables = stageVariables
    }
}

/// What `TestInvokeMethod` answers (`TestInvokeMethodResponse`).
public struct MethodTestResult: Sendable, Encodable {
    public var status: Int
    public var body: String
    public var headers: [String: String]
    public var multiValueHeaders: [String: [String]]
    public var log: String
    /// Milliseconds.
    public var latency: Int64

    public init(status: Int, body: String, headers: [String: String], multiValueHeaders: [String: [String]], log: String, latency: Int64) {
        self.status = status
        self.body = body
        self.headers = headers
        self.multiValueHeaders = multiValueHeaders
        self.log = log
        self.latency = latency
    }
}
