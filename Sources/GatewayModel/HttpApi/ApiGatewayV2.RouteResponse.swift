extension ApiGatewayV2 {
    /// A route response (`apigatewayv2` `RouteResponse`): what a WebSocket route sends back to the
    /// client, selected by `routeResponseKey` (usually `$default`).
    public struct RouteResponse: Codable, Sendable, Hashable {
        public var routeResponseId: String
        public var routeResponseKey: String
        public var modelSelectionExpression: String?
        /// Content type → model name.
        public var responseModels: [String: String]?
        public var responseParameters: [String: ParameterConstraints]?

        public init(
            routeResponseId: String, routeResponseKey: String, modelSelectionExpression: String? = nil,
            responseModels: [String: String]? = nil, responseParameters: [String: ParameterConstraints]? = nil
        ) {
            self.routeResponseId = routeResponseId
            self.routeResponseKey = routeResponseKey
            self.modelSelectionExpression = modelSelectionExpression
            self.responseModels = responseModels
            self.responseParameters = responseParameters
        }
    }
}
