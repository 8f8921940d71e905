public import CoreMetrics
public import Prometheus

/// The swift-metrics backend of the gateway: swift-prometheus's registry, with each metric's help
/// text and histogram buckets from ``GatewayMetricNames`` (so the exposition passes
/// `promtool check metrics`). Handles are made once per deployment and cached by the observers;
/// recording is swift-prometheus's (an atomic add for counters, a short lock for histograms).
public struct GatewayMetricsFactory: MetricsFactory {
    public let registry: PrometheusCollectorRegistry
    private let fallback: PrometheusMetricsFactory

    public init(registry: PrometheusCollectorRegistry) {
        self.registry = registry
        var fallback = PrometheusMetricsFactory(registry: registry)
        fallback.defaultDurationHistogramBuckets = GatewayMetricNames.latencyBuckets
        self.fallback = fallback
    }

    private func descriptor(_ label: String) -> MetricNameDescriptor {
        MetricNameDescriptor(metricName: label, unitName: "", helpText: GatewayMetricNames.help[label] ?? label)
    }

    public func makeCounter(label: String, dimensions: [(String, String)]) -> any CounterHandler {
        registry.makeCounter(descriptor: descriptor(label), labels: dimensions)
    }

    public func makeFloatingPointCounter(label: String, dimensions: [(String, String)]) -> any FloatingPointCounterHandler {
        registry.makeCounter(descriptor: descriptor(label), labels: dimensions)
    }

    public func makeRecorder(label: String, dimensions: [(String, String)], aggregate: Bool) -> any RecorderHandler {
        guard aggregate else { return registry.makeGauge(descriptor: descriptor(label), labels: dimensions) }
        return registry.makeValueHistogram(descriptor: descriptor(label), labels: dimensions, buckets: fallback.defaultValueHistogramBuckets)
    }

    public func makeMeter(label: String, dimensions: [(String, String)]) -> any MeterHandler {
        registry.makeGauge(descriptor: descriptor(label), labels: dimensions)
    }

    public func makeTimer(label: String, dimensions: [(String, String)]) -> any TimerHandler {
        registry.makeDurationHistogram(descriptor: descriptor(label), labels: dimensions, buckets: GatewayMetricNames.latencyBuckets)
    }

    public func destroyCounter(_ handler: any CounterHandler) { fallback.destroyCounter(handler) }
    public func destroyFloatingPointCounter(_ handler: any FloatingPointCounterHandler) { fallback.destroyFloatingPointCounter(handler) }
    public func destroyRecorder(_ handler: any RecorderHandler) { fallback.destroyRecorder(handler) }
    public func destroyMeter(_ handler: any MeterHandler) { fallback.destroyMeter(handler) }
    public func destroyTimer(_ handler: any TimerHandler) { fallback.destroyTimer(handler) }
}
