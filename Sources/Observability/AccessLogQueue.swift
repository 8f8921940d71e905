import CoreMetrics
import NIOConcurrencyHelpers

/// One rendered access log line on its way to the sinks.
public struct AccessLogLine: Sendable {
    /// Milliseconds since the epoch: when the request was received (CloudWatch's event time).
    public var timestamp: Int64
    public var line: String
    /// The stage's CloudWatch Logs destination, if its ARN names one.
    public var destination: LogGroupDestination?

    public init(timestamp: Int64, line: String, destination: LogGroupDestination?) {
        self.timestamp = timestamp
        self.line = line
        self.destination = destination
    }
}

/// The bounded queue between the event loops (which render lines after the write) and the
/// access log service (which takes them off the loop). Offering never waits and wakes no one: it
/// appends under a short lock (no allocation while the buffer has room), and the service takes the
/// whole buffer at its own pace. When `capacity` lines wait, the new line is dropped and counted
/// (`portcullis_access_log_dropped_lines_total`).
public final class AccessLogQueue: Sendable {
    private let buffer: NIOLockedValueBox<[AccessLogLine]>
    let dropped: CoreMetrics.Counter
    public let capacity: Int

    /// `droppedLabel`: the counter of dropped lines (another queue of lines, the audit trail's,
    /// counts its own).
    public init(capacity: Int, metrics: GatewayMetrics, droppedLabel: String = GatewayMetricNames.accessLogDropped) {
        self.capacity = max(1, capacity)
        var lines: [AccessLogLine] = []
        lines.reserveCapacity(min(self.capacity, 4096))
        buffer = NIOLockedValueBox(lines)
        dropped = droppedLabel == GatewayMetricNames.accessLogDropped
            ? metrics.accessLogDropped : CoreMetrics.Counter(label: droppedLabel, factory: metrics.factory)
    }

    /// Hands a line to the service, or drops and counts it when the queue is full.
    public func offer(_ line: AccessLogLine) {
        let capacity = self.capacity
        let accepted = buffer.withLockedValue { lines in
            guard lines.count < capacity else { return false }
            lines.append(line)
            return true
        }
        if !accepted { dropped.increment() }
    }

    /// Takes every waiting line, oldest first.
    public func take() -> [AccessLogLine] {
        let reserve = min(capacity, 4096)
        return buffer.withLockedValue { lines in
            var fresh: [AccessLogLine] = []
            fresh.reserveCapacity(reserve)
            swap(&lines, &fresh)
            return fresh
        }
    }
}
