public import GatewayModel

/// An HTTP API deployment as stored.
public struct StoredHttpDeployment: Codable, Sendable {
    public var deployment: ApiGatewayV2.Deployment
    public var snapshot: ApiGatewayV2.ApiSnapshot
    public init(deployment: ApiGatewayV2.Deployment, snapshot: ApiGatewayV2.ApiSnapshot) {
        self.deployment = deployment
        self.snapshot = snapshot
    }
}
