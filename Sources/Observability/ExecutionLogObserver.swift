public import DataPlane

/// REST execution logs: for every stage whose method settings log (`loggingLevel` INFO or
/// ERROR), the request's narration (``ExecutionTrace``) after the write, each line prefixed
/// `({requestId})` as AWS writes them, to the stage's CloudWatch Logs group
/// `API-Gateway-Execution-Logs_{apiId}/{stage}` in the gateway's region (when a CloudWatch Logs
/// client runs) and to the process's local execution log sink, through a bounded queue.
public final class ExecutionLogObserver: AfterWriteObserver {
    let destinations: [MetricsObserver.StageKey: LogGroupDestination?]
    let queue: AccessLogQueue

    /// `region`: where the log groups are (the gateway's region). `cloudWatch`: whether a
    /// CloudWatch Logs client takes the lines; `localSink`: whether a local sink does.
    public init(apis: [CompiledApi], queue: AccessLogQueue, region: String, streamName: AccessLogStreamName, cloudWatch: Bool, localSink: Bool) {
        self.queue = queue
        var destinations: [MetricsObserver.StageKey: LogGroupDestination?] = [:]
        if cloudWatch || localSink {
            for api in apis {
                for (name, stage) in api.stages where stage.executionLogging != nil || stage.canary?.stage.executionLogging != nil {
                    let destination = cloudWatch
                        ? LogGroupDestination(
                            region: region, groupName: Self.groupName(apiId: api.apiId, stage: name),
                            streamName: streamName.name(apiId: api.apiId, stage: name)) : nil
                    // `updateValue`: a stage written only to the local sink keeps its nil destination.
                    destinations.updateValue(destination, forKey: MetricsObserver.StageKey(apiId: api.apiId, stage: name))
                }
            }
        }
        self.destinations = destinations
    }

    /// `API-Gateway-Execution-Logs_{apiId}/{stage}`, the group AWS writes a stage's execution logs to.
    public static func groupName(apiId: String, stage: String) -> String {
        "API-Gateway-Execution-Logs_\(apiId)/\(stage)"
    }

    /// Whether any stage writes execution logs.
    public var isEmpty: Bool { destinations.isEmpty }

    public func requestCompleted(_ exchange: Exchange?, response: GatewayHTTPResponse, writtenAtMilliseconds: Int64) {
        guard let exchange, let trace = exchange.trace,
            let destination = destinations[MetricsObserver.StageKey(apiId: exchange.context.apiId, stage: exchange.context.stage)]
        else { return }
        let lines = trace.loggedLines
        guard !lines.isEmpty else { return }
        let prefix = "(\(exchange.context.requestId)) "
        queue.offer(contentsOf: lines.map { AccessLogLine(timestamp: $0.timestamp, line: prefix + $0.text, destination: destination) })
    }
}

extension LogGroupDestination {
    /// A log group the gateway names itself (execution logs), rather than an ARN.
    public init(region: String, groupName: String, streamName: String) {
        self.region = region
        self.groupName = groupName
        self.streamName = streamName
    }
}
