public import MappingTemplates
public import NIOCore

/// A mapping template, compiled once per deployment.
///
/// Text without Velocity syntax (`$`, `#`) is served as it is, with no render at all; anything
/// else is parsed here into a ``VelocityTemplate`` and rendered per request. A template that does
/// not parse keeps its error: the compiler reports it, and a request that selects it answers 500
/// with the cause in the log, where AWS would fail the same request.
public enum MappingTemplate: Sendable {
    case text(ByteBuffer)
    case velocity(VelocityTemplate)
    case invalid(TemplateSyntaxError)

    public init(_ source: String) {
        guard source.contains("$") || source.contains("#") else {
            self = .text(ByteBuffer(string: source))
            return
        }
        do {
            self = .velocity(try VelocityTemplate(source))
        } catch {
            self = .invalid(error)
        }
    }

    /// Templates by media type (lower-cased), with a diagnostic for each that does not parse.
    static func compile(
        _ sources: [String: String]?, kind: String, where location: String, diagnostics: inout [String]
    ) -> [String: MappingTemplate] {
        var compiled: [String: MappingTemplate] = [:]
        for (contentType, source) in (sources ?? [:]).sorted(by: { $0.key < $1.key }) {
            let template = MappingTemplate(source)
            if case .invalid(let error) = template {
                diagnostics.append("\(location): the \(kind) template for \(contentType) does not parse (\(error)); requests that use it answer 500")
            }
            compiled[contentType.lowercased()] = template
        }
        return compiled
    }

    /// The template's output for `input`: the static text, or the render with its overrides.
    func render(_ input: @autoclosure () -> TemplateInput, what: String) -> Result<(ByteBuffer, RenderedTemplate?), TemplateFailure> {
        switch self {
        case .text(let text):
            return .success((text, nil))
        case .velocity(let template):
            do {
                let rendered = try template.render(input())
                return .success((ByteBuffer(string: rendered.body), rendered))
            } catch {
                return .failure(TemplateFailure(cause: "the \(what) failed to render: \(error)"))
            }
        case .invalid(let error):
            return .failure(TemplateFailure(cause: "the \(what) does not parse: \(error)"))
        }
    }

    /// Whether rendering needs `$context` (so a request builds it only for templates that read it).
    var usesContext: Bool {
        if case .velocity(let template) = self { return template.referencedVariables.contains("context") }
        return false
    }
}

/// Why a template gave no output: logged, never sent (the client gets a 500).
struct TemplateFailure: Error {
    let cause: String
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
        var ignored: [String] = []
        self.init(templates, passthrough: passthrough, where: "", diagnostics: &ignored)
    }

    /// Compiles the templates, reporting those that do not parse.
    init(_ templates: [String: String]?, passthrough: String?, where location: String, diagnostics: inout [String]) {
        self.templates = MappingTemplate.compile(templates, kind: "request", where: location, diagnostics: &diagnostics)
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
    /// HTTP, AWS): selects the template for the request and renders it with `$input` the method
    /// request, `$context` and `$stageVariables`. What the template sets in
    /// `$context.requestOverride` / `responseOverride` is kept in `exchange.templateOverrides`
    /// for the integration request and the method response. 415 when the passthrough behaviour
    /// refuses the media type; 500 for a template that fails, with the cause in the log.
    ///
    /// With a template, `contentHandling` converts as AWS's table says: `CONVERT_TO_TEXT` encodes a
    /// binary payload in base64 before the template reads it (`$input.body`); `CONVERT_TO_BINARY`
    /// decodes the template's (base64) output. A passthrough body is the caller's to convert.
    func render(_ exchange: Exchange, contentHandling: ContentHandling? = nil) -> Result<Rendered, GatewayError> {
        switch select(contentType: exchange.head.headers.first(name: "content-type")) {
        case .passthrough: return .success(.passthrough)
        case .unsupportedMediaType: return .failure(.unsupportedMediaType)
        case .template(let template, let contentType):
            var input = exchange.body
            if contentHandling == .convertToText {
                switch ContentHandling.request(input, handling: .convertToText, exchange: exchange) {
                case .success(let converted): input = converted
                case .failure(let error): return .failure(error)
                }
            }
            switch template.render(exchange.templateInput(body: input, context: template.usesContext), what: "request template for \(contentType)") {
            case .success((let body, let rendered)):
                if let rendered, rendered.hasOverrides { exchange.templateOverrides = TemplateOverrides(rendered) }
                guard contentHandling == .convertToBinary else { return .success(.body(body, contentType: contentType)) }
                return ContentHandling.request(body, handling: .convertToBinary, exchange: exchange)
                    .map { .body($0 ?? ByteBuffer(), contentType: contentType) }
            case .failure(let failure):
                return .failure(exchange.stage.dialect.internalError(cause: failure.cause))
            }
        }
    }

    static func mediaType(_ contentType: String) -> String {
        let base = contentType.split(separator: ";", maxSplits: 1).first ?? ""
        return String(base).trimmingWhitespace().lowercased()
    }
}

/// What a request template set in `$context.requestOverride` and `$context.responseOverride`:
/// the first applies to the integration request, the second to the method response, over the
/// mappings (AWS: "override parameters after standard API Gateway mappings have been applied").
public struct TemplateOverrides: Sendable {
    public var requestHeaders: [(name: String, values: [String])] = []
    public var requestQuerystring: [(name: String, values: [String])] = []
    public var requestPath: [String: String] = [:]
    public var responseStatus: Int?
    public var responseHeaders: [(name: String, value: String)] = []

    init(_ rendered: RenderedTemplate) {
        requestHeaders = rendered.requestHeaders
        requestQuerystring = rendered.requestQuerystring
        for (name, value) in rendered.requestPath { requestPath[name] = value }
        responseStatus = rendered.responseStatus
        responseHeaders = rendered.responseHeaders
    }
}
