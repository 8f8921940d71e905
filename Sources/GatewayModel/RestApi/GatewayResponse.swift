/// A gateway response of a REST API (`apigateway` `GatewayResponse`): what the gateway answers
/// for one failure type (`MISSING_AUTHENTICATION_TOKEN`, `DEFAULT_4XX`, …) instead of its default.
public struct GatewayResponse: Codable, Sendable, Hashable {
    public var responseType: String
    /// Absent for `DEFAULT_4XX`/`DEFAULT_5XX` until customised: each member keeps its own status.
    public var statusCode: String?
    /// `gatewayresponse.header.NAME` → a mapping expression.
    public var responseParameters: [String: String]?
    public var responseTemplates: [String: String]?
    /// `true` for a response the API has not customised.
    public var defaultResponse: Bool?

    public init(
        responseType: String, statusCode: String? = nil, responseParameters: [String: String]? = [:],
        responseTemplates: [String: String]? = nil, defaultResponse: Bool? = false
    ) {
        self.responseType = responseType
        self.statusCode = statusCode
        self.responseParameters = responseParameters
        self.responseTemplates = responseTemplates
        self.defaultResponse = defaultResponse
    }
}
