public import JSON

/// A resolver that asks a closure, for documents computed or loaded on demand.
///
/// ```swift
/// let resolver = ClosureSchemaResolver { uri in
///     uri.hasPrefix(modelPrefix) ? models[String(uri.dropFirst(modelPrefix.count))] : nil
/// }
/// ```
public struct ClosureSchemaResolver: JSONSchemaResolver {
    private let body: (String) throws -> JSONValue?

    /// Creates a resolver that calls `body` with each absolute URI (without fragment).
    public init(_ body: @escaping (String) throws -> JSONValue?) {
        self.body = body
    }

    public func schemaDocument(at uri: String) throws -> JSONValue? {
        try body(uri)
    }
}
