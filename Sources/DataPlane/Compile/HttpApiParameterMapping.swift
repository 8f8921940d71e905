import JSON
import NIOCore
import NIOHTTP1

/// HTTP APIs' request parameter mapping (`requestParameters` of an integration), compiled once:
/// `append:`, `overwrite:` or `remove:` a `header.NAME` or `querystring.NAME`, or
/// `overwrite:path`, with values that mix text and `$request.header.NAME`,
/// `$request.querystring.NAME`, `$request.path.NAME`, `$request.path`, `$request.body.JSONPath`,
/// `$context.NAME` and `$stageVariables.NAME` (resolved at compile time), with or without braces
/// (`${request.path}`). Response mappings (`HttpApiResponseMapping`) use the same values and
/// `$response.header.NAME` and `$response.body.JSONPath`.
public struct HttpApiParameterMapping: Sendable {
    public enum Action: String, Sendable {
        case append, overwrite, remove
    }

    public enum Target: Sendable, Equatable {
        case header(String)
        case querystring(String)
        case path
    }

    public struct Rule: Sendable {
        public let action: Action
        public let target: Target
        let value: ValueTemplate?
    }

    public let rules: [Rule]

    public var isEmpty: Bool { rules.isEmpty }
    var touchesQuery: Bool { rules.contains { if case .querystring = $0.target { true } else { false } } }

    /// Compiles `parameters`; what cannot be compiled is reported and left out.
    public init(_ parameters: [String: String], stageVariables: [String: String], diagnostics: inout [String], location: String) {
        var rules: [Rule] = []
        for (key, expression) in parameters.sorted(by: { $0.key < $1.key }) {
            let parts = key.split(separator: ":", maxSplits: 1)
            guard parts.count == 2, let action = Action(rawValue: String(parts[0]).lowercased()) else {
                diagnostics.append("\(location): invalid parameter mapping key '\(key)' (ignored)")
                continue
            }
            let targetText = String(parts[1])
            let target: Target
            if targetText == "path" {
                target = .path
            } else if let name = targetText.dropPrefix("header."), HeaderValue.isValidName(name) {
                guard !ProxyHeaderRules.isReservedForHttpApiMappings(name) else {
                    diagnostics.append("\(location): header \(name) is reserved and cannot be mapped (ignored)")
                    continue
                }
                target = .header(name)
            } else if let name = targetText.dropPrefix("querystring."), !name.isEmpty {
                target = .querystring(name)
            } else {
                diagnostics.append("\(location): invalid parameter mapping target '\(targetText)' (ignored)")
                continue
            }
            if action == .remove {
                rules.append(Rule(action: action, target: target, value: nil))
                continue
            }
            guard let value = ValueTemplate(expression, stageVariables: stageVariables), !value.readsResponse else {
                diagnostics.append("\(location): unsupported mapping value '\(expression)' for \(key) (ignored)")
                continue
            }
            if case .header = target, !value.isSafeForHeaders {
                diagnostics.append("\(location): the value of \(key) has a line break (ignored)")
                continue
            }
            rules.append(Rule(action: action, target: target, value: value))
        }
        self.rules = rules
    }

    /// Applies the header rules to `headers`.
    func applyHeaders(_ headers: inout HTTPHeadersEditor, exchange: Exchange) {
        Self.applyHeaderRules(rules, to: &headers, exchange: exchange, response: nil)
    }

    /// Applies the header rules of `rules` (request or response mappings) to `headers`.
    static func applyHeaderRules(_ rules: [Rule], to headers: inout HTTPHeadersEditor, exchange: Exchange, response: UpstreamResponse?) {
        for rule in rules {
            guard case .header(let name) = rule.target else { continue }
            switch rule.action {
            case .remove:
                headers.remove(name)
            case .overwrite, .append:
                guard let value = rule.value?.render(exchange, response: response), HeaderValue.isSafe(value) else { continue }
                if rule.action == .overwrite { headers.overwrite(name, value) } else { headers.append(name, value) }
            }
        }
    }

    /// Applies the query rules to the raw query pairs (still percent-encoded).
    func applyQuery(_ pairs: inout [(name: String, value: String)], exchange: Exchange) {
        for rule in rules {
            guard case .querystring(let name) = rule.target else { continue }
            let encodedName = QueryString.encode(name)
            switch rule.action {
            case .remove:
                pairs.removeAll { QueryString.decode($0.name[...]) == name }
            case .overwrite, .append:
                guard let value = rule.value?.render(exchange) else { continue }
                if rule.action == .overwrite { pairs.removeAll { QueryString.decode($0.name[...]) == name } }
                pairs.append((encodedName, QueryString.encode(value)))
            }
        }
    }

    /// The path `overwrite:path` sends instead of the URI's, if any.
    func overwrittenPath(_ exchange: Exchange) -> String? {
        guard let rule = rules.last(where: { $0.target == .path && $0.action == .overwrite }),
            let value = rule.value?.render(exchange)
        else { return nil }
        return value.hasPrefix("/") ? value : "/" + value
    }
}

/// A mapping value: literal text and variables, rendered per request.
struct ValueTemplate: Sendable {
    enum Part: Sendable {
        case literal(String)
        case requestHeader(String)
        case requestQuery(String)
        case requestPathParameter(String)
        case requestPath
        case requestBody(JSONPathExpression)
        case context(String)
        /// `$request.body`: the whole body as text.
        case requestBodyText
        case responseHeader(String)
        case responseBody(JSONPathExpression)
    }

    let parts: [Part]

    var isSafeForHeaders: Bool {
        parts.allSatisfy { if case .literal(let text) = $0 { HeaderValue.isSafe(text) } else { true } }
    }

    /// Whether a variable reads the backend's answer (only response mappings may).
    var readsResponse: Bool {
        parts.contains {
            switch $0 {
            case .responseHeader, .responseBody: true
            default: false
            }
        }
    }

    init?(_ expression: String, stageVariables: [String: String]) {
        var parts: [Part] = []
        var literal = ""
        var rest = expression[...]
        while let dollar = rest.firstIndex(of: "$") {
            literal += rest[..<dollar]
            var after = rest[rest.index(after: dollar)...]
            let variable: Substring
            if after.first == "{" {
                guard let close = after.firstIndex(of: "}") else { return nil }
                variable = after[after.index(after: after.startIndex)..<close]
                after = after[after.index(after: close)...]
            } else {
                let end = after.firstIndex { !($0.isLetter || $0.isNumber || $0 == "_" || $0 == "." || $0 == "-") } ?? after.endIndex
                variable = after[..<end]
                after = after[end...]
            }
            guard let part = Self.part(String(variable), stageVariables: stageVariables) else { return nil }
            if case .literal(let text) = part {
                literal += text
            } else {
                if !literal.isEmpty { parts.append(.literal(literal)) }
                literal = ""
                parts.append(part)
            }
            rest = after
        }
        literal += rest
        if !literal.isEmpty { parts.append(.literal(literal)) }
        self.parts = parts
    }

    private static func part(_ variable: String, stageVariables: [String: String]) -> Part? {
        if variable == "request.path" { return .requestPath }
        if let name = variable.dropPrefix("request.header.") { return .requestHeader(name) }
        if let name = variable.dropPrefix("request.querystring.") { return .requestQuery(name) }
        if let name = variable.dropPrefix("request.path.") { return .requestPathParameter(name) }
        if let name = variable.dropPrefix("context.") { return .context(name) }
        if let name = variable.dropPrefix("stageVariables.") { return .literal(stageVariables[name] ?? "") }
        if variable == "request.body" { return .requestBodyText }
        if let path = variable.dropPrefix("request.body.") { return JSONPathExpression(path).map { .requestBody($0) } }
        if let name = variable.dropPrefix("response.header."), !name.isEmpty { return .responseHeader(name) }
        if let path = variable.dropPrefix("response.body.") { return JSONPathExpression(path).map { .responseBody($0) } }
        return nil
    }

    /// The value for this request (and the backend's answer, for response mappings); nil when a
    /// variable it needs is absent.
    func render(_ exchange: Exchange, response: UpstreamResponse? = nil) -> String? {
        var result = ""
        for part in parts {
            switch part {
            case .literal(let text): result += text
            case .requestHeader(let name):
                guard let value = exchange.head.headers.first(name: name) else { return nil }
                result += value
            case .requestQuery(let name):
                guard let value = exchange.queryParameters.last(where: { $0.name == name })?.value else { return nil }
                result += value
            case .requestPathParameter(let name):
                guard let value = exchange.pathParameter(name) else { return nil }
                result += QueryString.decode(value, plusAsSpace: false)
            case .requestPath:
                result += QueryString.decode(exchange.resourcePathRequested, plusAsSpace: false)
            case .context(let name):
                guard let value = exchange.context.value(named: name) else { return nil }
                result += value
            case .requestBodyText:
                guard let body = exchange.body else { return nil }
                result += String(buffer: body)
            case .requestBody(let path):
                guard case .success(let document)? = exchange.jsonBody(), let value = path.text(in: document) else { return nil }
                result += value
            case .responseHeader(let name):
                guard let value = response?.head.headers[name].last else { return nil }
                result += value
            case .responseBody(let path):
                guard let body = response?.body, body.readableBytes > 0,
                    let document = try? JSONValueParser(maxDepth: Exchange.maxBodyDepth).parse(body.readableBytesView),
                    let value = path.text(in: document)
                else { return nil }
                result += value
            }
        }
        return result
    }
}

/// The header operations parameter mapping needs, over NIO's `HTTPHeaders`.
struct HTTPHeadersEditor {
    var headers: NIOHTTP1.HTTPHeaders

    mutating func remove(_ name: String) { headers.remove(name: name) }
    mutating func overwrite(_ name: String, _ value: String) { headers.replaceOrAdd(name: name, value: value) }
    mutating func append(_ name: String, _ value: String) {
        let existing = headers[name]
        if existing.isEmpty {
            headers.add(name: name, value: value)
        } else {
            headers.replaceOrAdd(name: name, value: (existing + [value]).joined(separator: ","))
        }
    }
}
