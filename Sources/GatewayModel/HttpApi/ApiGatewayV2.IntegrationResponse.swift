extension ApiGatewayV2 {
    /// An integration response (`apigatewayv2` `IntegrationResponse`) of a WebSocket API
    /// integration, selected by `integrationResponseKey` (`$default`, or a pattern such as `/4\d\d/`).
    public struct IntegrationResponse: Codable, Sendable, Hashable {
        public var integrationResponseId: String
        public var integrationResponseKey: String
        /// `CONVERT_TO_BINARY` or `CONVERT_TO_TEXT`.
        public var contentHandlingStrategy: String?
        /// `route.response.header.NAME` … → a value expression.
        public var responseParameters: [String: String]?
        /// Content type → mapping template.
        public var responseTemplates: [String: String]?
        public var templateSelectionExpression: String?

        public init(
            integrationResponseId: String, integrationResponseKey: String, contentHandlingStrategy: String? = nil,
            responseParameters: [String: String]? = nil, responseTemplates: [String: String]? = nil,
            templateSelectionExpression: String? = nil
        ) {
            self.integrationResponseId = integrationResponseId
            self.integrationResponseKey = integrationResponseKey
            self.contentHandlingStrategy = contentHandlingStrategy
            self.responseParameters = responseParameters
            self.responseTemplates = responseTemplates
            self.templateSelectionExpression = templateSelectionExpression
        }
    }
}
