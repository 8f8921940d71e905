public import DataPlane

/// The after-write observers of spans and REST execution logs (beside ``GatewayObservability``'s
/// metrics and access logs): a ``TraceObserver`` when spans are exported, an
/// ``ExecutionLogObserver`` when some stage logs and a sink takes its lines.
public struct TracingObservability: AfterWriteObserverFactory {
    /// nil: no exporter runs, so no span is recorded.
    public let spans: BoundedQueue<SpanRecord>?
    /// nil: no execution log sink runs.
    public let executionLogs: AccessLogQueue?
    public let region: String
    public let streamName: AccessLogStreamName
    /// Whether a CloudWatch Logs client takes execution log lines.
    public let cloudWatch: Bool
    /// Whether the local execution log sink does.
    public let localSink: Bool

    public init(
        spans: BoundedQueue<SpanRecord>?, executionLogs: AccessLogQueue?, region: String, streamName: AccessLogStreamName = AccessLogStreamName(),
        cloudWatch: Bool, localSink: Bool
    ) {
        self.spans = spans
        self.executionLogs = executionLogs
        self.region = region
        self.streamName = streamName
        self.cloudWatch = cloudWatch
        self.localSink = localSink
    }

    public func makeObservers(for apis: [CompiledApi]) -> [any AfterWriteObserver] {
        var observers: [any AfterWriteObserver] = []
        if let executionLogs {
            let observer = ExecutionLogObserver(
                apis: apis, queue: executionLogs, region: region, streamName: streamName, cloudWatch: cloudWatch, localSink: localSink)
            if !observer.isEmpty { observers.append(observer) }
        }
        if let spans { observers.append(TraceObserver(queue: spans)) }
        return observers
    }
}

/// Several observer factories as one (the compiler takes one).
public struct ObserverFactories: AfterWriteObserverFactory {
    let factories: [any AfterWriteObserverFactory]

    public init(_ factories: [any AfterWriteObserverFactory]) {
        self.factories = factories
    }

    public func makeObservers(for apis: [CompiledApi]) -> [any AfterWriteObserver] {
        factories.flatMap { $0.makeObservers(for: apis) }
    }
}
