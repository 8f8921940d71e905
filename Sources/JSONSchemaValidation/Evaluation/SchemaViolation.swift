/// One way an instance fails its schema.
///
/// API Gateway answers a failed body validation with just `Invalid request body`; violations are
/// for the log and for `portcullis validate`, where they say exactly what is wrong and where.
public struct SchemaViolation: Sendable, Hashable, CustomStringConvertible {
    /// The JSON pointer (RFC 6901) of the offending value in the instance, `""` for the whole
    /// instance, e.g. `/pets/0/name`.
    public var instancePath: String
    /// The keyword that failed, e.g. `required`, `type`, `additionalProperties`.
    public var keyword: String
    /// Where the failing keyword lives: the schema document's URI (empty for the compiled schema
    /// itself when it was given no base URI), `#`, and the JSON pointer of the keyword, e.g.
    /// `#/properties/name/type` or
    /// `https://apigateway.amazonaws.com/restapis/a1b2c3/models/Pet#/properties/name/type`.
    public var schemaPath: String
    /// A human explanation, e.g. `expected integer, found string`.
    public var message: String

    public init(instancePath: String, keyword: String, schemaPath: String, message: String) {
        self.instancePath = instancePath
        self.keyword = keyword
        self.schemaPath = schemaPath
        self.message = message
    }

    /// `instancePath: message (schemaPath)`, with `(root)` for the empty instance path.
    public var description: String {
        "\(instancePath.isEmpty ? "(root)" : instancePath): \(message) (\(schemaPath))"
    }
}
