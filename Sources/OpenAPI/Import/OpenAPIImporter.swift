public import Foundation
public import GatewayModel
public import JSON

/// Imports an OpenAPI document with API Gateway's `x-amazon-apigateway-*` extensions, as AWS's
/// `ImportRestApi` (REST APIs) and `apigatewayv2 ImportApi` (HTTP APIs) do.
///
/// The document may be JSON (parsed strictly) or YAML (1.2 core schema), Swagger 2.0 or
/// OpenAPI 3.0.x (3.1.x is read as 3.0, with a warning). It is first parsed into a
/// ``JSON/JSONValue`` and then walked, so that every problem names its JSON path.
///
/// **Which kind of API.** AWS never guesses: `ImportRestApi` makes a REST API and `ImportApi` an
/// HTTP API, so the control plane always sets ``Options/apiType``. When it is `nil` (the CLI's
/// `serve` and `validate` without `--type`), ``ApiTypeChoice`` picks REST unless the document can
/// only be an HTTP API, and says why in ``OpenAPIImport/apiTypeReason``.
///
/// **What is created.** Besides resources and methods (REST) or routes and integrations (HTTP),
/// the snapshot carries the authorizers of the security schemes, and for REST APIs the request
/// validators, gateway responses and models (with `$ref`s rewritten to model URLs), for the
/// control plane to store as its create operations would.
///
/// **Errors and warnings.** Invalid documents throw ``OpenAPIImportError`` naming every problem.
/// Warnings are what AWS warns about, and features Portcullis does not have yet (naming the
/// feature): the API is still created, with the warnings in the result and in
/// `RestApi.warnings`/`Api.warnings`, unless ``Options/failOnWarnings`` is set (AWS
/// `failonwarnings=true`). What AWS accepts silently is at most an `info` note.
///
/// **AWS variables.** With ``Options/variables``, `${AWS::AccountId}`, `${AWS::Region}` and
/// `${AWS::Partition}` are resolved in every string of the document first, as AWS does at import.
///
/// **Ids.** Without ``Options/apiId``, every id (API, resources, routes, integrations) is derived
/// from the API type, title, path and method with `ResourceIdentifier.stable(from:)`, so that
/// importing the same document twice gives the same API. Stage variables in URIs
/// (`${stageVariables.backend}`) are kept verbatim for the data plane to resolve.
public struct OpenAPIImporter: Sendable {
    /// How to import.
    public struct Options: Sendable, Hashable {
        /// REST or HTTP; `nil` (the default) picks as described on ``OpenAPIImporter``.
        public var apiType: ApiType?
        /// Fail on warnings instead of returning them (AWS `failonwarnings`). Default `false`.
        public var failOnWarnings: Bool
        /// How the document's base path applies (AWS `basepath`). Default ``BasePathMode/ignore``.
        public var basePath: BasePathMode
        /// The id of the API to create or replace; `nil` (the default) derives a stable id from the
        /// document.
        public var apiId: String?
        /// The account, Region and partition `${AWS::…}` variables resolve to; `nil` (the default)
        /// leaves them as written.
        public var variables: AWSImportVariables?

        public init(
            apiType: ApiType? = nil, failOnWarnings: Bool = false, basePath: BasePathMode = .ignore, apiId: String? = nil,
            variables: AWSImportVariables? = nil
        ) {
            self.apiType = apiType
            self.failOnWarnings = failOnWarnings
            self.basePath = basePath
            self.apiId = apiId
            self.variables = variables
        }
    }

    public var options: Options

    public init(options: Options = .init()) {
        self.options = options
    }

    /// Imports `data`, the bytes of a JSON or YAML document. `sourceName` (a file name, or `-`)
    /// appears in error descriptions.
    public func importDocument(_ data: Data, sourceName: String) throws(OpenAPIImportError) -> OpenAPIImport {
        try importDocument([UInt8](data), sourceName: sourceName)
    }

    /// Imports `bytes`, a JSON or YAML document.
    public func importDocument(_ bytes: [UInt8], sourceName: String) throws(OpenAPIImportError) -> OpenAPIImport {
        let value: JSONValue
        do {
            value = try DocumentReader.read(bytes)
        } catch {
            throw OpenAPIImportError(
                diagnostics: [Diagnostic(severity: .error, path: JSONPath.root.description, message: error.description)],
                sourceName: sourceName)
        }
        return try importParsedDocument(value, sourceName: sourceName)
    }

    /// Imports a document already parsed into a ``JSON/JSONValue``.
    public func importParsedDocument(_ value: JSONValue, sourceName: String) throws(OpenAPIImportError) -> OpenAPIImport {
        let log = DiagnosticCollector()
        let resolved = options.variables?.resolve(value) ?? value
        guard let document = OpenAPIDocument.read(resolved, log) else {
            throw failure(log, sourceName: sourceName)
        }
        let choice = options.apiType.map { ApiTypeChoice(type: $0, reason: "chosen by the caller") } ?? ApiTypeChoice(for: document)
        let type = choice.type
        if type == .http, document.isSwagger2 {
            log.error(JSONPath.root.key("swagger"), "HTTP APIs import OpenAPI 3.0 definitions only, not Swagger 2.0")
            throw failure(log, sourceName: sourceName)
        }
        let apiId = options.apiId ?? ResourceIdentifier.stable(from: "\(type.rawValue)|\(document.title)")

        var definition: ApiDefinition
        var documentationParts: [DocumentationPart] = []
        switch type {
        case .rest:
            definition = .rest(RestApiBuilder(document: document, apiId: apiId, basePathMode: options.basePath, log: log).build())
            documentationParts = DocumentationReader(document: document, apiId: apiId, log: log).parts()
        case .http:
            definition = .http(HttpApiBuilder(document: document, apiId: apiId, basePathMode: options.basePath, log: log).build())
        }

        let warnings = log.diagnostics.filter { $0.severity == .warning }
        if log.hasErrors || (options.failOnWarnings && !warnings.isEmpty) {
            throw failure(log, sourceName: sourceName)
        }
        let messages = warnings.map { "\($0.message) (at \($0.path))" }
        switch definition {
        case .rest(var snapshot):
            snapshot.api.warnings = messages.isEmpty ? nil : messages
            definition = .rest(snapshot)
        case .http(var snapshot):
            snapshot.api.warnings = messages.isEmpty ? nil : messages
            let notes = log.diagnostics.filter { $0.severity == .info }.map { "\($0.message) (at \($0.path))" }
            snapshot.api.importInfo = notes.isEmpty ? nil : notes
            definition = .http(snapshot)
        }
        var result = OpenAPIImport(definition: definition, diagnostics: log.diagnostics, documentBasePath: document.basePath)
        result.apiTypeReason = choice.reason
        result.documentationParts = documentationParts
        return result
    }

    /// The error for a failed import: errors first (then warnings), in document order.
    private func failure(_ log: DiagnosticCollector, sourceName: String) -> OpenAPIImportError {
        let relevant = log.diagnostics.filter { $0.severity != .info }
        let ordered = relevant.filter { $0.severity == .error } + relevant.filter { $0.severity == .warning }
        return OpenAPIImportError(diagnostics: ordered, sourceName: sourceName)
    }
}
