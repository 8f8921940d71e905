public import AWSClients
import CoreMetrics
public import Logging
public import ServiceLifecycle

/// The CloudWatch metrics push: every `flushInterval` takes what the
/// ``CloudWatchMetricsAccumulator`` gathered (one statistic set per metric, dimension set and
/// minute) and sends it with `PutMetricData` in batches within CloudWatch's limits, retrying a
/// batch that failed for a reason that may pass (throttling, 5xx, no answer) with a doubling
/// pause. CloudWatch merges statistic sets of the same minute, so a minute may be sent in parts.
/// Data it cannot deliver is counted (`portcullis_cloudwatch_metric_data_total{outcome="failed"}`),
/// never kept: what waits is bounded by the accumulator. At shutdown, what is left is sent.
public final class CloudWatchMetricsService: Service, Sendable {
    public struct Configuration: Sendable {
        /// The namespace of the metrics. Default `AWS/ApiGateway` (AWS's own, so that dashboards
        /// and alarms written for API Gateway read them; CloudWatch itself reserves `AWS/` names:
        /// use another namespace there).
        public var namespace = "AWS/ApiGateway"
        /// How often the gathered data is sent. Default 60 s.
        public var flushInterval: Duration = .seconds(60)
        /// Attempts per batch. Default 3.
        public var attempts = 3
        /// The pause before the second attempt, doubled for each next. Default 500 ms.
        public var retryPause: Duration = .milliseconds(500)
        public init() {}
    }

    let accumulator: CloudWatchMetricsAccumulator
    let client: CloudWatchClient
    let configuration: Configuration
    let logger: Logger
    let delivered: CoreMetrics.Counter
    let failed: CoreMetrics.Counter

    public init(
        accumulator: CloudWatchMetricsAccumulator, client: CloudWatchClient, metrics: GatewayMetrics, configuration: Configuration = .init(),
        logger: Logger
    ) {
        self.accumulator = accumulator
        self.client = client
        self.configuration = configuration
        self.logger = logger
        delivered = CoreMetrics.Counter(label: GatewayMetricNames.cloudWatchMetricData, dimensions: [("outcome", "delivered")], factory: metrics.factory)
        failed = CoreMetrics.Counter(label: GatewayMetricNames.cloudWatchMetricData, dimensions: [("outcome", "failed")], factory: metrics.factory)
    }

    public func run() async throws {
        while true {
            let stopping: Bool
            do {
                let pause = configuration.flushInterval
                try await cancelWhenGracefulShutdown { try await Task.sleep(for: pause) }
                stopping = false
            } catch {
                stopping = true
            }
            await flush()
            if stopping { return }
        }
    }

    /// Sends everything gathered so far.
    func flush() async {
        let data = accumulator.takeData()
        for batch in PutMetricDataBatches.split(data, namespace: configuration.namespace) {
            await send(batch)
        }
    }

    private func send(_ batch: [CloudWatchClient.Datum]) async {
        var pause = configuration.retryPause
        for attempt in 1...max(1, configuration.attempts) {
            do {
                try await client.putMetricData(namespace: configuration.namespace, data: batch)
                delivered.increment(by: batch.count)
                return
            } catch {
                guard error.retryable, attempt < configuration.attempts else {
                    failed.increment(by: batch.count)
                    logger.warning(
                        "CloudWatch metrics: \(batch.count) metric data not delivered to \(client.endpoint)",
                        metadata: ["error": "\(error)", "attempts": "\(attempt)"])
                    return
                }
                try? await Task.sleep(for: pause)
                pause *= 2
            }
        }
    }
}
