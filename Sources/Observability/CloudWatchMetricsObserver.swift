public import DataPlane

/// The CloudWatch push's after-write observer: AWS's metrics of every request (the same as
/// ``MetricsObserver`` records for Prometheus) added to the ``CloudWatchMetricsAccumulator`` by
/// series and minute. Built once per compiled gateway: every stage gets its series, and every
/// method or route with detailed metrics its own; a request looks its series up and adds one
/// sample, on its event loop's shard.
public final class CloudWatchMetricsObserver: AfterWriteObserver {
    struct StageSeries: Sendable {
        var stage: CloudWatchMetricsSeries
        /// By `ObjectIdentifier` of the `CompiledMethod`.
        var methods: [ObjectIdentifier: CloudWatchMetricsSeries]
    }

    let stages: [MetricsObserver.StageKey: StageSeries]
    let accumulator: CloudWatchMetricsAccumulator

    public init(apis: [CompiledApi], accumulator: CloudWatchMetricsAccumulator) {
        self.accumulator = accumulator
        var stages: [MetricsObserver.StageKey: StageSeries] = [:]
        for api in apis {
            let name = api.kind == .rest ? api.name : api.apiId
            for (stageName, stage) in api.stages {
                var series = StageSeries(stage: CloudWatchMetricsSeries(kind: api.kind, api: name, stage: stageName), methods: [:])
                for method in stage.methods where MetricsObserver.detailedMetrics(for: method, kind: api.kind, settings: stage.settings) {
                    let resource = api.kind == .rest ? method.resourcePath : MetricsObserver.routePath(method)
                    series.methods[ObjectIdentifier(method)] = CloudWatchMetricsSeries(
                        kind: api.kind, api: name, stage: stageName, resource: resource, method: method.httpMethod)
                }
                stages[MetricsObserver.StageKey(apiId: api.apiId, stage: stageName)] = series
            }
        }
        self.stages = stages
    }

    public func requestCompleted(_ exchange: Exchange?, response: GatewayHTTPResponse, writtenAtMilliseconds: Int64) {
        guard let exchange, let stage = stages[MetricsObserver.StageKey(apiId: exchange.context.apiId, stage: exchange.context.stage)] else {
            return
        }
        let series = exchange.method.flatMap { stage.methods[ObjectIdentifier($0)] } ?? stage.stage
        let received = exchange.context.requestTimeEpoch
        accumulator.record(
            series, minute: received / 60_000, loop: ObjectIdentifier(exchange.eventLoop), status: Int(response.status.code),
            latency: max(0, writtenAtMilliseconds - received), integrationLatency: exchange.integrationLatency,
            bytes: series.kind == .http ? (exchange.body?.readableBytes ?? 0) + (response.body?.readableBytes ?? 0) : nil)
    }
}
