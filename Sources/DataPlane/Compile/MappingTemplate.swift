public import NIOCore

/// A mapping template, compiled once. Templates without Velocity syntax (`$`, `#`) are static
/// text and are served as they are; Velocity (VTL) templates need the template engine, which is
/// not built yet: a method that would render one answers 500 and the compiler reports it.
public enum MappingTemplate: Sendable {
    case text(ByteBuffer)
    case velocity(String)

    public init(_ source: String) {
        if source.contains("$") || source.contains("#") {
            self = .velocity(source)
        } else {
            self = .text(ByteBuffer(string: source))
        }
    }
}

/// The request templates of an integration and its `passthroughBehavior`.
public struct RequestTemplates: Sendable {
    public enum Passthrough: String, Sendable {
        case whenNoMatch = "WHEN_NO_MATCH"
        case whenNoTemplates = "WHEN_NO_TEMPLATES"
        case never = "NEVER"
    }

    public enum Selection {
        case template(MappingTemplate, contentType: String)
        case passthrough
        case unsupportedMediaType
    }

    public let templates: [String: MappingTemplate]
    public let passthrough: Passthrough

    public init(_ templates: [String: String]?, passthrough: String?) {
        var compiled: [String: MappingTemplate] = [:]
        for (contentType, source) in templates ?? [:] { compiled[contentType.lowercased()] = MappingTemplate(source) }
        self.templates = compiled
        self.passthrough = passthrough.flatMap { Passthrough(rawValue: $0.uppercased()) } ?? .whenNoMatch
    }

    /// AWS's choice: the template for the request's media type (`application/json` when the
    /// request has none), else what the passthrough behaviour says.
    public func select(contentType: String?) -> Selection {
        let mediaType = contentType.map(Self.mediaType) ?? "application/json"
        if let template = templates[mediaType] { return .template(template, contentType: mediaType) }
        switch passthrough {
        case .whenNoMatch: return .passthrough
        case .whenNoTemplates: return templates.isEmpty ? .passthrough : .unsupportedMediaType
        case .never: return .unsupportedMediaType
        }
    }

    /// What the integration request sends, from a template or the passthrough body.
    public enum Rendered {
        /// No template applies: the client's body as it is.
        case passthrough
        /// The body a template made, and the media type it was chosen for.
        case body(ByteBuffer, contentType: String)
    }

    /// The integration request's mapping step, shared by every non-proxy integration (MOCK,
    /// HTTP, and the AWS integrations to come): selects the template for the request and renders
    /// it. 415 when the passthrough behaviour refuses the media type; 500 for a template that
    /// needs the VTL engine (not built yet), with the reason in the log.
    func render(_ exchange: Exchange) -> Result<Rendered, GatewayError> {
        switch select(contentType: exchange.head.headers.first(name: "content-type")) {
        case .passthrough: return .success(.passthrough)
        case .unsupportedMediaType: return .failure(.unsupportedMediaType)
        case .template(.text(let text), let contentType): return .success(.body(text, contentType: contentType))
        case .template(.velocity, let contentType):
            return .failure(exchange.stage.dialect.internalError(cause: "the request template for \(contentType) needs the VTL engine (not yet built)"))
        }
    }

    static func mediaType(_ contentType: String) -> String {
        let base = contentType.split(separator: ";", maxSplits: 1).first ?? ""
        return String(base).trimmingWhitespace().lowercased()
    }
}
