import AWSClients
import AsyncHTTPClient
import ControlPlane
import DataPlane
import Foundation
import GatewayStore
import IAMPolicy
import GatewayStoreSQLite
public import Logging
import NIOCore
import NIOPosix
import Observability
import ServiceLifecycle

/// The whole process: configuration → store, control plane, event loops, compiled gateway, the
/// data-plane and management listeners and the deployment watcher, in one `ServiceGroup` that
/// shuts down gracefully on SIGTERM and SIGINT. A configuration that
/// ``GatewayConfiguration/checkServable()`` refuses stops the start before anything opens.
public struct PortcullisServer: Sendable {
    public let configuration: GatewayConfiguration
    public let logger: Logger

    public init(configuration: GatewayConfiguration, logger: Logger) {
        self.configuration = configuration
        self.logger = logger
    }

    /// Imports `files` into the store (the same file replaces the same API), deploys them, and
    /// serves everything the store holds until a signal asks to stop; the APIs of `files` hold the
    /// short address `/{stage}/{path}` (in the order given: see `EndpointResolver`). With no files
    /// it serves the store as it is. Logs every API served and its addresses at start.
    public func run(files: [String]) async throws {
        try configuration.checkServable()
        let loaded = try ServedApiLoader(configuration: configuration).load(files: files)
        for note in loaded.notes { logger.info("\(note)") }
        for warning in loaded.warnings { logger.warning("\(warning)") }

        let store = try await openStore()
        do {
            let writer = StoredApiWriter(store: store)
            for api in loaded.served {
                for stage in api.stages {
                    try await writer.replaceAndDeploy(
                        api.definition, stageName: stage.name, variables: stage.variables, description: "portcullis serve")
                }
            }
            // The group outlives everything that uses it: the services and the runtime are
            // released when `serve` returns, before the loops stop.
            let group = MultiThreadedEventLoopGroup(numberOfThreads: max(1, configuration.threads))
            do {
                try await serve(store: store, group: group, shortAddressApiIds: loaded.served.map(\.definition.apiId))
            } catch {
                try? await group.shutdownGracefully()
                throw error
            }
            try await group.shutdownGracefully()
        } catch {
            try? await store.close()
            throw error
        }
        try await store.close()
    }

    private func serve(store: any GatewayStore, group: MultiThreadedEventLoopGroup, shortAddressApiIds: [String]) async throws {
        // Cold-path calls (issuers' key sets, Lambda) share the data plane's loops, so that their
        // answers complete on the loop of the request that waits for them.
        let http = HTTPClient(eventLoopGroupProvider: .shared(group), configuration: .init(redirectConfiguration: .disallow))
        do {
            try await serve(store: store, group: group, http: http, shortAddressApiIds: shortAddressApiIds)
        } catch {
            try? await http.shutdown()
            throw error
        }
        try await http.shutdown()
    }

    private func serve(store: any GatewayStore, group: MultiThreadedEventLoopGroup, http: HTTPClient, shortAddressApiIds: [String]) async throws {
        let runtime = GatewayRuntime(group: group, logger: logger)
        let environment = AWSEnvironment.resolve(environment: ProcessInfo.processInfo.environment, defaultRegion: configuration.region)
        let logger = self.logger
        let authorizers = AuthorizerServices(http: http, environment: environment, log: { logger.warning("\($0)") })
        let quotas = QuotaSyncService(
            store: store, configuration: .init(flushInterval: configuration.quotaFlushInterval),
            usagePlans: { runtime.gateway.usagePlans }, logger: logger)
        // Metrics and access logs: observers prepared for every compiled gateway; the access log
        // sink is a service fed by a bounded queue.
        let metrics = GatewayMetrics()
        let local = try configuration.accessLog.map { target in
            do {
                return try LocalLogSink(target: target, rotation: configuration.logRotation)
            } catch {
                throw GatewayConfiguration.Error("access log: cannot open \(target): \(error)")
            }
        }
        let accessLogQueue = AccessLogQueue(capacity: configuration.accessLogQueue, metrics: metrics)
        let accessLogService = AccessLogService(
            queue: accessLogQueue, local: local, cloudWatch: CloudWatchLogsClient(http: http, environment: environment), metrics: metrics,
            logger: logger, firehose: FirehoseClient(http: http, environment: environment))
        // The CloudWatch metrics push and the audit trail (each optional), with their services.
        let sinks = try ObservabilitySinks(configuration: configuration, http: http, environment: environment, metrics: metrics, logger: logger)
        let observability = GatewayObservability(
            metrics: metrics, accessLogs: accessLogQueue, localSink: local != nil, cloudWatchMetrics: sinks.cloudWatchMetrics)
        // TLS by domain: the listener's contexts follow the certificate files and the domain names.
        let tlsService = configuration.servesTLS
            ? TLSContextService(
                tls: configuration.tls, settings: configuration.certificates, domains: { runtime.gateway.domains },
                environment: environment, http: http, logger: logger)
            : nil
        // Spans and REST execution logs: their sinks and observers (PortcullisServer+Tracing).
        let tracing = try makeTracing(http: http, environment: environment, metrics: metrics)
        let watcher = DeploymentWatcher(
            loader: GatewaySnapshotLoader(store: store), runtime: runtime, shortAddressApiIds: shortAddressApiIds,
            accountThrottle: configuration.accountThrottle,
            identities: CompiledIdentities(
                accountId: configuration.accountId, region: configuration.region,
                root: (configuration.management.credentials ?? .developmentDefault).awsCredentials,
                declared: try configuration.iamIdentities.map { settings in
                    CompiledIdentities.Declared(
                        accessKeyId: settings.accessKeyId, secretAccessKey: settings.secretAccessKey, arn: settings.arn,
                        policies: try settings.policies.map { try PolicyDocument(parsing: $0) }, userId: settings.userId,
                        organizationId: settings.organizationId, sessionToken: settings.sessionToken)
                },
                privateEndpoints: PrivateEndpoints(configuration.privateEndpoints.compactMap(\.endpoint))),
            authorizers: authorizers, observers: ObserverFactories([observability, tracing.observers]),
            installed: { gateway in
                quotas.requestReload()
                tlsService?.requestReload()
                metrics.installed(stages: gateway.apis.values.reduce(0) { $0 + $1.stages.count })
            },
            caches: StageCaches(memoryLimit: min(configuration.stageCacheMemoryMB, 1 << 30) << 20), tracing: tracing.policy, logger: logger)
        logServed(try await watcher.refresh(), named: shortAddressApiIds)
        // The counts of the current quota periods, before the first request is served.
        try await quotas.load()
        // Every served custom domain needs a certificate before the listener opens.
        try await tlsService?.load()
        let dataPlane = DataPlaneServer(
            configuration: .init(
                host: configuration.listen.host, port: configuration.listen.port, tls: configuration.tls, tlsContexts: tlsService?.box,
                limits: configuration.limits, connectionLimits: configuration.connectionLimits),
            runtime: runtime, group: group, logger: logger)
        let management = configuration.management
        if (management.credentials ?? .developmentDefault).isWellKnown {
            logger.warning(
                "management API uses the development credentials test/test: set management.accessKeyId/secretAccessKey or PORTCULLIS_ADMIN_ACCESS_KEY_ID/PORTCULLIS_ADMIN_SECRET_ACCESS_KEY")
        }
        if !management.listen.isLoopback, management.tls == nil {
            logger.warning(
                """
                management API listens on \(management.listen) without TLS: its answers (API key values among them) \
                cross the network in clear; set management.tls
                """)
        }
        let controlPlane = ControlPlane(
            store: store,
            configuration: ControlPlaneConfiguration(
                accountId: configuration.accountId, region: configuration.region,
                executeApiDomain: "execute-api.\(configuration.region).amazonaws.com", accountThrottle: configuration.accountThrottle,
                testInvoker: MethodTestRunner(group: group, authorizers: authorizers, logger: logger)),
            logger: logger, callObserver: sinks.auditRecorder)
        let managementServer = try ManagementServer(
            settings: management, region: configuration.region, controlPlane: controlPlane, logger: logger)
        // The group stops services in reverse order: the access log sink and the quota counters
        // last, after the data plane's requests in flight have written their lines and counts.
        var services: [ServiceGroupConfiguration.ServiceConfiguration] = tracing.services.map { .init(service: $0) } + [
            .init(service: accessLogService), .init(service: quotas), .init(service: dataPlane), .init(service: managementServer), .init(service: watcher),
            .init(service: KeySetLoaderService(loader: authorizers.keyLoader)), .init(service: AssumedRolesService(roles: authorizers.roles)),
        ]
        if let tlsService { services.append(.init(service: tlsService)) }
        services.insert(contentsOf: sinks.services.map { .init(service: $0) }, at: 0)
        if let listen = configuration.metricsListen {
            let connections = dataPlane.connections
            services.append(.init(service: MetricsServer(listen: listen, metrics: metrics, connections: { connections.current }, logger: logger)))
        }
        let serviceGroup = ServiceGroup(
            configuration: .init(
                services: services,
                gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await serviceGroup.run()
    }

    /// One line per served stage with its addresses (the APIs named on the command line first);
    /// beyond ``maximumLoggedStages`` the others are only counted.
    private func logServed(_ gateway: CompiledGateway, named: [String]) {
        let served = ServedAddresses(
            gateway: gateway, listen: configuration.listen, secure: configuration.servesTLS, region: configuration.region)
        let named = Set(named)
        let shown = served.entries.enumerated().filter {
            named.contains($0.element.apiId) || $0.offset < Self.maximumLoggedStages
        }
        for (_, entry) in shown { logger.info("serving \(entry)") }
        if shown.count < served.entries.count {
            logger.info(
                """
                serving \(served.entries.count - shown.count) more stage(s) of the store; \
                GET /restapis and /v2/apis on the management API list them
                """)
        }
        if !named.isEmpty, gateway.shortAddressApis.isEmpty {
            logger.warning("none of the APIs named on the command line is served; the short address /{stage}/ answers nothing")
        }
    }

    static let maximumLoggedStages = 20

    private func openStore() async throws -> any GatewayStore {
        let settings = configuration.store
        if settings.path == "memory" {
            logger.warning("store: in memory; nothing survives a restart")
            return InMemoryGatewayStore()
        }
        let url = URL(fileURLWithPath: settings.path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        let keyFile = settings.keyFile ?? url.deletingLastPathComponent().appendingPathComponent("store.key").path
        let key = try StoreEncryptionKey.resolve(keyFile: keyFile)
        logger.info("store: SQLite", metadata: ["path": "\(settings.path)"])
        return try await SQLiteGatewayStore.open(.init(path: settings.path, encryptionKey: key))
    }
}

/// Runs the key-set loads of token authorizers until the process stops.
struct KeySetLoaderService: Service {
    let loader: KeySetLoader

    func run() async throws {
        await withGracefulShutdownHandler {
            await loader.run()
        } onGracefulShutdown: {
            loader.finish()
        }
    }
}

/// Assumes the integration roles through STS, off the event loops, until the process stops.
struct AssumedRolesService: Service {
    let roles: AssumedRoles

    func run() async throws {
        await withGracefulShutdownHandler {
            await roles.run()
        } onGracefulShutdown: {
            roles.finish()
        }
    }
}
