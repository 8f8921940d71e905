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

    /// The operations that have no integration, so cannot be served (`GET /pets: …`). AWS imports
    /// them, even with failOnWarnings, but refuses to deploy a REST API with such a method ("No
    /// integration defined for method"); an HTTP API route without a target answers 404. `serve`
    /// and `validate` name each one rather than dropping it silently.
    public var operationsWithoutIntegration: [String] {
        switch definition {
        case .rest(let snapshot):
            snapshot.resources.sorted { $0.path < $1.path }.flatMap { resource in
                (resource.resourceMethods ?? [:]).filter { $0.value.methodIntegration == nil }.keys.sorted().map {
                    "\($0) \(resource.path): no integration is defined, so it cannot be served (AWS refuses to deploy it)"
                }
            }
        case .http(let snapshot):
            snapshot.routes.filter { $0.target == nil }.map(\.routeKey).sorted().map {
                "\($0): the route has no integration, so it answers 404 Not Found"
            }
        }
    }
}
