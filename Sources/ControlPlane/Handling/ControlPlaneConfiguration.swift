public import GatewayModel

/// Settings of the management API that show on the wire.
public struct ControlPlaneConfiguration: Sendable {
    /// The account id in ARNs and in `Invalid API identifier specified {account}:{id}`.
    public var accountId: String
    public var region: String
    /// The domain of generated invoke URLs (`{apiId}.{executeApiDomain}`), e.g.
    /// `execute-api.us-east-1.amazonaws.com` or `execute-api.localhost:8080`.
    public var executeApiDomain: String
    /// The account throttle `GetAccount` reports (the process configuration's).
    public var accountThrottle: ThrottleSettings
    /// Runs `TestInvokeMethod` calls through the data plane; without one the operation answers
    /// an error (the control plane alone cannot run a request).
    public var testInvoker: (any MethodTestInvoker)?

    public init(
        accountId: String = "000000000000", region: String = "us-east-1", executeApiDomain: String? = nil,
        accountThrottle: ThrottleSettings = ThrottleSettings(burstLimit: 5_000, rateLimit: 10_000),
        testInvoker: (any MethodTestInvoker)? = nil
    ) {
        self.testInvoker = testInvoker
        self.accountThrottle = accountThrottle
        self.accountId = accountId
        self.region = region
        self.executeApiDomain = executeApiDomain ?? "execute-api.\(region).amazonaws.com"
    }
}
