#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The spans of one sampled request, as plain times: the request itself, its authorizer and its
/// integration call. Made at the endpoint phase only for sampled requests of traced stages whose
/// spans an exporter takes; phases stamp their start and end with the wall clock (a vDSO read, no
/// system call); the after-write phase turns them into OpenTelemetry spans with the ids the
/// backend was told of (`TraceContext`), and finishes the request's span there.
public final class RequestSpans {
    /// Nanoseconds since the epoch.
    public let requestStart: Int64
    public private(set) var authorizerStart: Int64?
    public private(set) var authorizerEnd: Int64?
    public private(set) var integrationStart: Int64?
    public private(set) var integrationEnd: Int64?

    init() {
        requestStart = Self.now()
    }

    /// A phase began: the authorizer's start is recorded (its first phase, when several run).
    func phaseStarted(_ kind: PhaseKind) {
        if kind == .authorizer, authorizerStart == nil { authorizerStart = Self.now() }
    }

    /// A phase answered or let the request through.
    func phaseEnded(_ kind: PhaseKind) {
        if kind == .authorizer { authorizerEnd = Self.now() }
    }

    func integrationStarted() { integrationStart = Self.now() }

    func integrationEnded() { integrationEnd = Self.now() }

    /// The wall clock in nanoseconds since the Unix epoch.
    public static func now() -> Int64 {
        var time = timespec()
        clock_gettime(CLOCK_REALTIME, &time)
        return Int64(time.tv_sec) * 1_000_000_000 + Int64(time.tv_nsec)
    }
}
