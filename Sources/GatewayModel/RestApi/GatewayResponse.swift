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

extension GatewayResponse {
    /// Every gateway response type with its default status (none for the two class defaults), in
    /// the order AWS's validation message lists them.
    public static let defaultStatuses: [(type: String, status: String?)] = [
        ("REQUEST_TOO_LARGE", "413"), ("RESOURCE_NOT_FOUND", "404"), ("AUTHORIZER_CONFIGURATION_ERROR", "500"),
        ("MISSING_AUTHENTICATION_TOKEN", "403"), ("BAD_REQUEST_BODY", "400"), ("INVALID_SIGNATURE", "403"),
        ("INVALID_API_KEY", "403"), ("BAD_REQUEST_PARAMETERS", "400"), ("AUTHORIZER_FAILURE", "500"), ("UNAUTHORIZED", "401"),
        ("INTEGRATION_TIMEOUT", "504"), ("ACCESS_DENIED", "403"), ("DEFAULT_4XX", nil), ("DEFAULT_5XX", nil),
        ("WAF_FILTERED", "403"), ("QUOTA_EXCEEDED", "429"), ("THROTTLED", "429"), ("API_CONFIGURATION_ERROR", "500"),
        ("UNSUPPORTED_MEDIA_TYPE", "415"), ("INTEGRATION_FAILURE", "504"), ("EXPIRED_TOKEN", "403"),
    ]
}
