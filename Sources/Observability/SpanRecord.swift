public import DataPlane

/// One finished span as plain values, made after the write from a sampled request's
/// ``RequestSpans`` and ``TraceContext``, and exported in OTLP batches by ``OTLPTraceExporter``.
public struct SpanRecord: Sendable, Equatable {
    /// OTLP's `SpanKind` numbers.
    public enum Kind: Int, Sendable {
        case `internal` = 1
        case server = 2
        case client = 3
    }

    public enum Attribute: Sendable, Equatable {
        case string(String)
        case int(Int)
    }

    public var traceHigh: UInt64
    public var traceLow: UInt64
    public var spanId: UInt64
    public var parentSpanId: UInt64?
    public var name: String
    public var kind: Kind
    /// Nanoseconds since the epoch.
    public var start: Int64
    public var end: Int64
    public var attributes: [(key: String, value: Attribute)]
    /// OTLP status `ERROR` (else unset).
    public var isError: Bool
    /// The W3C `tracestate` the client sent (the request's span carries it).
    public var traceState: String?

    public static func == (lhs: SpanRecord, rhs: SpanRecord) -> Bool {
        lhs.traceHigh == rhs.traceHigh && lhs.traceLow == rhs.traceLow && lhs.spanId == rhs.spanId && lhs.parentSpanId == rhs.parentSpanId
            && lhs.name == rhs.name && lhs.kind == rhs.kind && lhs.start == rhs.start && lhs.end == rhs.end && lhs.isError == rhs.isError
            && lhs.traceState == rhs.traceState && lhs.attributes.elementsEqual(rhs.attributes) { $0.key == $1.key && $0.value == $1.value }
    }
}

extension Exchange {
    /// The spans of this request, if it was sampled and recorded them: the request (server
    /// span, child of the client's span), its authorizer and its integration call (children of
    /// the request's span). `end`: when the response was written, nanoseconds since the epoch.
    public func spanRecords(response: GatewayHTTPResponse, end: Int64) -> [SpanRecord] {
        guard let trace = traceContext, let spans else { return [] }
        func span(_ id: UInt64, parent: UInt64?, _ name: String, _ kind: SpanRecord.Kind, _ start: Int64, _ end: Int64) -> SpanRecord {
            SpanRecord(
                traceHigh: trace.high, traceLow: trace.low, spanId: id, parentSpanId: parent, name: name, kind: kind, start: start,
                end: max(start, end), attributes: [], isError: false, traceState: nil)
        }
        let status = Int(response.status.code)
        var request = span(
            trace.requestSpanId, parent: trace.clientSpanId, method.map { "\(context.httpMethod) \($0.resourcePath)" } ?? context.httpMethod,
            .server, spans.requestStart, end)
        request.traceState = trace.traceState
        request.attributes = [
            ("http.request.method", .string(context.httpMethod)), ("url.path", .string(context.path)),
            ("http.response.status_code", .int(status)), ("client.address", .string(context.sourceIp)),
            ("aws.request_id", .string(context.requestId)), ("aws.api_gateway.api_id", .string(context.apiId)),
            ("aws.api_gateway.stage", .string(context.stage)),
        ]
        if let method { request.attributes.append(("http.route", .string(method.resourcePath))) }
        if let userAgent = context.userAgent { request.attributes.append(("user_agent.original", .string(userAgent))) }
        if let error {
            request.attributes.append(("error.type", .string(error.type.rawValue)))
            request.isError = status >= 500
        }
        var records = [request]
        if let start = spans.authorizerStart {
            var authorizer = span(trace.authorizerSpanId, parent: trace.requestSpanId, "authorizer", .internal, start, spans.authorizerEnd ?? end)
            if let error, [.unauthorized, .accessDenied, .authorizerFailure, .authorizerConfigurationError].contains(error.type) {
                authorizer.isError = true
                authorizer.attributes.append(("error.type", .string(error.type.rawValue)))
            }
            records.append(authorizer)
        }
        if let start = spans.integrationStart {
            var integration = span(trace.integrationSpanId, parent: trace.requestSpanId, "integration", .client, start, spans.integrationEnd ?? end)
            if let integrationStatus { integration.attributes.append(("http.response.status_code", .int(integrationStatus))) }
            if let error, error.type == .integrationTimeout || error.type == .integrationFailure || integrationStatus == nil {
                integration.isError = true
                integration.attributes.append(("error.type", .string(error.type.rawValue)))
            }
            records.append(integration)
        }
        return records
    }
}
