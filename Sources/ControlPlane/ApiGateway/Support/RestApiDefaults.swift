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

    /// Every gateway response type with its default status (`GatewayResponse.defaultStatuses`).
    static let gatewayResponseStatuses = GatewayResponse.defaultStatuses

    static func defaultStatus(of type: String) -> String? {
        gatewayResponseStatuses.first { $0.type == type }?.status
    }

    static func isGatewayResponseType(_ type: String) -> Bool {
        gatewayResponseStatuses.contains { $0.type == type }
    }

    /// The HTTP verbs a method may have.
    static let httpMethods = ["GET", "PUT", "POST", "DELETE", "PATCH", "OPTIONS", "HEAD", "ANY"]
}
