import DataPlane
import NIOConcurrencyHelpers
public import NIOSSL
public import NIOTLS

/// The data-plane listener's TLS contexts, one per custom domain (its certificate, security
/// policy and, with mutual TLS, its truststore), chosen by the SNI name of each connection.
///
/// Immutable: built by ``TLSContextTableBuilder`` when a certificate file or a domain name record
/// changes, then swapped whole into a ``TLSContextTableBox``; a connection reads the box once,
/// when its ClientHello has arrived.
///
/// A name is looked up as custom domains route by `Host` (exact name, then the `*.` wildcard one
/// label up), then among the `certificates:` entries' names (a certificate for a name that is not
/// a custom domain), then the default `tls:` certificate.
public final class TLSContextTable: Sendable {
    /// One way to answer a ClientHello.
    public struct Choice: Sendable {
        /// The custom domain it is for (its table key), nil for a certificate that serves no domain.
        public let domain: String?
        public let context: NIOSSLContext
        /// Whether the domain asks for a client certificate.
        public let mutualTLS: Bool
        /// The domain's truststore; nil with `mutualTLS` when it could not be loaded (every
        /// client is then refused, with `truststoreProblem` as the reason).
        public let truststore: TLSTruststore?
        public let truststoreProblem: String?
    }

    let domains: [String: Choice]
    let certificateNames: [String: Choice]
    let fallback: Choice?

    public static let empty = TLSContextTable(domains: [:], certificateNames: [:], fallback: nil)

    init(domains: [String: Choice], certificateNames: [String: Choice], fallback: Choice?) {
        self.domains = domains
        self.certificateNames = certificateNames
        self.fallback = fallback
    }

    /// The context for a ClientHello's SNI result; nil when there is no certificate to offer.
    public func choice(for result: SNIResult) -> Choice? {
        guard case .hostname(let hostname) = result else { return fallback }
        return choice(forName: hostname)
    }

    public func choice(forName hostname: String) -> Choice? {
        let name = hostname.lowercased()
        if let found = Self.lookup(name, in: domains) ?? Self.lookup(name, in: certificateNames) { return found }
        return fallback
    }

    /// Exact, then the one-label wildcard.
    static func lookup<Value>(_ name: String, in table: [String: Value]) -> Value? {
        if let exact = table[name] { return exact }
        guard let dot = name.firstIndex(of: ".") else { return nil }
        return table["*" + name[dot...]]
    }
}

/// The table the listener reads, swapped whole by the reload service.
public final class TLSContextTableBox: Sendable {
    private let current: NIOLockedValueBox<TLSContextTable>

    public init(_ table: TLSContextTable = .empty) {
        current = NIOLockedValueBox(table)
    }

    /// Read once per connection (never per request).
    public var table: TLSContextTable { current.withLockedValue { $0 } }

    public func install(_ table: TLSContextTable) {
        current.withLockedValue { $0 = table }
    }
}
