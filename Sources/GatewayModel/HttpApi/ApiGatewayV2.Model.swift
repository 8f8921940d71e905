extension ApiGatewayV2 {
    /// A data model of an API (`apigatewayv2` `Model`): a JSON Schema draft 4 document, used by
    /// WebSocket routes for request validation.
    public struct Model: Codable, Sendable, Hashable {
        public var modelId: String
        /// Alphanumeric, unique within the API.
        public var name: String
        public var contentType: String?
        public var description: String?
        /// The JSON Schema, as text (at most 32 KB).
        public var schema: String?

        public init(modelId: String, name: String, contentType: String? = nil, description: String? = nil, schema: String? = nil) {
            self.modelId = modelId
            self.name = name
            self.contentType = contentType
            self.description = description
            self.schema = schema
        }
    }
}
