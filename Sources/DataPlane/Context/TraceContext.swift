public import NIOHTTP1

/// The trace a request belongs to, in both of the formats the gateway speaks: AWS X-Ray's
/// `X-Amzn-Trace-Id` (`Root=1-{8 hex epoch seconds}-{24 hex};Parent={16 hex};Sampled={0|1}`) and
/// W3C trace context (`traceparent: 00-{32 hex trace id}-{16 hex parent id}-{2 hex flags}`,
/// `tracestate`). One 128-bit trace id serves both: the X-Ray root `1-5759e988-bd862e3fe1be46a994272793`
/// is the W3C trace id `5759e988bd862e3fe1be46a994272793`, as AWS's own OpenTelemetry
/// distribution maps them.
///
/// Made at the endpoint phase for traced stages only (`CompiledStage.tracing`): continued from
/// the client's `X-Amzn-Trace-Id` (AWS's header, so it wins) or `traceparent`, else a new trace
/// whose id starts with the epoch seconds, so X-Ray accepts it. The client's sampling decision
/// is kept when it states one (parent-based sampling, as X-Ray and OpenTelemetry do); otherwise
/// the stage's rate decides. Ids come from the loop's generator (`RequestIdentifiers`): no lock,
/// no system call.
public struct TraceContext: Sendable, Equatable {
    /// The 128-bit trace id: `high` carries the X-Ray epoch seconds in its top 32 bits.
    public var high: UInt64
    public var low: UInt64
    /// The client's span (`Parent=` or the `traceparent` parent id), when it sent one.
    public var clientSpanId: UInt64?
    /// The gateway's span for the whole request.
    public var requestSpanId: UInt64
    /// The gateway's span for the integration call: the parent the backend is told of.
    public var integrationSpanId: UInt64
    /// The gateway's span for the authorizer phase.
    public var authorizerSpanId: UInt64
    public var sampled: Bool
    /// The client's `tracestate`, passed on unchanged (bounded by the request head's limits).
    public var traceState: String?

    public init(
        high: UInt64, low: UInt64, clientSpanId: UInt64?, requestSpanId: UInt64, integrationSpanId: UInt64, authorizerSpanId: UInt64 = 1,
        sampled: Bool, traceState: String? = nil
    ) {
        self.high = high
        self.low = low
        self.clientSpanId = clientSpanId
        self.requestSpanId = requestSpanId
        self.integrationSpanId = integrationSpanId
        self.authorizerSpanId = authorizerSpanId
        self.sampled = sampled
        self.traceState = traceState
    }

    /// What a client's headers say of the trace, if anything usable.
    public struct Incoming: Sendable, Equatable {
        public var high: UInt64
        public var low: UInt64
        public var parent: UInt64?
        /// nil: the client left the decision to the gateway (`Sampled=?` or no `Sampled`).
        public var sampled: Bool?
    }

    /// Continues the client's trace or starts one. `sampleThreshold`: sample when a draw of the
    /// loop's generator is below it (`UInt64.max` always, 0 never).
    static func make(
        headers: HTTPHeaders, epochSeconds: Int64, sampleThreshold: UInt64, identifiers: inout RequestIdentifiers
    ) -> TraceContext {
        var incoming = headers.first(name: "x-amzn-trace-id").flatMap(Self.parseAmznTraceId)
        var traceState: String?
        if incoming == nil, let parent = headers.first(name: "traceparent").flatMap(Self.parseTraceparent) {
            incoming = parent
            traceState = headers.first(name: "tracestate")
        }
        let high: UInt64
        let low: UInt64
        if let incoming {
            (high, low) = (incoming.high, incoming.low)
        } else {
            high = UInt64(truncatingIfNeeded: epochSeconds) << 32 | identifiers.next() >> 32
            low = identifiers.next()
        }
        let sampled = incoming?.sampled ?? (sampleThreshold == .max || identifiers.next() < sampleThreshold)
        return TraceContext(
            high: high, low: low, clientSpanId: incoming?.parent, requestSpanId: Self.nonZero(identifiers.next()),
            integrationSpanId: Self.nonZero(identifiers.next()), authorizerSpanId: Self.nonZero(identifiers.next()), sampled: sampled,
            traceState: traceState)
    }

    // MARK: Formats

    /// `1-{8 hex}-{24 hex}`: the X-Ray trace id.
    public var xrayTraceId: String {
        var text = "1-"
        text.reserveCapacity(35)
        Self.appendHex(high >> 32, digits: 8, to: &text)
        text += "-"
        Self.appendHex(high & 0xFFFF_FFFF, digits: 8, to: &text)
        Self.appendHex(low, digits: 16, to: &text)
        return text
    }

    /// The 32 hex digits of the W3C trace id (`$context.traceId`).
    public var traceIdHex: String {
        var text = ""
        text.reserveCapacity(32)
        Self.appendHex(high, digits: 16, to: &text)
        Self.appendHex(low, digits: 16, to: &text)
        return text
    }

    /// `X-Amzn-Trace-Id` naming `parent` as the caller's segment.
    public func amznTraceHeader(parent: UInt64) -> String {
        var text = "Root=" + xrayTraceId + ";Parent="
        Self.appendHex(parent, digits: 16, to: &text)
        text += sampled ? ";Sampled=1" : ";Sampled=0"
        return text
    }

    /// `traceparent` naming `parent` as the caller's span.
    public func traceparent(parent: UInt64) -> String {
        var text = "00-"
        text.reserveCapacity(55)
        text += traceIdHex
        text += "-"
        Self.appendHex(parent, digits: 16, to: &text)
        text += sampled ? "-01" : "-00"
        return text
    }

    /// Sets the headers that tell a backend of the trace, with the integration span as parent:
    /// `X-Amzn-Trace-Id` and `traceparent` (replacing the client's), and the client's `tracestate`.
    public func propagate(into headers: inout HTTPHeaders) {
        headers.replaceOrAdd(name: "X-Amzn-Trace-Id", value: amznTraceHeader(parent: integrationSpanId))
        headers.replaceOrAdd(name: "traceparent", value: traceparent(parent: integrationSpanId))
        if let traceState, !traceState.isEmpty { headers.replaceOrAdd(name: "tracestate", value: traceState) }
    }

    // MARK: Parsing

    /// `Root=1-{8 hex}-{24 hex}[;Parent={16 hex}][;Sampled=0|1|?][;anything else]`, fields in any
    /// order; nil without a valid root.
    public static func parseAmznTraceId(_ value: String) -> Incoming? {
        guard value.utf8.count <= 256 else { return nil }
        var root: (UInt64, UInt64)?
        var parent: UInt64?
        var sampled: Bool?
        for field in value.utf8.split(separator: UInt8(ascii: ";")) {
            let field = field.drop { $0 == UInt8(ascii: " ") }
            if field.starts(with: "Root=".utf8) {
                let digits = Array(field.dropFirst(5))
                // 1-XXXXXXXX-YYYYYYYYYYYYYYYYYYYYYYYY
                guard digits.count == 35, digits[0] == UInt8(ascii: "1"), digits[1] == UInt8(ascii: "-"), digits[10] == UInt8(ascii: "-"),
                    let epoch = hex(digits[2..<10]), let middle = hex(digits[11..<19]), let rest = hex(digits[19..<35])
                else { return nil }
                root = (epoch << 32 | middle, rest)
            } else if field.starts(with: "Parent=".utf8) {
                let digits = field.dropFirst(7)
                if digits.count == 16, let id = hex(digits), id != 0 { parent = id }
            } else if field.starts(with: "Sampled=".utf8) {
                switch field.dropFirst(8).first ?? 0 {
                case UInt8(ascii: "1"): sampled = true
                case UInt8(ascii: "0"): sampled = false
                default: sampled = nil
                }
            }
        }
        guard let root, root != (0, 0) else { return nil }
        return Incoming(high: root.0, low: root.1, parent: parent, sampled: sampled)
    }

    /// `{2 hex version}-{32 hex trace id}-{16 hex parent id}-{2 hex flags}`; a version other than
    /// 00 (but not ff) may carry more fields after the flags. nil when invalid (all-zero ids among them).
    public static func parseTraceparent(_ value: String) -> Incoming? {
        let bytes = Array(value.utf8)
        guard bytes.count >= 55, bytes.count <= 512, bytes[2] == UInt8(ascii: "-"), bytes[35] == UInt8(ascii: "-"),
            bytes[52] == UInt8(ascii: "-"), let version = hex(bytes[0..<2]), version != 0xFF,
            version != 0 || bytes.count == 55, version == 0 || bytes.count == 55 || bytes[55] == UInt8(ascii: "-"),
            let high = hex(bytes[3..<19]), let low = hex(bytes[19..<35]), let parent = hex(bytes[36..<52]),
            let flags = hex(bytes[53..<55]), high | low != 0, parent != 0
        else { return nil }
        return Incoming(high: high, low: low, parent: parent, sampled: flags & 1 == 1)
    }

    /// Lower-case hex digits only (W3C forbids upper case; X-Ray writes lower case), at most 16.
    static func hex<C: Collection>(_ digits: C) -> UInt64? where C.Element == UInt8 {
        guard !digits.isEmpty, digits.count <= 16 else { return nil }
        var value: UInt64 = 0
        for digit in digits {
            let nibble: UInt8
            switch digit {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): nibble = digit - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): nibble = digit - UInt8(ascii: "a") + 10
            default: return nil
            }
            value = value << 4 | UInt64(nibble)
        }
        return value
    }

    private static let digits: [UInt8] = Array("0123456789abcdef".utf8)

    /// Appends `count` lower-case hex digits of `value` (16: a whole span id or half a trace id),
    /// written into one small string rather than a character at a time.
    public static func appendHex(_ value: UInt64, digits count: Int = 16, to text: inout String) {
        text += String(unsafeUninitializedCapacity: count) { buffer in
            for index in 0..<count {
                buffer[index] = digits[Int((value >> UInt64((count - 1 - index) * 4)) & 0xF)]
            }
            return count
        }
    }

    /// A span id of zero is invalid in both formats.
    private static func nonZero(_ value: UInt64) -> UInt64 { value == 0 ? 1 : value }
}
