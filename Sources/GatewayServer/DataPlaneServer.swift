public import DataPlane
public import Logging
public import NIOCore
import NIOExtras
import NIOHTTP1
import NIOHTTP2
import NIOPosix
import NIOSSL
public import ServiceLifecycle

/// The data-plane listener: SwiftNIO directly, HTTP/1.1 with keep-alive, and HTTP/2 (ALPN) when
/// TLS is configured. A `Service`: on graceful shutdown (SIGTERM/SIGINT) it stops accepting,
/// lets every request in flight finish, closes idle connections, then returns.
public final class DataPlaneServer: Service, Sendable {
    public struct Configuration: Sendable {
        public var host: String
        public var port: Int
        public var tls: GatewayConfiguration.TLS?
        public var limits: RequestLimits
        public var connectionLimits: ConnectionLimits

        public init(
            host: String, port: Int, tls: GatewayConfiguration.TLS? = nil, limits: RequestLimits = .aws,
            connectionLimits: ConnectionLimits = .standard
        ) {
            self.host = host
            self.port = port
            self.tls = tls
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
        let sslContext = try configuration.tls.map(Self.makeSSLContext)
        let runtime = self.runtime
        let limits = configuration.limits
        let connectionLimits = configuration.connectionLimits
        let counter = connections
        let quiescing = self.quiescing
        var h2Connection = NIOHTTP2Handler.ConnectionConfiguration()
        h2Connection.initialSettings = [
            HTTP2Setting(parameter: .maxConcurrentStreams, value: connectionLimits.maximumConcurrentStreams),
            HTTP2Setting(parameter: .maxHeaderListSize, value: limits.maximumHeaderBytes),
            HTTP2Setting(parameter: .initialWindowSize, value: 65535),
        ]
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
                guard let sslContext else {
                    return channel.eventLoop.makeCompletedFuture {
                        let sync = channel.pipeline.syncOperations
                        try sync.addHandler(ConnectionGuard(limits: connectionLimits, counter: counter, isTLS: false))
                        // Outbound headers are checked where the gateway makes them (see `HeaderValue`).
                        try sync.configureHTTPServerPipeline(
                            withPipeliningAssistance: false, withErrorHandling: false, withOutboundHeaderValidation: false)
                        try sync.addHandler(DataPlaneHandler(runtime: runtime, eventLoop: channel.eventLoop, limits: limits))
                    }
                }
                do {
                    try channel.pipeline.syncOperations.addHandler(NIOSSLServerHandler(context: sslContext))
                    try channel.pipeline.syncOperations.addHandler(
                        ConnectionGuard(limits: connectionLimits, counter: counter, isTLS: true))
                } catch {
                    return channel.eventLoop.makeFailedFuture(error)
                }
                return channel.configureCommonHTTPServerPipeline(
                    connectionConfiguration: h2Connection, streamConfiguration: NIOHTTP2Handler.StreamConfiguration()
                ) { stream in
                    stream.eventLoop.makeCompletedFuture {
                        try stream.pipeline.syncOperations.addHandler(
                            DataPlaneHandler(runtime: runtime, eventLoop: stream.eventLoop, limits: limits, isSecure: true))
                    }
                }
            }
            .bind(host: configuration.host, port: configuration.port)
            .get()
        guard let address = channel.localAddress else {
            throw ChannelError.unknownLocalAddress
        }
        logger.info("data plane listening", metadata: ["address": "\(address)", "tls": "\(sslContext != nil)"])
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

    static func makeSSLContext(_ tls: GatewayConfiguration.TLS) throws -> NIOSSLContext {
        var configuration = try tls.makeServerConfiguration(source: "tls")
        configuration.applicationProtocols = ["h2", "http/1.1"]
        return try NIOSSLContext(configuration: configuration)
    }
}
