/// A request validator of a REST API (`apigateway` `RequestValidator`): whether a method that
/// uses it validates its request parameters, its body against its model, or both.
public struct RequestValidator: Codable, Sendable, Hashable {
    public var id: String
    public var name: String?
    public var validateRequestBody: Bool?
    public var validateRequestParameters: Bool?

    public init(id: String, name: String? = nil, validateRequestBody: Bool? = false, validateRequestParameters: Bool? = false) {
        self.id = id
        self.name = name
        self.validateRequestBody = validateRequestBody
        self.validateRequestParameters = validateRequestParameters
    }
}
