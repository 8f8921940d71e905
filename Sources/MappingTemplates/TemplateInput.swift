public import JSON

/// What a template renders against: the method request (or, for a response template, the
/// integration response) and the variables API Gateway gives every template.
public struct TemplateInput: Sendable {
    /// `$input.body`: the payload as text (empty when there is none).
    public var body: String
    /// `$input.params().path`: path parameters, decoded.
    public var path: [(name: String, value: String)]
    /// `$input.params().querystring`: query parameters, decoded, in order; a repeated name gives
    /// its last value, as API Gateway's `method.request.querystring` does.
    public var querystring: [(name: String, value: String)]
    /// `$input.params().header`: request headers in order; a repeated name gives its last value.
    public var header: [(name: String, value: String)]
    /// `$context`: an object (see `Exchange+TemplateContext` in the data plane for its members).
    public var context: JSONObject
    /// `$stageVariables`.
    public var stageVariables: [(name: String, value: String)]

    public init(
        body: String = "", path: [(name: String, value: String)] = [], querystring: [(name: String, value: String)] = [],
        header: [(name: String, value: String)] = [], context: JSONObject = [:], stageVariables: [(name: String, value: String)] = []
    ) {
        self.body = body
        self.path = path
        self.querystring = querystring
        self.header = header
        self.context = context
        self.stageVariables = stageVariables
    }
}

/// The result of a render: the text, and the overrides the template set through
/// `$context.requestOverride` and `$context.responseOverride`.
public struct RenderedTemplate: Sendable, Equatable {
    public var body: String
    /// `$context.requestOverride.header.NAME`; a list value gives several values of one header.
    public var requestHeaders: [(name: String, values: [String])]
    /// `$context.requestOverride.querystring.NAME`.
    public var requestQuerystring: [(name: String, values: [String])]
    /// `$context.requestOverride.path.NAME`.
    public var requestPath: [(name: String, value: String)]
    /// `$context.responseOverride.status`, when set to a status code.
    public var responseStatus: Int?
    /// `$context.responseOverride.header.NAME`.
    public var responseHeaders: [(name: String, value: String)]

    public init(body: String) {
        self.body = body
        requestHeaders = []
        requestQuerystring = []
        requestPath = []
        responseStatus = nil
        responseHeaders = []
    }

    /// Whether the template set any override.
    public var hasOverrides: Bool {
        !requestHeaders.isEmpty || !requestQuerystring.isEmpty || !requestPath.isEmpty || responseStatus != nil || !responseHeaders.isEmpty
    }

    public static func == (lhs: RenderedTemplate, rhs: RenderedTemplate) -> Bool {
        lhs.body == rhs.body && lhs.responseStatus == rhs.responseStatus
            && lhs.requestHeaders.map { "\($0.name)=\($0.values)" } == rhs.requestHeaders.map { "\($0.name)=\($0.values)" }
            && lhs.requestQuerystring.map { "\($0.name)=\($0.values)" } == rhs.requestQuerystring.map { "\($0.name)=\($0.values)" }
            && lhs.requestPath.map { "\($0.name)=\($0.value)" } == rhs.requestPath.map { "\($0.name)=\($0.value)" }
            && lhs.responseHeaders.map { "\($0.name)=\($0.value)" } == rhs.responseHeaders.map { "\($0.name)=\($0.value)" }
    }
}
