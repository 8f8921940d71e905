public import GatewayModel
import Logging
import NIOCore
import NIOHTTP1

/// A REST API's custom gateway responses (`PutGatewayResponse`,
/// `x-amazon-apigateway-gateway-responses`), compiled once per deployment: what the gateway
/// answers for each failure type instead of AWS's default.
///
/// A failure takes the response of its own type, else the API's `DEFAULT_4XX` or `DEFAULT_5XX`
/// by its status class, else AWS's default answer. A response's `statusCode` replaces the
/// status (a `DEFAULT_4XX`/`DEFAULT_5XX` without one keeps each failure's own), its
/// `responseParameters` set `gatewayresponse.header.NAME` from `'static'` text,
/// `method.request.{path|querystring|multivaluequerystring|header|multivalueheader}.NAME`,
/// `stageVariables.NAME` and `context.NAME`, and its `responseTemplates` (chosen by `Accept`,
/// else `application/json`) make the body through `GatewayResponseTemplate`. `Content-Type`
/// follows the chosen template; `x-amzn-ErrorType` stays. HTTP APIs have none
/// (`CompiledGatewayResponses.none`).
public struct CompiledGatewayResponses: Sendable {
    struct Entry: Sendable {
        let status: HTTPResponseStatus?
        let headers: [(name: String, source: MappingSource)]
        let templates: [String: MappingTemplate]
    }

    private let byType: [GatewayResponseType: Entry]

    public static let none = CompiledGatewayResponses(byType: [:])

    private init(byType: [GatewayResponseType: Entry]) {
        self.byType = byType
    }

    public var isEmpty: Bool { byType.isEmpty }

    /// Compiles `responses`; what cannot be compiled is reported and left out.
    public init(_ responses: [GatewayResponse]?, stageVariables: [String: String], location: String, diagnostics: inout [String]) {
        let known = Set(GatewayResponse.defaultStatuses.map(\.type))
        var byType: [GatewayResponseType: Entry] = [:]
        for response in responses ?? [] {
            let where_ = "\(location) gateway response \(response.responseType)"
            guard known.contains(response.responseType) else {
                diagnostics.append("\(where_): unknown response type (ignored)")
                continue
            }
            var status: HTTPResponseStatus?
            if let text = response.statusCode, !text.isEmpty {
                guard let code = Int(text), (100...599).contains(code) else {
                    diagnostics.append("\(where_): invalid status code \(text) (ignored)")
                    continue
                }
                status = HTTPResponseStatus(statusCode: code)
            }
            var headers: [(name: String, source: MappingSource)] = []
            for (target, expression) in (response.responseParameters ?? [:]).sorted(by: { $0.key < $1.key }) {
                guard let name = target.dropPrefix("gatewayresponse.header."), HeaderValue.isValidName(name) else {
                    diagnostics.append("\(where_): unsupported response parameter \(target) (ignored)")
                    continue
                }
                guard let source = MappingSource.parse(expression, stageVariables: stageVariables), source.isRequestSide,
                    source.isSafeForHeaders
                else {
                    diagnostics.append("\(where_): unsupported value '\(expression)' for \(target) (ignored)")
                    continue
                }
                headers.append((name, source))
            }
            let templates = MappingTemplate.compile(response.responseTemplates, kind: "gateway response", where: where_, diagnostics: &diagnostics)
            byType[GatewayResponseType(rawValue: response.responseType)] = Entry(status: status, headers: headers, templates: templates)
        }
        self.byType = byType
    }

    /// The answer for `error` on `exchange`'s API.
    func render(_ error: GatewayError, exchange: Exchange, logger: Logger) -> GatewayHTTPResponse {
        let classDefault: GatewayResponseType = error.status.code >= 500 ? .default5XX : .default4XX
        guard let entry = byType[error.type] ?? byType[classDefault] else {
            return ErrorResponseRenderer.render(error, allocator: ByteBufferAllocator())
        }
        var headers = ErrorResponseRenderer.headers(error)
        let body: ByteBuffer
        if entry.templates.isEmpty {
            body = ErrorResponseRenderer.defaultBody(error, allocator: ByteBufferAllocator())
        } else {
            let (contentType, template) = IntegrationResponseRenderer.selectTemplate(
                entry.templates, accept: exchange.head.headers.first(name: "accept"))
            headers.replaceOrAdd(name: "Content-Type", value: contentType)
            body = GatewayResponseTemplate.render(template, error: error, exchange: exchange, logger: logger)
        }
        for (name, source) in entry.headers {
            if let value = source.value(for: exchange), HeaderValue.isSafe(value) { headers.replaceOrAdd(name: name, value: value) }
        }
        return GatewayHTTPResponse(status: entry.status ?? error.status, headers: headers, body: body)
    }
}

extension MappingSource {
    /// Whether the value comes from the method request's parameters, the context or the
    /// configuration (what gateway responses may map), not from a body or an integration's answer.
    var isRequestSide: Bool {
        switch self {
        case .responseHeader, .responseMultiHeader, .responseBody, .responseBodyPath, .requestBody, .requestBodyPath: false
        default: true
        }
    }
}
