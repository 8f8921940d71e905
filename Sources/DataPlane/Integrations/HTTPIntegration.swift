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
        // Every piece of the target is made safe where it is added (see `UpstreamTarget`): the
        // URI's literals were checked when compiled, values are escaped and their dot segments
        // resolved within themselves, so the request line is one request under the URI's path.
        var path = ""
        for part in uri.pathParts {
            switch part {
            case .literal(let text): path += text
            case .parameter(let name):
                if case .requestPath(let methodParameter) = pathMappings[name], let raw = exchange.pathParameter(methodParameter) {
                    UpstreamTarget.appendRaw(raw, to: &path)
                } else if let source = pathMappings[name] {
                    guard let value = source.value(for: exchange) else {
                        return .failure(configurationError("no value for the mapped path parameter '\(name)'"))
                    }
                    UpstreamTarget.appendDecoded(value, greedy: false, to: &path)
                } else if let raw = exchange.pathParameter(name) {
                    UpstreamTarget.appendRaw(raw, to: &path)
                } else {
                    return .failure(configurationError("the URI's '{\(name)}' has no path parameter or mapping"))
                }
            }
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
        for (name, source) in queryMappings {
            guard let value = source.value(for: exchange) else { continue }
            if !query.isEmpty { query += "&" }
            query += QueryString.encode(name) + "=" + QueryString.encode(value)
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
            switch requestTemplates.render(exchange) {
            case .failure(let error):
                return .failure(error)
            case .success(.passthrough):
                body = exchange.body
            case .success(.body(let text, let contentType)):
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
            return .success(
                GatewayHTTPResponse(
                    status: response.head.status, headers: ProxyHeaderRules.httpApiProxyResponseHeaders(response.head.headers),
                    body: response.body))
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

