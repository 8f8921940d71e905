import GatewayModel

extension CachePhase {
    /// The cache phase of a REST method, or nil when the method is not cached.
    ///
    /// Settings are AWS's method settings, the method's own (`pets/GET`) else the stage's
    /// (`*/*`), whole entries as for throttling. `cachingEnabled` in `*/*` caches GET requests
    /// only (AWS: "only GET methods have caching enabled by default"); other verbs need the
    /// method's own entry. `cacheTtlInSeconds` defaults to 300, at most 3600; 0 caches nothing.
    /// `requireAuthorizationForCacheControl` defaults to true and the strategy to
    /// `SUCCEED_WITH_RESPONSE_HEADER`, as AWS creates a method setting.
    ///
    /// Each of the integration's `cacheKeyParameters` is `method.request.{path|querystring|
    /// multivaluequerystring|header|multivalueheader}.NAME`, or `integration.request.*.NAME`
    /// read through the integration's own mapping of that parameter. A parameter that cannot be
    /// read would merge requests that must stay apart: the method is then not cached, and the
    /// diagnostic says why.
    static func compile(
        resourceId: String, resourcePath: String, verb: String, integration: GatewayModel.Integration?,
        methodSettings: [String: MethodSetting], stageVariables: [String: String], where location: String,
        diagnostics: inout [String]
    ) -> CachePhase? {
        guard let integration else { return nil }
        let own = methodSettings[String(resourcePath.dropFirst()) + "/" + verb]
        guard let setting = own ?? methodSettings["*/*"], setting.cachingEnabled == true else { return nil }
        let cachesGet = verb == "GET" || verb == "ANY"
        let cachesOtherVerbs = verb != "GET" && own?.cachingEnabled == true
        let ttl = min(max(setting.cacheTtlInSeconds ?? 300, 0), 3600)
        guard cachesGet || cachesOtherVerbs, ttl > 0 else { return nil }
        var keyParameters: [(name: String, source: MappingSource)] = []
        for name in integration.cacheKeyParameters ?? [] {
            guard let source = keySource(name, integration: integration, stageVariables: stageVariables) else {
                diagnostics.append("\(location): cache key parameter '\(name)' cannot be read; the method is not cached")
                return nil
            }
            keyParameters.append((name, source))
        }
        let strategy: UnauthorizedStrategy
        switch setting.unauthorizedCacheControlHeaderStrategy?.uppercased() ?? "" {
        case "FAIL_WITH_403": strategy = .failWith403
        case "SUCCEED_WITHOUT_RESPONSE_HEADER": strategy = .succeedWithoutResponseHeader
        default: strategy = .succeedWithResponseHeader
        }
        return CachePhase(
            namespace: integration.cacheNamespace.flatMap { $0.isEmpty ? nil : $0 } ?? resourceId, keyParameters: keyParameters,
            ttlMilliseconds: Int64(ttl) * 1000, cachesGet: cachesGet, cachesOtherVerbs: cachesOtherVerbs,
            encrypted: setting.cacheDataEncrypted == true, requireAuthorization: setting.requireAuthorizationForCacheControl ?? true,
            strategy: strategy)
    }

    /// Where a cache key parameter's value comes from: a method request parameter, or the
    /// integration's mapping of an integration request parameter (a request value, a literal, a
    /// stage variable or `context.*`); nil when neither.
    private static func keySource(_ name: String, integration: GatewayModel.Integration, stageVariables: [String: String]) -> MappingSource? {
        let expression: String
        if name.hasPrefix("method.request.") {
            expression = name
        } else if name.hasPrefix("integration.request."), let mapped = integration.requestParameters?[name] {
            expression = mapped
        } else {
            return nil
        }
        guard let source = MappingSource.parse(expression, stageVariables: stageVariables) else { return nil }
        switch source {
        case .responseHeader, .responseMultiHeader, .responseBody: return nil
        default: return source
        }
    }
}
