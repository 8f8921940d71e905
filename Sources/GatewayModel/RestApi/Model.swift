/// A data model of a REST API (`apigateway` `Model`): a JSON Schema (draft 4) used to validate
/// request bodies and to describe responses. `schema` is the schema document as a string, as the
/// management API carries it.
public struct Model: Codable, Sendable, Hashable {
    public var id: String
    public var name: String
    public var description: String?
    public var schema: String?
    public var contentType: String?

    public init(id: String, name: String, description: String? = nil, schema: String? = nil, contentType: String? = "application/json") {
        self.id = id
        self.name = name
        self.description = description
        self.schema = schema
        self.contentType = contentType
    }
}
