public import DataPlane
public import Logging
public import NIOCore
import NIOExtras
import NIOHTTP1
import NIOHTTP2
import NIOPosix
import NIOSSL
import NIOTLS
public import ServiceLifecycle

/// The data-plane listener: SwiftNIO directly, HTTP/1.1 with keep-alive, and HTTP/2 (ALPN) when
/// TLS is configured. A `Service`: on graceful shutdown (SIGTERM/SIGINT) it stops accepting,
/// lets every request in flight finish, closes idle connections, then returns.
///
/// TLS by domain: each connection's ClientHello is read first (NIO's `SNIHandler`), and the TLS
/// handler is then added with the context of the domain its SNI names (``TLSContextTable``: the
/// domain's certificate, security policy and truststore). A whole context per domain, rather than
/// swift-nio-ssl's `sslContextCallback`, because that callback may change only the certificate
/// and key, while a domain's minimum TLS version, cipher suites and client-certificate request
/// are its own. What the handshake established goes to the connection's handlers as a
/// ``TLSSession``.
public final class DataPlaneServer: Service, Sendable {
    public struct Configuration: Sendable {
        public var host: String
        public var port: Int
        public var tls: GatewayConfiguration.TLS?
        /// The TLS contexts by domain, kept current by a ``TLSContextService``; nil: the default
        /// certificate `tls` for every name.
        public var tlsContexts: TLSContextTableBox?
        public var limits: RequestLimits
        public var connectionLimits: ConnectionLimits

        public init(
            host: String, port: Int, tls: GatewayConfiguration.TLS? = nil, tlsContexts: TLSContextTableBox? = nil,
            limits: RequestLimits = .aws, connectionLimits: ConnectionLimits = .standard
        ) {
            self.host = host
            self.port = port
            self.tls = tls
            self.tlsContexts = tlsContexts
            self.limits = limits
            self.connectionLimits = connectionLimits
        }
    }

    private let configuration: Configuration
    private let runtime: GatewayRuntime
    private let group: any EventLoopGroup
    private let logger: Logger
    private let quiescing: ServerQuiescingHelper
    /// Open client connections, against `ConnectionLimits.maximumConnections`.
    public let connections = ConnectionCounter()

    public init(configuration: Configuration, runtime: GatewayRuntime, group: any EventLoopGroup, logger: Logger) {
        self.configuration = configuration
        self.runtime = runtime
        self.group = group
        self.logger = logger
        self.quiescing = ServerQuiescingHelper(group: group)
    }

    /// Binds the listener and returns the bound address (port 0 picks a free port).
    @discardableResult
    public func start() async throws -> SocketAddress {
        let tlsContexts = try configuration.tlsContexts ?? configuration.tls.map(Self.defaultContexts)
        let runtime = self.runtime
        let limits = configuration.limits
        let connectionLimits = configuration.connectionLimits
        let counter = connections
        let quiescing = self.quiescing
        var h2Settings = NIOHTTP2Handler.ConnectionConfiguration()
        h2Settings.initialSettings = [
            HTTP2Setting(parameter: .maxConcurrentStreams, value: connectionLimits.maximumConcurrentStreams),
            HTTP2Setting(parameter: .maxHeaderListSize, value: limits.maximumHeaderBytes),
            HTTP2Setting(parameter: .initialWindowSize, value: 65535),
        ]
        let h2Connection = h2Settings
        let channel = try await ServerBootstrap(group: group)
            .serverChannelOption(.backlog, value: 1024)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .serverChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(quiescing.makeServerChannelHandler(channel: channel))
                }
            }
            .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
            .childChannelOption(.maxMessagesPerRead, value: 16)
            .childChannelInitializer { channel in
                guard let tlsContexts else {
                    return channel.eventLoop.makeCompletedFuture {
                        let sync = channel.pipeline.syncOperations
                        try sync.addHandler(ConnectionGuard(limits: connectionLimits, counter: counter, isTLS: false))
                        // Outbound headers are checked where the gateway makes them (see `HeaderValue`).
                        try sync.configureHTTPServerPipeline(
                            withPipeliningAssistance: false, withErrorHandling: false, withOutboundHeaderValidation: false)
                        try sync.addHandler(DataPlaneHandler(runtime: runtime, eventLoop: channel.eventLoop, limits: limits))
                    }
                }
                let session = TLSSession()
                do {
                    let connectionGuard = ConnectionGuard(limits: connectionLimits, counter: counter, isTLS: true)
                    try channel.pipeline.syncOperations.addHandler(
                        ByteToMessageHandler(
                            SNIHandler { result in
                                channel.eventLoop.makeCompletedFuture {
                                    try Self.addTLSHandler(
                                        for: result, table: tlsContexts.table, session: session, before: connectionGuard, channel: channel)
                                }
                            }))
                    try channel.pipeline.syncOperations.addHandler(connectionGuard)
                } catch {
                    return channel.eventLoop.makeFailedFuture(error)
                }
                return channel.configureCommonHTTPServerPipeline(
                    connectionConfiguration: h2Connection, streamConfiguration: NIOHTTP2Handler.StreamConfiguration()
                ) { stream in
                    stream.eventLoop.makeCompletedFuture {
                        try stream.pipeline.syncOperations.addHandler(
                            DataPlaneHandler(runtime: runtime, eventLoop: stream.eventLoop, limits: limits, isSecure: true, tls: session))
                    }
                }
            }
            .bind(host: configuration.host, port: configuration.port)
            .get()
        guard let address = channel.localAddress else {
            throw ChannelError.unknownLocalAddress
        }
        logger.info("data plane listening", metadata: ["address": "\(address)", "tls": "\(tlsContexts != nil)"])
        return address
    }

    /// Stops accepting, waits for in-flight requests, closes connections.
    public func shutdown() async throws {
        let promise = group.next().makePromise(of: Void.self)
        quiescing.initiateShutdown(promise: promise)
        try await promise.futureResult.get()
        try await runtime.closeUpstreams().get()
        logger.info("data plane stopped")
    }

    public func run() async throws {
        try await start()
        try await gracefulShutdown()
        try await shutdown()
    }

    /// Every name served with the default certificate.
    static func defaultContexts(_ tls: GatewayConfiguration.TLS) throws -> TLSContextTableBox {
        var builder = TLSContextTableBuilder()
        builder.defaultCertificate = try tls.load(source: "tls")
        return TLSContextTableBox(try builder.build().table)
    }

    /// Once the ClientHello is read: the TLS handler for the domain its SNI names, added before
    /// the connection guard (so after the SNI reader, which then hands it the buffered hello).
    /// With mutual TLS, the verification callback records the verdict on the client's chain in
    /// `session` and lets the handshake finish either way: AWS answers a refused certificate with
    /// 403, not with a failed handshake. A name with no certificate at all closes the connection.
    static func addTLSHandler(
        for result: SNIResult, table: TLSContextTable, session: TLSSession, before connectionGuard: ConnectionGuard, channel: any Channel
    ) throws {
        guard let choice = table.choice(for: result) else { throw TLSListenerError.noCertificate }
        session.negotiated(domain: choice.domain, mutualTLS: choice.mutualTLS)
        let handler: NIOSSLServerHandler
        if let truststore = choice.truststore {
            handler = NIOSSLServerHandler(context: choice.context, customVerificationCallback: { chain, promise in
                switch truststore.verify(chain) {
                case .success(let identity): session.accepted(identity)
                case .failure(let refusal): session.refused(reason: refusal.description)
                }
                promise.succeed(.certificateVerified)
            })
        } else {
            if choice.mutualTLS { session.refused(reason: choice.truststoreProblem ?? "truststore unavailable") }
            handler = NIOSSLServerHandler(context: choice.context)
        }
        try channel.pipeline.syncOperations.addHandler(handler, position: .before(connectionGuard))
    }
}

/// The listener has no certificate for the name a client asked for.
enum TLSListenerError: Error {
    case noCertificate
}
