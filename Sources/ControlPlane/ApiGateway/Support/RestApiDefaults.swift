import GatewayModel

/// What AWS creates with every REST API, and the gateway responses it answers by default.
enum RestApiDefaults {
    /// The `Empty` and `Error` models every new API has (texts as AWS returns them).
    static func models() -> [Model] {
        [
            Model(
                id: ApiGatewayHandlers.newId(), name: "Empty", description: "This is a default empty schema model",
                schema: #"{"$schema":"http://json-schema.org/draft-04/schema#","title":"Empty Schema","type":"object"}"#),
            Model(
                id: ApiGatewayHandlers.newId(), name: "Error", description: "This is a default error schema model",
                schema:
                    #"{"$schema":"http://json-schema.org/draft-04/schema#","title":"Error Schema","type":"object","properties":{"message":{"type":"string"}}}"#
            ),
        ]
    }

    /// The body template of every default gateway response.
    static let defaultResponseTemplates = ["application/json": #"{"message":$context.error.messageString}"#]

    /// Every gateway response type with its default status (none for the two class defaults), in
    /// the order AWS's validation message lists them.
    static let gatewayResponseStatuses: [(type: String, status: String?)] = [
        ("REQUEST_TOO_LARGE", "413"), ("RESOURCE_NOT_FOUND", "404"), ("AUTHORIZER_CONFIGURATION_ERROR", "500"),
        ("MISSING_AUTHENTICATION_TOKEN", "403"), ("BAD_REQUEST_BODY", "400"), ("INVALID_SIGNATURE", "403"),
        ("INVALID_API_KEY", "403"), ("BAD_REQUEST_PARAMETERS", "400"), ("AUTHORIZER_FAILURE", "500"), ("UNAUTHORIZED", "401"),
        ("INTEGRATION_TIMEOUT", "504"), ("ACCESS_DENIED", "403"), ("DEFAULT_4XX", nil), ("DEFAULT_5XX", nil),
        ("WAF_FILTERED", "403"), ("QUOTA_EXCEEDED", "429"), ("THROTTLED", "429"), ("API_CONFIGURATION_ERROR", "500"),
        ("UNSUPPORTED_MEDIA_TYPE", "415"), ("INTEGRATION_FAILURE", "504"), ("EXPIRED_TOKEN", "403"),
    ]

    static func defaultStatus(of type: String) -> String? {
        gatewayResponseStatuses.first { $0.type == type }?.status
    }

    static func isGatewayResponseType(_ type: String) -> Bool {
        gatewayResponseStatuses.contains { $0.type == type }
    }

    /// The HTTP verbs a method may have.
    static let httpMethods = ["GET", "PUT", "POST", "DELETE", "PATCH", "OPTIONS", "HEAD", "ANY"]
}
