/// What the TLS handshake of one client connection established, for the endpoint phase: the
/// custom domain the client named in SNI (whose certificate and security policy the handshake
/// used) and, on a domain with mutual TLS, the client certificate and the verdict on it.
///
/// Made by the listener for each TLS connection and filled during the handshake, before the
/// first request is read; from then on only read, by the connection's handlers, all on the
/// connection's event loop (HTTP/2 streams live on their connection's loop). Hence no lock.
public final class TLSSession: @unchecked Sendable {
    /// The TLS table's key for the domain the SNI name matched (`api.example.com`, or
    /// `*.example.com` for a wildcard), lowercased; nil without SNI or for a name no custom
    /// domain takes (the listener's default certificate served it).
    public private(set) var domain: String?
    /// Whether that domain asks for client certificates.
    public private(set) var mutualTLS = false
    /// The verified client certificate, when the domain has mutual TLS and the client's chain
    /// leads to the domain's truststore.
    public private(set) var clientCertificate: ClientCertificateIdentity?
    /// Why a presented client certificate was refused (AWS's execution-log reasons, e.g.
    /// `Could not find issuer for certificate`); nil when none was presented or it passed.
    public private(set) var clientCertificateFailure: String?

    public init() {}

    /// The handshake chose `domain` (its certificate, policy and truststore).
    public func negotiated(domain: String?, mutualTLS: Bool) {
        self.domain = domain
        self.mutualTLS = mutualTLS
    }

    /// The client's certificate chain passed the truststore.
    public func accepted(_ certificate: ClientCertificateIdentity) {
        clientCertificate = certificate
        clientCertificateFailure = nil
    }

    /// The client's certificate was presented and refused, for `reason`.
    public func refused(reason: String) {
        clientCertificate = nil
        clientCertificateFailure = reason
    }
}
