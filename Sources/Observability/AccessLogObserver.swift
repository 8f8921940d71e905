public import DataPlane
import GatewayModel

/// Access logs: for every stage with access log settings (REST `accessLogSettings`, HTTP APIs
/// `AccessLogSettings`), one line per request in the stage's `$context` format, rendered after
/// the write on the event loop and handed to the bounded ``AccessLogQueue``; the
/// ``AccessLogService`` writes it off the loop to the destination's CloudWatch Logs log group or
/// Firehose delivery stream, and to the process's local sink.
public final class AccessLogObserver: AfterWriteObserver {
    struct StageLog: Sendable {
        var format: AccessLogFormat
        var destination: LogGroupDestination?
        var firehose: FirehoseDestination?
    }

    let stages: [MetricsObserver.StageKey: StageLog]
    let queue: AccessLogQueue

    /// `streamName` names the stream of a stage's lines (see ``AccessLogStreamName``).
    /// `localSink`: whether a local sink takes every stage's lines, destination or not.
    public init(apis: [CompiledApi], queue: AccessLogQueue, streamName: AccessLogStreamName, localSink: Bool) {
        self.queue = queue
        var stages: [MetricsObserver.StageKey: StageLog] = [:]
        for api in apis {
            for (name, stage) in api.stages {
                guard let settings = Self.settings(stage.settings), let format = settings.format, !format.isEmpty else { continue }
                let destination = settings.destinationArn.flatMap { LogGroupDestination(arn: $0, streamName: streamName.name(apiId: api.apiId, stage: name)) }
                let firehose = settings.destinationArn.flatMap(FirehoseDestination.init(arn:))
                guard destination != nil || firehose != nil || localSink else { continue }
                stages[MetricsObserver.StageKey(apiId: api.apiId, stage: name)] = StageLog(
                    format: AccessLogFormat(parsing: format), destination: destination, firehose: firehose)
            }
        }
        self.stages = stages
    }

    static func settings(_ settings: StageSettings?) -> (format: String?, destinationArn: String?)? {
        switch settings {
        case .rest(let stage):
            guard let access = stage.accessLogSettings else { return nil }
            return (access.format, access.destinationArn)
        case .http(let stage):
            guard let access = stage.accessLogSettings else { return nil }
            return (access.format, access.destinationArn)
        case nil:
            return nil
        }
    }

    /// Whether any stage writes access logs.
    public var isEmpty: Bool { stages.isEmpty }

    public func requestCompleted(_ exchange: Exchange?, response: GatewayHTTPResponse, writtenAtMilliseconds: Int64) {
        guard let exchange, let stage = stages[MetricsObserver.StageKey(apiId: exchange.context.apiId, stage: exchange.context.stage)] else {
            return
        }
        let line = exchange.accessLogLine(stage.format, response: response, writtenAtMilliseconds: writtenAtMilliseconds)
        queue.offer(
            AccessLogLine(timestamp: exchange.context.requestTimeEpoch, line: line, destination: stage.destination, firehose: stage.firehose))
    }
}

/// Names the log streams access log lines go to. AWS writes a stage's access logs to streams
/// named by an opaque 32-digit hexadecimal id; so does the gateway: 16 digits from the API and
/// stage, 16 from the process (each process writes streams of its own, as each of AWS's hosts does).
public struct AccessLogStreamName: Sendable {
    let process: UInt64

    public init(process: UInt64 = UInt64.random(in: 0...UInt64.max)) {
        self.process = process
    }

    public func name(apiId: String, stage: String) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in apiId.utf8 + [0] + stage.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        return Self.hex(hash) + Self.hex(process)
    }

    private static func hex(_ value: UInt64) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}
