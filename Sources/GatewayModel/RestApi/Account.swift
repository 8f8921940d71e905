/// The account-level settings of API Gateway (`apigateway` `Account`).
public struct Account: Codable, Sendable, Hashable {
    /// The role API Gateway uses to write CloudWatch logs.
    public var cloudwatchRoleArn: String?
    /// The account-level throttle (AWS's defaults: 10,000 requests per second, burst 5,000).
    public var throttleSettings: ThrottleSettings?
    /// Account features, e.g. `UsagePlans`.
    public var features: [String]?
    public var apiKeyVersion: String?

    public init(
        cloudwatchRoleArn: String? = nil, throttleSettings: ThrottleSettings? = ThrottleSettings(burstLimit: 5000, rateLimit: 10_000),
        features: [String]? = ["UsagePlans"], apiKeyVersion: String? = "4"
    ) {
        self.cloudwatchRoleArn = cloudwatchRoleArn
        self.throttleSettings = throttleSettings
        self.features = features
        self.apiKeyVersion = apiKeyVersion
    }
}
