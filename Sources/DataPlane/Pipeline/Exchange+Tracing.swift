import NIOHTTP1

extension Exchange {
    /// The endpoint phase of a traced stage: continues the client's trace or starts one, and
    /// records span times when the request is sampled and an exporter takes its spans.
    func beginTrace(_ sampling: TraceSampling, loop: LoopContext) {
        let trace = TraceContext.make(
            headers: head.headers, epochSeconds: context.requestTimeEpoch / 1000, sampleThreshold: sampling.threshold,
            identifiers: &loop.identifiers)
        traceContext = trace
        if trace.sampled, sampling.recordsSpans { spans = RequestSpans() }
    }

    /// The `X-Amzn-Trace-Id` a backend is sent: the request's trace with the integration span as
    /// parent on traced stages; elsewhere a new root, as AWS sends one to every backend whether
    /// or not X-Ray tracing is on.
    func integrationTraceHeader(loop: LoopContext) -> String {
        if let traceContext { return traceContext.amznTraceHeader(parent: traceContext.integrationSpanId) }
        return loop.identifiers.traceId(epochSeconds: context.requestTimeEpoch / 1000)
    }

    /// Tells an HTTP backend of the trace: on traced stages `X-Amzn-Trace-Id`, `traceparent` and
    /// `tracestate` with the integration span as parent; elsewhere the client's `X-Amzn-Trace-Id`
    /// as it is, or a new root.
    func propagateTrace(into headers: inout HTTPHeaders, loop: LoopContext) {
        if let traceContext {
            traceContext.propagate(into: &headers)
        } else if !headers.contains(name: "x-amzn-trace-id") {
            headers.add(name: "X-Amzn-Trace-Id", value: integrationTraceHeader(loop: loop))
        }
    }
}
