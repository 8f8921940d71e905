public import GatewayModel

/// A REST API deployment as stored: the `Deployment` the API returns and the frozen snapshot the
/// data plane serves.
public struct StoredRestDeployment: Codable, Sendable {
    public var deployment: Deployment
    public var snapshot: RestApiSnapshot
    public init(deployment: Deployment, snapshot: RestApiSnapshot) {
        self.deployment = deployment
        self.snapshot = snapshot
    }
}
