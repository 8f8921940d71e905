public import GatewayModel

/// The result of a successful import: the API, and the warnings and notes found on the way.
public struct OpenAPIImport: Sendable, Hashable {
    /// The imported API. Its warnings are also in `RestApi.warnings` / `Api.warnings`, as AWS
    /// returns them.
    public var definition: ApiDefinition
    /// Warnings and notes (never errors: an import with errors throws).
    public var diagnostics: [Diagnostic]
    /// The document's base path (`basePath` in Swagger 2.0, the `basePath` server variable or the
    /// path of `servers[0].url` in OpenAPI 3), e.g. `/v1`; `nil` when there is none. Applied to
    /// the API according to ``OpenAPIImporter/Options/basePath``.
    public var documentBasePath: String?
    /// Why the API has its type: "chosen by the caller", or what ``ApiTypeChoice`` found in the
    /// document.
    public var apiTypeReason: String = ""
    /// A REST API's documentation parts (`x-amazon-apigateway-documentation`); not part of the
    /// definition, since documentation is not deployed.
    public var documentationParts: [DocumentationPart] = []

    public init(definition: ApiDefinition, diagnostics: [Diagnostic], documentBasePath: String?) {
        self.definition = definition
        self.diagnostics = diagnostics
        self.documentBasePath = documentBasePath
    }

    /// The warnings only.
    public var warnings: [Diagnostic] { diagnostics.filter { $0.severity == .warning } }
}
