/// Process configuration `tracing:` (and `PORTCULLIS_TRACING_*`):
///
/// ```yaml
/// tracing:
///   sampleRate: 0.05        # share of requests without a client decision that are sampled (default 0.05)
///   allStages: false        # trace every stage (HTTP APIs too), not only REST stages with tracingEnabled
///   otlpEndpoint: http://127.0.0.1:4318   # OTLP/HTTP base URL; OTEL_EXPORTER_OTLP_(TRACES_)ENDPOINT win
///   queue: 10000            # finished spans waiting for the exporter; more are dropped and counted
/// ```
public struct TracingSettings: Sendable, Equatable {
    public var sampleRate: Double = 0.05
    public var allStages = false
    public var otlpEndpoint: String?
    public var queue = 10_000

    public init() {}

    static let keys: Set<String> = ["sampleRate", "allStages", "otlpEndpoint", "queue"]

    /// Applies the `tracing:` mapping of a configuration file.
    mutating func apply(_ value: Any, source: String) throws(GatewayConfiguration.Error) {
        guard let map = value as? [String: Any] else { throw GatewayConfiguration.Error("\(source) must be a mapping") }
        for key in map.keys where !Self.keys.contains(key) {
            throw GatewayConfiguration.Error("\(source): unknown key '\(key)' (known: \(Self.keys.sorted().joined(separator: ", ")))")
        }
        if let rate = map["sampleRate"] { sampleRate = try Self.rate(rate, source: "\(source).sampleRate") }
        if let all = map["allStages"] {
            guard let flag = all as? Bool else { throw GatewayConfiguration.Error("\(source).allStages must be true or false") }
            allStages = flag
        }
        if let endpoint = map["otlpEndpoint"] { otlpEndpoint = try Self.endpoint("\(endpoint)", source: "\(source).otlpEndpoint") }
        if let count = map["queue"] { queue = try GatewayConfiguration.positiveInteger(count, source: "\(source).queue") }
    }

    /// Applies `PORTCULLIS_TRACING_SAMPLE_RATE`, `PORTCULLIS_TRACING_ALL_STAGES`,
    /// `PORTCULLIS_TRACING_OTLP_ENDPOINT`.
    mutating func apply(environment: [String: String]) throws(GatewayConfiguration.Error) {
        if let value = environment["PORTCULLIS_TRACING_SAMPLE_RATE"] {
            sampleRate = try Self.rate(value, source: "PORTCULLIS_TRACING_SAMPLE_RATE")
        }
        if let value = environment["PORTCULLIS_TRACING_ALL_STAGES"] {
            switch value.lowercased() {
            case "true", "1", "yes": allStages = true
            case "false", "0", "no": allStages = false
            default: throw GatewayConfiguration.Error("PORTCULLIS_TRACING_ALL_STAGES must be true or false")
            }
        }
        if let value = environment["PORTCULLIS_TRACING_OTLP_ENDPOINT"] {
            otlpEndpoint = try Self.endpoint(value, source: "PORTCULLIS_TRACING_OTLP_ENDPOINT")
        }
    }

    static func rate(_ value: Any, source: String) throws(GatewayConfiguration.Error) -> Double {
        let number = (value as? Double) ?? (value as? Int).map(Double.init) ?? Double("\(value)")
        guard let number, number >= 0, number <= 1 else { throw GatewayConfiguration.Error("\(source) must be a number from 0 to 1") }
        return number
    }

    static func endpoint(_ value: String, source: String) throws(GatewayConfiguration.Error) -> String? {
        guard !value.isEmpty else { return nil }
        guard value.hasPrefix("http://") || value.hasPrefix("https://") else {
            throw GatewayConfiguration.Error("\(source) must be an http:// or https:// URL (OTLP/HTTP)")
        }
        return value
    }
}
