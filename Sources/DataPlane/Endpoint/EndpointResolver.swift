public import NIOHTTP1

/// Finds the API and stage a request is for, as API Gateway's endpoints do:
///
/// 1. `Host: {apiId}.execute-api.{anything}` — the stage is the first path segment. With
///    `disableExecuteApiEndpoint` the API is not served there: REST 403 `Forbidden`, HTTP API 404.
/// 2. `Host:` a custom domain name (case-insensitive, port ignored): the first of its routing
///    rules (by priority) whose header and base path conditions hold, then (unless the routing
///    mode is `ROUTING_RULE_ONLY`) its base path or API mapping with the longest base path that
///    begins the path (`CompiledDomains`); the stage is not in the URL. No rule or mapping:
///    REST 403 `Forbidden`, HTTP API 404 `Not Found`.
/// 3. Path style `/restapis/{apiId}/{stage}/_user_request_/{path}` (an `execute-api` endpoint
///    too, so `disableExecuteApiEndpoint` applies).
/// 4. The short address `/{stage}/{path}`: the first of ``CompiledGateway/shortAddressApis``
///    with a stage of that name, else the first with a `$default` stage (the only API, when
///    exactly one is served and none is preferred).
///
/// An HTTP API's `$default` stage is served at the root: a first segment that names no stage
/// belongs to the path.
public enum EndpointResolver {
    public struct Resolution {
        public let api: CompiledApi
        public let stage: CompiledStage
        /// The path below the stage, starting with `/`.
        public let path: Substring
        public let domainName: String
        public let domainPrefix: String
        /// TLS by domain: the custom domain the request came by (its lowercased name, or its
        /// `*.` wildcard), for the endpoint phase's SNI and mutual TLS checks.
        public var customDomain: String? = nil
    }

    public enum Failure: Error {
        /// Nothing is served there; the kind says how to answer (REST 403, HTTP API 404).
        case notFound(ApiKind)
        /// A custom domain with no mapping for the path, or a disabled `execute-api` endpoint:
        /// REST 403 `Forbidden`, HTTP API 404 `Not Found`.
        case forbidden(ApiKind)
    }

    public static func resolve(
        host: Substring?, path: Substring, headers: HTTPHeaders = [:], in gateway: CompiledGateway
    ) -> Result<Resolution, Failure> {
        let hostName = host.map(stripPort) ?? ""
        if let apiId = executeApiId(hostName) {
            guard let api = gateway.apis[String(apiId)] else { return .failure(.notFound(.rest)) }
            if api.executeApiEndpointDisabled { return .failure(.forbidden(api.kind)) }
            return stage(of: api, path: path, domainName: String(hostName), domainPrefix: String(apiId))
        }
        if let domain = gateway.customDomains.domain(for: hostName) {
            return resolveCustomDomain(domain, host: hostName, path: path, headers: headers)
        }
        if path.hasPrefix("/restapis/") {
            return resolvePathStyle(path, host: hostName, in: gateway)
        }
        let candidates = gateway.shortAddressApis
        guard let first = candidates.first else {
            return .failure(.notFound(.rest))
        }
        let api = candidates.count == 1 ? first : preferredApi(for: path, among: candidates)
        let prefix = hostName.split(separator: ".", maxSplits: 1).first.map(String.init) ?? ""
        return stage(of: api, path: path, domainName: String(hostName), domainPrefix: prefix)
    }

    /// Of several short-address APIs: the first with a stage named by the first path segment,
    /// else the first with a `$default` stage, else the first.
    private static func preferredApi(for path: Substring, among candidates: [CompiledApi]) -> CompiledApi {
        let segment = String(path.dropFirst().prefix { $0 != "/" })
        return candidates.first { !segment.isEmpty && $0.stages[segment] != nil }
            ?? candidates.first { $0.stages["$default"] != nil } ?? candidates[0]
    }

    private static func stage(of api: CompiledApi, path: Substring, domainName: String, domainPrefix: String)
        -> Result<Resolution, Failure>
    {
        let afterSlash = path.dropFirst()
        let end = afterSlash.firstIndex(of: "/") ?? afterSlash.endIndex
        let first = afterSlash[afterSlash.startIndex..<end]
        if !first.isEmpty, let stage = api.stages[String(first)] {
            let rest = afterSlash[end...]
            return .success(Resolution(api: api, stage: stage, path: rest.isEmpty ? "/" : rest, domainName: domainName, domainPrefix: domainPrefix))
        }
        if let stage = api.stages["$default"] {
            return .success(Resolution(api: api, stage: stage, path: path, domainName: domainName, domainPrefix: domainPrefix))
        }
        return .failure(.notFound(api.kind))
    }

    /// A request on a custom domain name: the mapping with the longest base path, its API and
    /// stage (or, for a REST mapping without a stage, the stage named by the next segment).
    private static func resolveCustomDomain(
        _ domain: CompiledDomain, host: Substring, path: Substring, headers: HTTPHeaders
    ) -> Result<Resolution, Failure> {
        let prefix = String(host.prefix { $0 != "." })
        if let (rule, rest) = domain.rule(for: path, headers: headers) {
            return .success(Resolution(api: rule.api, stage: rule.stage, path: rest, domainName: String(host), domainPrefix: prefix))
        }
        guard let (mapping, rest) = domain.mapping(for: path) else { return .failure(.forbidden(domain.unmappedKind)) }
        guard let stageName = mapping.stageName else {
            return stage(of: mapping.api, path: rest, domainName: String(host), domainPrefix: prefix).map { found in
                var found = found
                found.customDomain = domain.name
                return found
            }
        }
        guard let stage = mapping.api.stages[stageName] else { return .failure(.notFound(mapping.api.kind)) }
        var found = Resolution(api: mapping.api, stage: stage, path: rest, domainName: String(host), domainPrefix: prefix)
        found.customDomain = domain.name
        return .success(found)
    }

    /// `/restapis/{apiId}/{stage}/_user_request_/{path}`
    private static func resolvePathStyle(_ path: Substring, host: Substring, in gateway: CompiledGateway) -> Result<Resolution, Failure> {
        let parts = path.dropFirst("/restapis/".count).split(separator: "/", maxSplits: 3, omittingEmptySubsequences: false)
        guard parts.count >= 3, parts[2] == "_user_request_", let api = gateway.apis[String(parts[0])],
            let stage = api.stages[String(parts[1])]
        else {
            let kind = parts.first.flatMap { gateway.apis[String($0)]?.kind } ?? .rest
            return .failure(.notFound(kind))
        }
        if api.executeApiEndpointDisabled { return .failure(.forbidden(api.kind)) }
        let rest: Substring
        if parts.count == 4 {
            let remainder = parts[3]
            rest = path[path.index(before: remainder.startIndex)...]
        } else {
            rest = "/"
        }
        return .success(Resolution(api: api, stage: stage, path: rest, domainName: String(host), domainPrefix: String(parts[0])))
    }

    private static func stripPort(_ host: Substring) -> Substring {
        if host.hasPrefix("[") {  // [::1]:8080
            if let close = host.firstIndex(of: "]") { return host[...close] }
            return host
        }
        if let colon = host.lastIndex(of: ":") { return host[..<colon] }
        return host
    }

    /// `abc123.execute-api.us-east-1.amazonaws.com` → `abc123`.
    static func executeApiId(_ host: Substring) -> Substring? {
        guard let dot = host.firstIndex(of: ".") else { return nil }
        let rest = host[host.index(after: dot)...]
        guard rest.hasPrefix("execute-api.") || rest == "execute-api" else { return nil }
        let id = host[..<dot]
        return id.isEmpty ? nil : id
    }
}
