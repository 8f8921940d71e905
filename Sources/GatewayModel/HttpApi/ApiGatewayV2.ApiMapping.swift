extension ApiGatewayV2 {
    /// An API mapping of a custom domain (`apigatewayv2` `ApiMapping`): requests to
    /// `https://{domain}/{apiMappingKey}/…` go to `stage` of `apiId`. The key may have several
    /// levels (`v1/orders`); an empty key maps the domain's root.
    public struct ApiMapping: Codable, Sendable, Hashable {
        public var apiMappingId: String
        public var apiId: String
        public var apiMappingKey: String?
        public var stage: String

        public init(apiMappingId: String, apiId: String, apiMappingKey: String? = nil, stage: String) {
            self.apiMappingId = apiMappingId
            self.apiId = apiId
            self.apiMappingKey = apiMappingKey
            self.stage = stage
        }
    }
}
