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
/// **Which kind of API.** ``Options/apiType`` chooses; when it is `nil`, the importer picks as
/// the AWS tools the document was written for would be used:
/// - Swagger 2.0 → REST (HTTP APIs import only OpenAPI 3; asking for `.http` is an error);
/// - OpenAPI 3.x → HTTP when the document carries `x-amazon-apigateway-importexport-version`
///   (which only HTTP API exports write), or has a `$default` path, or any integration with a
///   `payloadFormatVersion` (an HTTP API-only property); REST otherwise.
///
/// **Errors and warnings.** Invalid documents throw ``OpenAPIImportError`` naming every problem.
/// Unknown or unsupported `x-amazon-apigateway-*` extensions, and what the model cannot hold yet
/// (authorizers, request validators, gateway responses), are warnings: the API is still created,
/// with the warnings in the result and in `RestApi.warnings`/`Api.warnings`, unless
/// ``Options/failOnWarnings`` is set (AWS `failonwarnings=true`).
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

        public init(apiType: ApiType? = nil, failOnWarnings: Bool = false, basePath: BasePathMode = .ignore, apiId: String? = nil) {
            self.apiType = apiType
            self.failOnWarnings = failOnWarnings
            self.basePath = basePath
            self.apiId = apiId
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
        guard let document = OpenAPIDocument.read(value, log) else {
            throw failure(log, sourceName: sourceName)
        }
        let type = options.apiType ?? Self.defaultApiType(of: document)
        if type == .http, document.isSwagger2 {
            log.error(JSONPath.root.key("swagger"), "HTTP APIs import OpenAPI 3.0 definitions only, not Swagger 2.0")
            throw failure(log, sourceName: sourceName)
        }
        let apiId = options.apiId ?? ResourceIdentifier.stable(from: "\(type.rawValue)|\(document.title)")

        var definition: ApiDefinition
        switch type {
        case .rest:
            definition = .rest(RestApiBuilder(document: document, apiId: apiId, basePathMode: options.basePath, log: log).build())
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
        return OpenAPIImport(definition: definition, diagnostics: log.diagnostics, documentBasePath: document.basePath)
    }

    /// The kind of API a document imports as when ``Options/apiType`` is `nil`; see
    /// ``OpenAPIImporter``.
    static func defaultApiType(of document: OpenAPIDocument) -> ApiType {
        guard !document.isSwagger2 else { return .rest }
        let root = document.root.value
        if root["x-amazon-apigateway-importexport-version"] != nil { return .http }
        if document.paths.contains(where: { $0.key == OperationEntry.defaultPath }) { return .http }
        if let reusable = root["components"]?["x-amazon-apigateway-integrations"]?.objectValue,
            reusable.contains(where: { $0.value["payloadFormatVersion"] != nil })
        {
            return .http
        }
        for (_, item) in document.paths {
            for (_, operation) in item.object ?? JSONObject() where operation["x-amazon-apigateway-integration"]?["payloadFormatVersion"] != nil {
                return .http
            }
        }
        return .rest
    }

    /// The error for a failed import: errors first (then warnings), in document order.
    private func failure(_ log: DiagnosticCollector, sourceName: String) -> OpenAPIImportError {
        let relevant = log.diagnostics.filter { $0.severity != .info }
        let ordered = relevant.filter { $0.severity == .error } + relevant.filter { $0.severity == .warning }
        return OpenAPIImportError(diagnostics: ordered, sourceName: sourceName)
    }
}
