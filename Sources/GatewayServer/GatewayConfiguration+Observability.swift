import Foundation

/// The settings of the CloudWatch metrics push and of the audit trail, with their YAML keys and
/// environment variables (kept apart from the rest of ``GatewayConfiguration``).
///
/// ```yaml
/// cloudWatchMetrics: true            # or a mapping: push AWS's metrics with PutMetricData (default off)
/// cloudWatchMetrics:
///   enabled: true
///   namespace: AWS/ApiGateway        # default; CloudWatch itself reserves AWS/: name another there
///   flushIntervalMs: 60000           # how often the gathered minutes are sent (default 60 s)
/// audit:                             # the audit trail of management writes (CloudTrail events)
///   file: .portcullis/audit.jsonl    # default: audit.jsonl beside the store; "off": none
///   maximumFileBytes: 10485760       # rotate at this size (default 10 MiB)
///   keptFiles: 5                     # rotated files kept (default 5)
///   logGroupArn: arn:aws:logs:us-east-1:123456789012:log-group:audit   # optional: CloudWatch Logs too
///   queue: 10000                     # events waiting for the sinks; more are dropped and counted
/// ```
/// Environment: `PORTCULLIS_CLOUDWATCH_METRICS` (`true`/`false`),
/// `PORTCULLIS_CLOUDWATCH_METRICS_NAMESPACE`, `PORTCULLIS_CLOUDWATCH_METRICS_FLUSH_INTERVAL_MS`,
/// `PORTCULLIS_AUDIT_FILE`, `PORTCULLIS_AUDIT_LOG_GROUP_ARN`. The endpoint and credentials of
/// CloudWatch follow the AWS SDK conventions (`AWS_ENDPOINT_URL_MONITORING`, …).
extension GatewayConfiguration {
    /// The CloudWatch metrics push.
    public struct CloudWatchMetricsSettings: Sendable, Equatable {
        /// Default false.
        public var enabled = false
        /// Default `AWS/ApiGateway`.
        public var namespace = "AWS/ApiGateway"
        /// Default 60 s.
        public var flushInterval: Duration = .seconds(60)
        public init() {}
    }

    /// The audit trail.
    public struct AuditSettings: Sendable, Equatable {
        /// The JSON-lines file; nil: `audit.jsonl` beside the store (none for a store in memory).
        public var file: String?
        /// `audit.file: off`.
        public var disabled = false
        /// Default 10 MiB.
        public var maximumFileBytes = 10 * 1024 * 1024
        /// Default 5.
        public var keptFiles = 5
        /// A CloudWatch Logs log group the events also go to. Default none.
        public var logGroupArn: String?
        /// Default 10,000.
        public var queue = 10_000
        public init() {}

        /// The file events are written to, or nil for none.
        public func resolvedFile(store: StoreSettings) -> String? {
            if disabled { return nil }
            if let file { return file }
            guard store.path != "memory" else { return nil }
            return URL(fileURLWithPath: store.path).deletingLastPathComponent().appendingPathComponent("audit.jsonl").path
        }
    }

    /// The YAML keys of this file's settings.
    static let observabilityKeys: Set<String> = ["cloudWatchMetrics", "audit"]

    mutating func applyObservability(yaml root: [String: Any], source: String) throws(Error) {
        if let value = root["cloudWatchMetrics"] {
            if let enabled = value as? Bool {
                cloudWatchMetrics.enabled = enabled
            } else {
                let keys: Set<String> = ["enabled", "namespace", "flushIntervalMs"]
                guard let map = value as? [String: Any], Set(map.keys).isSubset(of: keys) else {
                    throw Error("\(source): cloudWatchMetrics is true, false, or a mapping of \(keys.sorted().joined(separator: ", "))")
                }
                cloudWatchMetrics.enabled = (map["enabled"] as? Bool) ?? true
                if let namespace = map["namespace"] { cloudWatchMetrics.namespace = try Self.namespace("\(namespace)", source: "\(source): cloudWatchMetrics.namespace") }
                if let interval = map["flushIntervalMs"] {
                    cloudWatchMetrics.flushInterval = .milliseconds(try Self.positiveInteger(interval, source: "\(source): cloudWatchMetrics.flushIntervalMs"))
                }
            }
        }
        if let value = root["audit"] {
            let keys: Set<String> = ["file", "maximumFileBytes", "keptFiles", "logGroupArn", "queue"]
            guard let map = value as? [String: Any], Set(map.keys).isSubset(of: keys) else {
                throw Error("\(source): audit takes \(keys.sorted().joined(separator: ", "))")
            }
            if let file = map["file"] { try applyAuditFile("\(file)", source: "\(source): audit.file") }
            if let bytes = map["maximumFileBytes"] { audit.maximumFileBytes = try Self.positiveInteger(bytes, source: "\(source): audit.maximumFileBytes") }
            if let kept = map["keptFiles"] {
                guard let count = kept as? Int, count >= 0 else { throw Error("\(source): audit.keptFiles must be 0 or more") }
                audit.keptFiles = count
            }
            if let arn = map["logGroupArn"] { audit.logGroupArn = try Self.logGroupArn("\(arn)", source: "\(source): audit.logGroupArn") }
            if let queue = map["queue"] { audit.queue = try Self.positiveInteger(queue, source: "\(source): audit.queue") }
        }
    }

    mutating func applyObservability(environment: [String: String]) throws(Error) {
        if let value = environment["PORTCULLIS_CLOUDWATCH_METRICS"] {
            switch value.lowercased() {
            case "true", "1", "on": cloudWatchMetrics.enabled = true
            case "false", "0", "off", "": cloudWatchMetrics.enabled = false
            default: throw Error("PORTCULLIS_CLOUDWATCH_METRICS must be true or false")
            }
        }
        if let value = environment["PORTCULLIS_CLOUDWATCH_METRICS_NAMESPACE"] {
            cloudWatchMetrics.namespace = try Self.namespace(value, source: "PORTCULLIS_CLOUDWATCH_METRICS_NAMESPACE")
        }
        if let value = environment["PORTCULLIS_CLOUDWATCH_METRICS_FLUSH_INTERVAL_MS"] {
            cloudWatchMetrics.flushInterval = .milliseconds(
                try Self.positiveInteger(Int(value) ?? 0, source: "PORTCULLIS_CLOUDWATCH_METRICS_FLUSH_INTERVAL_MS"))
        }
        if let value = environment["PORTCULLIS_AUDIT_FILE"] { try applyAuditFile(value, source: "PORTCULLIS_AUDIT_FILE") }
        if let value = environment["PORTCULLIS_AUDIT_LOG_GROUP_ARN"] {
            if value.isEmpty {
                audit.logGroupArn = nil
            } else {
                audit.logGroupArn = try Self.logGroupArn(value, source: "PORTCULLIS_AUDIT_LOG_GROUP_ARN")
            }
        }
    }

    /// A file path, or `off`.
    public mutating func applyAuditFile(_ value: String, source: String) throws(Error) {
        guard !value.isEmpty, !value.contains("\0") else { throw Error("\(source) is not a file path (or off)") }
        audit.disabled = value == "off"
        audit.file = value == "off" ? nil : value
    }

    /// CloudWatch's namespace rules: 1 to 255 characters, no leading colon.
    static func namespace(_ value: String, source: String) throws(Error) -> String {
        guard (1...255).contains(value.count), !value.hasPrefix(":"), value.allSatisfy({ $0.isASCII && !$0.isNewline }) else {
            throw Error("\(source): a CloudWatch namespace is 1 to 255 ASCII characters, not starting with ':'")
        }
        return value
    }

    static func logGroupArn(_ value: String, source: String) throws(Error) -> String {
        let parts = value.split(separator: ":", maxSplits: 6, omittingEmptySubsequences: false)
        guard parts.count == 7, parts[0] == "arn", parts[2] == "logs", parts[5] == "log-group", !parts[6].isEmpty else {
            throw Error("\(source): '\(value)' is not a CloudWatch Logs log group ARN (arn:aws:logs:REGION:ACCOUNT:log-group:NAME)")
        }
        return value
    }
}
