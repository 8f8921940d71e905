import DataPlane
public import Logging
import NIOCore
import NIOPosix
import ServiceLifecycle

/// The whole process: configuration → event loops, compiled gateway, data-plane listener, all in
/// one `ServiceGroup` that shuts down gracefully on SIGTERM and SIGINT.
public struct PortcullisServer: Sendable {
    public let configuration: GatewayConfiguration
    public let logger: Logger

    public init(configuration: GatewayConfiguration, logger: Logger) {
        self.configuration = configuration
        self.logger = logger
    }

    /// Loads `files`, compiles them and serves until a signal asks to stop.
    public func run(files: [String]) async throws {
        let loaded = try ServedApiLoader(configuration: configuration).load(files: files)
        for warning in loaded.warnings { logger.warning("\(warning)") }
        let gateway = DeploymentCompiler().compile(loaded.served)
        for diagnostic in gateway.diagnostics { logger.warning("\(diagnostic)") }
        for api in loaded.served {
            for stage in api.stages {
                logger.info(
                    "serving \(api.definition.name)",
                    metadata: ["apiId": "\(api.definition.apiId)", "stage": "\(stage.name)"])
            }
        }
        let group = MultiThreadedEventLoopGroup(numberOfThreads: max(1, configuration.threads))
        let runtime = GatewayRuntime(group: group, gateway: gateway, logger: logger)
        let server = DataPlaneServer(
            configuration: .init(
                host: configuration.listen.host, port: configuration.listen.port, tls: configuration.tls,
                limits: configuration.limits),
            runtime: runtime, group: group, logger: logger)
        let serviceGroup = ServiceGroup(
            configuration: .init(services: [.init(service: server)], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        do {
            try await serviceGroup.run()
        } catch {
            try? await group.shutdownGracefully()
            throw error
        }
        try await group.shutdownGracefully()
    }
}
