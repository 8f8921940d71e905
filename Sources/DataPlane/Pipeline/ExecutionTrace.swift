/// The phases a request went through, in order, and what they decided: the narration AWS writes
/// to a REST stage's execution logs (`loggingLevel: INFO | ERROR`, `dataTraceEnabled`), and what
/// the pipeline order test reads. Made at the endpoint phase only for stages that log (or record
/// for a test); a request without one pays a nil check per phase, and since every call site is
/// `exchange.trace?.…`, no line is formatted for it.
///
/// Lines are recorded at INFO detail (data lines only when the method's `dataTraceEnabled`), each
/// marked whether it tells of a failure; the after-write phase keeps those the method's level asks
/// for (`ExecutionLogging.Level`).
public final class ExecutionTrace {
    /// One execution log line, without the `({requestId})` prefix the sink adds.
    public struct Line: Sendable, Equatable {
        /// Milliseconds since the epoch (the CloudWatch event time).
        public var timestamp: Int64
        public var text: String
        /// Whether ERROR-level logging keeps it.
        public var isError: Bool
    }

    public private(set) var phases: [PhaseKind] = []
    public private(set) var lines: [Line] = []
    /// What the routed method logs; the stage's `*/*` setting until routing, nil when the stage
    /// only records phases (tests).
    public internal(set) var setting: ExecutionLogging.Setting?

    public init(setting: ExecutionLogging.Setting? = nil) {
        self.setting = setting
    }

    /// The lines recorded by phases, as free text (kept for the pipeline tests).
    public var notes: [String] { lines.map(\.text) }

    func entered(_ phase: PhaseKind) { phases.append(phase) }

    /// An INFO line.
    public func note(_ text: String) { append(text, isError: false) }

    /// A line that tells of a failure (kept at ERROR level too).
    public func failure(_ text: String) { append(text, isError: true) }

    /// A line with request or response data: recorded only when the method's `dataTraceEnabled`.
    func data(_ text: @autoclosure () -> String) {
        guard setting?.dataTrace == true else { return }
        append(text(), isError: false)
    }

    /// The lines the method's level keeps, in order.
    public var loggedLines: [Line] {
        switch setting?.level {
        case .info: lines
        case .error: lines.filter(\.isError)
        case nil: []
        }
    }

    private func append(_ text: String, isError: Bool) {
        lines.append(Line(timestamp: WallClock.nowMilliseconds(), text: ExecutionLogText.truncated(text), isError: isError))
    }
}
