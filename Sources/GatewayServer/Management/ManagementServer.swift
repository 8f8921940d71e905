import AWSSignatureV4
public import ControlPlane
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdCore
import HummingbirdTLS
public import Logging
import NIOCore
public import ServiceLifecycle

/// The management listener (loopback by default): Hummingbird over HTTP/1.1, optionally TLS,
/// separate from the data plane. Every request must carry a SigV4 signature by the admin
/// credentials, scoped to service `apigateway` and the configured region; its head is checked
/// before its body is read (``ManagementAuthenticationHandler``), the whole signature once the
/// body is in (at most ``maximumBodyBytes``); then the `ControlPlane` answers it.
///
/// Connection limits (``GatewayConfiguration/ManagementSettings``): a connection that reads no
/// request part and finishes no answer for `idleTimeout` is closed (unfinished headers, a stalled
/// body, idle keep-alive alike); at most `maximumConnections` are open, beyond which the listener
/// stops accepting until one closes.
public struct ManagementServer: Service {
    public let settings: GatewayConfiguration.ManagementSettings
    let controlPlane: ControlPlane
    let authenticator: ManagementAuthenticator
    let tlsConfiguration: TLSConfiguration?
    let logger: Logger
    let onRunning: @Sendable (Int) async -> Void

    /// Largest management request body accepted (ImportRestApi documents included).
    public static let maximumBodyBytes = 6 * 1024 * 1024

    /// The answer to a body over ``maximumBodyBytes``.
    static let requestTooLong = ManagementError(code: "RequestEntityTooLargeException", status: 413, message: "Request Too Long")

    /// A server for `settings`, whose signatures must be scoped to `region`. Reads the TLS
    /// certificate and key now, so that a bad file stops the start before anything listens.
    public init(
        settings: GatewayConfiguration.ManagementSettings, region: String, controlPlane: ControlPlane, logger: Logger,
        onRunning: @escaping @Sendable (Int) async -> Void = { _ in }
    ) throws(GatewayConfiguration.Error) {
        self.settings = settings
        self.controlPlane = controlPlane
        self.authenticator = ManagementAuthenticator(credentials: settings.credentials ?? .developmentDefault, region: region)
        self.tlsConfiguration = try settings.tls.map { tls throws(GatewayConfiguration.Error) in
            try tls.makeServerConfiguration(source: "management.tls")
        }
        self.logger = logger
        self.onRunning = onRunning
    }

    public func run() async throws {
        let authenticator = self.authenticator
        let logger = self.logger
        let onRunning = self.onRunning
        let secure = tlsConfiguration != nil
        let http1 = HTTPServerBuilder.http1(
            configuration: .init(
                additionalChannelHandlers: [ManagementAuthenticationHandler(authenticator: authenticator, logger: logger)],
                idleTimeout: TimeAmount(settings.idleTimeout)))
        let server = try tlsConfiguration.map { try HTTPServerBuilder.tls(http1, tlsConfiguration: $0) } ?? http1
        let application = Application(
            responder: ManagementResponder(controlPlane: controlPlane, authenticator: authenticator, logger: logger),
            server: server,
            configuration: .init(
                address: .hostname(settings.listen.host, port: settings.listen.port), serverName: nil,
                availableConnectionsDelegate: MaximumAvailableConnections(settings.maximumConnections, logger: logger)),
            onServerRunning: { channel in
                let port = channel.localAddress?.port ?? 0
                logger.info("management API listening", metadata: ["port": "\(port)", "tls": "\(secure)"])
                await onRunning(port)
            },
            logger: logger)
        // No signal handlers of its own: the process's service group shuts it down, in its turn.
        try await application.runService(gracefulShutdownSignals: [])
    }
}
