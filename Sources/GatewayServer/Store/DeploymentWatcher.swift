public import DataPlane
public import Logging
public import ServiceLifecycle

/// Keeps the data plane serving what the store holds: on every committed store revision it
/// reloads the deployed stages, compiles them and swaps the compiled gateway in on every event
/// loop. Requests in flight finish on the gateway they started with; none is dropped.
public struct DeploymentWatcher: Service {
    let loader: StoreDeploymentLoader
    let runtime: GatewayRuntime
    let logger: Logger

    public init(loader: StoreDeploymentLoader, runtime: GatewayRuntime, logger: Logger) {
        self.loader = loader
        self.runtime = runtime
        self.logger = logger
    }

    /// Compiles the store's current state and installs it.
    public func refresh() async throws {
        let (served, problems) = try await loader.load()
        for problem in problems { logger.warning("\(problem)") }
        let gateway = DeploymentCompiler().compile(served)
        for diagnostic in gateway.diagnostics { logger.warning("\(diagnostic)") }
        try await runtime.update(gateway).get()
        logger.debug("deployments installed", metadata: ["apis": "\(gateway.apis.count)"])
    }

    public func run() async throws {
        for await revision in loader.store.changes().cancelOnGracefulShutdown() {
            do {
                try await refresh()
            } catch {
                logger.error("could not load deployments at revision \(revision.rawValue): \(error)")
            }
        }
    }
}
