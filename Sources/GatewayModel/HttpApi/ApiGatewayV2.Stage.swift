public import Foundation

extension ApiGatewayV2 {
    /// A stage of an HTTP API (`apigatewayv2` `Stage`). `$default` is served at the root.
    public struct Stage: Codable, Sendable, Hashable {
        public var stageName: String
        public var deploymentId: String?
        public var autoDeploy: Bool?
        public var apiGatewayManaged: Bool?
        public var accessLogSettings: AccessLogSettings?
        public var clientCertificateId: String?
        public var createdDate: Date?
        public var defaultRouteSettings: RouteSettings?
        public var description: String?
        public var lastDeploymentStatusMessage: String?
        public var lastUpdatedDate: Date?
        public var routeSettings: [String: RouteSettings]?
        public var stageVariables: [String: String]?
        public var tags: [String: String]?

        public init(
            stageName: String, deploymentId: String? = nil, autoDeploy: Bool? = false,
            stageVariables: [String: String]? = nil, defaultRouteSettings: RouteSettings? = nil,
            routeSettings: [String: RouteSettings]? = nil, accessLogSettings: AccessLogSettings? = nil,
            description: String? = nil, tags: [String: String]? = nil, createdDate: Date? = nil,
            lastUpdatedDate: Date? = nil
        ) {
            self.stageName = stageName
            self.deploymentId = deploymentId
            self.autoDeploy = autoDeploy
            self.stageVariables = stageVariables
            self.defaultRouteSettings = defaultRouteSettings
            self.routeSettings = routeSettings
            self.accessLogSettings = accessLogSettings
            self.description = description
            self.tags = tags
            self.createdDate = createdDate
            self.lastUpdatedDate = lastUpdatedDate
        }

        /// The stage served at the root of the invoke URL.
        public static let defaultStageName = "$default"
    }

    /// `RouteSettings`: throttling, logging and metrics of a route or a whole stage.
    public struct RouteSettings: Codable, Sendable, Hashable {
        public var dataTraceEnabled: Bool?
        public var detailedMetricsEnabled: Bool?
        public var loggingLevel: String?
        public var throttlingBurstLimit: Int?
        public var throttlingRateLimit: Double?
        public init(throttlingBurstLimit: Int? = nil, throttlingRateLimit: Double? = nil) {
            self.throttlingBurstLimit = throttlingBurstLimit
            self.throttlingRateLimit = throttlingRateLimit
        }
    }

    /// `AccessLogSettings` of an HTTP API stage.
    public struct AccessLogSettings: Codable, Sendable, Hashable {
        public var destinationArn: String?
        public var format: String?
        public init(destinationArn: String? = nil, format: String? = nil) {
            self.destinationArn = destinationArn
            self.format = format
        }
    }

    /// An HTTP API deployment (`apigatewayv2` `Deployment`).
    public struct Deployment: Codable, Sendable, Hashable {
        public var deploymentId: String
        public var autoDeployed: Bool?
        public var createdDate: Date?
        /// `PENDING`, `FAILED` or `DEPLOYED`.
        public var deploymentStatus: String?
        public var deploymentStatusMessage: String?
        public var description: String?
        public init(deploymentId: String, autoDeployed: Bool? = false, createdDate: Date? = nil, deploymentStatus: String? = "DEPLOYED", description: String? = nil) {
            self.deploymentId = deploymentId
            self.autoDeployed = autoDeployed
            self.createdDate = createdDate
            self.deploymentStatus = deploymentStatus
            self.description = description
        }
    }

    /// Everything an HTTP API deployment freezes: the API, its routes and integrations.
    public struct ApiSnapshot: Codable, Sendable, Hashable {
        public var api: Api
        public var routes: [Route]
        public var integrations: [Integration]
        /// The API's authorizers, for the routes that name one (`nil` in snapshots made before
        /// authorizers were stored).
        public var authorizers: [Authorizer]?
        /// The API's models (`nil` when there are none).
        public var models: [Model]?
        public init(api: Api, routes: [Route], integrations: [Integration]) {
            self.api = api
            self.routes = routes
            self.integrations = integrations
        }
    }
}
