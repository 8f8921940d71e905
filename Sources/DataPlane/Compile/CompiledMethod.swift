/// The two API families, as far as the wire differs.
public enum ApiKind: String, Sendable {
    case rest
    case http
}

/// A method (REST) or route (HTTP API) ready to serve: its phases and integration, built once
/// per deployment and stage.
public final class CompiledMethod: Sendable {
    public let resourceId: String
    /// REST: the resource path (`/pets/{petId}`); HTTP APIs: the route path.
    public let resourcePath: String
    /// The verb it was declared with (`ANY` included).
    public let httpMethod: String
    /// HTTP APIs: the route key; REST: empty.
    public let routeKey: String
    /// Path parameter names, in the order the router returns their values.
    public let parameterNames: [String]
    /// Every method phase, in `PhaseKind` order.
    public let phases: [any RequestPhase]
    /// The phases between routing and the integration request (authorizer, API key, throttle,
    /// request validation).
    let requestPhases: [any RequestPhase]
    /// Phases of kind `cache` given by the caller (the stage cache itself is `cache`).
    let cachePhases: [any RequestPhase]
    public let integration: any IntegrationHandler
    /// REST: the method's stage cache settings, when it is cached (read with the stage's `cache`).
    let cache: CachePhase?

    public convenience init(
        resourceId: String, resourcePath: String, httpMethod: String, routeKey: String, parameterNames: [String],
        phases: [any RequestPhase], integration: any IntegrationHandler
    ) {
        self.init(
            resourceId: resourceId, resourcePath: resourcePath, httpMethod: httpMethod, routeKey: routeKey, parameterNames: parameterNames,
            phases: phases, integration: integration, cache: nil)
    }

    init(
        resourceId: String, resourcePath: String, httpMethod: String, routeKey: String, parameterNames: [String],
        phases: [any RequestPhase], integration: any IntegrationHandler, cache: CachePhase?
    ) {
        self.cache = cache
        self.resourceId = resourceId
        self.resourcePath = resourcePath
        self.httpMethod = httpMethod
        self.routeKey = routeKey
        self.parameterNames = parameterNames
        let sorted = phases.filter { $0.kind > .route && $0.kind < .integration && $0.kind != .integrationRequest }
            .sorted { $0.kind < $1.kind }
        self.phases = sorted
        self.requestPhases = sorted.filter { $0.kind < .integrationRequest }
        self.cachePhases = sorted.filter { $0.kind > .integrationRequest }
        self.integration = integration
    }
}

/// The methods of one path template, keyed by verb; `ANY` answers every verb without its own.
public struct MethodTable: Sendable {
    public var methods: [String: CompiledMethod] = [:]

    public init() {}

    public func method(for verb: String) -> CompiledMethod? {
        methods[verb] ?? methods["ANY"]
    }

    func merged(with other: MethodTable) -> MethodTable {
        var result = self
        result.methods.merge(other.methods) { _, new in new }
        return result
    }
}
