import DataPlane
import JSON

/// Spans as an OTLP/HTTP JSON `ExportTraceServiceRequest` (the protobuf JSON mapping, with trace
/// and span ids as lower-case hex, as OTLP/JSON requires, and 64-bit times as decimal strings).
/// Written straight into one string, without a `JSONValue` tree: it runs for every exported span.
public enum OTLPTraceEncoder {
    /// `resource`: the resource attributes (`service.name` among them).
    public static func encode(_ spans: [SpanRecord], resource: [(String, String)], scope: String, version: String) -> String {
        var out = ""
        out.reserveCapacity(256 + spans.count * 640)
        out += #"{"resourceSpans":[{"resource":{"attributes":["#
        for (index, (key, value)) in resource.enumerated() {
            if index > 0 { out += "," }
            attribute(key, .string(value), to: &out)
        }
        out += #"]},"scopeSpans":[{"scope":{"name":"#
        JSONWriter.appendString(scope, to: &out)
        out += #","version":"#
        JSONWriter.appendString(version, to: &out)
        out += #"},"spans":["#
        for (index, span) in spans.enumerated() {
            if index > 0 { out += "," }
            self.span(span, to: &out)
        }
        out += "]}]}]}"
        return out
    }

    static func span(_ span: SpanRecord, to out: inout String) {
        out += #"{"traceId":""#
        TraceContext.appendHex(span.traceHigh, to: &out)
        TraceContext.appendHex(span.traceLow, to: &out)
        out += #"","spanId":""#
        TraceContext.appendHex(span.spanId, to: &out)
        out += "\""
        if let parent = span.parentSpanId {
            out += #","parentSpanId":""#
            TraceContext.appendHex(parent, to: &out)
            out += "\""
        }
        if let state = span.traceState, !state.isEmpty {
            out += #","traceState":"#
            JSONWriter.appendString(state, to: &out)
        }
        out += #","name":"#
        JSONWriter.appendString(span.name, to: &out)
        out += #","kind":"#
        out += String(span.kind.rawValue)
        out += #","startTimeUnixNano":""#
        out += String(span.start)
        out += #"","endTimeUnixNano":""#
        out += String(span.end)
        out += #"","attributes":["#
        for (index, item) in span.attributes.enumerated() {
            if index > 0 { out += "," }
            attribute(item.key, item.value, to: &out)
        }
        out += span.isError ? #"],"status":{"code":2}}"# : #"],"status":{}}"#
    }

    static func attribute(_ key: String, _ value: SpanRecord.Attribute, to out: inout String) {
        out += #"{"key":"#
        JSONWriter.appendString(key, to: &out)
        switch value {
        case .string(let text):
            out += #","value":{"stringValue":"#
            JSONWriter.appendString(text, to: &out)
            out += "}}"
        case .int(let number):
            out += #","value":{"intValue":""#
            out += String(number)
            out += "\"}}"
        }
    }
}
