import NIOCore
import NIOHTTP1

/// HTTP integrations: REST `HTTP_PROXY` and `HTTP` (custom), and HTTP APIs' `HTTP_PROXY`.
///
/// - Proxy: the client's method (unless the integration names one), headers (less those AWS never
///   forwards), query string and body go to the URI with its `{placeholders}` filled from the path
///   parameters; the backend's answer comes back as it is, with AWS's header remapping.
/// - Custom (REST `HTTP`): only mapped parameters are sent; the body is the request template's
///   output or the passthrough body; the backend's status picks an integration response.
///
/// Timeouts answer 504 (REST) or 503 (HTTP APIs); unreachable backends 504 (REST `INTEGRATION_FAILURE`)
/// or 500 (HTTP APIs); unusable answers 502.
struct HTTPIntegration: IntegrationHandler {
    enum Mode: Sendable {
        case restProxy
        case restCustom
        case httpApiProxy
    }

    let mode: Mode
    let uri: IntegrationURI
    /// nil or ANY: the client's method.
    let httpMethod: HTTPMethod?
    let timeoutMilliseconds: Int64
    let apiId: String
    let pathMappings: [String: MappingSource]
    let queryMappings: [(name: String, source: MappingSource)]
    let headerMappings: [(name: String, source: MappingSource)]
    let requestTemplates: RequestTemplates
    let responses: IntegrationResponses
    /// HTTP APIs' `requestParameters`.
    let parameterMapping: HttpApiParameterMapping?
    /// REST `HTTP`: the integration's `contentHandling` (`ContentHandling`).
    var requestContentHandling: ContentHandling? = nil
    /// HTTP APIs' `responseParameters`.
    var responseMapping: HttpApiResponseMapping? = nil

    func prepare(_ exchange: Exchange, loop: LoopContext) -> Result<IntegrationCall, GatewayError> {
        buildRequest(exchange, loop: loop).map { .upstream($0) }
    }

    func respond(_ exchange: Exchange, to outcome: IntegrationOutcome) -> Result<GatewayHTTPResponse, GatewayError> {
        guard case .upstream(let response) = outcome else {
            return .failure(configurationError("an HTTP integration got no backend response"))
        }
        return translate(response, exchange: exchange)
    }

    // MARK: Request

    func buildRequest(_ exchange: Exchange, loop: LoopContext) -> Result<UpstreamRequest, GatewayError> {
        // REST custom: the request template renders first, so that what it sets in
        // `$context.requestOverride` replaces the mapped path, query and header values below.
        var rendered: RequestTemplates.Rendered = .passthrough
        if mode == .restCustom {
            switch requestTemplates.render(exchange, contentHandling: requestContentHandling) {
            case .failure(let error): return .failure(error)
            case .success(let result): rendered = result
            }
        }
        let overrides = exchange.templateOverrides
        var path: String
        switch uri.pathParts.filledPath(exchange, mappings: pathMappings, overrides: overrides?.requestPath ?? [:]) {
        case .success(let filled): path = filled
        case .failure(let why): return .failure(configurationError(why.description))
        }
        if let overwritten = parameterMapping?.overwrittenPath(exchange) { path = UpstreamTarget.path(fromDecoded: overwritten) }
        var query = uri.query ?? ""
        if mode != .restCustom, let clientQuery = exchange.rawQuery, !clientQuery.isEmpty {
            if !query.isEmpty { query += "&" }
            query += UpstreamTarget.query(clientQuery)
        }
        if let parameterMapping, parameterMapping.touchesQuery {
            var pairs: [(name: String, value: String)] = query.split(separator: "&").map { pair in
                let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                return (String(parts[0]), parts.count > 1 ? String(parts[1]) : "")
            }
            parameterMapping.applyQuery(&pairs, exchange: exchange)
            query = pairs.map { $0.value.isEmpty ? $0.name : "\($0.name)=\($0.value)" }.joined(separator: "&")
        }
        for (name, source) in queryMappings where overrides?.requestQuerystring.contains(where: { $0.name == name }) != true {
            guard let value = source.value(for: exchange) else { continue }
            if !query.isEmpty { query += "&" }
            query += QueryString.encode(name) + "=" + QueryString.encode(value)
        }
        for (name, values) in overrides?.requestQuerystring ?? [] {
            for value in values {
                if !query.isEmpty { query += "&" }
                query += QueryString.encode(name) + "=" + QueryString.encode(value)
            }
        }
        let target = query.isEmpty ? path : path + "?" + query

        var headers: HTTPHeaders
        switch mode {
        case .restProxy, .httpApiProxy:
            headers = ProxyHeaderRules.forwardedRequestHeaders(exchange.head.headers)
        case .restCustom:
            headers = HTTPHeaders()
            headers.add(name: "User-Agent", value: "AmazonAPIGateway_\(apiId)")
        }
        if let parameterMapping, !parameterMapping.isEmpty {
            var editor = HTTPHeadersEditor(headers: headers)
            parameterMapping.applyHeaders(&editor, exchange: exchange)
            headers = editor.headers
        }
        for (name, source) in headerMappings {
            if let value = source.value(for: exchange), HeaderValue.isSafe(value) { headers.replaceOrAdd(name: name, value: value) }
        }
        for (name, values) in overrides?.requestHeaders ?? []
        where HeaderValue.isValidName(name) && !ProxyHeaderRules.framing.contains(name) && values.allSatisfy(HeaderValue.isSafe) {
            headers.remove(name: name)
            for value in values { headers.add(name: name, value: value) }
        }
        headers.replaceOrAdd(name: "Host", value: uri.endpoint.authority)
        if mode == .restProxy || mode == .restCustom {
            headers.replaceOrAdd(name: "x-amzn-apigateway-api-id", value: apiId)
        }
        exchange.propagateTrace(into: &headers, loop: loop)
        if mode != .restCustom {
            let forwardedFor = exchange.head.headers.first(name: "x-forwarded-for")
            headers.replaceOrAdd(
                name: "X-Forwarded-For",
                value: forwardedFor.map { "\($0), \(exchange.context.sourceIp)" } ?? exchange.context.sourceIp)
            headers.replaceOrAdd(name: "X-Forwarded-Port", value: String(exchange.localPort))
            headers.replaceOrAdd(name: "X-Forwarded-Proto", value: exchange.isSecure ? "https" : "http")
        }

        var body: ByteBuffer?
        switch mode {
        case .restProxy, .httpApiProxy:
            body = exchange.body
        case .restCustom:
            switch rendered {
            case .passthrough:
                switch ContentHandling.request(exchange.body, handling: requestContentHandling, exchange: exchange) {
                case .success(let converted): body = converted
                case .failure(let error): return .failure(error)
                }
            case .body(let text, let contentType):
                body = text
                headers.replaceOrAdd(name: "Content-Type", value: contentType)
            }
            if let contentType = exchange.head.headers.first(name: "content-type"), !headers.contains(name: "content-type"),
                body != nil
            {
                headers.add(name: "Content-Type", value: contentType)
            }
        }
        let method = httpMethod ?? exchange.head.method
        if let body, body.readableBytes > 0 {
            headers.replaceOrAdd(name: "Content-Length", value: String(body.readableBytes))
        } else if method == .POST || method == .PUT || method == .PATCH {
            headers.replaceOrAdd(name: "Content-Length", value: "0")
        }
        let head = HTTPRequestHead(version: .http1_1, method: method, uri: target, headers: headers)
        return .success(UpstreamRequest(endpoint: uri.endpoint, head: head, body: body, timeoutMilliseconds: timeoutMilliseconds))
    }

    // MARK: Response

    private func translate(_ response: UpstreamResponse, exchange: Exchange) -> Result<GatewayHTTPResponse, GatewayError> {
        switch mode {
        case .restProxy:
            return .success(
                GatewayHTTPResponse(
                    status: response.head.status, headers: ProxyHeaderRules.restProxyResponseHeaders(response.head.headers),
                    body: response.body))
        case .httpApiProxy:
            var answer = GatewayHTTPResponse(
                status: response.head.status, headers: ProxyHeaderRules.httpApiProxyResponseHeaders(response.head.headers),
                body: response.body)
            responseMapping?.apply(to: &answer, upstream: response, exchange: exchange)
            return .success(answer)
        case .restCustom:
            guard let entry = responses.select(String(response.head.status.code)) else {
                return .failure(
                    configurationError("no integration response matches status \(response.head.status.code) and there is no default"))
            }
            return IntegrationResponseRenderer.render(entry, exchange: exchange, upstream: response)
        }
    }

    func failure(for error: UpstreamError) -> GatewayError {
        let cause = "\(uri.endpoint): \(error)"
        switch (mode, error) {
        case (.httpApiProxy, .timedOut), (.httpApiProxy, .overloaded): return .httpApiTimeout(cause: cause)
        case (.httpApiProxy, _): return .httpApiInternalError(cause: cause)
        case (_, .timedOut): return .restIntegrationTimeout(cause: cause)
        case (_, .connectFailed), (_, .connectionClosed(receivedResponseBytes: false)), (_, .overloaded), (_, .cancelled):
            return .restIntegrationFailure(cause: cause)
        case (_, .connectionClosed), (_, .invalidResponse), (_, .responseTooLarge):
            return .badGateway(cause: cause)
        }
    }

    private func configurationError(_ cause: String) -> GatewayError {
        mode == .httpApiProxy ? .httpApiInternalError(cause: cause) : .configuration(cause: cause)
    }
}

