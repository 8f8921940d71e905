public import GatewayModel
import JSON

/// Writes an API as an OpenAPI document with API Gateway's extensions, as AWS's `GetExport`
/// (REST APIs: `oas30` or `swagger`, with the `integrations`, `authorizers` or `apigateway`
/// extensions) and `apigatewayv2 ExportApi` (HTTP APIs: `OAS30`, `includeExtensions`) do, as JSON
/// or YAML. Importing the result gives the same API back (see ``OpenAPIImporter``), except for
/// what the model does not hold yet: authorizer and request validator definitions, model schemas
/// (exported as stubs named like the models), and gateway responses.
///
/// Values API Gateway fills in on import are left out when they have their default
/// (`timeoutInMillis` 29,000 or 30,000, `connectionType` `INTERNET`, `cacheNamespace` equal to the
/// resource id, empty `cacheKeyParameters`), as AWS's exports leave them out.
public struct OpenAPIExporter: Sendable {
    /// The specification to write. HTTP APIs export OpenAPI 3.0 only.
    public enum Specification: String, Sendable, Hashable, CaseIterable {
        /// OpenAPI 3.0.1 (`oas30`).
        case oas30
        /// Swagger 2.0 (`swagger`).
        case swagger
    }

    /// The text format of the document.
    public enum Format: String, Sendable, Hashable, CaseIterable {
        case json
        case yaml

        /// `application/json` or `application/yaml`, as `GetExport` answers.
        public var contentType: String { self == .json ? "application/json" : "application/yaml" }
    }

    /// Which API Gateway extensions to write (`GetExport`'s `extensions` parameter).
    public struct Extensions: OptionSet, Sendable, Hashable {
        public let rawValue: Int
        public init(rawValue: Int) { self.rawValue = rawValue }

        /// `x-amazon-apigateway-integration` on every operation.
        public static let integrations = Extensions(rawValue: 1)
        /// Security schemes (API keys, SigV4).
        public static let authorizers = Extensions(rawValue: 2)
        /// Both, plus the API-level extensions (binary media types, policy, CORS, …).
        public static let apigateway = Extensions(rawValue: 7)
        /// Plain OpenAPI (`ExportApi`'s `includeExtensions=false`).
        public static let none: Extensions = []
    }

    /// How to export.
    public struct Options: Sendable, Hashable {
        /// Default ``Specification/oas30``.
        public var specification: Specification
        /// Default ``Format/json``.
        public var format: Format
        /// Default ``Extensions/apigateway``, so that the document imports back as the same API.
        public var extensions: Extensions
        /// The stage the document describes, written as the base path (`servers[0]`'s `basePath`
        /// variable, or Swagger's `basePath`). Default `nil`: no stage.
        public var stageName: String?
        /// The scheme and host the API is served at, e.g. `https://abc123.execute-api.localhost`.
        /// Default `nil`: servers are relative.
        public var endpoint: String?

        public init(
            specification: Specification = .oas30, format: Format = .json, extensions: Extensions = .apigateway,
            stageName: String? = nil, endpoint: String? = nil
        ) {
            self.specification = specification
            self.format = format
            self.extensions = extensions
            self.stageName = stageName
            self.endpoint = endpoint
        }
    }

    public var options: Options

    public init(options: Options = .init()) {
        self.options = options
    }

    /// Exports `definition`.
    public func export(_ definition: ApiDefinition) throws(OpenAPIExportError) -> OpenAPIExport {
        var warnings: [String] = []
        let document: JSONValue
        switch definition {
        case .rest(let snapshot):
            document = RestApiExporter(snapshot: snapshot, options: options).document(warnings: &warnings)
        case .http(let snapshot):
            guard options.specification == .oas30 else {
                throw OpenAPIExportError(message: "HTTP APIs export OpenAPI 3.0 (OAS30) only, not Swagger 2.0")
            }
            document = HttpApiExporter(snapshot: snapshot, options: options).document(warnings: &warnings)
        }
        let body: String
        switch options.format {
        case .json:
            body = JSONWriter.pretty(document) + "\n"
        case .yaml:
            do {
                body = try YAMLWriter.write(document)
            } catch {
                throw OpenAPIExportError(message: "cannot write YAML: \(error)")
            }
        }
        return OpenAPIExport(document: document, body: body, format: options.format, warnings: warnings)
    }
}
