/// A documentation part of a REST API (`CreateDocumentationPart`, or the
/// `x-amazon-apigateway-documentation` extension of an imported document): a JSON text of
/// properties attached to a location of the API. Documentation is not deployed; it is stored
/// under the API.
public struct DocumentationPart: Codable, Sendable, Hashable {
    public var id: String
    public var location: DocumentationPartLocation
    /// A JSON object, as text (`{"description": "…"}`).
    public var properties: String?

    public init(id: String, location: DocumentationPartLocation, properties: String?) {
        self.id = id
        self.location = location
        self.properties = properties
    }
}
