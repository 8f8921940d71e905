public import DataPlane
public import GatewayStore
public import GatewayModel
public import Logging
import NIOConcurrencyHelpers
public import ServiceLifecycle

/// Keeps the data plane serving what the store holds: on every committed store revision it
/// reloads the deployed stages, compiles them and swaps the compiled gateway in on every event
/// loop. Requests in flight finish on the gateway they started with; none is dropped. The APIs of
/// `shortAddressApiIds` (those `serve FILE…` names) keep the short address `/{stage}/{path}`
/// whatever else the store holds.
public final class DeploymentWatcher: Service, Sendable {
    let loader: GatewaySnapshotLoader
    let runtime: GatewayRuntime
    let shortAddressApiIds: [String]
    /// The account throttle of the process configuration (on AWS the account's limits are not
    /// the API owner's to change; here they are the operator's).
    let accountThrottle: ThrottleSettings?
    /// Who may sign `AWS_IAM` requests.
    let identities: CompiledIdentities
    /// Key sets, token caches and clients of the token and Lambda authorizers.
    let authorizers: AuthorizerServices
    /// The after-write observers (metrics, access logs), prepared anew for every compiled gateway.
    let observers: (any AfterWriteObserverFactory)?
    /// Called with every gateway installed (quota counters reloaded, the deployments-served metric).
    let installed: @Sendable (CompiledGateway) -> Void
    /// The REST stage caches, kept across recompiles; flushes reach them here.
    let caches: StageCaches
    /// Which stages are traced, at what rate (process configuration `tracing:`).
    let tracing: TracingPolicy
    let logger: Logger

    /// What was installed last: its revision, snapshot and compiled gateway (a reload reuses the
    /// deployments of the one, a recompile the stages of the other), and the problems reported
    /// (each is logged once, when it first appears, not on every recompile).
    private struct Installed {
        var revision: Int64 = -1
        var reported: Set<String> = []
        var snapshot: GatewaySnapshot?
        var gateway: CompiledGateway?
    }
    private let state = NIOLockedValueBox(Installed())

    public init(
        loader: GatewaySnapshotLoader, runtime: GatewayRuntime, shortAddressApiIds: [String] = [], accountThrottle: ThrottleSettings? = nil,
        identities: CompiledIdentities = .none, authorizers: AuthorizerServices = .none,
        observers: (any AfterWriteObserverFactory)? = nil, installed: @escaping @Sendable (CompiledGateway) -> Void = { _ in },
        caches: StageCaches = StageCaches(), tracing: TracingPolicy = .standard, logger: Logger
    ) {
        self.caches = caches
        self.tracing = tracing
        self.observers = observers
        self.installed = installed
        self.identities = identities
        self.authorizers = authorizers
        self.accountThrottle = accountThrottle
        self.loader = loader
        self.runtime = runtime
        self.shortAddressApiIds = shortAddressApiIds
        self.logger = logger
    }

    /// Loads and compiles the store's current state, reusing what has not changed, and installs
    /// it; returns what is now served.
    @discardableResult
    public func refresh() async throws -> CompiledGateway {
        let (previousSnapshot, previousGateway) = state.withLockedValue { ($0.snapshot, $0.gateway) }
        var loaded = try await loader.load(reusing: previousSnapshot)
        if let accountThrottle {
            var account = loaded.snapshot.usagePlans.account ?? Account()
            account.throttleSettings = accountThrottle
            loaded.snapshot.usagePlans.account = account
        }
        let gateway = DeploymentCompiler().compile(
            loaded.snapshot, shortAddressApiIds: shortAddressApiIds, reusing: previousGateway, identities: identities,
            authorizers: authorizers, observers: observers, caches: caches, tracing: tracing)
        try await runtime.update(gateway).get()
        installed(gateway)
        let revision = loaded.revision.rawValue
        let messages = Set(loaded.problems + gateway.diagnostics)
        let fresh = state.withLockedValue { state -> [String] in
            let fresh = messages.subtracting(state.reported).sorted()
            state = Installed(revision: max(state.revision, revision), reported: messages, snapshot: loaded.snapshot, gateway: gateway)
            return fresh
        }
        for message in fresh { logger.warning("\(message)") }
        logger.debug(
            "deployments installed",
            metadata: ["revision": "\(revision)", "apis": "\(gateway.apis.count)", "reusedStages": "\(gateway.reusedStages)"])
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
