/// An API key attached to a usage plan (`apigateway` `UsagePlanKey`). `id` is the API key's id.
public struct UsagePlanKey: Codable, Sendable, Hashable {
    public var id: String
    /// `API_KEY`.
    public var type: String?
    public var value: String?
    public var name: String?

    public init(id: String, type: String? = "API_KEY", value: String? = nil, name: String? = nil) {
        self.id = id
        self.type = type
        self.value = value
        self.name = name
    }
}
