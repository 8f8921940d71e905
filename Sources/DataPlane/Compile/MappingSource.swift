import JSON
/// The right-hand side of a REST parameter mapping, compiled once: `'static'`,
/// `method.request.{path|querystring|multivaluequerystring|header|multivalueheader}.NAME`,
/// `method.request.body` and `method.request.body.JSONPath`, `stageVariables.NAME` (resolved at
/// compile time), `context.NAME`, `integration.response.{header|multivalueheader}.NAME`,
/// `integration.response.body` and `integration.response.body.JSONPath` (`JSONPathExpression`).
public enum MappingSource: Sendable, Hashable {
    case literal(String)
    case requestPath(String)
    case requestQuery(String)
    case requestMultiQuery(String)
    case requestHeader(String)
    case requestMultiHeader(String)
    case context(String)
    case responseHeader(String)
    case responseMultiHeader(String)
    case responseBody
    case requestBody
    case requestBodyPath(JSONPathExpression)
    case responseBodyPath(JSONPathExpression)

    /// Parses an expression; `nil` means not supported (yet), which the compiler reports.
    public static func parse(_ expression: String, stageVariables: [String: String]) -> MappingSource? {
        let text = expression.trimmingWhitespace()
        if text.count >= 2, text.hasPrefix("'"), text.hasSuffix("'") {
            return .literal(String(text.dropFirst().dropLast()))
        }
        let prefixes: [(String, (String) -> MappingSource)] = [
            ("method.request.path.", { .requestPath($0) }),
            ("method.request.querystring.", { .requestQuery($0) }),
            ("method.request.multivaluequerystring.", { .requestMultiQuery($0) }),
            ("method.request.header.", { .requestHeader($0) }),
            ("method.request.multivalueheader.", { .requestMultiHeader($0) }),
            ("context.", { .context($0) }),
            ("integration.response.header.", { .responseHeader($0) }),
            ("integration.response.multivalueheader.", { .responseMultiHeader($0) }),
        ]
        for (prefix, make) in prefixes where text.hasPrefix(prefix) {
            let name = String(text.dropFirst(prefix.count))
            return name.isEmpty ? nil : make(name)
        }
        if text.hasPrefix("stageVariables.") {
            return .literal(stageVariables[String(text.dropFirst("stageVariables.".count))] ?? "")
        }
        if text == "integration.response.body" { return .responseBody }
        if text == "method.request.body" { return .requestBody }
        if let path = String(text).dropPrefix("method.request.body.") { return JSONPathExpression(path).map { .requestBodyPath($0) } }
        if let path = String(text).dropPrefix("integration.response.body.") { return JSONPathExpression(path).map { .responseBodyPath($0) } }
        return nil
    }

    /// The value for a request, or nil when the request has none.
    func value(for exchange: Exchange, response: UpstreamResponse? = nil) -> String? {
        switch self {
        case .literal(let value): return value
        case .requestPath(let name): return exchange.pathParameter(name).map { QueryString.decode($0, plusAsSpace: false) }
        case .requestQuery(let name): return exchange.queryParameters.last { $0.name == name }?.value
        case .requestMultiQuery(let name):
            let values = exchange.queryParameters.filter { $0.name == name }.map(\.value)
            return values.isEmpty ? nil : values.joined(separator: ",")
        case .requestHeader(let name): return exchange.head.headers[name].last
        case .requestMultiHeader(let name):
            let values = exchange.head.headers[name]
            return values.isEmpty ? nil : values.joined(separator: ",")
        case .context(let name): return exchange.context.value(named: name)
        case .responseHeader(let name): return response?.head.headers[name].last
        case .responseMultiHeader(let name):
            let values = response?.head.headers[name] ?? []
            return values.isEmpty ? nil : values.joined(separator: ",")
        case .responseBody:
            return response?.body.map { String(buffer: $0) }
        case .requestBody:
            return exchange.body.map { String(buffer: $0) }
        case .requestBodyPath(let path):
            guard case .success(let document)? = exchange.jsonBody() else { return nil }
            return path.text(in: document)
        case .responseBodyPath(let path):
            guard let body = response?.body, body.readableBytes > 0,
                let document = try? JSONValueParser(maxDepth: Exchange.maxBodyDepth).parse(body.readableBytesView)
            else { return nil }
            return path.text(in: document)
        }
    }
}

extension RequestContext {
    /// `$context.NAME` for the names this build fills.
    public func value(named name: String) -> String? {
        switch name {
        case "requestId": requestId
        case "extendedRequestId": extendedRequestId
        case "accountId": accountId
        case "apiId": apiId
        case "stage": stage
        case "deploymentId": deploymentId
        case "isCanaryRequest": isCanaryRequest ? "true" : "false"
        case "resourceId": resourceId
        case "resourcePath": resourcePath
        case "routeKey": routeKey
        case "httpMethod": httpMethod
        case "path": path
        case "protocol": `protocol`
        case "identity.sourceIp": sourceIp
        case "identity.userAgent": userAgent
        case "identity.accessKey": identityAccessKey
        case "identity.accountId": identityAccountId
        case "identity.userArn": identityUserArn
        // The account root's caller and user are its account id.
        case "identity.caller", "identity.user": identityAccountId
        case "identity.apiKey": apiKey
        case "identity.apiKeyId": apiKeyId
        case "requestTime": requestTime
        case "requestTimeEpoch": String(requestTimeEpoch)
        case "domainName": domainName
        case "domainPrefix": domainPrefix
        default:
            name.hasPrefix("identity.clientCert.")
                ? clientCert?.value(named: name.dropFirst("identity.clientCert.".count)) : authorizerValue(named: name)
        }
    }

    /// `authorizer.principalId`, `authorizer.integrationLatency`, `authorizer.claims.NAME` (a
    /// token's claims) and `authorizer.NAME` (a Lambda authorizer's context).
    private func authorizerValue(named name: String) -> String? {
        guard let authorizer, name.hasPrefix("authorizer.") else { return nil }
        let key = name.dropFirst("authorizer.".count)
        switch key {
        case "principalId": return authorizer.principalId
        case "integrationLatency": return authorizer.integrationLatency.map(String.init)
        default:
            let value = key.hasPrefix("claims.") ? authorizer.claims?[String(key.dropFirst("claims.".count))] : authorizer.context?[String(key)]
            guard let value else { return nil }
            return value.stringValue ?? JSONWriter.compact(value)
        }
    }
}

extension String {
    func trimmingWhitespace() -> Substring {
        var text = self[...]
        while let first = text.first, first.isWhitespace { text = text.dropFirst() }
        while let last = text.last, last.isWhitespace { text = text.dropLast() }
        return text
    }
}
