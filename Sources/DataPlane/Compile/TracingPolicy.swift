import GatewayModel

/// Which stages are traced and how many of their requests are sampled (process configuration
/// `tracing:`): REST stages with `tracingEnabled` always, every stage (HTTP APIs too, which have no
/// such setting in AWS) when `allStages` is set. A traced stage continues or starts the trace of
/// every request and tells the backend of it; only sampled requests record spans, and only when an
/// exporter takes them (`recordsSpans`).
public struct TracingPolicy: Sendable, Equatable {
    /// The share of requests without a sampling decision of their own that are sampled, 0...1.
    /// Default 0.05, X-Ray's default rule.
    public var sampleRate: Double
    /// Trace every stage, not only REST stages with `tracingEnabled`.
    public var allStages: Bool
    /// Whether sampled requests record spans (an OTLP exporter runs).
    public var recordsSpans: Bool

    public init(sampleRate: Double = 0.05, allStages: Bool = false, recordsSpans: Bool = false) {
        self.sampleRate = sampleRate
        self.allStages = allStages
        self.recordsSpans = recordsSpans
    }

    /// REST `tracingEnabled` stages only, 5 %, no spans recorded.
    public static let standard = TracingPolicy()

    /// How a stage of these settings is traced; nil when it is not.
    func sampling(for settings: StageSettings) -> TraceSampling? {
        var enabled = allStages
        if case .rest(let stage) = settings, stage.tracingEnabled == true { enabled = true }
        guard enabled else { return nil }
        return TraceSampling(rate: sampleRate, recordsSpans: recordsSpans)
    }
}

/// A traced stage's sampling, compiled: the rate as a threshold for a 64-bit draw, so deciding
/// costs one draw of the loop's generator and one comparison.
public struct TraceSampling: Sendable, Equatable {
    /// Sample when a draw is below it; `UInt64.max`: always.
    let threshold: UInt64
    let recordsSpans: Bool

    init(rate: Double, recordsSpans: Bool) {
        let rate = rate.isNaN ? 0 : min(1, max(0, rate))
        threshold = rate >= 1 ? .max : UInt64(rate * 18_446_744_073_709_551_615.0)
        self.recordsSpans = recordsSpans
    }
}
