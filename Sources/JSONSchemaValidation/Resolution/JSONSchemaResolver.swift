public import JSON

/// Supplies the schema documents that `$ref`s name by absolute URI.
///
/// Called only while a schema is compiled, never while validating, and only for documents the
/// schema itself does not define (through its own `id`s). The draft-04 metaschema
/// (`http://json-schema.org/draft-04/schema`) is built in.
///
/// The gateway maps API Gateway model URLs
/// (`https://apigateway.amazonaws.com/restapis/{restapi_id}/models/{model_name}`) to the models of
/// the same API; tests map the JSON Schema test suite's `http://localhost:1234/` to files.
public protocol JSONSchemaResolver {
    /// The schema document at `uri`, or nil when there is none.
    ///
    /// - Parameter uri: the `$ref` resolved against its scope, without its fragment (the part
    ///   after `#` is resolved inside the returned document by the compiler). It is absolute
    ///   whenever the schema has a base URI or an absolute `id`, or the `$ref` itself is absolute.
    /// - Throws: any error; the compiler reports it as a
    ///   ``SchemaCompilationError/Code/resolverFailure`` at the `$ref` that asked.
    func schemaDocument(at uri: String) throws -> JSONValue?
}
