public import DataPlane

/// The after-write observers of every compiled gateway: AWS's metrics always, access logs when a
/// sink exists for them (a CloudWatch Logs client, or the process's local sink), the CloudWatch
/// metrics push when configured.
public struct GatewayObservability: AfterWriteObserverFactory {
    public let metrics: GatewayMetrics
    /// nil: no access log sink runs, so no line is rendered.
    public let accessLogs: AccessLogQueue?
    /// Whether the local sink takes every stage's lines.
    public let localSink: Bool
    public let streamName: AccessLogStreamName
    /// nil: no CloudWatch metrics push.
    public let cloudWatchMetrics: CloudWatchMetricsAccumulator?

    public init(
        metrics: GatewayMetrics, accessLogs: AccessLogQueue?, localSink: Bool, streamName: AccessLogStreamName = AccessLogStreamName(),
        cloudWatchMetrics: CloudWatchMetricsAccumulator? = nil
    ) {
        self.metrics = metrics
        self.accessLogs = accessLogs
        self.localSink = localSink
        self.streamName = streamName
        self.cloudWatchMetrics = cloudWatchMetrics
    }

    public func makeObservers(for apis: [CompiledApi]) -> [any AfterWriteObserver] {
        var observers: [any AfterWriteObserver] = [MetricsObserver(apis: apis, metrics: metrics)]
        if let accessLogs {
            let observer = AccessLogObserver(apis: apis, queue: accessLogs, streamName: streamName, localSink: localSink)
            if !observer.isEmpty { observers.append(observer) }
        }
        if let cloudWatchMetrics { observers.append(CloudWatchMetricsObserver(apis: apis, accumulator: cloudWatchMetrics)) }
        return observers
    }
}
