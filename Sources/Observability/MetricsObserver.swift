import CoreMetrics
public import DataPlane
import GatewayModel

/// AWS's API Gateway metrics (see ``GatewayMetricNames``), recorded after the write.
///
/// Built once per compiled gateway: every stage gets its series, and every method or route of a
/// stage with detailed metrics its own (labelled by resource path or route template, never by the
/// request's path). A request looks its series up by stage and by the identity of the route the
/// router chose: no allocation, no lock of our own; recording is swift-metrics'.
public final class MetricsObserver: AfterWriteObserver {
    /// One series: the handles of one (API, stage[, resource, method]).
    final class Series: Sendable {
        let count: CoreMetrics.Counter
        let clientErrors: CoreMetrics.Counter
        let serverErrors: CoreMetrics.Counter
        let latency: CoreMetrics.Timer
        let integrationLatency: CoreMetrics.Timer
        /// HTTP APIs only.
        let dataProcessed: CoreMetrics.Counter?
        /// REST APIs only: `CacheHitCount`, `CacheMissCount`.
        let cacheHits: CoreMetrics.Counter?
        let cacheMisses: CoreMetrics.Counter?

        init(kind: ApiKind, dimensions: [(String, String)], factory: any MetricsFactory) {
            count = CoreMetrics.Counter(label: GatewayMetricNames.count, dimensions: dimensions, factory: factory)
            switch kind {
            case .rest:
                clientErrors = CoreMetrics.Counter(label: GatewayMetricNames.restClientErrors, dimensions: dimensions, factory: factory)
                serverErrors = CoreMetrics.Counter(label: GatewayMetricNames.restServerErrors, dimensions: dimensions, factory: factory)
                dataProcessed = nil
                cacheHits = CoreMetrics.Counter(label: GatewayMetricNames.cacheHitCount, dimensions: dimensions, factory: factory)
                cacheMisses = CoreMetrics.Counter(label: GatewayMetricNames.cacheMissCount, dimensions: dimensions, factory: factory)
            case .http:
                clientErrors = CoreMetrics.Counter(label: GatewayMetricNames.httpClientErrors, dimensions: dimensions, factory: factory)
                serverErrors = CoreMetrics.Counter(label: GatewayMetricNames.httpServerErrors, dimensions: dimensions, factory: factory)
                dataProcessed = CoreMetrics.Counter(label: GatewayMetricNames.dataProcessed, dimensions: dimensions, factory: factory)
                cacheHits = nil
                cacheMisses = nil
            }
            latency = CoreMetrics.Timer(label: GatewayMetricNames.latency, dimensions: dimensions, factory: factory)
            integrationLatency = CoreMetrics.Timer(label: GatewayMetricNames.integrationLatency, dimensions: dimensions, factory: factory)
        }
    }

    struct StageKey: Hashable {
        var apiId: String
        var stage: String
    }

    struct StageSeries: Sendable {
        var stage: Series
        /// By `ObjectIdentifier` of the `CompiledMethod`: the methods or routes with detailed metrics.
        var methods: [ObjectIdentifier: Series]
    }

    let stages: [StageKey: StageSeries]
    let metrics: GatewayMetrics

    public init(apis: [CompiledApi], metrics: GatewayMetrics) {
        self.metrics = metrics
        var stages: [StageKey: StageSeries] = [:]
        for api in apis {
            for (name, stage) in api.stages {
                let base: [(String, String)] =
                    api.kind == .rest ? [("api_name", api.name), ("stage", name)] : [("api_id", api.apiId), ("stage", name)]
                var series = StageSeries(stage: Series(kind: api.kind, dimensions: base, factory: metrics.factory), methods: [:])
                for method in stage.methods where Self.detailedMetrics(for: method, kind: api.kind, settings: stage.settings) {
                    let resource = api.kind == .rest ? method.resourcePath : Self.routePath(method)
                    let dimensions = base + [("resource", resource), ("method", method.httpMethod)]
                    series.methods[ObjectIdentifier(method)] = Series(kind: api.kind, dimensions: dimensions, factory: metrics.factory)
                }
                stages[StageKey(apiId: api.apiId, stage: name)] = series
            }
        }
        self.stages = stages
    }

    /// REST: `methodSettings["pets/GET"]`, else `methodSettings["*/*"]`, `metricsEnabled`; HTTP
    /// APIs: `routeSettings[routeKey]`, else `defaultRouteSettings`, `detailedMetricsEnabled`.
    static func detailedMetrics(for method: CompiledMethod, kind: ApiKind, settings: StageSettings?) -> Bool {
        switch settings {
        case .rest(let stage):
            let settings = stage.methodSettings ?? [:]
            let key = String(method.resourcePath.dropFirst()) + "/" + method.httpMethod
            return (settings[key]?.metricsEnabled ?? settings["*/*"]?.metricsEnabled) == true
        case .http(let stage):
            return (stage.routeSettings?[method.routeKey]?.detailedMetricsEnabled ?? stage.defaultRouteSettings?.detailedMetricsEnabled) == true
        case nil:
            return false
        }
    }

    /// An HTTP API route's `Resource` dimension: the route key's path (`/pets/{id}`), `$default`.
    static func routePath(_ method: CompiledMethod) -> String {
        guard let space = method.routeKey.firstIndex(of: " ") else { return method.routeKey }
        return String(method.routeKey[method.routeKey.index(after: space)...])
    }

    public func requestCompleted(_ exchange: Exchange?, response: GatewayHTTPResponse, writtenAtMilliseconds: Int64) {
        guard let exchange else {
            metrics.unmatched.increment()
            return
        }
        if let error = exchange.error { metrics.countGatewayResponse(error.type.rawValue) }
        guard let stage = stages[StageKey(apiId: exchange.context.apiId, stage: exchange.context.stage)] else { return }
        let series = exchange.method.flatMap { stage.methods[ObjectIdentifier($0)] } ?? stage.stage
        series.count.increment()
        let status = response.status.code
        if status >= 500 {
            series.serverErrors.increment()
        } else if status >= 400 {
            series.clientErrors.increment()
        }
        series.latency.recordMilliseconds(max(0, writtenAtMilliseconds - exchange.context.requestTimeEpoch))
        if let integrationLatency = exchange.integrationLatency { series.integrationLatency.recordMilliseconds(integrationLatency) }
        switch exchange.cacheStatus {
        case .hit?: series.cacheHits?.increment()
        case .miss?: series.cacheMisses?.increment()
        case nil: break
        }
        if let dataProcessed = series.dataProcessed {
            dataProcessed.increment(by: (exchange.body?.readableBytes ?? 0) + (response.body?.readableBytes ?? 0))
        }
    }
}
