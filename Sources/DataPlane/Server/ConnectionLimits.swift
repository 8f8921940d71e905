public import NIOCore

/// What one client connection may cost: time (timeouts) and memory (streams and buffered bytes).
/// The defaults follow nginx's spirit, tightened where the issue of slow clients demands it; each
/// is configurable (`limits:` in the configuration file).
public struct ConnectionLimits: Sendable, Hashable {
    /// From the first byte of a request (or the connection's opening) until its headers are
    /// complete. Default 30 s (nginx: `client_header_timeout` 60 s).
    public var headerTimeout: TimeAmount
    /// A body must make progress: at least `minimumBodyBytesPerTimeout` bytes every
    /// `bodyTimeout`, so a stalled or trickling body is cut after one period. Default 15 s.
    public var bodyTimeout: TimeAmount
    /// The least a body must deliver per `bodyTimeout` (default 16 KiB, about 1 KiB/s): a client
    /// trickling a byte a second is cut, a slow but real upload is not.
    public var minimumBodyBytesPerTimeout: Int
    /// Between requests on a keep-alive connection. Default 60 s (nginx: `keepalive_timeout` 75 s).
    public var idleTimeout: TimeAmount
    /// TLS listeners: from accept until the handshake completes. Default 10 s.
    public var handshakeTimeout: TimeAmount
    /// Open client connections per listener; more are closed at accept. Default 10,000.
    public var maximumConnections: Int
    /// HTTP/2: concurrent streams per connection (SETTINGS_MAX_CONCURRENT_STREAMS). Default 100.
    public var maximumConcurrentStreams: Int
    /// HTTP/2: request bytes buffered by all the streams of one connection together; a stream
    /// that would go over answers 413. Default 32 MiB.
    public var maximumBufferedBytesPerConnection: Int

    public init(
        headerTimeout: TimeAmount = .seconds(30), bodyTimeout: TimeAmount = .seconds(15),
        minimumBodyBytesPerTimeout: Int = 16 * 1024, idleTimeout: TimeAmount = .seconds(60),
        handshakeTimeout: TimeAmount = .seconds(10), maximumConnections: Int = 10_000, maximumConcurrentStreams: Int = 100,
        maximumBufferedBytesPerConnection: Int = 32 * 1024 * 1024
    ) {
        self.headerTimeout = headerTimeout
        self.bodyTimeout = bodyTimeout
        self.minimumBodyBytesPerTimeout = minimumBodyBytesPerTimeout
        self.idleTimeout = idleTimeout
        self.handshakeTimeout = handshakeTimeout
        self.maximumConnections = maximumConnections
        self.maximumConcurrentStreams = maximumConcurrentStreams
        self.maximumBufferedBytesPerConnection = maximumBufferedBytesPerConnection
    }

    public static let standard = ConnectionLimits()
}
