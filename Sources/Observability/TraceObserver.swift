public import DataPlane

/// Trace spans: after the write, a sampled request's spans (``SpanRecord``) go to the bounded
/// queue the ``OTLPTraceExporter`` takes; the request's own span ends here. Requests that were
/// not sampled recorded no span times, so they cost one nil check.
public struct TraceObserver: AfterWriteObserver {
    let queue: BoundedQueue<SpanRecord>

    public init(queue: BoundedQueue<SpanRecord>) {
        self.queue = queue
    }

    public func requestCompleted(_ exchange: Exchange?, response: GatewayHTTPResponse, writtenAtMilliseconds: Int64) {
        guard let exchange, exchange.spans != nil else { return }
        queue.offer(contentsOf: exchange.spanRecords(response: response, end: RequestSpans.now()))
    }
}
