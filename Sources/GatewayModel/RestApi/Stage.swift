public import Foundation

/// A named reference to a deployment (`apigateway` `Stage`).
public struct Stage: Codable, Sendable, Hashable {
    public var deploymentId: String?
    public var clientCertificateId: String?
    public var stageName: String
    public var description: String?
    public var cacheClusterEnabled: Bool?
    public var cacheClusterSize: String?
    public var cacheClusterStatus: String?
    /// Keyed by `{resourcePath}/{httpMethod}` or `*/*`.
    public var methodSettings: [String: MethodSetting]?
    /// Stage variables: names `[A-Za-z0-9_]+`, values up to 512 characters.
    public var variables: [String: String]?
    public var documentationVersion: String?
    public var accessLogSettings: AccessLogSettings?
    public var canarySettings: CanarySettings?
    public var tracingEnabled: Bool?
    public var webAclArn: String?
    public var tags: [String: String]?
    public var createdDate: Date?
    public var lastUpdatedDate: Date?

    public init(
        stageName: String, deploymentId: String? = nil, description: String? = nil,
        variables: [String: String]? = nil, methodSettings: [String: MethodSetting]? = nil,
        accessLogSettings: AccessLogSettings? = nil, canarySettings: CanarySettings? = nil,
        tracingEnabled: Bool? = false, tags: [String: String]? = nil, createdDate: Date? = nil,
        lastUpdatedDate: Date? = nil
    ) {
        self.stageName = stageName
        self.deploymentId = deploymentId
        self.description = description
        self.variables = variables
        self.methodSettings = methodSettings
        self.accessLogSettings = accessLogSettings
        self.canarySettings = canarySettings
        self.tracingEnabled = tracingEnabled
        self.tags = tags
        self.createdDate = createdDate
        self.lastUpdatedDate = lastUpdatedDate
    }
}

/// Per-method settings of a stage (`apigateway` `MethodSetting`).
public struct MethodSetting: Codable, Sendable, Hashable {
    public var metricsEnabled: Bool?
    public var loggingLevel: String?
    public var dataTraceEnabled: Bool?
    public var throttlingBurstLimit: Int?
    public var throttlingRateLimit: Double?
    public var cachingEnabled: Bool?
    public var cacheTtlInSeconds: Int?
    public var cacheDataEncrypted: Bool?
    public var requireAuthorizationForCacheControl: Bool?
    public var unauthorizedCacheControlHeaderStrategy: String?

    public init(throttlingBurstLimit: Int? = nil, throttlingRateLimit: Double? = nil) {
        self.throttlingBurstLimit = throttlingBurstLimit
        self.throttlingRateLimit = throttlingRateLimit
    }
}

/// `CanarySettings` of a stage.
public struct CanarySettings: Codable, Sendable, Hashable {
    public var percentTraffic: Double?
    public var deploymentId: String?
    public var stageVariableOverrides: [String: String]?
    public var useStageCache: Bool?
    public init(percentTraffic: Double? = nil, deploymentId: String? = nil, stageVariableOverrides: [String: String]? = nil) {
        self.percentTraffic = percentTraffic
        self.deploymentId = deploymentId
        self.stageVariableOverrides = stageVariableOverrides
    }
}

/// `AccessLogSettings`: a `$context` format and a destination.
public struct AccessLogSettings: Codable, Sendable, Hashable {
    public var format: String?
    public var destinationArn: String?
    public init(format: String? = nil, destinationArn: String? = nil) {
        self.format = format
        self.destinationArn = destinationArn
    }
}

/// `ThrottleSettings`: a token bucket's rate (requests per second) and burst.
public struct ThrottleSettings: Codable, Sendable, Hashable {
    public var burstLimit: Int?
    public var rateLimit: Double?
    public init(burstLimit: Int? = nil, rateLimit: Double? = nil) {
        self.burstLimit = burstLimit
        self.rateLimit = rateLimit
    }
}
