import CoreMetrics

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
/// access log service (which writes them off the loop). Offering never blocks and never waits:
/// when the queue holds `capacity` lines, the new line is dropped and counted
/// (`portcullis_access_log_dropped_lines_total`).
public final class AccessLogQueue: Sendable {
    enum Item: Sendable {
        case line(AccessLogLine)
        /// The service's clock: time to send what is batched.
        case tick
    }

    let stream: AsyncStream<Item>
    let continuation: AsyncStream<Item>.Continuation
    let dropped: CoreMetrics.Counter
    public let capacity: Int

    public init(capacity: Int, metrics: GatewayMetrics) {
        self.capacity = max(1, capacity)
        let (stream, continuation) = AsyncStream.makeStream(of: Item.self, bufferingPolicy: .bufferingOldest(max(1, capacity)))
        self.stream = stream
        self.continuation = continuation
        dropped = metrics.accessLogDropped
    }

    /// Hands a line to the service, or drops and counts it when the queue is full.
    public func offer(_ line: AccessLogLine) {
        if case .dropped = continuation.yield(.line(line)) { dropped.increment() }
    }

    /// Reads lines until the queue is finished (benchmarks and tests; the service reads the stream).
    public func consume(_ body: (AccessLogLine) -> Void) async {
        for await item in stream {
            if case .line(let line) = item { body(line) }
        }
    }

    func tick() { continuation.yield(.tick) }

    func finish() { continuation.finish() }
}
