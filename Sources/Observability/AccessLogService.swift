public import AWSClients
import CoreMetrics
public import Logging
public import ServiceLifecycle

/// The access log sink: takes the ``AccessLogQueue`` off the event loops every `pollInterval`,
/// writes the lines to the local sink, sends Firehose destinations' lines in `PutRecordBatch`
/// batches (``FirehoseDelivery``), and CloudWatch Logs destinations' lines in `PutLogEvents` batches
/// (every `flushInterval`, or sooner when a batch reaches CloudWatch's limits), creating each
/// log stream first and retrying a batch that failed for a reason that may pass (throttling, 5xx,
/// no answer) with a doubling pause. Lines it cannot deliver are counted, never retried forever.
public final class AccessLogService: Service, Sendable {
    /// Timing and retry of the CloudWatch Logs sink.
    public struct Configuration: Sendable {
        /// How long a line may wait for its batch. Default 1 s.
        public var flushInterval: Duration = .seconds(1)
        /// How often the queue is taken (and the local sink written). Default 100 ms.
        public var pollInterval: Duration = .milliseconds(100)
        /// Attempts per batch. Default 3.
        public var attempts: Int = 3
        /// The pause before the second attempt, doubled for each next. Default 200 ms.
        public var retryPause: Duration = .milliseconds(200)
        public init() {}
    }

    let queue: AccessLogQueue
    let local: LocalLogSink?
    let cloudWatch: CloudWatchLogsClient?
    let configuration: Configuration
    let logger: Logger
    let localWritten: CoreMetrics.Counter
    let localFailed: CoreMetrics.Counter
    let delivered: CoreMetrics.Counter
    let failed: CoreMetrics.Counter
    let kind: LogSinkKind
    let firehose: FirehoseClient?
    let metrics: GatewayMetrics

    /// `kind`: which log the service carries (access logs, or REST execution logs), for its
    /// metrics and warnings.
    public init(
        queue: AccessLogQueue, local: LocalLogSink?, cloudWatch: CloudWatchLogsClient?, metrics: GatewayMetrics,
        configuration: Configuration = Configuration(), logger: Logger, kind: LogSinkKind = .access, firehose: FirehoseClient? = nil
    ) {
        self.firehose = firehose
        self.metrics = metrics
        self.queue = queue
        self.local = local
        self.cloudWatch = cloudWatch
        self.configuration = configuration
        self.logger = logger
        self.kind = kind
        localWritten = kind.lines(metrics, sink: "local", outcome: "delivered")
        localFailed = kind.lines(metrics, sink: "local", outcome: "failed")
        delivered = kind.lines(metrics, sink: "cloudwatch-logs", outcome: "delivered")
        failed = kind.lines(metrics, sink: "cloudwatch-logs", outcome: "failed")
    }

    public func run() async throws {
        var batches = Batches()
        var createdStreams: Set<LogGroupDestination> = []
        var streams = firehose.map {
            FirehoseDelivery(
                client: $0, attempts: configuration.attempts, retryPause: configuration.retryPause, metrics: metrics, kind: kind, logger: logger)
        }
        var lastFlush = ContinuousClock.now
        while true {
            let stopping = await pauseEndsInShutdown(configuration.pollInterval)
            let lines = queue.take()
            if local != nil { writeLocal(lines.map(\.line)) }
            if streams != nil {
                for line in lines {
                    if let destination = line.firehose { await streams?.add(line.line, to: destination) }
                }
            }
            if cloudWatch != nil {
                for line in lines {
                    guard let destination = line.destination else { continue }
                    if batches.add(line, to: destination) {
                        await send(batches.take(destination), to: destination, created: &createdStreams)
                    }
                }
            }
            if stopping || ContinuousClock.now - lastFlush >= configuration.flushInterval {
                await streams?.flush()
                for destination in batches.destinations {
                    await send(batches.take(destination), to: destination, created: &createdStreams)
                }
                lastFlush = .now
            }
            if stopping { return }
        }
    }

    private func writeLocal(_ lines: [String]) {
        guard let local, !lines.isEmpty else { return }
        do {
            try local.write(lines)
            localWritten.increment(by: lines.count)
        } catch {
            localFailed.increment(by: lines.count)
            logger.warning("\(kind.name): cannot write to \(local.target): \(error)")
        }
    }

    private func send(_ events: [CloudWatchLogsClient.Event], to destination: LogGroupDestination, created: inout Set<LogGroupDestination>) async {
        guard let cloudWatch, !events.isEmpty else { return }
        var pause = configuration.retryPause
        for attempt in 1...max(1, configuration.attempts) {
            do {
                if !created.contains(destination) {
                    // Execution log groups are API Gateway's to create; access log groups the owner's.
                    if kind.createsGroups { try await cloudWatch.createLogGroup(group: destination.groupName, region: destination.region) }
                    try await cloudWatch.createLogStream(group: destination.groupName, stream: destination.streamName, region: destination.region)
                    created.insert(destination)
                }
                try await cloudWatch.putLogEvents(
                    group: destination.groupName, stream: destination.streamName, events: events, region: destination.region)
                delivered.increment(by: events.count)
                return
            } catch {
                if error.code == "ResourceNotFoundException" { created.remove(destination) }
                guard error.retryable, attempt < configuration.attempts else {
                    failed.increment(by: events.count)
                    logger.warning(
                        "\(kind.name): \(events.count) lines not delivered to log group \(destination.groupName)",
                        metadata: ["error": "\(error)", "attempts": "\(attempt)"])
                    return
                }
                try? await Task.sleep(for: pause)
                pause *= 2
            }
        }
    }
}

/// The lines waiting for each log group and stream, within CloudWatch's batch limits.
struct Batches {
    private var events: [LogGroupDestination: [CloudWatchLogsClient.Event]] = [:]
    private var bytes: [LogGroupDestination: Int] = [:]

    var destinations: [LogGroupDestination] { Array(events.keys) }

    /// Adds a line; true when the batch is full and must be sent now.
    mutating func add(_ line: AccessLogLine, to destination: LogGroupDestination) -> Bool {
        events[destination, default: []].append(CloudWatchLogsClient.Event(timestamp: line.timestamp, message: line.line))
        let size = bytes[destination, default: 0] + line.line.utf8.count + CloudWatchLogsClient.eventOverheadBytes
        bytes[destination] = size
        return (events[destination]?.count ?? 0) >= CloudWatchLogsClient.maximumEventsPerBatch
            || size >= CloudWatchLogsClient.maximumBatchBytes - 64 * 1024
    }

    mutating func take(_ destination: LogGroupDestination) -> [CloudWatchLogsClient.Event] {
        bytes[destination] = nil
        return events.removeValue(forKey: destination) ?? []
    }
}
