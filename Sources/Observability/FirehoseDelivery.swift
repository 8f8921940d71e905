import AWSClients
import CoreMetrics
import Logging

/// The Firehose part of the access log sink: lines of stages whose destination is a delivery
/// stream, gathered per stream within `PutRecordBatch`'s limits (one record per line, ending with
/// a newline, as a Firehose-to-S3 object of lines expects) and sent when a batch is full or at the
/// service's flush. Records Firehose did not take are sent again, up to `attempts` times in all, with
/// a doubling pause; a line that still fails, or is larger than a record may be, is counted, never
/// retried forever. Used by ``AccessLogService`` only, off the event loops.
struct FirehoseDelivery {
    let client: FirehoseClient
    let attempts: Int
    let retryPause: Duration
    let delivered: CoreMetrics.Counter
    let failed: CoreMetrics.Counter
    let logger: Logger
    private var records: [FirehoseDestination: [String]] = [:]
    private var bytes: [FirehoseDestination: Int] = [:]

    init(client: FirehoseClient, attempts: Int, retryPause: Duration, metrics: GatewayMetrics, kind: LogSinkKind, logger: Logger) {
        self.client = client
        self.attempts = max(1, attempts)
        self.retryPause = retryPause
        delivered = kind.lines(metrics, sink: "firehose", outcome: "delivered")
        failed = kind.lines(metrics, sink: "firehose", outcome: "failed")
        self.logger = logger
    }

    /// Adds a line for `destination`, sending the stream's batch first when the line would not fit.
    mutating func add(_ line: String, to destination: FirehoseDestination) async {
        let record = line + "\n"
        let size = record.utf8.count
        guard size <= FirehoseClient.maximumRecordBytes else {
            failed.increment()
            logger.warning("access log: a line of \(size) bytes is larger than a Firehose record may be; not delivered")
            return
        }
        if (records[destination]?.count ?? 0) >= FirehoseClient.maximumRecordsPerBatch
            || bytes[destination, default: 0] + size > FirehoseClient.maximumBatchBytes
        {
            await send(destination)
        }
        records[destination, default: []].append(record)
        bytes[destination, default: 0] += size
    }

    /// Sends every stream's waiting records.
    mutating func flush() async {
        for destination in Array(records.keys) { await send(destination) }
    }

    private mutating func send(_ destination: FirehoseDestination) async {
        var pending = records.removeValue(forKey: destination) ?? []
        bytes[destination] = nil
        var pause = retryPause
        for attempt in 1...attempts where !pending.isEmpty {
            do {
                let refused = try await client.putRecordBatch(stream: destination.streamName, records: pending, region: destination.region)
                delivered.increment(by: pending.count - refused.count)
                pending = refused.map { pending[$0] }
            } catch {
                guard error.retryable, attempt < attempts else { break }
            }
            if !pending.isEmpty, attempt < attempts {
                try? await Task.sleep(for: pause)
                pause *= 2
            }
        }
        if !pending.isEmpty {
            failed.increment(by: pending.count)
            logger.warning("access log: \(pending.count) lines not delivered to Firehose stream \(destination.streamName)")
        }
    }
}
