public import GatewayModel
import NIOHTTP1

/// Custom domain names, ready to route by: the `Host` of a request (lowercased, port dropped)
/// names a domain; the longest base path of its mappings that begins the request's path, at a
/// segment boundary, names the API and stage; the rest of the path is the path within the API
/// (the stage is not in the URL).
///
/// AWS's rules (developer guide "Custom domain names", "API mappings for REST APIs"):
/// - REST base path mappings (`apigateway`) and API mappings (`apigatewayv2`, `ApiMappingKey`)
///   are two views of one thing; both are gathered here under the domain name.
/// - Base paths may have several levels (`orders/v1`); the longest that matches wins; the empty
///   base path (`(none)`) matches every path not taken by another.
/// - A REST mapping without a stage (`(none)`) takes the stage from the next path segment.
/// - A wildcard domain `*.example.com` serves any one-label subdomain with no domain of its own.
/// - Routing rules (`routingMode` `ROUTING_RULE_ONLY` or `ROUTING_RULE_THEN_API_MAPPING`) are
///   tried first, by priority (`CompiledRoutingRule`); with `ROUTING_RULE_ONLY` the mappings are
///   not used.
/// - A path no mapping takes: REST 403 `{"message":"Forbidden"}`, and 404 `{"message":"Not
///   Found"}` on a domain whose mappings are all HTTP APIs (see `CompiledDomain/unmappedKind`).
public struct CompiledDomains: Sendable {
    /// By lowercased domain name.
    let byName: [String: CompiledDomain]

    public static let empty = CompiledDomains(byName: [:])

    public var isEmpty: Bool { byName.isEmpty }

    init(byName: [String: CompiledDomain]) {
        self.byName = byName
    }

    /// The domain `host` (without its port) names, exact before wildcard.
    func domain(for host: Substring) -> CompiledDomain? {
        if byName.isEmpty || host.isEmpty { return nil }
        let name = host.contains(where: \.isUppercase) ? host.lowercased() : String(host)
        if let exact = byName[name] { return exact }
        guard let dot = name.firstIndex(of: ".") else { return nil }
        return byName["*" + name[dot...]]
    }

    /// Compiles the stored domains against the compiled APIs; a mapping to an API or stage that
    /// is not deployed is left out with a diagnostic.
    static func compile(_ snapshot: DomainSnapshot, apis: [String: CompiledApi], diagnostics: inout [String]) -> CompiledDomains {
        var mappings: [String: [CompiledDomain.Mapping]] = [:]
        var restMapped: Set<String> = []
        var known: Set<String> = []
        for domain in snapshot.restDomainNames { known.insert(domain.domainName.lowercased()) }
        for domain in snapshot.httpDomainNames { known.insert(domain.domainName.lowercased()) }
        func add(_ domainName: String, basePath: String?, apiId: String?, stage: String?) {
            let name = domainName.lowercased()
            guard known.contains(name) else { return }
            let base = BasePath.normalized(basePath)
            guard let apiId, let api = apis[apiId] else {
                diagnostics.append("domain \(domainName) base path '\(base)': API \(apiId ?? "null") is not deployed")
                return
            }
            if api.kind == .rest { restMapped.insert(name) }
            let stageName = stage == "(none)" || stage?.isEmpty == true ? nil : stage
            if let stageName, api.stages[stageName] == nil {
                diagnostics.append("domain \(domainName) base path '\(base)': stage \(stageName) of API \(apiId) is not deployed")
                return
            }
            mappings[name, default: []].append(CompiledDomain.Mapping(basePath: base, api: api, stageName: stageName))
        }
        for (domainName, list) in snapshot.basePathMappings {
            for mapping in list { add(domainName, basePath: mapping.basePath, apiId: mapping.restApiId, stage: mapping.stage) }
        }
        for (domainName, list) in snapshot.apiMappings {
            for mapping in list { add(domainName, basePath: mapping.apiMappingKey, apiId: mapping.apiId, stage: mapping.stage) }
        }
        // The routing mode: the `apigatewayv2` view's when the domain has one, else the REST view's.
        var modes: [String: DomainRoutingMode] = [:]
        for domain in snapshot.restDomainNames { modes[domain.domainName.lowercased()] = DomainRoutingMode(domain.routingMode) }
        for domain in snapshot.httpDomainNames { modes[domain.domainName.lowercased()] = DomainRoutingMode(domain.routingMode) }
        var rules: [String: [ApiGatewayV2.RoutingRule]] = [:]
        for (domainName, list) in snapshot.routingRules { rules[domainName.lowercased(), default: []].append(contentsOf: list) }
        var byName: [String: CompiledDomain] = [:]
        for name in known {
            // Longest base path first; equal lengths cannot both match one path.
            let sorted = (mappings[name] ?? []).sorted { $0.basePath.utf8.count > $1.basePath.utf8.count }
            let httpOnly = !sorted.isEmpty && !restMapped.contains(name)
            let mode = modes[name] ?? .apiMappingOnly
            let compiledRules = mode == .apiMappingOnly
                ? [] : CompiledRoutingRule.compile(rules[name] ?? [], domain: name, apis: apis, diagnostics: &diagnostics)
            byName[name] = CompiledDomain(
                name: name, mappings: mode == .routingRuleOnly ? [] : sorted, rules: compiledRules,
                unmappedKind: httpOnly && mode == .apiMappingOnly ? .http : .rest)
        }
        return CompiledDomains(byName: byName)
    }
}

/// One custom domain name and its mappings, longest base path first.
struct CompiledDomain: Sendable {
    struct Mapping: Sendable {
        /// Without leading or trailing `/`; empty for `(none)`.
        let basePath: String
        let api: CompiledApi
        /// `nil`: the stage is the first path segment after the base path.
        let stageName: String?
    }

    let name: String
    /// Empty when the routing mode is `ROUTING_RULE_ONLY`.
    let mappings: [Mapping]
    /// By ascending priority; empty when the routing mode is `API_MAPPING_ONLY`. Tried before
    /// the mappings.
    let rules: [CompiledRoutingRule]
    /// How a path no mapping takes is answered: REST 403 `Forbidden`, HTTP 404 `Not Found`.
    let unmappedKind: ApiKind

    /// The mapping whose base path begins `path` (which starts with `/`), and the path after it.
    func mapping(for path: Substring) -> (Mapping, rest: Substring)? {
        for mapping in mappings {
            if let rest = BasePath.remainder(of: path, after: mapping.basePath) { return (mapping, rest) }
        }
        return nil
    }

    /// The first routing rule, by priority, that takes the request, and the path its API sees.
    func rule(for path: Substring, headers: HTTPHeaders) -> (CompiledRoutingRule, path: Substring)? {
        for rule in rules {
            if let rest = rule.match(path: path, headers: headers) { return (rule, rest) }
        }
        return nil
    }
}
