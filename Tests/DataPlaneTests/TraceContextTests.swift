import NIOCore
import NIOHTTP1
import Testing

@testable import DataPlane

/// X-Amzn-Trace-Id and W3C traceparent: parsing what clients send, continuing or starting a
/// trace, and the headers a backend is sent.
@Suite struct TraceContextTests {
    @Test func parsesAmznTraceIdInAnyFieldOrder() throws {
        let parsed = try #require(
            TraceContext.parseAmznTraceId("Self=1-67891233-abcdef012345678912345678;Sampled=1;Parent=53995c3f42cd8ad8;Root=1-5759e988-bd862e3fe1be46a994272793"))
        #expect(parsed.high == 0x5759_e988_bd86_2e3f)
        #expect(parsed.low == 0xe1be_46a9_9427_2793)
        #expect(parsed.parent == 0x5399_5c3f_42cd_8ad8)
        #expect(parsed.sampled == true)
        // A root alone leaves the decision to the gateway.
        #expect(TraceContext.parseAmznTraceId("Root=1-5759e988-bd862e3fe1be46a994272793")?.sampled == nil)
        #expect(TraceContext.parseAmznTraceId("Root=1-5759e988-bd862e3fe1be46a994272793;Sampled=?")?.sampled == nil)
    }

    @Test func refusesMalformedAmznTraceIds() {
        for value in [
            "", "Parent=53995c3f42cd8ad8", "Root=2-5759e988-bd862e3fe1be46a994272793", "Root=1-5759e988-bd862e3fe1be46a99427279",
            "Root=1-5759E988-bd862e3fe1be46a994272793", "Root=1-5759e988_bd862e3fe1be46a994272793",
            "Root=1-00000000-000000000000000000000000", String(repeating: "Root=x;", count: 100),
        ] {
            #expect(TraceContext.parseAmznTraceId(value) == nil, "\(value)")
        }
    }

    @Test func parsesTraceparent() throws {
        let parsed = try #require(TraceContext.parseTraceparent("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"))
        #expect(parsed.high == 0x4bf9_2f35_77b3_4da6)
        #expect(parsed.low == 0xa3ce_929d_0e0e_4736)
        #expect(parsed.parent == 0x00f0_67aa_0ba9_02b7)
        #expect(parsed.sampled == true)
        #expect(TraceContext.parseTraceparent("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00")?.sampled == false)
        // A later version may add fields after the flags.
        #expect(TraceContext.parseTraceparent("01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-extra") != nil)
        for value in [
            "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-extra", "ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
            "00-00000000000000000000000000000000-00f067aa0ba902b7-01", "00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01",
            "00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7",
        ] {
            #expect(TraceContext.parseTraceparent(value) == nil, "\(value)")
        }
    }

    @Test func continuesTheClientsTraceAndTellsTheBackend() {
        var identifiers = RequestIdentifiers()
        let headers: HTTPHeaders = [
            "traceparent": "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", "tracestate": "vendor=abc",
        ]
        let trace = TraceContext.make(headers: headers, epochSeconds: 1_765_086_000, sampleThreshold: 0, identifiers: &identifiers)
        #expect(trace.traceIdHex == "4bf92f3577b34da6a3ce929d0e0e4736")
        #expect(trace.xrayTraceId == "1-4bf92f35-77b34da6a3ce929d0e0e4736")
        #expect(trace.clientSpanId == 0x00f0_67aa_0ba9_02b7)
        #expect(trace.sampled)  // the client's decision wins over a rate of 0
        var sent = HTTPHeaders([("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")])
        trace.propagate(into: &sent)
        var parent = ""
        TraceContext.appendHex(trace.integrationSpanId, to: &parent)
        #expect(sent["traceparent"] == ["00-4bf92f3577b34da6a3ce929d0e0e4736-\(parent)-01"])
        #expect(sent["X-Amzn-Trace-Id"] == ["Root=1-4bf92f35-77b34da6a3ce929d0e0e4736;Parent=\(parent);Sampled=1"])
        #expect(sent["tracestate"] == ["vendor=abc"])
        #expect(Set([trace.requestSpanId, trace.integrationSpanId, trace.authorizerSpanId]).count == 3)
    }

    @Test func amznTraceIdWinsOverTraceparent() {
        var identifiers = RequestIdentifiers()
        let headers: HTTPHeaders = [
            "X-Amzn-Trace-Id": "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=0",
            "traceparent": "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
        ]
        let trace = TraceContext.make(headers: headers, epochSeconds: 0, sampleThreshold: .max, identifiers: &identifiers)
        #expect(trace.xrayTraceId == "1-5759e988-bd862e3fe1be46a994272793")
        #expect(trace.clientSpanId == 0x5399_5c3f_42cd_8ad8)
        #expect(!trace.sampled)
        #expect(trace.traceState == nil)
    }

    @Test func startsATraceXRayAccepts() {
        var identifiers = RequestIdentifiers()
        let always = TraceContext.make(headers: [:], epochSeconds: 0x6935_2a40, sampleThreshold: .max, identifiers: &identifiers)
        #expect(always.xrayTraceId.hasPrefix("1-69352a40-"))
        #expect(always.xrayTraceId.count == 35)
        #expect(always.clientSpanId == nil)
        #expect(always.sampled)
        let never = TraceContext.make(headers: [:], epochSeconds: 0x6935_2a40, sampleThreshold: 0, identifiers: &identifiers)
        #expect(!never.sampled)
        #expect(never.amznTraceHeader(parent: 1) == "Root=\(never.xrayTraceId);Parent=0000000000000001;Sampled=0")
        #expect(never.traceparent(parent: 1) == "00-\(never.traceIdHex)-0000000000000001-00")
    }

    @Test func samplesAtTheConfiguredRate() {
        var identifiers = RequestIdentifiers()
        let sampling = TraceSampling(rate: 0.05, recordsSpans: false)
        var sampled = 0
        for _ in 0..<20_000 where TraceContext.make(headers: [:], epochSeconds: 0, sampleThreshold: sampling.threshold, identifiers: &identifiers).sampled {
            sampled += 1
        }
        #expect((800...1200).contains(sampled), "\(sampled) of 20,000 at 5 %")
        #expect(TraceSampling(rate: 1, recordsSpans: false).threshold == .max)
        #expect(TraceSampling(rate: 0, recordsSpans: false).threshold == 0)
        #expect(TraceSampling(rate: .nan, recordsSpans: false).threshold == 0)
    }
}

/// How execution log lines show data: secrets masked as AWS masks them, lines cut at 1,024 bytes.
@Suite struct ExecutionLogTextTests {
    @Test func masksSecretsButTheirLastFourCharacters() {
        #expect(ExecutionLogText.masked("abcdefghijklmnopqrstuvwxyz0123456789abcd") == String(repeating: "*", count: 36) + "abcd")
        #expect(ExecutionLogText.masked("short-secret") == "************")
        let headers: HTTPHeaders = [
            "Accept": "*/*", "Authorization": "Bearer eyJhbGciOiJIUzI1NiJ9.e30.signature1234", "x-api-key": "key-0123456789abcdefWXYZ",
            "Cookie": "session=1", "X-Multi": "a", "x-multi": "b",
        ]
        let text = ExecutionLogText.headers(headers)
        #expect(text.hasPrefix("{Accept=*/*, Authorization=****"))
        #expect(text.contains("1234, "))
        #expect(!text.contains("eyJ"))
        #expect(text.contains("x-api-key=" + String(repeating: "*", count: 20) + "WXYZ"))
        #expect(!text.contains("0123456789"))
        #expect(text.contains("Cookie=*********"))
        #expect(text.contains("X-Multi=a,b}"))
    }

    @Test func cutsLongLinesAtTheEventLimit() {
        let long = String(repeating: "é", count: 2000)
        let cut = ExecutionLogText.truncated("Method request body before transformations: " + long)
        #expect(cut.utf8.count <= 1024)
        #expect(cut.hasSuffix(" [TRUNCATED]"))
        #expect(ExecutionLogText.truncated("short") == "short")
    }
}
