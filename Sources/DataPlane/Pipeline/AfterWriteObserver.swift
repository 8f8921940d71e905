/// The last phase of every request (`PhaseKind.afterWrite`): access logs, metrics and trace
/// spans see the exchange and the response once, after the response is written, on the event
/// loop. An observer must not block: a sink that does I/O hands the record to a bounded queue.
public protocol AfterWriteObserver: Sendable {
    /// `exchange` is nil for requests that matched no API (still counted by gateway-wide observers).
    func requestCompleted(_ exchange: Exchange?, response: GatewayHTTPResponse, writtenAtMilliseconds: Int64)
}
