/// A problem found while importing an OpenAPI document, named by the JSON path of the value it
/// concerns (for example `$.paths['/pets/{id}'].get['x-amazon-apigateway-integration'].type`).
///
/// Severities follow API Gateway's import:
/// - ``Severity/error``: the document is invalid or malformed; nothing is created.
/// - ``Severity/warning``: the API is created, but something in the document is ignored or cannot
///   be honoured. With `failOnWarnings` the import fails instead (AWS `failonwarnings=true`).
/// - ``Severity/info``: a property valid in OpenAPI that the API type does not use, or that
///   Portcullis accepts but does not store yet (AWS HTTP API import's "Info" category). Never
///   fails an import.
public struct Diagnostic: Sendable, Hashable, Codable, CustomStringConvertible {
    /// How serious a diagnostic is.
    public enum Severity: String, Sendable, Hashable, Codable, Comparable {
        case info
        case warning
        case error

        private var rank: Int {
            switch self {
            case .info: 0
            case .warning: 1
            case .error: 2
            }
        }

        public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }
    }

    public var severity: Severity
    /// The JSON path of the value concerned, `$` for the whole document.
    public var path: String
    public var message: String

    public init(severity: Severity, path: String, message: String) {
        self.severity = severity
        self.path = path
        self.message = message
    }

    /// `warning: $.paths['/pets'].get: message`.
    public var description: String { "\(severity.rawValue): \(path): \(message)" }
}
