public import GatewayModel
import NIOHTTP1

/// How a custom domain name picks the API for a request (`routingMode`).
enum DomainRoutingMode: Sendable {
    /// Base path and API mappings only (AWS's default).
    case apiMappingOnly
    /// Routing rules only: a request no rule takes is not routed.
    case routingRuleOnly
    /// Every routing rule first, then the mappings.
    case routingRuleThenApiMapping

    init(_ text: String?) {
        switch text {
        case "ROUTING_RULE_ONLY": self = .routingRuleOnly
        case "ROUTING_RULE_THEN_API_MAPPING": self = .routingRuleThenApiMapping
        default: self = .apiMappingOnly
        }
    }
}

/// A routing rule of a custom domain name, compiled: conditions that all hold send the request to
/// a stage of a REST API. Rules are kept in ascending priority; the first that matches wins.
///
/// - A header condition holds when any of its name/glob pairs matches one of the request's
///   values for that header: names case-insensitively, values case-sensitively, `*` as a prefix,
///   a suffix or both.
/// - A base path condition holds when any of its base paths begins the request's path at a
///   segment boundary (case-sensitive); with `stripBasePath` the API sees the path after it.
struct CompiledRoutingRule: Sendable {
    struct HeaderMatch: Sendable {
        /// Lowercased.
        let name: String
        let value: ValueGlob
    }

    let priority: Int
    /// Each inner list is one condition (any of); all conditions must hold.
    let headerConditions: [[HeaderMatch]]
    /// Any of these base paths (without leading or trailing `/`); `nil` when the rule has no
    /// base path condition.
    let basePaths: [String]?
    let api: CompiledApi
    let stage: CompiledStage
    let stripBasePath: Bool

    /// The path the target API sees, when the rule takes the request.
    func match(path: Substring, headers: HTTPHeaders) -> Substring? {
        for condition in headerConditions {
            let holds = condition.contains { match in
                headers[match.name].contains { match.value.matches($0) }
            }
            if !holds { return nil }
        }
        guard let basePaths else { return path }
        for basePath in basePaths {
            if let rest = BasePath.remainder(of: path, after: basePath) { return stripBasePath ? rest : path }
        }
        return nil
    }

    /// Compiles the stored rules of one domain, by priority; a rule whose API or stage is not
    /// deployed (or not a REST API) is left out with a diagnostic.
    static func compile(
        _ rules: [ApiGatewayV2.RoutingRule], domain: String, apis: [String: CompiledApi], diagnostics: inout [String]
    ) -> [CompiledRoutingRule] {
        var compiled: [CompiledRoutingRule] = []
        for rule in rules.sorted(by: { $0.priority < $1.priority }) {
            guard let action = rule.actions.first?.invokeApi else { continue }
            guard let api = apis[action.apiId], api.kind == .rest, let stage = api.stages[action.stage] else {
                diagnostics.append("domain \(domain) routing rule \(rule.routingRuleId): REST API \(action.apiId) stage \(action.stage) is not deployed")
                continue
            }
            let headerConditions = rule.conditions.compactMap(\.matchHeaders).map { condition in
                condition.anyOf.map { HeaderMatch(name: $0.header.lowercased(), value: ValueGlob($0.valueGlob)) }
            }
            let basePaths = rule.conditions.compactMap(\.matchBasePaths).first.map { condition in
                condition.anyOf.map { BasePath.normalized($0) }
            }
            compiled.append(CompiledRoutingRule(
                priority: rule.priority, headerConditions: headerConditions, basePaths: basePaths,
                api: api, stage: stage, stripBasePath: action.stripBasePath ?? false))
        }
        return compiled
    }
}

/// A header value glob of a routing rule: the value itself, `*suffix`, `prefix*` or `*part*`.
struct ValueGlob: Sendable {
    enum Kind: Sendable { case exact, prefix, suffix, contains }

    let kind: Kind
    let text: String

    init(_ glob: String) {
        let leading = glob.hasPrefix("*")
        let trailing = glob.count > 1 && glob.hasSuffix("*")
        var text = Substring(glob)
        if leading { text = text.dropFirst() }
        if trailing { text = text.dropLast() }
        self.text = String(text)
        switch (leading, trailing) {
        case (false, false): kind = .exact
        case (false, true): kind = .prefix
        case (true, false): kind = .suffix
        case (true, true): kind = .contains
        }
    }

    func matches(_ value: String) -> Bool {
        switch kind {
        case .exact: value == text
        case .prefix: value.hasPrefix(text)
        case .suffix: value.hasSuffix(text)
        case .contains: value.contains(text)
        }
    }
}

/// Base paths of mappings and routing rules: segments matched at `/` boundaries.
enum BasePath {
    /// Without leading or trailing `/`; `(none)` is the empty base path.
    static func normalized(_ basePath: String?) -> String {
        var base = Substring(basePath ?? "")
        if base == "(none)" { return "" }
        while base.hasPrefix("/") { base.removeFirst() }
        while base.hasSuffix("/") { base.removeLast() }
        return String(base)
    }

    /// The part of `path` (which starts with `/`) after `basePath`, starting with `/`, when the
    /// base path begins it at a segment boundary; the whole path for the empty base path.
    static func remainder(of path: Substring, after basePath: String) -> Substring? {
        if basePath.isEmpty { return path }
        let afterSlash = path.dropFirst()
        guard afterSlash.hasPrefix(basePath) else { return nil }
        let end = afterSlash.index(afterSlash.startIndex, offsetBy: basePath.count)
        if end == afterSlash.endIndex { return "/" }
        if afterSlash[end] == "/" { return afterSlash[end...] }
        return nil
    }
}
