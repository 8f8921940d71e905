public import CoreMetrics
import NIOConcurrencyHelpers

/// One rendered access (or execution) log line on its way to the sinks.
public struct AccessLogLine: Sendable {
    /// Milliseconds since the epoch: when the request was received (CloudWatch's event time).
    public var timestamp: Int64
    public var line: String
    /// The stage's CloudWatch Logs destination, if its ARN names one.
    public var destination: LogGroupDestination?
    /// The stage's Firehose delivery stream, if its ARN names one.
    public var firehose: FirehoseDestination?

    public init(timestamp: Int64, line: String, destination: LogGroupDestination?, firehose: FirehoseDestination? = nil) {
        self.timestamp = timestamp
        self.line = line
        self.destination = destination
        self.firehose = firehose
    }
}

/// The bounded queue between the event loops (which render lines after the write) and the
/// access log service (which takes them off the loop). When `capacity` lines wait, the new line
/// is dropped and counted (`portcullis_access_log_dropped_lines_total`).
public typealias AccessLogQueue = BoundedQueue<AccessLogLine>

extension BoundedQueue where Element == AccessLogLine {
    public convenience init(capacity: Int, metrics: GatewayMetrics) {
        self.init(capacity: capacity, dropped: metrics.accessLogDropped)
    }
}

/// A bounded queue between the event loops and a sink service (access and execution log lines,
/// trace spans). Offering never waits and wakes no one: it appends under a short lock (no
/// allocation while the buffer has room), and the service takes the whole buffer at its own
/// pace. When `capacity` elements wait, new ones are dropped and counted in `dropped`.
public final class BoundedQueue<Element: Sendable>: Sendable {
    private let buffer: NIOLockedValueBox<[Element]>
    let dropped: CoreMetrics.Counter
    public let capacity: Int

    public init(capacity: Int, dropped: CoreMetrics.Counter) {
        self.capacity = max(1, capacity)
        var elements: [Element] = []
        elements.reserveCapacity(min(self.capacity, 4096))
        buffer = NIOLockedValueBox(elements)
        self.dropped = dropped
    }

    /// Hands an element to the service, or drops and counts it when the queue is full.
    public func offer(_ element: Element) {
        let capacity = self.capacity
        let accepted = buffer.withLockedValue { elements in
            guard elements.count < capacity else { return false }
            elements.append(element)
            return true
        }
        if !accepted { dropped.increment() }
    }

    /// Hands several elements over under one lock; those beyond the capacity are dropped and counted.
    public func offer(contentsOf new: [Element]) {
        guard !new.isEmpty else { return }
        let capacity = self.capacity
        let accepted = buffer.withLockedValue { elements in
            let room = max(0, min(new.count, capacity - elements.count))
            elements.append(contentsOf: new.prefix(room))
            return room
        }
        if accepted < new.count { dropped.increment(by: new.count - accepted) }
    }

    /// Takes every waiting element, oldest first.
    public func take() -> [Element] {
        let reserve = min(capacity, 4096)
        return buffer.withLockedValue { elements in
            var fresh: [Element] = []
            fresh.reserveCapacity(reserve)
            swap(&elements, &fresh)
            return fresh
        }
    }
}
