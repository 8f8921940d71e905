import DataPlane
import JSON

/// Spans as an OTLP/HTTP JSON `ExportTraceServiceRequest` (the protobuf JSON mapping, with trace
/// and span ids as lower-case hex, as OTLP/JSON requires, and 64-bit times as decimal strings).
public enum OTLPTraceEncoder {
    /// `resource`: the resource attributes (`service.name` among them).
    public static func encode(_ spans: [SpanRecord], resource: [(String, String)], scope: String, version: String) -> String {
        let resourceAttributes = JSONValue.array(resource.map { attribute($0.0, .string($0.1)) })
        let request: JSONValue = .object(
            JSONObject([
                (
                    "resourceSpans",
                    .array([
                        .object(
                            JSONObject([
                                ("resource", .object(JSONObject([("attributes", resourceAttributes)]))),
                                (
                                    "scopeSpans",
                                    .array([
                                        .object(
                                            JSONObject([
                                                ("scope", .object(JSONObject([("name", .string(scope)), ("version", .string(version))]))),
                                                ("spans", .array(spans.map(span))),
                                            ]))
                                    ])
                                ),
                            ]))
                    ])
                )
            ]))
        return JSONWriter.compact(request)
    }

    static func span(_ span: SpanRecord) -> JSONValue {
        var traceId = ""
        TraceContext.appendHex(span.traceHigh, to: &traceId)
        TraceContext.appendHex(span.traceLow, to: &traceId)
        var fields: [(String, JSONValue)] = [
            ("traceId", .string(traceId)), ("spanId", .string(hex(span.spanId))),
        ]
        if let parent = span.parentSpanId { fields.append(("parentSpanId", .string(hex(parent)))) }
        if let state = span.traceState, !state.isEmpty { fields.append(("traceState", .string(state))) }
        fields += [
            ("name", .string(span.name)), ("kind", .number(Double(span.kind.rawValue))),
            ("startTimeUnixNano", .string(String(span.start))), ("endTimeUnixNano", .string(String(span.end))),
            ("attributes", .array(span.attributes.map { attribute($0.key, $0.value) })),
            ("status", .object(JSONObject(span.isError ? [("code", .number(2))] : []))),
        ]
        return .object(JSONObject(fields))
    }

    static func attribute(_ key: String, _ value: SpanRecord.Attribute) -> JSONValue {
        let encoded: JSONValue
        switch value {
        case .string(let text): encoded = .object(JSONObject([("stringValue", .string(text))]))
        case .int(let number): encoded = .object(JSONObject([("intValue", .string(String(number)))]))
        }
        return .object(JSONObject([("key", .string(key)), ("value", encoded)]))
    }

    static func hex(_ value: UInt64) -> String {
        var text = ""
        TraceContext.appendHex(value, to: &text)
        return text
    }
}
