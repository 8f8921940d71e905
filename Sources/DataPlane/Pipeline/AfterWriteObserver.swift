/// The last phase of every request (`PhaseKind.afterWrite`): access logs, metrics and trace
/// spans see the exchange and the response once, after the response is written, on the event
/// loop. An observer must not block: a sink that does I/O hands the record to a bounded queue.
public protocol AfterWriteObserver: Sendable {
    /// `exchange` is nil for requests that matched no API (still counted by gateway-wide observers).
    func requestCompleted(_ exchange: Exchange?, response: GatewayHTTPResponse, writtenAtMilliseconds: Int64)
}

/// Makes the after-write observers of a compiled gateway, once per deployment change: what an
/// observer needs per stage or route (metric handles, access log formats) is prepared here, so
/// that a request only looks it up.
public protocol AfterWriteObserverFactory: Sendable {
    func makeObservers(for apis: [CompiledApi]) -> [any AfterWriteObserver]
}
