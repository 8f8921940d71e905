import CoreMetrics
public import Prometheus

/// The gateway's metrics registry and its own metrics (beside AWS's, which ``MetricsObserver``
/// records): gateway responses by type (throttled and quota-refused requests among them),
/// requests that reached no API, open connections, stages served, access log lines.
public final class GatewayMetrics: Sendable {
    public let registry: PrometheusCollectorRegistry
    public let factory: GatewayMetricsFactory
    let unmatched: CoreMetrics.Counter
    let gatewayResponses: [String: CoreMetrics.Counter]
    let otherGatewayResponses: CoreMetrics.Counter
    let activeConnections: CoreMetrics.Meter
    let stagesServed: CoreMetrics.Meter
    let deploymentsInstalled: CoreMetrics.Counter
    let accessLogDropped: CoreMetrics.Counter

    /// The gateway response types counted by name; others count as `OTHER`.
    static let responseTypes = [
        "MISSING_AUTHENTICATION_TOKEN", "RESOURCE_NOT_FOUND", "REQUEST_TOO_LARGE", "BAD_REQUEST_BODY", "BAD_REQUEST_PARAMETERS",
        "UNSUPPORTED_MEDIA_TYPE", "INTEGRATION_FAILURE", "INTEGRATION_TIMEOUT", "API_CONFIGURATION_ERROR", "DEFAULT_4XX", "DEFAULT_5XX",
        "INVALID_API_KEY", "THROTTLED", "QUOTA_EXCEEDED", "UNAUTHORIZED", "EXPIRED_TOKEN", "INVALID_SIGNATURE", "ACCESS_DENIED",
        "AUTHORIZER_FAILURE", "AUTHORIZER_CONFIGURATION_ERROR", "WAF_FILTERED",
    ]

    public init(registry: PrometheusCollectorRegistry = PrometheusCollectorRegistry()) {
        self.registry = registry
        let factory = GatewayMetricsFactory(registry: registry)
        self.factory = factory
        unmatched = CoreMetrics.Counter(label: GatewayMetricNames.unmatched, factory: factory)
        var responses: [String: CoreMetrics.Counter] = [:]
        for type in Self.responseTypes {
            responses[type] = CoreMetrics.Counter(label: GatewayMetricNames.gatewayResponses, dimensions: [("type", type)], factory: factory)
        }
        gatewayResponses = responses
        otherGatewayResponses = CoreMetrics.Counter(label: GatewayMetricNames.gatewayResponses, dimensions: [("type", "OTHER")], factory: factory)
        activeConnections = CoreMetrics.Meter(label: GatewayMetricNames.activeConnections, factory: factory)
        stagesServed = CoreMetrics.Meter(label: GatewayMetricNames.stagesServed, factory: factory)
        deploymentsInstalled = CoreMetrics.Counter(label: GatewayMetricNames.deploymentsInstalled, factory: factory)
        accessLogDropped = CoreMetrics.Counter(label: GatewayMetricNames.accessLogDropped, factory: factory)
    }

    /// Counts one gateway response of `type`.
    func countGatewayResponse(_ type: String) {
        (gatewayResponses[type] ?? otherGatewayResponses).increment()
    }

    /// A compiled gateway was installed serving `stages` stages.
    public func installed(stages: Int) {
        deploymentsInstalled.increment()
        stagesServed.set(stages)
    }

    /// The Prometheus text exposition, with the open connections read now (`connections`).
    public func exposition(connections: Int) -> String {
        activeConnections.set(connections)
        return registry.emitToString()
    }
}
