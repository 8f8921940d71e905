public import Foundation

extension ApiGatewayV2 {
    /// An HTTP (or WebSocket) API (`apigatewayv2` `Api`).
    public struct Api: Codable, Sendable, Hashable {
        public var apiId: String
        public var name: String
        /// `HTTP` or `WEBSOCKET`.
        public var protocolType: String
        public var apiEndpoint: String?
        public var apiKeySelectionExpression: String?
        public var corsConfiguration: Cors?
        public var createdDate: Date?
        public var description: String?
        public var disableSchemaValidation: Bool?
        public var disableExecuteApiEndpoint: Bool?
        public var importInfo: [String]?
        public var routeSelectionExpression: String?
        public var tags: [String: String]?
        public var version: String?
        public var warnings: [String]?
        /// Whether API Gateway manages the API (APIs made by other AWS services).
        public var apiGatewayManaged: Bool?
        /// `ipv4` (the default) or `dualstack`.
        public var ipAddressType: String?

        public init(
            apiId: String, name: String, protocolType: String = "HTTP", apiEndpoint: String? = nil,
            corsConfiguration: Cors? = nil, createdDate: Date? = nil, description: String? = nil,
            disableExecuteApiEndpoint: Bool? = false, routeSelectionExpression: String? = "$request.method $request.path",
            apiKeySelectionExpression: String? = "$request.header.x-api-key",
            tags: [String: String]? = nil, version: String? = nil, warnings: [String]? = nil
        ) {
            self.apiId = apiId
            self.name = name
            self.protocolType = protocolType
            self.apiEndpoint = apiEndpoint
            self.corsConfiguration = corsConfiguration
            self.createdDate = createdDate
            self.description = description
            self.disableExecuteApiEndpoint = disableExecuteApiEndpoint
            self.routeSelectionExpression = routeSelectionExpression
            self.apiKeySelectionExpression = apiKeySelectionExpression
            self.tags = tags
            self.version = version
            self.warnings = warnings
        }
    }

    /// `Cors` configuration of an HTTP API.
    public struct Cors: Codable, Sendable, Hashable {
        public var allowCredentials: Bool?
        public var allowHeaders: [String]?
        public var allowMethods: [String]?
        public var allowOrigins: [String]?
        public var exposeHeaders: [String]?
        public var maxAge: Int?

        public init(
            allowCredentials: Bool? = nil, allowHeaders: [String]? = nil, allowMethods: [String]? = nil,
            allowOrigins: [String]? = nil, exposeHeaders: [String]? = nil, maxAge: Int? = nil
        ) {
            self.allowCredentials = allowCredentials
            self.allowHeaders = allowHeaders
            self.allowMethods = allowMethods
            self.allowOrigins = allowOrigins
            self.exposeHeaders = exposeHeaders
            self.maxAge = maxAge
        }
    }
}
