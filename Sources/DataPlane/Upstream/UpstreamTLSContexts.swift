import NIOConcurrencyHelpers
import NIOSSL

/// The TLS client contexts for HTTPS integrations, made once and shared by all event loops:
/// one that verifies certificates against the system trust store, one that does not (REST
/// `tlsConfig.insecureSkipVerification`).
final class UpstreamTLSContexts: Sendable {
    private let verifying: NIOLockedValueBox<NIOSSLContext?> = NIOLockedValueBox(nil)
    private let skipping: NIOLockedValueBox<NIOSSLContext?> = NIOLockedValueBox(nil)
    private let trustRoots: NIOSSLTrustRoots

    init(trustRoots: NIOSSLTrustRoots = .default) {
        self.trustRoots = trustRoots
    }

    /// Made on first use (a connect, not the per-request path) and cached.
    func context(skipVerification: Bool) throws -> NIOSSLContext {
        let box = skipVerification ? skipping : verifying
        return try box.withLockedValue { cached in
            if let cached { return cached }
            var configuration = TLSConfiguration.makeClientConfiguration()
            configuration.trustRoots = trustRoots
            configuration.applicationProtocols = ["http/1.1"]
            if skipVerification { configuration.certificateVerification = .none }
            let context = try NIOSSLContext(configuration: configuration)
            cached = context
            return context
        }
    }
}
