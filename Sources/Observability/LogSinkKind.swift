public import CoreMetrics

/// Which log a sink service (``AccessLogService``) carries: its name in warnings and the metrics
/// its lines are counted in.
public struct LogSinkKind: Sendable {
    /// `access log`, `execution log`, `audit trail`.
    public let name: String
    let linesLabel: String
    let droppedLabel: String
    /// Whether the sink creates the log groups it writes to (API Gateway creates a stage's
    /// execution log group; an access log group is the API owner's).
    var createsGroups = false

    /// Access logs: `portcullis_access_log_lines_total`, `portcullis_access_log_dropped_lines_total`.
    public static let access = LogSinkKind(
        name: "access log", linesLabel: GatewayMetricNames.accessLogLines, droppedLabel: GatewayMetricNames.accessLogDropped)
    /// REST execution logs: `portcullis_execution_log_lines_total`,
    /// `portcullis_execution_log_dropped_lines_total`.
    public static let execution = LogSinkKind(
        name: "execution log", linesLabel: "portcullis_execution_log_lines_total",
        droppedLabel: "portcullis_execution_log_dropped_lines_total", createsGroups: true)
    /// The audit trail of management writes: `portcullis_audit_events_total`,
    /// `portcullis_audit_dropped_events_total`.
    public static let audit = LogSinkKind(
        name: "audit trail", linesLabel: GatewayMetricNames.auditEvents, droppedLabel: GatewayMetricNames.auditDropped)

    /// The counter of lines for one sink (`cloudwatch-logs`, `local`) and outcome.
    func lines(_ metrics: GatewayMetrics, sink: String, outcome: String) -> CoreMetrics.Counter {
        CoreMetrics.Counter(label: linesLabel, dimensions: [("sink", sink), ("outcome", outcome)], factory: metrics.factory)
    }

    /// The counter of lines dropped because the queue was full.
    public func dropped(_ metrics: GatewayMetrics) -> CoreMetrics.Counter {
        CoreMetrics.Counter(label: droppedLabel, factory: metrics.factory)
    }
}
