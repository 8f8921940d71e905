public import DataPlane
import GatewayStore
public import Logging
import NIOConcurrencyHelpers
public import ServiceLifecycle

/// Keeps the data plane serving what the store holds: on every committed store revision it
/// reloads the deployed stages, compiles them and swaps the compiled gateway in on every event
/// loop. Requests in flight finish on the gateway they started with; none is dropped. The APIs of
/// `shortAddressApiIds` (those `serve FILE…` names) keep the short address `/{stage}/{path}`
/// whatever else the store holds.
public final class DeploymentWatcher: Service, Sendable {
    let loader: StoreDeploymentLoader
    let runtime: GatewayRuntime
    let shortAddressApiIds: [String]
    let logger: Logger
    /// The revision last installed and the problems last reported (each is logged once, when it
    /// first appears, not on every recompile).
    private let state = NIOLockedValueBox<(revision: Int64, reported: Set<String>)>((-1, []))

    public init(loader: StoreDeploymentLoader, runtime: GatewayRuntime, shortAddressApiIds: [String] = [], logger: Logger) {
        self.loader = loader
        self.runtime = runtime
        self.shortAddressApiIds = shortAddressApiIds
        self.logger = logger
    }

    /// Compiles the store's current state and installs it; returns what is now served.
    @discardableResult
    public func refresh() async throws -> CompiledGateway {
        let revision = try await loader.store.currentRevision().rawValue
        let (served, problems) = try await loader.load()
        let gateway = DeploymentCompiler().compile(served, shortAddressApiIds: shortAddressApiIds)
        try await runtime.update(gateway).get()
        let messages = Set(problems + gateway.diagnostics)
        let fresh = state.withLockedValue { state -> [String] in
            let fresh = messages.subtracting(state.reported).sorted()
            state = (max(state.revision, revision), messages)
            return fresh
        }
        for message in fresh { logger.warning("\(message)") }
        logger.debug("deployments installed", metadata: ["revision": "\(revision)", "apis": "\(gateway.apis.count)"])
        return gateway
    }

    public func run() async throws {
        for await revision in loader.store.changes().cancelOnGracefulShutdown() {
            guard revision.rawValue > state.withLockedValue({ $0.revision }) else { continue }
            do {
                try await refresh()
            } catch {
                logger.error("could not load deployments at revision \(revision.rawValue): \(error)")
            }
        }
    }
}
