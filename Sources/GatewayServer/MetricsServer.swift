import Hummingbird
public import Logging
import NIOCore
public import Observability
public import ServiceLifecycle

/// The metrics listener (`--metrics-listen`, 127.0.0.1:9464 by default): `GET /metrics` answers
/// the Prometheus text exposition of ``GatewayMetrics``; anything else is 404. Its own listener,
/// apart from the data plane and the management API.
public struct MetricsServer: Service {
    let listen: ListenAddress
    let metrics: GatewayMetrics
    /// Open data-plane connections, read at each scrape.
    let connections: @Sendable () -> Int
    let logger: Logger

    public init(listen: ListenAddress, metrics: GatewayMetrics, connections: @escaping @Sendable () -> Int, logger: Logger) {
        self.listen = listen
        self.metrics = metrics
        self.connections = connections
        self.logger = logger
    }

    public func run() async throws {
        let metrics = self.metrics
        let connections = self.connections
        let logger = self.logger
        let router = Router()
        router.get("/metrics") { _, _ -> Response in
            let text = metrics.exposition(connections: connections())
            return Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
        }
        let application = Application(
            router: router,
            configuration: .init(address: .hostname(listen.host, port: listen.port), serverName: nil),
            onServerRunning: { channel in
                logger.info("metrics listening", metadata: ["port": "\(channel.localAddress?.port ?? 0)", "path": "/metrics"])
            },
            logger: logger)
        // No signal handlers of its own: the process's service group shuts it down, in its turn.
        try await application.runService(gracefulShutdownSignals: [])
    }
}
