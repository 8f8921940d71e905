extension ApiGatewayV2 {
    /// A route of an HTTP API (`apigatewayv2` `Route`): a route key such as `GET /pets/{id}`,
    /// `ANY /{proxy+}` or `$default`, and a target `integrations/{integrationId}`.
    public struct Route: Codable, Sendable, Hashable {
        public var routeId: String
        public var routeKey: String
        public var apiGatewayManaged: Bool?
        public var apiKeyRequired: Bool?
        public var authorizationScopes: [String]?
        /// `NONE`, `AWS_IAM`, `CUSTOM` or `JWT`.
        public var authorizationType: String?
        public var authorizerId: String?
        public var operationName: String?
        public var requestParameters: [String: ParameterConstraints]?
        public var target: String?
        /// WebSocket APIs: the model selection expression of the route.
        public var modelSelectionExpression: String?
        /// WebSocket APIs: content type → model name.
        public var requestModels: [String: String]?
        /// WebSocket APIs: the route response selection expression.
        public var routeResponseSelectionExpression: String?

        public init(
            routeId: String, routeKey: String, authorizationType: String? = "NONE", authorizerId: String? = nil,
            apiKeyRequired: Bool? = false, authorizationScopes: [String]? = nil, operationName: String? = nil,
            requestParameters: [String: ParameterConstraints]? = nil, target: String? = nil
        ) {
            self.routeId = routeId
            self.routeKey = routeKey
            self.authorizationType = authorizationType
            self.authorizerId = authorizerId
            self.apiKeyRequired = apiKeyRequired
            self.authorizationScopes = authorizationScopes
            self.operationName = operationName
            self.requestParameters = requestParameters
            self.target = target
        }

        /// The integration id named by `target` (`integrations/{id}`), if any.
        public var integrationId: String? {
            guard let target, target.hasPrefix("integrations/") else { return nil }
            return String(target.dropFirst("integrations/".count))
        }
    }

    /// `ParameterConstraints` of a route parameter.
    public struct ParameterConstraints: Codable, Sendable, Hashable {
        public var required: Bool?
        public init(required: Bool? = nil) { self.required = required }
    }
}
