public import JSON

/// An exported OpenAPI document.
public struct OpenAPIExport: Sendable, Hashable {
    /// The document as a value (keys in the order written).
    public var document: JSONValue
    /// The document as text, in ``format``.
    public var body: String
    public var format: OpenAPIExporter.Format
    /// What the document could not say, e.g. an authorizer the model does not hold.
    public var warnings: [String]

    public init(document: JSONValue, body: String, format: OpenAPIExporter.Format, warnings: [String]) {
        self.document = document
        self.body = body
        self.format = format
        self.warnings = warnings
    }

    /// `application/json` or `application/yaml`.
    public var contentType: String { format.contentType }
}
