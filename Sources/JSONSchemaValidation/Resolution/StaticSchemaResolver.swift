public import JSON

/// A resolver over a fixed set of documents, keyed by absolute URI.
///
/// Keys are compared without their fragment, so `https://example.com/pet.json#` and
/// `https://example.com/pet.json` are the same key.
///
/// ```swift
/// let resolver = StaticSchemaResolver([
///     "https://apigateway.amazonaws.com/restapis/a1b2c3/models/Pet": petModel,
/// ])
/// ```
public struct StaticSchemaResolver: JSONSchemaResolver, Sendable {
    private var documents: [String: JSONValue]

    /// Creates a resolver over `documents` (absolute URI → schema document).
    public init(_ documents: [String: JSONValue] = [:]) {
        self.documents = [:]
        for (uri, document) in documents { self.documents[StaticSchemaResolver.key(uri)] = document }
    }

    /// Adds or replaces the document at `uri`.
    public mutating func register(_ document: JSONValue, at uri: String) {
        documents[StaticSchemaResolver.key(uri)] = document
    }

    public func schemaDocument(at uri: String) throws -> JSONValue? {
        documents[StaticSchemaResolver.key(uri)]
    }

    private static func key(_ uri: String) -> String {
        if let hash = uri.firstIndex(of: "#") { return String(uri[..<hash]) }
        return uri
    }
}
