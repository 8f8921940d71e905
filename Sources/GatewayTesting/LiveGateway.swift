public import DataPlane
import GatewayModel
public import GatewayServer
import Logging
public import NIOCore
import NIOPosix

/// A gateway serving on an ephemeral loopback port, for tests: the real server, the real
/// pipeline, the real upstream pool.
public final class LiveGateway: Sendable {
    public let port: Int
    public let runtime: GatewayRuntime
    private let server: DataPlaneServer

    public static func start(
        _ served: [ServedApi], group: any EventLoopGroup, limits: RequestLimits = .aws, tls: GatewayConfiguration.TLS? = nil
    ) async throws -> LiveGateway {
        var logger = Logger(label: "portcullis.test")
        logger.logLevel = .critical
        let runtime = GatewayRuntime(group: group, gateway: DeploymentCompiler().compile(served), logger: logger)
        let server = DataPlaneServer(
            configuration: .init(host: "127.0.0.1", port: 0, tls: tls, limits: limits), runtime: runtime, group: group,
            logger: logger)
        let address = try await server.start()
        return LiveGateway(port: address.port ?? 0, runtime: runtime, server: server)
    }

    private init(port: Int, runtime: GatewayRuntime, server: DataPlaneServer) {
        self.port = port
        self.runtime = runtime
        self.server = server
    }

    /// Graceful shutdown: in-flight requests finish.
    public func stop() async throws {
        try await server.shutdown()
    }
}
