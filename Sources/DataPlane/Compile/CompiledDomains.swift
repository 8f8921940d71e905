public import GatewayModel

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
            var base = basePath ?? ""
            if base == "(none)" { base = "" }
            while base.hasPrefix("/") { base.removeFirst() }
            while base.hasSuffix("/") { base.removeLast() }
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
        var byName: [String: CompiledDomain] = [:]
        for name in known {
            // Longest base path first; equal lengths cannot both match one path.
            let sorted = (mappings[name] ?? []).sorted { $0.basePath.utf8.count > $1.basePath.utf8.count }
            let httpOnly = !sorted.isEmpty && !restMapped.contains(name)
            byName[name] = CompiledDomain(name: name, mappings: sorted, unmappedKind: httpOnly ? .http : .rest)
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
    let mappings: [Mapping]
    /// How a path no mapping takes is answered: REST 403 `Forbidden`, HTTP 404 `Not Found`.
    let unmappedKind: ApiKind

    /// The mapping whose base path begins `path` (which starts with `/`), and the path after it.
    func mapping(for path: Substring) -> (Mapping, rest: Substring)? {
        let afterSlash = path.dropFirst()
        for mapping in mappings {
            if mapping.basePath.isEmpty { return (mapping, path) }
            guard afterSlash.hasPrefix(mapping.basePath) else { continue }
            let end = afterSlash.index(afterSlash.startIndex, offsetBy: mapping.basePath.count)
            if end == afterSlash.endIndex { return (mapping, "/") }
            if afterSlash[end] == "/" { return (mapping, afterSlash[end...]) }
        }
        return nil
    }
}
